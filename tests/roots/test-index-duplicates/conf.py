extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True

# Compare blueprints too (off by default): second-name.rst shares a blueprint.
specs_rules = {'duplicate_spec': {'blueprints': True}}
