extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_release_aliases = {'36.0': '2026.2', '35.1': '2026.1'}

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
