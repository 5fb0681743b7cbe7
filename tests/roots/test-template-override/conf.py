extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
templates_path = ['_templates']
html_baseurl = 'https://specs.example.org/demo/'
# Keep the quotes in titles as written, to see them escaped.
smartquotes = False

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
