extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
exclude_patterns += ['templates']
specs_kinds = {
    'policy': {'patterns': ['policies/{name}'], 'templates': ['templates/policy.rst']},
}
