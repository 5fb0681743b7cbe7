"""``sphinx-specs init``: each layout's settings, worked out from its tree and written once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOTS, warning_lines
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_specs import cli

#: Links each test root needs (path -> target), made when it is copied: the
#: repository keeps no links.
LINKS = {
    'release-status': {
        'doc/source/specs/2025.1/approved': '../../../../specs/2025.1/approved',
        'doc/source/specs/2025.1/implemented': '../../../../specs/2025.1/implemented',
        'doc/source/specs/2025.1/template.rst': '../../../../specs/2025.1-template.rst',
        'doc/source/specs/zed/implemented': '../../../../specs/zed/implemented',
        'doc/source/specs/backlog/approved': '../../../../specs/backlog/approved',
    },
    'status-views': {
        'specs/36.0/boot-modes.rst': '../approved/boot-modes.rst',
        'specs/35.1/firmware-updates.rst': '../approved/firmware-updates.rst',
        'specs/35.1/raid-hints.rst': '../not-implemented/raid-hints.rst',
    },
    'enforced': {'doc/source/specs': '../../specs'},
}


def repository(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the root ``test-init-<name>``, its links made; the current directory."""
    repo = tmp_path / name
    shutil.copytree(ROOTS / f'test-init-{name}', repo)
    if (repo / 'doc').is_dir():
        (repo / '.git').mkdir()
    for link, target in LINKS.get(name, {}).items():
        (repo / link).parent.mkdir(parents=True, exist_ok=True)
        (repo / link).symlink_to(target)
    monkeypatch.chdir(repo)
    return repo


def init(capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str]:
    status = cli.main(['init', '-j', '1', *options])
    out, err = capsys.readouterr()
    return status, out, err


def dry_run(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> str:
    """init's output on the root ``name``; it must write nothing."""
    repo = repository(name, tmp_path, monkeypatch)
    before = _tree(repo)
    status, out, err = init(capsys)
    assert (status, err) == (0, '')
    assert _tree(repo) == before
    return out


def _tree(repo: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(repo)): path.read_bytes()
        for path in sorted(repo.rglob('*'))
        if path.is_file() and not path.is_symlink()
    }


def build(srcdir: Path) -> list[str]:
    """The warnings of a build of ``srcdir``."""
    app = SphinxTestApp('html', srcdir=srcdir)
    try:
        app.build()
        return warning_lines(app)
    finally:
        app.cleanup()


# -- what init finds in each layout ------------------------------------------


OUTPUT_RELEASE_FIRST = """\
sphinx-specs init: conf.py (source directory .)

Specs: 3 (by release and status)
  release         approved  total
  2025.1 Epoxy           1      1
  2024.1 Caracal         1      1
  Untargeted             1      1
Templates: specs/template.rst (3 specs)
Not specs: 1 index page, 1 README page, 1 placeholder page, 1 template or copy
  of one

Settings (where the defaults do not fit):
# among the specs, but no specs: 1 README page, 1 placeholder page
specs_exclude = ['specs/*/README', 'specs/*/placeholder']

Findings with these settings (sphinx-specs check): 1 in 1 file
  missing_section  1

--- conf.py (before)
+++ conf.py (after)
@@ -1,3 +1,8 @@
 project = 'Demo Specs'
-extensions = []
+extensions = ['sphinxcontrib_specs']
 exclude_patterns = ['_build']
+
+# -- sphinx-specs (written by sphinx-specs init, replaced by its next run) --
+# among the specs, but no specs: 1 README page, 1 placeholder page
+specs_exclude = ['specs/*/README', 'specs/*/placeholder']
+# -- end of sphinx-specs --

Nothing was written: sphinx-specs init --write makes this change and records
  the 1 finding in the baseline, so that the build passes.
"""


def test_release_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Release first, flat, one template: a README and a placeholder are left out."""
    assert dry_run('release-first', tmp_path, monkeypatch, capsys) == OUTPUT_RELEASE_FIRST


OUTPUT_RELEASE_STATUS = """\
sphinx-specs init: doc/source/conf.py (source directory doc/source)

Specs: 4 (by release and status)
  release       approved  implemented  total
  2025.1 Epoxy         1            1      2
  Zed                               1      1
  Backlog              1                   1
Templates: specs/<release>/template.rst (2 specs);
  ../../specs/<release>-template.rst (2 specs)
Not specs: 4 index pages, 2 templates or copies of one

Settings (where the defaults do not fit):
# the template each spec was written from: specs/<release>/template.rst (2
# specs), else ../../specs/<release>-template.rst (2 specs)
specs_templates = [
    'specs/{release}/template.rst', '../../specs/{release}-template.rst',
]

Findings with these settings (sphinx-specs check): 1 in 1 file
  missing_section  1

--- doc/source/conf.py (before)
+++ doc/source/conf.py (after)
@@ -1,3 +1,11 @@
 project = 'Demo Specs'
-extensions = ['sphinx.ext.todo']
+extensions = ['sphinx.ext.todo', 'sphinxcontrib_specs']
 exclude_patterns = ['_build']
+
+# -- sphinx-specs (written by sphinx-specs init, replaced by its next run) --
+# the template each spec was written from: specs/<release>/template.rst (2
+# specs), else ../../specs/<release>-template.rst (2 specs)
+specs_templates = [
+    'specs/{release}/template.rst', '../../specs/{release}-template.rst',
+]
+# -- end of sphinx-specs --

Nothing was written: sphinx-specs init --write makes this change and records
  the 1 finding in the baseline, so that the build passes.
"""


def test_release_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Release and status, as nova: the template of each spec's release, in the
    source directory where it links one in, else at the top of the repository."""
    assert dry_run('release-status', tmp_path, monkeypatch, capsys) == OUTPUT_RELEASE_STATUS


OUTPUT_STATUS_FIRST = """\
sphinx-specs init: conf.py (source directory .)

Specs: 4 (by release and status)
  release           approved  implemented  ideas  total
  2025.1 Epoxy             1                          1
  2024.2 Dalmatian                      2             2
  (none)                                       1      1
Templates: specs/template.rst (4 specs)
Not specs: 1 index page, 1 template or copy of one

Settings: the defaults fit.

Findings with these settings (sphinx-specs check): 1 in 1 file
  missing_subsection  1

--- conf.py (before)
+++ conf.py (after)
@@ -1,3 +1,3 @@
 project = 'Demo Specs'
-extensions = []
+extensions = ['sphinxcontrib_specs']
 exclude_patterns = ['_build']

Nothing was written: sphinx-specs init --write makes this change and records
  the 1 finding in the baseline, so that the build passes.
"""


def test_status_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Status first, codenames beside numbers: the defaults fit."""
    assert dry_run('status-first', tmp_path, monkeypatch, capsys) == OUTPUT_STATUS_FIRST


OUTPUT_PROJECT_FIRST = """\
sphinx-specs init: conf.py (source directory .)

Specs: 5 (by release and status)
  release           approved  total
  2025.1 Epoxy             3      3
  2024.2 Dalmatian         1      1
  2024.1 Caracal           1      1
Templates: specs/template.rst (5 specs)
Not specs: 1 index page, 1 template or copy of one

Settings (where the defaults do not fit):
# where the specs are: specs/<project>/<release>/<name>.rst (5)
specs_patterns = ['specs/{project}/{release}/{name}']
# one project, two names: glanceclient (1 spec) is python-glanceclient
specs_project_aliases = {'glanceclient': 'python-glanceclient'}

Findings with these settings (sphinx-specs check): 1 in 1 file
  missing_section  1

--- conf.py (before)
+++ conf.py (after)
@@ -1,3 +1,10 @@
 project = 'Demo Specs'
-extensions = []
+extensions = ['sphinxcontrib_specs']
 exclude_patterns = ['_build']
+
+# -- sphinx-specs (written by sphinx-specs init, replaced by its next run) --
+# where the specs are: specs/<project>/<release>/<name>.rst (5)
+specs_patterns = ['specs/{project}/{release}/{name}']
+# one project, two names: glanceclient (1 spec) is python-glanceclient
+specs_project_aliases = {'glanceclient': 'python-glanceclient'}
+# -- end of sphinx-specs --

Nothing was written: sphinx-specs init --write makes this change and records
  the 1 finding in the baseline, so that the build passes.
"""


def test_project_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Project first, one project under two names."""
    assert dry_run('project-first', tmp_path, monkeypatch, capsys) == OUTPUT_PROJECT_FIRST


OUTPUT_RELEASE_STATUS_PROJECT = """\
sphinx-specs init: conf.py (source directory .)

Specs: 5 (by release and status)
  release           approved  implemented  total
  2025.1 Epoxy             2            1      3
  2024.2 Dalmatian         1                   1
  Juno                     1                   1
Other kinds: spec-lite 2
Templates: specs/template.rst (5 specs)
Not specs: 2 templates or copies of one, 1 index page, 1 page with no section
  of a template

Settings (where the defaults do not fit):
# where the specs are: specs/<release>/<status>/<project>/<name>.rst (5),
# specs/<release>/<name>.rst (1), specs/<release>/<project>/<name>.rst (1)
specs_patterns = [
    'specs/{release}/{status}/{project}/{name}',
    'specs/{release}/{project}/{name}', 'specs/{release}/{name}',
]
# other kinds of document: 2 spec-lites titled 'Spec Lite:' or 'Lite Spec:' (no
# template fits them)
specs_kinds = {
    'spec-lite': {
        'title': ['Spec Lite:', 'Lite Spec:'],
        'content_fields': True,
    },
}
# among the specs, but no specs: 1 page with no section of a template
specs_exclude = ['specs/*/lite-specs']

Findings with these settings (sphinx-specs check): 1 in 1 file
  extra_section  1

--- conf.py (before)
+++ conf.py (after)
@@ -1,3 +1,22 @@
 project = 'Demo Specs'
-extensions = []
+extensions = ['sphinxcontrib_specs']
 exclude_patterns = ['_build']
+
+# -- sphinx-specs (written by sphinx-specs init, replaced by its next run) --
+# where the specs are: specs/<release>/<status>/<project>/<name>.rst (5),
+# specs/<release>/<name>.rst (1), specs/<release>/<project>/<name>.rst (1)
+specs_patterns = [
+    'specs/{release}/{status}/{project}/{name}',
+    'specs/{release}/{project}/{name}', 'specs/{release}/{name}',
+]
+# other kinds of document: 2 spec-lites titled 'Spec Lite:' or 'Lite Spec:' (no
+# template fits them)
+specs_kinds = {
+    'spec-lite': {
+        'title': ['Spec Lite:', 'Lite Spec:'],
+        'content_fields': True,
+    },
+}
+# among the specs, but no specs: 1 page with no section of a template
+specs_exclude = ['specs/*/lite-specs']
+# -- end of sphinx-specs --

Nothing was written: sphinx-specs init --write makes this change and records
  the 1 finding in the baseline, so that the build passes.
"""


def test_release_status_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Release, status and project, the oldest releases flat, spec lites beside
    specs, a page that collects spec lites left out."""
    assert (
        dry_run('release-status-project', tmp_path, monkeypatch, capsys)
        == OUTPUT_RELEASE_STATUS_PROJECT
    )


OUTPUT_STATUS_VIEWS = """\
sphinx-specs init: conf.py (source directory .)

Specs: 5 (by release and status)
  release  approved  not-implemented  retired  total
  Backlog         1                                1
  (none)          2                1        1      4
Templates: specs/template.rst (5 specs)
Not specs: 3 links in views of specs, 1 index page, 1 template or copy of one

Settings (where the defaults do not fit):
# among the specs, but no specs: 3 links in views of specs
specs_exclude = ['specs/35.1/*', 'specs/36.0/*']

Findings with these settings (sphinx-specs check): 1 in 1 file
  missing_section  1

--- conf.py (before)
+++ conf.py (after)
@@ -1,3 +1,8 @@
 project = 'Demo Specs'
-extensions = []
+extensions = ['sphinxcontrib_specs']
 exclude_patterns = ['_build']
+
+# -- sphinx-specs (written by sphinx-specs init, replaced by its next run) --
+# among the specs, but no specs: 3 links in views of specs
+specs_exclude = ['specs/35.1/*', 'specs/36.0/*']
+# -- end of sphinx-specs --

Nothing was written: sphinx-specs init --write makes this change and records
  the 1 finding in the baseline, so that the build passes.
"""


def test_status_views(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Status directories only, with release views of links named by version:
    the views are left out, each spec is read where it is stored."""
    assert dry_run('status-views', tmp_path, monkeypatch, capsys) == OUTPUT_STATUS_VIEWS


OUTPUT_KINDS = """\
sphinx-specs init: conf.py (source directory .)

Specs: 2 (by release and status)
  release           approved  total
  2025.1 Epoxy             1      1
  2024.2 Dalmatian         1      1
Other kinds: policy 2, postmortem 2, spec-lite 1
Templates: specs/template.rst (2 specs)
Not specs: 4 templates or copies of one, 1 index page

Settings (where the defaults do not fit):
# other kinds of document: 2 policies (checked against policies/template.rst),
# 2 postmortems (checked against specs/postmortem_template.rst), 1 spec-lite
# titled 'Spec Lite:' (no template fits them)
specs_kinds = {
    'policy': {
        'patterns': ['policies/{name}'],
        'templates': ['policies/template.rst'],
        'listed': False,
        'status': False,
    },
    'postmortem': {
        'patterns': ['specs/{release}/postmortem/{name}'],
        'templates': ['specs/postmortem_template.rst'],
        'listed': False,
        'status': False,
    },
    'spec-lite': {'title': 'Spec Lite:', 'content_fields': True},
}

Findings with these settings (sphinx-specs check): none

--- conf.py (before)
+++ conf.py (after)
@@ -1,3 +1,24 @@
 project = 'Demo Specs'
-extensions = []
+extensions = ['sphinxcontrib_specs']
 exclude_patterns = ['_build']
+
+# -- sphinx-specs (written by sphinx-specs init, replaced by its next run) --
+# other kinds of document: 2 policies (checked against policies/template.rst),
+# 2 postmortems (checked against specs/postmortem_template.rst), 1 spec-lite
+# titled 'Spec Lite:' (no template fits them)
+specs_kinds = {
+    'policy': {
+        'patterns': ['policies/{name}'],
+        'templates': ['policies/template.rst'],
+        'listed': False,
+        'status': False,
+    },
+    'postmortem': {
+        'patterns': ['specs/{release}/postmortem/{name}'],
+        'templates': ['specs/postmortem_template.rst'],
+        'listed': False,
+        'status': False,
+    },
+    'spec-lite': {'title': 'Spec Lite:', 'content_fields': True},
+}
+# -- end of sphinx-specs --

Nothing was written: sphinx-specs init --write makes this change.
"""


def test_kinds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Policies, postmortems and spec lites: kinds of their own, recognised by
    directory, by name and by title."""
    assert dry_run('kinds', tmp_path, monkeypatch, capsys) == OUTPUT_KINDS


OUTPUT_ENFORCED = """\
sphinx-specs init: doc/source/conf.py (source directory doc/source)

Specs: 3 (by release and status)
  release           approved  total
  2025.1 Epoxy             1      1
  2024.2 Dalmatian         2      2
Templates: specs/template.rst (3 specs)
Not specs: 1 index page, 1 template or copy of one
Checked by tests/test_titles.py: optional History; extra sections allowed:
  Implementation, Dependencies; lines of 79 characters
Checked by doc8 (tox.ini), ignoring D001, D004

Settings (where the defaults do not fit):
# tests/test_titles.py: History optional; Implementation, Dependencies allowed
# as extra sections
specs_sections = {
    'History': {'optional': True},
    'Implementation': {'extra': True},
    'Dependencies': {'extra': True},
}
# tests/test_titles.py allows lines of 79 characters, none after a line with
# '::'; tox.ini ignores D004
specs_rules = {
    'line_length': {'loose_literal_blocks': True},
    'carriage_return': False,
}

Findings with these settings (sphinx-specs check): 1 in 1 file
  extra_section  1

--- doc/source/conf.py (before)
+++ doc/source/conf.py (after)
@@ -1,3 +1,19 @@
 project = 'Demo Specs'
-extensions = ['sphinx.ext.todo']
+extensions = ['sphinx.ext.todo', 'sphinxcontrib_specs']
 exclude_patterns = ['_build']
+
+# -- sphinx-specs (written by sphinx-specs init, replaced by its next run) --
+# tests/test_titles.py: History optional; Implementation, Dependencies allowed
+# as extra sections
+specs_sections = {
+    'History': {'optional': True},
+    'Implementation': {'extra': True},
+    'Dependencies': {'extra': True},
+}
+# tests/test_titles.py allows lines of 79 characters, none after a line with
+# '::'; tox.ini ignores D004
+specs_rules = {
+    'line_length': {'loose_literal_blocks': True},
+    'carriage_return': False,
+}
+# -- end of sphinx-specs --

Nothing was written: sphinx-specs init --write makes this change and records
  the 1 finding in the baseline, so that the build passes.
"""


def test_enforced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The repository's own checks carried over: the test's optional and allowed
    sections, its line length, doc8's ignored checks."""
    assert dry_run('enforced', tmp_path, monkeypatch, capsys) == OUTPUT_ENFORCED


# -- writing ---------------------------------------------------------------------

#: The summary of the release-first root, before the change is shown.
SUMMARY_RELEASE_FIRST = OUTPUT_RELEASE_FIRST.split('--- conf.py', maxsplit=1)[0]
CONF_RELEASE_FIRST = """\
project = 'Demo Specs'
extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

# -- sphinx-specs (written by sphinx-specs init, replaced by its next run) --
# among the specs, but no specs: 1 README page, 1 placeholder page
specs_exclude = ['specs/*/README', 'specs/*/placeholder']
# -- end of sphinx-specs --
"""


def test_write_then_nothing_to_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--write adds the extension and the block, records the baseline, and the
    build passes under -W; a second run changes nothing."""
    repo = repository('release-first', tmp_path, monkeypatch)
    status, out, err = init(capsys, '--write')
    assert (status, err) == (0, '')
    change = OUTPUT_RELEASE_FIRST[len(SUMMARY_RELEASE_FIRST) :]
    diff = change.split('\nNothing was written', maxsplit=1)[0]
    assert out == (
        SUMMARY_RELEASE_FIRST
        + diff
        + 'specs-baseline.txt: 1 known finding (missing_section 1); the build reports only\n'
        '  findings it does not hold\n'
    )
    assert (repo / 'conf.py').read_text() == CONF_RELEASE_FIRST
    baseline = (repo / 'specs-baseline.txt').read_text()
    assert [line for line in baseline.splitlines() if not line.startswith('#')] == [
        'specs/caracal/host-drain.rst missing_section '
        + baseline.split('missing_section ')[1].split()[0]
        + " missing required section 'Testing' (template specs/template.rst:25); add it "
        "after 'Proposed change'"
    ]
    assert build(repo) == []

    written = _tree(repo)
    status, out, err = init(capsys, '--write')
    assert (status, err) == (0, '')
    assert out == SUMMARY_RELEASE_FIRST + 'Nothing to change.\n'
    assert _tree(repo) == written


def test_a_later_run_replaces_its_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The block is replaced in place, whatever follows it; nothing else changes."""
    repo = repository('release-first', tmp_path, monkeypatch)
    assert init(capsys, '--write')[0] == 0
    with open(repo / 'conf.py', 'a', encoding='utf-8') as conf:
        conf.write("\nhtml_title = 'Demo'\n")
    (repo / 'specs/2025.1/README.rst').unlink()
    status, out, _err = init(capsys, '--write')
    assert status == 0
    assert "-specs_exclude = ['specs/*/README', 'specs/*/placeholder']" in out
    assert (repo / 'conf.py').read_text() == (
        CONF_RELEASE_FIRST.replace(
            '1 README page, 1 placeholder page', '1 placeholder page'
        ).replace("['specs/*/README', 'specs/*/placeholder']", "['specs/*/placeholder']")
        + "\nhtml_title = 'Demo'\n"
    )


def test_settings_conf_py_has_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A value conf.py sets itself is neither proposed nor changed."""
    repo = repository('release-first', tmp_path, monkeypatch)
    with open(repo / 'conf.py', 'a', encoding='utf-8') as conf:
        conf.write("specs_exclude = ['specs/*/README']\n")
    status, out, _err = init(capsys)
    assert status == 0
    assert (
        'Kept as conf.py sets them: specs_exclude\n'
        'Settings: the defaults fit.\n'
        '\n'
        'Findings with these settings (sphinx-specs check): 2 in 2 files\n'
        '  missing_section  2\n'
    ) in out


def test_conf_py_it_cannot_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An extensions value that is no list written out is not guessed at: the
    settings are shown to paste, and nothing is written."""
    repo = repository('release-first', tmp_path, monkeypatch)
    conf = repo / 'conf.py'
    conf.write_text(conf.read_text().replace('extensions = []', 'extensions = [] + []'))
    before = _tree(repo)
    status, out, err = init(capsys, '--write')
    assert (status, err) == (1, '')
    assert out == (
        SUMMARY_RELEASE_FIRST
        + 'conf.py was not changed: its extensions is not one list of names, so where to\n'
        "  add one is unclear. Add 'sphinxcontrib_specs' to its extensions and paste the\n"
        '  settings above at its end.\n'
    )
    assert _tree(repo) == before


def test_migrate_needs_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repository('release-first', tmp_path, monkeypatch)
    assert init(capsys, '--migrate') == (
        2,
        '',
        'sphinx-specs init: error: --migrate changes files: give --write with it\n',
    )


def test_write_and_migrate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --migrate, the hand-written index pages give way to generated ones
    before the baseline is recorded; the build passes, and a second run
    changes nothing."""
    repo = repository('release-status', tmp_path, monkeypatch)
    status, out, err = init(capsys, '--write', '--migrate')
    assert (status, err) == (0, '')
    assert out.split('# -- end of sphinx-specs --\n')[1] == (
        'migrate: edit doc/source/index.rst:5: the toctree becomes the site index '
        '(.. spec-index::), which lists every spec; a toctree keeps 1 entry\n'
        'migrate: edit doc/source/index.rst:5: specs/2025.1/approved/2025.1-template is '
        'listed here now: only removed pages listed it\n'
        'migrate: remove doc/source/specs/2025.1/index.rst: it only lists specs, which '
        'by/release/2025.1 lists\n'
        'migrate: remove doc/source/specs/backlog/index.rst: it only lists specs, which '
        'by/release/backlog lists\n'
        'migrate: remove doc/source/specs/zed/index.rst: it only lists specs, which '
        'by/release/zed lists\n'
        'migrate: add to doc/source/redirects: specs/2025.1/index.rst '
        '../../by/release/2025.1.rst\n'
        'migrate: add to doc/source/redirects: specs/backlog/index.rst '
        '../../by/release/backlog.rst\n'
        'migrate: add to doc/source/redirects: specs/zed/index.rst ../../by/release/zed.rst\n'
        'doc/source/specs-baseline.txt: 1 known finding (missing_section 1); the build\n'
        '  reports only findings it does not hold\n'
    )
    assert build(repo / 'doc' / 'source') == []
    written = _tree(repo)
    status, out, _err = init(capsys, '--write', '--migrate')
    assert (status, out.splitlines()[-1]) == (0, 'Nothing to change.')
    assert _tree(repo) == written


def test_redirects_the_build_reports_are_listed_to_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No baseline holds a redirect that leads nowhere: init lists it to fix."""
    repo = repository('release-first', tmp_path, monkeypatch)
    (repo / 'specs/2025.1/redirects').write_text(
        'old-weigher.rst cache-weigher.rst\nold-drain.rst ../caracal/drain.rst\n'
    )
    status, out, _err = init(capsys)
    assert status == 0
    assert out.split('  missing_section  1\n\n')[1].split('--- conf.py')[0] == (
        'Redirects the build reports, which no baseline holds: 1; fix them before\n'
        '  building with -W:\n'
        "  specs/2025.1/redirects:2: redirect target 'specs/caracal/drain' is no page of "
        'this site; point it at the page that replaced it, or remove the line\n'
        '\n'
    )
