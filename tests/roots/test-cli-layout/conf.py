extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_templates = ['specs/{release}-template.rst', 'specs/template.rst']
specs_kinds = {
    'policy': {'patterns': ['policies/{name}'], 'templates': ['policies/template.rst']},
}

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
