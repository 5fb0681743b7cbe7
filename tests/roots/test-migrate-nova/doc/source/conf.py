extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

# doc/source/specs/<release>/ links to specs/<release>/{approved,implemented}
# and to specs/<release>-template.rst as template.rst, as in nova-specs.
specs_patterns = ['specs/{release}/{status}/{name}', 'specs/{status}/{name}']
specs_templates = ['specs/{release}/template.rst']

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
