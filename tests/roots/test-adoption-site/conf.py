extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
project = 'Glance Specs'

# specs/<release>/<status>/<project>/<name>.rst, the client filed under two
# names (and glance once with a capital); release postmortems beside the
# specs, which are no specs.
specs_patterns = ['specs/{release}/{status}/{project}/{name}']
specs_templates = []
specs_project_aliases = {'glanceclient': 'python-glanceclient'}
specs_kinds = {
    'postmortem': {
        'patterns': ['specs/{release}/postmortem/{name}'],
        'listed': False,
        'status': False,
    },
}

html_baseurl = 'https://specs.example.org/'
specs_feed = True
specs_feed_author = {'name': 'Glance team', 'email': 'glance@example.org'}

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
