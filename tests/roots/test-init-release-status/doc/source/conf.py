project = 'Demo Specs'
extensions = ['sphinx.ext.todo']
exclude_patterns = ['_build']
