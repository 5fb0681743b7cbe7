extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_rules = {'section_order': True, 'extra_subsection': True, 'title_case': True}

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
