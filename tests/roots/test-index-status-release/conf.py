extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
exclude_patterns += ['templates']
specs_templates = ['templates/{release}.rst', 'templates/default.rst']

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
