"""Every configuration value is validated, the same in the build and by ``sphinx-specs check``.

Each bad setting below is appended to the ``basic`` root's ``conf.py``: the
build stops with a ConfigError and ``sphinx-specs check`` with exit status
2, and both name the same problem, one line starting with the setting.
Some of these raised a traceback (when Sphinx started, or only once a spec
was read), others were taken silently and did nonsense (a rule override
for every spec, no spec found), and the paths would have overwritten pages,
sources or Sphinx's own files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import warning_lines
from sphinx.errors import ConfigError
from test_cli_check import copy_root, run

from sphinxcontrib_specs.config.load import load_settings
from sphinxcontrib_specs.config.values import CONFIG_VALUES
from sphinxcontrib_specs.rules.registry import RULES

CASES = [
    # Named in the probe: tracebacks before.
    pytest.param(
        "specs_sections = {5: {'optional': True}}",
        'specs_sections: expected section titles as keys; got 5',
        id='sections-title-not-a-string',
    ),
    pytest.param(
        "specs_defaults = {'status': None}",
        "specs_defaults['status']: expected a status name; got None",
        id='defaults-status-none',
    ),
    pytest.param(
        "specs_defaults = {'release': 5}",
        "specs_defaults['release']: expected a release name; got 5",
        id='defaults-release-not-a-string',
    ),
    pytest.param(
        "specs_rules = {'line_length': {'max': '80'}}",
        "specs_rules['line_length']['max']: expected a positive whole number; got '80'",
        id='line_length-max-a-string',
    ),
    pytest.param(
        "specs_rules = {'filename': {'pattern': '('}}",
        (
            "specs_rules['filename']['pattern']: '(' is not a regular expression: missing ), "
            'unterminated subpattern at position 0'
        ),
        id='filename-pattern-not-a-regex',
    ),
    pytest.param(
        "specs_rules = {'tracker_link': {'patterns': ['[a-']}}",
        (
            "specs_rules['tracker_link']['patterns']: '[a-' is not a regular expression: "
            'unterminated character set at position 0'
        ),
        id='tracker_link-patterns-not-regexes',
    ),
    pytest.param(
        "specs_rules = {'license_header': {'text': 5}}",
        "specs_rules['license_header']['text']: expected a non-empty string; got 5",
        id='license_header-text-a-number',
    ),
    pytest.param(
        "specs_index_dir = 'conf.py'",
        (
            "specs_index_dir: 'conf.py' is a file; generated pages need a directory of their own: "
            "set it to one such as 'by', or to None"
        ),
        id='index_dir-conf.py',
    ),
    # Silent nonsense before.
    pytest.param(
        "specs_rule_overrides = [{'status': 5, 'rules': {'*': False}}]",
        'specs_rule_overrides[0]: status=5; expected a status or a list of them',
        id='override-status-a-number',
    ),
    pytest.param(
        "specs_patterns = ['specs/{release}/{name}.rst']",
        (
            "specs_patterns: 'specs/{release}/{name}.rst' ends in '.rst', but a pattern matches "
            "docnames, which have no suffix; write 'specs/{release}/{name}'"
        ),
        id='pattern-with-suffix',
    ),
    pytest.param(
        "specs_sections = {'Testin': {'optional': True}}",
        (
            "specs_sections['Testin']: no template has a section titled 'Testin'; did you mean "
            "'Testing'?"
        ),
        id='sections-near-miss',
    ),
    pytest.param(
        "specs_sections = {'Security': {'optional': True}}",
        (
            "specs_sections['Security']: no template has a section titled 'Security'; use the "
            'title of a section of specs/2025.1/template.rst'
        ),
        id='sections-no-such-title',
    ),
    pytest.param(
        "specs_release_aliases = {'36.0': 'hibiscuss'}",
        "specs_release_aliases['36.0']: 'hibiscuss' is not a known release; did you mean "
        "'hibiscus'?",
        id='alias-to-unknown-release',
    ),
    # Outputs that would destroy the site.
    pytest.param(
        "specs_json = 'index.html'",
        (
            "specs_json: 'index.html' ends in '.html', as the pages and sources of the site do, "
            "so it could replace one; choose another name, such as 'specs.json'"
        ),
        id='json-home-page',
    ),
    pytest.param(
        "specs_json = '.doctrees/environment.pickle'",
        (
            "specs_json: '.doctrees/environment.pickle' is in .doctrees/, where Sphinx writes its "
            "own files; choose another name, such as 'specs.json'"
        ),
        id='json-environment',
    ),
    pytest.param(
        "specs_json = 'objects.inv'",
        (
            "specs_json: 'objects.inv' is a file Sphinx writes; choose another name, such as "
            "'specs.json'"
        ),
        id='json-objects.inv',
    ),
    pytest.param(
        "specs_json = 'Search.HTML'",
        (
            "specs_json: 'Search.HTML' is a file Sphinx writes; choose another name, such as "
            "'specs.json'"
        ),
        id='json-search-page-any-case',
    ),
    pytest.param(
        "specs_json = '_static/specs.json'",
        (
            "specs_json: '_static/specs.json' is in _static/, where Sphinx writes its own files; "
            "choose another name, such as 'specs.json'"
        ),
        id='json-in-_static',
    ),
    pytest.param(
        "specs_json = 'specs.rst'",
        (
            "specs_json: 'specs.rst' ends in '.rst', as the pages and sources of the site do, so "
            "it could replace one; choose another name, such as 'specs.json'"
        ),
        id='json-source-suffix',
    ),
    pytest.param(
        "html_baseurl = 'https://example.org/'\nspecs_feed = 'genindex.html'",
        (
            "specs_feed: 'genindex.html' is a file Sphinx writes; choose another name, such as "
            "'specs.atom'"
        ),
        id='feed-genindex',
    ),
    pytest.param(
        "html_baseurl = 'https://example.org/'\nspecs_feed = '_sources/feed.atom'",
        (
            "specs_feed: '_sources/feed.atom' is in _sources/, where Sphinx writes its own files; "
            "choose another name, such as 'specs.atom'"
        ),
        id='feed-in-_sources',
    ),
    pytest.param(
        "html_baseurl = 'https://example.org/'\nspecs_feed = 'specs.json'",
        "specs_feed: 'specs.json' is the file specs_json writes; give them different names",
        id='feed-same-as-json',
    ),
    pytest.param(
        "html_file_suffix = '.htm'\nspecs_json = 'specs.htm'",
        (
            "specs_json: 'specs.htm' ends in '.htm', as the pages and sources of the site do, so "
            "it could replace one; choose another name, such as 'specs.json'"
        ),
        id='json-html_file_suffix',
    ),
    # Index directories that would break the pages or the specs.
    pytest.param(
        "specs_index_dir = '.'",
        (
            "specs_index_dir: '.' is the source directory itself; generated pages need a "
            "directory of their own: set it to one such as 'by', or to None"
        ),
        id='index_dir-dot',
    ),
    pytest.param(
        "specs_index_dir = ''",
        (
            "specs_index_dir: '' is the source directory itself; generated pages need a directory "
            "of their own: set it to one such as 'by', or to None"
        ),
        id='index_dir-empty',
    ),
    pytest.param(
        "specs_index_dir = 'specs'",
        (
            "specs_index_dir: 'specs' is where the pattern 'specs/{release}/{status}/{name}' "
            'finds specs; generated pages need a directory of their own: set it to one such as '
            "'by', or to None"
        ),
        id='index_dir-spec-tree',
    ),
    pytest.param(
        "specs_index_dir = 'specs/by'",
        (
            "specs_index_dir: 'specs/by' is inside 'specs', where the pattern "
            "'specs/{release}/{status}/{name}' finds specs; generated pages need a directory of "
            "their own: set it to one such as 'by', or to None"
        ),
        id='index_dir-inside-spec-tree',
    ),
    pytest.param(
        "specs_patterns = ['specs/2025.1/{name}']\nspecs_index_dir = 'specs'",
        (
            "specs_index_dir: 'specs' holds 'specs/2025.1', where the pattern "
            "'specs/2025.1/{name}' finds specs; generated pages need a directory of their own: "
            "set it to one such as 'by', or to None"
        ),
        id='index_dir-holds-spec-tree',
    ),
    pytest.param(
        "specs_index_dir = '_build/by'",
        (
            "specs_index_dir: '_build/by' is inside '_build', a directory Sphinx keeps for its "
            'own files; generated pages need a directory of their own: set it to one such as '
            "'by', or to None"
        ),
        id='index_dir-in-_build',
    ),
    pytest.param(
        "specs_index_dir = '_static'",
        (
            "specs_index_dir: '_static' is a directory Sphinx keeps for its own files; generated "
            "pages need a directory of their own: set it to one such as 'by', or to None"
        ),
        id='index_dir-_static',
    ),
    pytest.param(
        "specs_index_dir = '_templates/pages'",
        (
            "specs_index_dir: '_templates/pages' is inside '_templates', a directory Sphinx keeps "
            'for its own files; generated pages need a directory of their own: set it to one such '
            "as 'by', or to None"
        ),
        id='index_dir-in-_templates',
    ),
    pytest.param(
        "specs_index_dir = 'index.rst/by'",
        (
            "specs_index_dir: 'index.rst/by' is inside 'index.rst', a file; generated pages need "
            "a directory of their own: set it to one such as 'by', or to None"
        ),
        id='index_dir-inside-a-file',
    ),
    pytest.param(
        "specs_index_dir = '../by'",
        (
            "specs_index_dir: '../by' must be a relative directory inside the source directory, "
            'or None'
        ),
        id='index_dir-outside',
    ),
    pytest.param(
        'specs_index_dir = 5',
        'specs_index_dir: 5 must be a relative directory inside the source directory, or None',
        id='index_dir-a-number',
    ),
    pytest.param(
        "specs_templates = ['templates/spec.rst']\nspecs_index_dir = 'templates'",
        (
            "specs_index_dir: 'templates' is the directory of the template path "
            "'templates/spec.rst'; generated pages need a directory of their own: set it to one "
            "such as 'by', or to None"
        ),
        id='index_dir-template-directory',
    ),
    pytest.param(
        "specs_patterns = ['{project}/{release}/{name}']\nspecs_index_dir = 'by'",
        (
            "specs_index_dir: the pattern '{project}/{release}/{name}' would take the generated "
            "page 'by/release/2025.1' for a spec; generated pages need a directory of their own: "
            "set it to one such as 'by', or to None"
        ),
        id='index_dir-pages-taken-for-specs',
    ),
    # One per value.
    pytest.param(
        "specs_patterns = 'specs/{release}/{name}'",
        "specs_patterns: expected a list of docname patterns, got 'specs/{release}/{name}'",
        id='patterns-a-string',
    ),
    pytest.param(
        'specs_templates = [5]',
        'specs_templates: expected a list of template paths, got [5]',
        id='templates-not-strings',
    ),
    pytest.param(
        "specs_sections = {'Testing': {'optional': 'yes'}}",
        "specs_sections['Testing']: optional='yes'; expected True or False",
        id='sections-optional-a-string',
    ),
    pytest.param(
        "specs_sections = {'Testing': {'optinal': True}}",
        "specs_sections['Testing']: unknown key 'optinal'; did you mean 'optional'?",
        id='sections-unknown-key',
    ),
    pytest.param(
        "specs_kinds = {'spec': {'patterns': ['specs/{name}']}}",
        (
            "specs_kinds['spec']: 'spec' is the default kind, which specs_patterns, "
            'specs_templates and specs_sections set; choose another name'
        ),
        id='kinds-named-spec',
    ),
    pytest.param(
        "specs_kinds = {'policy': {'patern': ['policies/{name}']}}",
        "specs_kinds['policy']: unknown key 'patern'; did you mean 'patterns'?",
        id='kinds-unknown-key',
    ),
    pytest.param(
        "specs_statuses = {'approved': 5}",
        "specs_statuses['approved']: expected a label; got 5",
        id='statuses-label-a-number',
    ),
    pytest.param(
        "specs_statuses = {'approved/old': 'Approved'}",
        "specs_statuses: expected status names (no /) as keys; got 'approved/old'",
        id='statuses-name-with-slash',
    ),
    pytest.param(
        "specs_defaults = {'stauts': 'approved'}",
        "specs_defaults: unknown key 'stauts'; did you mean 'status'?",
        id='defaults-unknown-key',
    ),
    pytest.param(
        "specs_defaults = {'status': 'aproved'}",
        "specs_defaults: status 'aproved' is not in specs_statuses; did you mean 'approved'?",
        id='defaults-unknown-status',
    ),
    pytest.param(
        "specs_release_aliases = {'36.0': 5}",
        "specs_release_aliases['36.0']: expected a release name mapped to a release; got 5",
        id='aliases-target-a-number',
    ),
    pytest.param(
        "specs_release_buckets = ['backlog', '2025.1']",
        "specs_release_buckets: '2025.1' is a release; a bucket is a name for specs of no release",
        id='buckets-a-release',
    ),
    pytest.param(
        "specs_release_buckets = 'backlog'",
        "specs_release_buckets: expected a list of names; got 'backlog'",
        id='buckets-a-string',
    ),
    pytest.param(
        "specs_rules = {'title': 'yes'}",
        "specs_rules['title']: expected True, False or a dict of options",
        id='rules-setting-a-string',
    ),
    pytest.param(
        "specs_rules = {'*': {'max': 80}}",
        "specs_rules['*']: expected True or False (it sets every rule)",
        id='rules-star-with-options',
    ),
    pytest.param(
        "specs_rules = {'tittle': False}",
        "specs_rules: unknown rule 'tittle'; did you mean 'title'?",
        id='rules-unknown-rule',
    ),
    pytest.param(
        "specs_rules = {'line_length': {'maxx': 80}}",
        "specs_rules['line_length']: unknown option 'maxx'; did you mean 'max'?",
        id='rules-unknown-option',
    ),
    pytest.param(
        (
            "specs_rule_overrides = [{'from': '2025.2', 'until': '2025.1', 'rules': {'title': "
            'False}}]'
        ),
        "specs_rule_overrides[0]: from='2025.2' is after until='2025.1', so it applies to no spec",
        id='override-from-after-until',
    ),
    pytest.param(
        "specs_rule_overrides = [{'kind': 'polcy', 'rules': {'title': False}}]",
        "specs_rule_overrides[0]: unknown kind 'polcy'; the kinds are spec",
        id='override-unknown-kind',
    ),
    pytest.param(
        "specs_rule_overrides = [{'stauts': 'approved', 'rules': {'title': False}}]",
        "specs_rule_overrides[0]: unknown key 'stauts'; did you mean 'status'?",
        id='override-unknown-key',
    ),
    pytest.param(
        "specs_rule_overrides = [{'status': 'aproved', 'rules': {'title': False}}]",
        "specs_rule_overrides[0]: unknown status 'aproved'; did you mean 'approved'?",
        id='override-unknown-status',
    ),
    pytest.param(
        "specs_rule_overrides = {'rules': {}}",
        "specs_rule_overrides: expected a list of dicts; got {'rules': {}}",
        id='overrides-not-a-list',
    ),
    pytest.param(
        "specs_exclude = 'specs/*'",
        'specs_exclude: expected a list of docname globs',
        id='exclude-a-string',
    ),
    pytest.param(
        "specs_metadata_box = 'yes'",
        "specs_metadata_box: expected True or False; got 'yes'",
        id='metadata_box-a-string',
    ),
    pytest.param(
        "specs_history = 'git'",
        "specs_history: expected True or False; got 'git'",
        id='history-a-string',
    ),
    pytest.param(
        "specs_redirect_files = '/etc/*'",
        (
            'specs_redirect_files: expected True, False or a glob pattern relative to the source '
            "directory; got '/etc/*'"
        ),
        id='redirect_files-absolute',
    ),
    pytest.param(
        "specs_redirects = {'old.html': 5}",
        "specs_redirects['old.html']: expected a path mapped to a path or URL; got 5",
        id='redirects-target-a-number',
    ),
    pytest.param(
        'specs_json = 5',
        'specs_json: expected True, False or a file name inside the output directory; got 5',
        id='json-a-number',
    ),
    pytest.param(
        "specs_feed = 'feed.atom'",
        (
            "specs_feed: set html_baseurl to the site's address (e.g. "
            "'https://specs.example.org/'); feed links and ids are absolute"
        ),
        id='feed-without-baseurl',
    ),
    pytest.param(
        'specs_feed_size = 0',
        'specs_feed_size: expected a positive number; got 0',
        id='feed_size-zero',
    ),
    pytest.param(
        "specs_feed_filter = {'status': 'aproved'}",
        "specs_feed_filter['status']: unknown status 'aproved'; did you mean 'approved'?",
        id='feed_filter-unknown-status',
    ),
    pytest.param(
        "specs_feed_filter = {'stauts': 'approved'}",
        "specs_feed_filter: unknown key 'stauts'; did you mean 'status'?",
        id='feed_filter-unknown-key',
    ),
    pytest.param(
        "specs_feed_filter = {'release': 'epoxxy'}",
        "specs_feed_filter['release']: 'epoxxy' is not a known release; did you mean 'epoxy'?",
        id='feed_filter-unknown-release',
    ),
    pytest.param(
        "specs_feed_date_field = ''",
        "specs_feed_date_field: expected a field name; got ''",
        id='feed_date_field-empty',
    ),
    pytest.param(
        'specs_metadata_fields = [5]',
        'specs_metadata_fields: expected a list of field names; got [5]',
        id='metadata_fields-not-strings',
    ),
    pytest.param(
        "specs_baseline = 'specs-baseline.rst'",
        (
            "specs_baseline: 'specs-baseline.rst' ends in .rst, so the build would read it as "
            "a document; name it like 'specs-baseline.txt'"
        ),
        id='baseline-a-document',
    ),
    pytest.param(
        'specs_baseline = 5',
        (
            'specs_baseline: expected the name of a file (relative to the directory of '
            "conf.py), such as 'specs-baseline.txt', or None; got 5"
        ),
        id='baseline-not-a-name',
    ),
    pytest.param(
        "specs_external = {'neutron': 'ftp://example.org/specs.json'}",
        (
            "specs_external['neutron']: 'ftp://example.org/specs.json' is no http(s) URL; "
            'give an http(s) URL or a path'
        ),
        id='external-not-http',
    ),
    pytest.param(
        'specs_external_timeout = 0',
        'specs_external_timeout: expected a number of seconds above 0; got 0',
        id='external-timeout-zero',
    ),
    pytest.param(
        "specs_autolink = 'yes'",
        "specs_autolink: expected True or False; got 'yes'",
        id='autolink-not-a-bool',
    ),
    # Settings for adopting a repository as it is.
    pytest.param(
        "specs_defaults = [{'untill': 'zed', 'status': 'implemented'}, {'status': 'approved'}]",
        "specs_defaults[0]: unknown key 'untill'; did you mean 'until'?",
        id='defaults-entry-unknown-key',
    ),
    pytest.param(
        "specs_defaults = [{'until': 'zedd', 'status': 'implemented'}]",
        "specs_defaults[0]: until='zedd' is not a known release; did you mean 'zed'?",
        id='defaults-entry-unknown-release',
    ),
    pytest.param(
        "specs_defaults = [{'from': 'zed', 'until': 'rocky', 'status': 'implemented'}]",
        "specs_defaults[0]: from='zed' is after until='rocky', so it applies to no spec",
        id='defaults-entry-from-after-until',
    ),
    pytest.param(
        "specs_defaults = [{'until': 'zed', 'status': 'implemnted'}]",
        (
            "specs_defaults[0]: status 'implemnted' is not in specs_statuses; did you mean "
            "'implemented'?"
        ),
        id='defaults-entry-unknown-status',
    ),
    pytest.param(
        "specs_defaults = [{'from': '2025.1', 'release': '2025.1'}]",
        (
            "specs_defaults[0]: a default release cannot depend on the spec's release (from, "
            "until); give 'release' in an entry without them"
        ),
        id='defaults-entry-release-in-a-range',
    ),
    pytest.param(
        "specs_defaults = [{'until': 'zed'}]",
        'specs_defaults[0]: give it a status, a release or a project',
        id='defaults-entry-empty',
    ),
    pytest.param(
        "specs_defaults = 'approved'",
        (
            'specs_defaults: expected a dict with keys status, release, project, or a list of '
            "such dicts, each with a release range from, until; got 'approved'"
        ),
        id='defaults-a-string',
    ),
    pytest.param(
        "specs_sections = {'Implementation': {'until': 'libery'}}",
        (
            "specs_sections['Implementation']: until='libery' is not a known release; did you "
            "mean 'liberty'?"
        ),
        id='sections-until-unknown-release',
    ),
    pytest.param(
        "specs_sections = {'Testing': {'since': 'zed', 'until': 'rocky'}}",
        (
            "specs_sections['Testing']: since='zed' is after until='rocky', so no spec would "
            'need it'
        ),
        id='sections-since-after-until',
    ),
    pytest.param(
        "specs_sections = {'Rollout plan': {'extra': 'yes'}}",
        "specs_sections['Rollout plan']: extra='yes'; expected True or False",
        id='sections-extra-a-string',
    ),
    pytest.param(
        "specs_sections = {'Rollout plan': {'extar': True}}",
        "specs_sections['Rollout plan']: unknown key 'extar'; did you mean 'extra'?",
        id='sections-extra-misspelt',
    ),
    pytest.param(
        "specs_kinds = {'postmortem': {'patterns': ['postmortems/{name}'], 'listed': 'no'}}",
        "specs_kinds['postmortem'][listed]: expected True or False",
        id='kinds-listed-a-string',
    ),
    pytest.param(
        "specs_kinds = {'postmortem': {'patterns': ['postmortems/{name}'], 'lsted': False}}",
        "specs_kinds['postmortem']: unknown key 'lsted'; did you mean 'listed'?",
        id='kinds-listed-misspelt',
    ),
    pytest.param(
        (
            "specs_kinds = {'postmortem': {'patterns': ['postmortems/{status}/{name}'], "
            "'status': False}}"
        ),
        (
            "specs_kinds['postmortem'][patterns]: 'postmortems/{status}/{name}' takes a status "
            'from the path, but the kind has none (status: False); write the pattern without '
            "'{status}'"
        ),
        id='kinds-status-off-with-a-status-pattern',
    ),
    pytest.param(
        "specs_project_aliases = ['glanceclient']",
        (
            'specs_project_aliases: expected a dict of project name to project; got '
            "['glanceclient']"
        ),
        id='project_aliases-a-list',
    ),
    pytest.param(
        "specs_project_aliases = {'glanceclient': None}",
        (
            "specs_project_aliases['glanceclient']: expected a project name mapped to a project; "
            'got None'
        ),
        id='project_aliases-target-none',
    ),
    pytest.param(
        "specs_project_aliases = {'gc': 'glanceclient', 'glanceclient': 'python-glanceclient'}",
        (
            "specs_project_aliases['gc']: 'glanceclient' is itself an alias, of "
            "'python-glanceclient'; map 'gc' to 'python-glanceclient'"
        ),
        id='project_aliases-chain',
    ),
    pytest.param(
        "specs_optout_aliases = {'lint: norfe': ['missing_section', 'extra_sectoin']}",
        (
            "specs_optout_aliases['lint: norfe']: unknown rule 'extra_sectoin'; did you mean "
            "'extra_section'?"
        ),
        id='optout_aliases-unknown-rule',
    ),
    pytest.param(
        "specs_optout_aliases = {'.. lint: norfe': 'all'}",
        (
            "specs_optout_aliases['.. lint: norfe']: write the comment's text as it stands after "
            "'.. ', such as 'lint: norfe'"
        ),
        id='optout_aliases-with-the-dots',
    ),
    pytest.param(
        "specs_optout_aliases = {'lint: norfe': 5}",
        "specs_optout_aliases['lint: norfe']: expected a warning code, a list of them or 'all'; "
        'got 5',
        id='optout_aliases-not-codes',
    ),
    pytest.param(
        "html_baseurl = 'https://example.org/'\nspecs_feed_author = {'nmae': 'Nova team'}",
        "specs_feed_author: unknown key 'nmae'; did you mean 'name'?",
        id='feed_author-unknown-key',
    ),
    pytest.param(
        "specs_feed_author = {'name': 'Nova team', 'email': 'nova team'}",
        "specs_feed_author['email']: expected an email address; got 'nova team'",
        id='feed_author-email-no-address',
    ),
    pytest.param(
        "specs_feed_author = {'email': 'nova@example.org'}",
        "specs_feed_author['name']: expected a name; got None",
        id='feed_author-no-name',
    ),
    pytest.param(
        'specs_feed_author = 5',
        (
            "specs_feed_author: expected a name, or a dict such as {'name': 'Nova team', "
            "'email': 'nova@example.org'}; got 5"
        ),
        id='feed_author-a-number',
    ),
    # One per rule option.
    pytest.param(
        "specs_rules = {'missing_section': {'required': ['Problem descripton']}}",
        (
            "specs_rules['missing_section']['required']: no template has a level-1 section "
            "titled 'Problem descripton'; did you mean 'Problem description'?"
        ),
        id='missing_section-required-unknown-title',
    ),
    pytest.param(
        (
            "specs_rule_overrides = [{'status': 'backlog', 'rules': {'missing_section': "
            "{'required': 'Problem description'}}}]"
        ),
        (
            "specs_rule_overrides[0][rules]['missing_section']['required']: expected a list of "
            "non-empty strings; got 'Problem description'"
        ),
        id='missing_section-required-a-string',
    ),
    pytest.param(
        "specs_rules = {'line_length': {'max': 0}}",
        "specs_rules['line_length']['max']: expected a positive whole number; got 0",
        id='line_length-max-zero',
    ),
    pytest.param(
        "specs_rules = {'line_length': {'urls': 'yes'}}",
        "specs_rules['line_length']['urls']: expected True or False; got 'yes'",
        id='line_length-urls',
    ),
    pytest.param(
        "specs_rules = {'line_length': {'literal_blocks': 1}}",
        "specs_rules['line_length']['literal_blocks']: expected True or False; got 1",
        id='line_length-literal_blocks',
    ),
    pytest.param(
        "specs_rules = {'line_length': {'literal_directives': 'code-block'}}",
        (
            "specs_rules['line_length']['literal_directives']: expected a list of non-empty "
            "strings; got 'code-block'"
        ),
        id='line_length-literal_directives',
    ),
    pytest.param(
        "specs_rules = {'line_length': {'tables': None}}",
        "specs_rules['line_length']['tables']: expected True or False; got None",
        id='line_length-tables',
    ),
    pytest.param(
        "specs_rules = {'line_length': {'no_whitespace': 0}}",
        "specs_rules['line_length']['no_whitespace']: expected True or False; got 0",
        id='line_length-no_whitespace',
    ),
    pytest.param(
        "specs_rules = {'line_length': {'loose_literal_blocks': 'no'}}",
        "specs_rules['line_length']['loose_literal_blocks']: expected True or False; got 'no'",
        id='line_length-loose_literal_blocks',
    ),
    pytest.param(
        "specs_rules = {'filename': {'pattern': ''}}",
        "specs_rules['filename']['pattern']: expected a non-empty regular expression; got ''",
        id='filename-pattern-empty',
    ),
    pytest.param(
        "specs_rules = {'tracker_link': {'patterns': 'https://.*'}}",
        (
            "specs_rules['tracker_link']['patterns']: expected a list of non-empty regular "
            "expressions; got 'https://.*'"
        ),
        id='tracker_link-patterns-a-string',
    ),
    pytest.param(
        "specs_rules = {'license_header': {'text': ''}}",
        "specs_rules['license_header']['text']: expected a non-empty string; got ''",
        id='license_header-text-empty',
    ),
    pytest.param(
        "specs_rules = {'duplicate_spec': {'blueprints': 'yes'}}",
        "specs_rules['duplicate_spec']['blueprints']: expected True or False; got 'yes'",
        id='duplicate_spec-blueprints',
    ),
    pytest.param(
        "specs_rules = {'file_extension': {'allow': '*.txt'}}",
        (
            "specs_rules['file_extension']['allow']: expected a list of non-empty strings; got "
            "'*.txt'"
        ),
        id='file_extension-allow',
    ),
    pytest.param(
        "specs_rules = {'unexpected_file': {'allow': [5]}}",
        "specs_rules['unexpected_file']['allow']: expected a list of non-empty strings; got [5]",
        id='unexpected_file-allow',
    ),
]


def _configure(tmp_path: Path, setting: str) -> Path:
    srcdir = copy_root('basic', tmp_path)
    with (srcdir / 'conf.py').open('a') as conf:
        conf.write(f'{setting}\n')
    return srcdir


@pytest.mark.parametrize(('setting', 'problem'), CASES)
def test_the_build_and_check_refuse_it(
    setting: str,
    problem: str,
    *,
    make_app: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    srcdir = _configure(tmp_path, setting)
    with pytest.raises(ConfigError) as raised:
        make_app('html', srcdir=srcdir)
    assert problem in str(raised.value).splitlines()
    status, out, err = run(['check'], srcdir, capsys, monkeypatch)
    assert (status, out) == (2, [])
    assert problem in err.splitlines()


def test_every_value_and_rule_option_has_a_case() -> None:
    settings = '\n'.join(param.values[0] for param in CASES)
    assert [v.name for v in CONFIG_VALUES if f'{v.name} = ' not in settings] == []
    assert [
        (name, option)
        for name, registered in RULES.items()
        for option in registered.options
        if f"'{name}': {{'{option}': " not in settings
    ] == []


def test_what_is_meant_is_taken(tmp_path: Path) -> None:
    """The same values, well formed: lists where tuples are the defaults,
    regular expressions that compile, paths of their own."""
    (tmp_path / 'specs').mkdir()
    (tmp_path / 'specs/template.rst').write_text(
        'Title\n=====\n\nProblem\n-------\n\nTesting (optional)\n------------------\n'
    )
    settings = load_settings(
        {
            'specs_sections': {'Testing': {'optional': False}, 'problem': {'since': 'zed'}},
            'specs_defaults': {'status': 'Implemented', 'release': 'backlog'},
            'specs_rules': {
                'line_length': {'max': 99, 'literal_directives': ['code-block']},
                'filename': {'pattern': r'[a-z]+(-[a-z]+)*'},
                'tracker_link': {'patterns': [r'https://example\.org/\d+']},
            },
            'specs_rule_overrides': [{'status': ['implemented'], 'rules': {'*': False}}],
            'specs_index_dir': 'site/by/',
            'specs_json': 'api/specs.json',
            'specs_feed': 'feeds/specs.atom',
            'html_baseurl': 'https://specs.example.org',
            'specs_feed_filter': {'status': 'Approved', 'release': ['zed', 'backlog']},
        },
        str(tmp_path),
    )
    assert settings.index_dir == 'site/by'
    assert settings.rules['line_length'] is not None
    assert settings.rules['line_length']['literal_directives'] == ('code-block',)
    assert settings.publishing.json_file == 'api/specs.json'
    assert settings.publishing.feed_file == 'feeds/specs.atom'


def test_finding_no_spec_is_a_warning(
    make_app: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    srcdir = _configure(
        tmp_path, "specs_patterns = ['docs/{release}/{name}', 'specs/{status}/{name}']"
    )
    message = (
        "no document is a spec: no docname matches the patterns 'docs/{release}/{name}', "
        "'specs/{status}/{name}'; point the patterns (specs_patterns, specs_kinds) at the "
        'specs'
    )
    app = make_app('html', srcdir=srcdir)
    app.build()
    assert warning_lines(app) == [f'WARNING: {message} [specs.config]']
    status, out, err = run(['check'], srcdir, capsys, monkeypatch)
    assert (status, out) == (0, [])
    assert err.splitlines() == [
        f'sphinx-specs check: warning: {message} [specs.config]',
        'sphinx-specs: 0 specs checked, 0 findings',
    ]
