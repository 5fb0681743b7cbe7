# Sphinx configuration for a neutron-specs checkout, using sphinx-specs.
#
# Copy this file as-is to doc/source/conf.py.  It keeps the published site
# as it is (openstackdocstheme, sphinx.ext.todo, the same excluded files)
# and replaces neutron's tests/test_titles.py: every spec is checked against
# specs/template.rst during `sphinx-build -W`, as neutron's test does, and
# the release postmortems and the stadium scorecards are recognised as
# documents of their own kinds.  yasfb is replaced by the extension's feed.

import datetime

extensions = [
    'openstackdocstheme',
    'sphinx.ext.todo',
    'sphinxcontrib_specs',
]

copyright = f'{datetime.datetime.now(tz=datetime.timezone.utc).year}, OpenStack Neutron Team'
html_theme = 'openstackdocs'
openstackdocs_repo_name = 'openstack/neutron-specs'
openstackdocs_bug_project = 'neutron'
openstackdocs_bug_tag = ''
todo_include_todos = True
pygments_style = 'native'
html_domain_indices = False
html_use_index = False
# As published: the old copies of the template (specs/newton/template.rst
# among them) and the specs moved to specs/archive/ are not built.
exclude_patterns = [
    '_build',
    '**/example.rst',
    '**/*template.rst',
    '**/skeleton.rst',
    '**/archive',
]

# The default patterns find specs/<release>/<name>.rst and, as status
# backlog, specs/backlog/<release>/<name>.rst.
# As neutron's test: specs/<release>-template.rst, else specs/template.rst;
# never specs/newton/template.rst, an old copy the build excludes.
specs_templates = ['specs/{release}-template.rst', 'specs/template.rst']

# Older long-form specs "get a pass": neutron's test allows the extra
# level-1 sections Implementation, Dependencies, Testing and Documentation
# Impact, which specs of every release use.
specs_sections = {
    'Implementation': {'extra': True},
    'Dependencies': {'extra': True},
    'Testing': {'extra': True},
    'Documentation Impact': {'extra': True},
}

# Release postmortems and stadium scorecards are no specs: they have no
# status, and stay off the generated index pages and the feed.
specs_kinds = {
    # Release postmortems: specs/postmortem_template.rst describes the
    # format of one entry and is no outline, so they are not compared.
    'postmortem': {
        'patterns': ['specs/{release}/postmortem/{name}'],
        'listed': False,
        'status': False,
    },
    # Stadium sub-project scorecards, each a filled-in scorecard template;
    # several assessments close with remarks and references of their own.
    'scorecard': {
        'patterns': ['specs/stadium/{release}/{name}'],
        'templates': ['specs/scorecard_template.rst'],
        'sections': {'Final remarks': {'extra': True}, 'References': {'extra': True}},
        'listed': False,
        'status': False,
    },
}

# specs/stadium/{pike,queens}/placeholder.rst are unfilled copies of the
# scorecard template that the stadium index pages link to.
specs_exclude = ['specs/stadium/*/placeholder']

specs_rules = {
    # neutron's test has no line-length check.
    'line_length': False,
    # specs/backlog/README says what the backlog is; it is no spec.
    'file_extension': {
        'allow': ['.*', 'README', 'redirects', '*.png', '*.jpg', '*.jpeg', '*.gif', '*.svg'],
    },
}

# Publishing, in place of yasfb (feed_base_url was
# https://specs.openstack.org/openstack/neutron-specs).  The feed is dated
# by one `git log` pass over the checkout.
html_baseurl = 'https://specs.openstack.org/openstack/neutron-specs/'
specs_feed = True
