extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_index_dir = None
specs_kinds = {'policy': {'patterns': ['policies/{name}'], 'templates': ['policies/template.rst']}}
specs_rule_overrides = [{'status': 'abandoned', 'rules': {'*': False}}]

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
