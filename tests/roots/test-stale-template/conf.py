extensions = ['sphinxcontrib_specs']
# The copies of the template in release directories are not published.
exclude_patterns = ['_build', 'specs/*/template.rst']

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
