extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
