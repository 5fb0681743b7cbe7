extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_sections = {
    'Data model impact': {'optional': True},
    'Upgrade impact': {'since': '2024.1'},
    'Security review': {'since': 'caracal'},
    'Problem description': {'aliases': ['Problem statement', 'Motivation']},
}

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
