# Sphinx configuration for a glance-specs checkout, using sphinx-specs.
#
# Copy this file as-is to doc/source/conf.py.  It keeps the published site
# as it is (openstackdocstheme, sphinx.ext.todo, the same excluded files,
# _extra/.htaccess) and checks every spec against specs/template.rst during
# `sphinx-build -W`; spec lites are recognised as a kind of their own.
# glance's own test is a no-op and its lint job runs
# `doc8 --ignore D001 specs/`, so the text rules below are doc8's: no line
# length, but trailing spaces, tabs and carriage returns.  yasfb is
# replaced by the extension's feed.

import datetime

extensions = [
    'openstackdocstheme',
    'sphinx.ext.todo',
    'sphinxcontrib_specs',
]

project = 'Glance Specs'
copyright = f'{datetime.datetime.now(tz=datetime.timezone.utc).year}, OpenStack Glance Team'
html_theme = 'openstackdocs'
openstackdocs_repo_name = 'openstack/glance-specs'
openstackdocs_auto_name = False
openstackdocs_bug_project = 'glance'
openstackdocs_bug_tag = 'glance-specs'
todo_include_todos = True
pygments_style = 'native'
html_extra_path = ['_extra']
html_domain_indices = False
html_use_index = False
# As published: the templates and their copies in the release directories
# are not built.
exclude_patterns = [
    '_build',
    '**/template.rst',
    '**/spec-lite-template.rst',
]

# Most specs are specs/<release>/<status>/<project>/<name>.rst; liberty
# and mitaka have no project level (and liberty a glanceclient directory
# without status), juno and kilo are flat, and untargeted specs are
# specs/untargeted/<project>/<name>.rst.
specs_patterns = [
    'specs/{release}/{status}/{project}/{name}',
    # rocky's image-import spec has a directory of its own, for its JSON files.
    'specs/{release}/{status}/{project}/image-import/{name}',
    'specs/{release}/{status}/{name}',
    'specs/{status}/{project}/{name}',
    'specs/{release}/{project}/{name}',
    'specs/{release}/{name}',
]

# liberty files client specs under glanceclient/, later releases under
# python-glanceclient/: one project.
specs_project_aliases = {'glanceclient': 'python-glanceclient'}

# One template for every release: the template.rst files in release and
# status directories are links to it, or hold the text of such a link.
specs_templates = ['specs/template.rst']

specs_kinds = {
    # Spec lites: a title starting "Spec Lite:" and a field list instead of
    # sections, wherever they are (19 are named like full specs).  Their
    # :project:, :problem:, :solution: fields are their text, not metadata;
    # the spec-lite template has no sections to compare with.
    'spec-lite': {
        'title': ['Spec Lite:', 'Lite Spec:'],
        'templates': [],
        'content_fields': True,
    },
}

specs_exclude = [
    # The Image Service API guide, published beside the specs.
    'specs/api/*',
    # lite-specs.rst pages collect several spec lites as sections.
    'specs/*lite-specs',
    # specs/{juno,kilo}/example.rst are links to specs/template.rst.
    'specs/*/example',
]

specs_rules = {
    # doc8 --ignore D001: lines may be as long as they need.
    'line_length': False,
    # The image-import spec keeps the JSON documents it includes beside it.
    'file_extension': {
        'allow': ['.*', '*.json', 'redirects', '*.png', '*.jpg', '*.jpeg', '*.gif', '*.svg'],
    },
}

# Publishing, in place of yasfb (feed_base_url was
# http://specs.openstack.org/openstack/glance-specs, served over https).
html_baseurl = 'https://specs.openstack.org/openstack/glance-specs/'
specs_feed = True
