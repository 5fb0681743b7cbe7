extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
project = 'Nova Specs'
html_baseurl = 'https://specs.example.org/nova/'

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
