extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_rules = {'section_order': True, 'extra_subsection': True, 'title_case': True}
