# Sphinx configuration for a cinder-specs checkout, using sphinx-specs.
#
# Copy this file as-is to doc/source/conf.py.  It keeps the published site
# as it is (openstackdocstheme, sphinx.ext.todo, _extra/.htaccess) and
# checks every spec against specs/template.rst during `sphinx-build -W`.
# cinder has had no structure test since 2017; its lint job runs
# `doc8 --ignore D001 specs/`, so the text rules below are doc8's: no line
# length, but trailing spaces, tabs and carriage returns.  yasfb is
# replaced by the extension's feed.

import datetime

extensions = [
    'openstackdocstheme',
    'sphinx.ext.todo',
    'sphinxcontrib_specs',
]

project = 'Cinder Specs'
copyright = f'{datetime.datetime.now(tz=datetime.timezone.utc).year}, OpenStack Cinder Team'
html_theme = 'openstackdocs'
html_theme_options = {'sidebar_mode': 'toc'}
openstackdocs_repo_name = 'openstack/cinder-specs'
openstackdocs_auto_name = False
openstackdocs_bug_project = 'cinder-specs'
openstackdocs_bug_tag = 'doc'
todo_include_todos = True
pygments_style = 'native'
html_extra_path = ['_extra']
html_domain_indices = False
html_use_index = False
exclude_patterns = ['_build', '**/template.rst']

# specs/<release>/<name>.rst, and specs/untargeted/<name>.rst for approved
# specs that missed their release: untargeted is their status.
specs_patterns = ['specs/{status}/{name}', 'specs/{release}/{name}']

# Files that keep an empty release directory in the index, titled "No
# specs were approved ...", are not specs.
specs_exclude = ['specs/*/placeholder', 'specs/*/remove-me']

# No specs_sections: 'Active/Active HA impact' entered the template in
# March 2018 (f22c5ab), and 'Use Cases' in 2015, after many specs were
# written.  The build reads the git history (specs_history, on by default)
# and checks each spec against the template as it stood when the spec was
# written, so older specs are not asked for sections added later; no
# 'since' setting is needed.  That needs the whole history: in CI, a full
# clone (fetch-depth: 0), not a shallow one.

specs_rules = {
    # doc8 --ignore D001: lines may be as long as they need.
    'line_length': False,
}

# Publishing, in place of yasfb (feed_base_url was
# http://specs.openstack.org/openstack/cinder-specs, served over https).
html_baseurl = 'https://specs.openstack.org/openstack/cinder-specs/'
specs_feed = True
