extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_kinds = {
    'policy': {'patterns': ['policies/{name}'], 'templates': ['policies/template.rst']},
}
specs_rule_overrides = [
    {'status': 'implemented', 'rules': {'missing_section': False}},
    {'status': ['abandoned', 'superseded'], 'rules': {'*': False}},
    {'from': '2025.1', 'rules': {'section_order': True}},
    {'until': 'zed', 'rules': {'missing_subsection': False}},
    {'from': 'antelope', 'until': '2024.1', 'rules': {'extra_section': False}},
    {'kind': 'policy', 'rules': {'title': False}},
]

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
