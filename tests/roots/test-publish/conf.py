extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
project = 'Demo <Specs> & Co'
author = 'Demo "team"'
# Keep the quotes in titles as written, to see them escaped.
smartquotes = False
html_baseurl = 'https://specs.example.org/demo/'

specs_feed = True
specs_redirects = {
    'old/overview.rst': 'index.rst',
    'old/placement.rst': 'https://docs.example.org/placement/',
}

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
