extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_templates = ['specs/{release}-template.rst']
