extensions = ['sphinxcontrib_specs']
project = 'Nova Specs'
exclude_patterns = ['_build']
# As nova-specs has them: a template per release directory, the backlog a
# release bucket, abandoned specs without a release.
specs_patterns = ['specs/{release}/{status}/{name}', 'specs/{status}/{name}']
specs_templates = ['specs/{release}/template.rst']
specs_rule_overrides = [{'status': 'abandoned', 'rules': {'*': False}}]

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
