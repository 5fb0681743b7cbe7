extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build', 'template.rst']
html_baseurl = 'https://specs.example.org/'
specs_templates = ['template.rst']
specs_index_dir = None
specs_feed = True

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
