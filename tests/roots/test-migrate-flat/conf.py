extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
