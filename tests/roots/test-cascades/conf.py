extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
# Subsections the template does not have are reported too: a cascade would
# show as one finding per subsection.
specs_rules = {'extra_subsection': True}

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
