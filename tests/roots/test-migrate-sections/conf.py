extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

specs_patterns = ['specs/{status}/{name}', 'specs/{release}/{name}']
# Files that keep an empty release directory are not specs.
specs_exclude = ['specs/*/remove-me']

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
