extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_patterns = ['{project}/{release}/{status}/{name}']
specs_templates = ['template.rst']
