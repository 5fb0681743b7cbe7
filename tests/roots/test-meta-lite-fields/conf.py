extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

# A spec lite is a title and a field list, with a template of no sections.
specs_kinds = {'lite': {'patterns': ['specs/{release}/spec-lite-{name}'], 'templates': []}}
specs_metadata_fields = ['topic']

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
