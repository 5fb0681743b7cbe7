project = 'Demo Specs'
extensions = []
exclude_patterns = ['_build']
