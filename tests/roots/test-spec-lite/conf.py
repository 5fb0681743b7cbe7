extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

specs_patterns = ['specs/{release}/{status}/{project}/{name}']
specs_kinds = {
    # A spec lite is named like any spec: its title says what it is.  Its
    # field list (project, problem, solution) is its text, so it is not
    # compared with a template, and its :project: is no metadata.
    'spec-lite': {'title': 'Spec Lite:', 'templates': [], 'content_fields': True},
    # A request for enhancement says what it is in a field.
    'rfe': {'fields': {'type': 'rfe'}, 'templates': ['specs/rfe-template.rst']},
}

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
