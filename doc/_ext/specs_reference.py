extensions = ['sphinxcontrib_specs']
