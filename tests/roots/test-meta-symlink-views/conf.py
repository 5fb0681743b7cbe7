extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

# Specs live in a directory per status; each release has a view, a
# directory of symbolic links to its specs (made by the tests).
specs_patterns = ['specs/{status}/{name}', 'specs/{release}/{name}']

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
