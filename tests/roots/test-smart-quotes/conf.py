extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
# Titles compared exactly, and every subsection checked: a title that smart
# quotes or a role change must still match to the letter.
specs_rules = {'title_case': True, 'extra_subsection': True, 'section_order': True}

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
