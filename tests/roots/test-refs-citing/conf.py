# A project's documentation that cites specs: no specs, no template, no
# specs_* value; intersphinx_mapping is added by the test.
extensions = ['sphinxcontrib_specs', 'sphinx.ext.intersphinx']
exclude_patterns = ['_build']
project = 'Nova'

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
