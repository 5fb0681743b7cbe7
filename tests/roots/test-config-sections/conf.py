extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_sections = {
    'Data model impact': {'optional': True},
    'Upgrade impact': {'since': '2024.1'},
    'Security review': {'since': 'caracal'},
    'Problem description': {'aliases': ['Problem statement', 'Motivation']},
}
