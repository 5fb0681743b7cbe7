extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

specs_patterns = ['specs/{release}/{status}/{project}/{name}']
# Collection pages have no template's sections: structure is not checked here.
specs_templates = []

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True

# Compare blueprints too (off by default): one name in two Launchpad projects.
specs_rules = {'duplicate_spec': {'blueprints': True}}
