extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

specs_patterns = [
    'specs/{release}/{status}/{project}/{name}',
    'specs/{status}/{project}/{name}',
]
# The pages that collect several spec lites are no specs.
specs_exclude = ['specs/*/*/*/lite-specs']

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
