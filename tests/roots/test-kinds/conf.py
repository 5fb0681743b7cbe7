extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_kinds = {
    'policy': {
        'patterns': ['policies/{name}'],
        'templates': ['policies/template.rst'],
    },
    'postmortem': {
        'patterns': ['postmortems/{release}/{name}'],
        'templates': ['templates/{kind}.rst'],
        'sections': {'Action items': {'optional': True}},
    },
}
specs_templates = ['specs/template.rst']
exclude_patterns += ['templates']

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
