extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

# A repository like neutron-specs: specs/<release>/<name>.rst, one template
# that was cut down over the years, and specs that were never moved out of
# approved once implemented.
specs_patterns = ['specs/{release}/{name}']
specs_templates = ['specs/template.rst']
specs_index_dir = None

# Specs up to kilo are implemented; the newer ones are approved.
specs_defaults = [{'until': 'kilo', 'status': 'implemented'}, {'status': 'approved'}]

specs_sections = {
    # Sections the template no longer has, which specs may keep.
    'Implementation': {'extra': True},
    'Work Items': {'extra': True},
    # A section dropped after kilo: accepted in specs up to kilo only.
    'Dependencies': {'until': 'kilo'},
    # A close title that is no misspelling of References.
    'Reference links': {'extra': True},
    # Required up to liberty, optional after.
    'References': {'until': 'liberty'},
}
specs_rules = {'extra_subsection': True}
specs_rule_overrides = [
    # Implemented specs need a problem description, nothing else.
    {
        'status': 'implemented',
        'rules': {'missing_section': {'required': ['Problem Description']}},
    },
]
# The comment RFE-only specs carried for the repository's own test.
specs_optout_aliases = {'lint: norfe': ['missing_section', 'extra_section']}

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
