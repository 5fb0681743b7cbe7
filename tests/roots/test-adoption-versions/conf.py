extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

# Specs filed by status, each giving the version it was planned for; two
# versions make one series.
specs_patterns = ['specs/{status}/{name}']
specs_templates = []
specs_release_aliases = {'35.0': '2026.2', '36.0': '2026.2', '34.0': '2026.1'}

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
