# A portal: no specs of its own, no template; the sites it lists are added
# by the test (specs_external).
extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
project = 'Specs portal'
specs_external_timeout = 1

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
