# Sphinx configuration for a nova-specs checkout, using sphinx-specs.
#
# Copy this file as-is to doc/source/conf.py.  It keeps the published
# site as it is (openstackdocstheme, sphinx.ext.todo) and replaces
# tests/test_titles.py: every spec is checked against the template of its
# release during `sphinx-build -W`, with the settings nova's test applies.

import datetime

extensions = [
    'openstackdocstheme',
    'sphinx.ext.todo',
    'sphinxcontrib_specs',
]

project = 'Nova Specs'
copyright = f'{datetime.datetime.now(tz=datetime.timezone.utc).year}, OpenStack Nova Team'
html_theme = 'openstackdocs'
html_last_updated_fmt = '%Y-%m-%d %H:%M'
openstackdocs_repo_name = 'openstack/nova-specs'
openstackdocs_auto_name = False
# nova-specs is no Python package: a version from its git tags would show
# as "Nova Specs 0.0.0" on every page.
openstackdocs_auto_version = False
openstackdocs_bug_project = 'nova'
openstackdocs_bug_tag = ''
todo_include_todos = True
# With _templates/specs/index-page.rst.jinja (nova_index_page.rst.jinja
# beside this file in sphinx-specs), the generated backlog and abandoned
# pages keep words of their own, such as those of the hand-written ones.
templates_path = ['_templates']
# Copies of the template committed among the specs are neither specs nor
# pages anyone links to.
exclude_patterns = ['_build', 'specs/*/*/*-template.rst']

# doc/source/specs/<release>/ links to specs/<release>/{approved,implemented}
# and to specs/<release>-template.rst as template.rst.  Each release is
# checked against its template, as nova's test does: the link in the source
# tree where there is one (it is then published, and listed on the
# release's index page), else the file at the top of the repository
# (relative to this directory).
specs_patterns = [
    'specs/{release}/{status}/{name}',
    'specs/{status}/{name}',
]
specs_templates = [
    'specs/{release}/template.rst',
    '../../specs/{release}-template.rst',
]

specs_sections = {
    # Optional in every release.
    'History': {'optional': True},
    'Feature Liaison': {'optional': True},
    # Added to the template during queens: required from rocky on.
    'Upgrade impact': {'since': 'rocky'},
}

specs_rules = {
    # nova compares titles exactly, and lets authors add subsections.
    'title_case': True,
    'extra_subsection': False,
    # Lines of at most 79 characters, as in nova's test, which exempts URLs,
    # lines without spaces and, after any line containing '::' (a directive
    # such as a note or a list table too), every line up to the next
    # non-blank line in column 0.
    'line_length': {'loose_literal_blocks': True},
    # Every file in approved/ and implemented/ ends in .rst (dotfiles
    # aside; specs/backlog/ holds a redirects file), and specs/<release>/
    # holds nothing but approved/, implemented/ and redirects.
    'file_extension': {'allow': ['.*', 'redirects']},
    'unexpected_file': True,
}

specs_rule_overrides = [
    # Abandoned specs are kept as they were written.
    {'status': 'abandoned', 'rules': {'*': False}},
]
# nova's test never looked for tabs, and read specs in text mode, which
# hides carriage returns: three old specs have them (juno and kilo
# virt-driver-large-pages, ussuri action-event-fault-details).  Every spec
# is checked for both; `sphinx-specs baseline`, run once, records the three
# old files' findings in specs-baseline.txt beside this file (commit it),
# so that only new ones fail the build.

# Publishing, in place of nova's redirect.py and yasfb.  Every
# doc/source/specs/<release>/redirects file becomes refresh pages, checked
# first (a broken, cyclic or escaping line is a specs.redirect warning);
# specs.json in the output lists every spec (on by default); the Atom feed
# lists the newest specs, dated by one `git log` pass over the checkout.
# html_baseurl makes the feed's links, and each page's canonical link,
# absolute.  (Three lines of nova's redirects files name specs that no
# longer exist: under -W, fix them before switching.)
html_baseurl = 'https://specs.openstack.org/openstack/nova-specs/'
specs_feed = True
