"""``sphinx-specs init --write --migrate``: hand-written index pages replaced by generated ones.

Each test migrates a copy of a small repository laid out as a real one
(nova's per-release pages through symbolic links, neutron's flat release
pages, cinder's root page of per-release sections), checks every changed
file whole, and builds the result: no warning, every spec in the
navigation, a refresh page for each removed page.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOTS, warning_lines
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_specs.cli.common import UsageError
from sphinxcontrib_specs.cli.migrate import Migration, apply_migration, plan_migration
from sphinxcontrib_specs.cli.project import Project

#: nova-specs' doc/source/specs/<release>/ links into specs/ at the top.
NOVA_LINKS = {
    'doc/source/specs/2024.2/implemented': '../../../../specs/2024.2/implemented',
    'doc/source/specs/2024.2/template.rst': '../../../../specs/2024.2-template.rst',
    'doc/source/specs/2025.1/approved': '../../../../specs/2025.1/approved',
    'doc/source/specs/2025.1/implemented': '../../../../specs/2025.1/implemented',
    'doc/source/specs/2025.1/template.rst': '../../../../specs/2025.1-template.rst',
    'doc/source/specs/backlog/approved': '../../../../specs/backlog/approved',
    'doc/source/specs/backlog/template.rst': '../../../../specs/backlog-template.rst',
}


def _repository(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the root ``name`` as a repository, the current directory.

    Roots: ``nova`` (per-release pages reaching the specs through symbolic
    links), ``flat`` (neutron's release pages of one glob each),
    ``sections`` (cinder's root page, a section per release) and
    ``nested`` (glance's pages per release, status and project).
    """
    repo = tmp_path / name.removeprefix('test-migrate-')
    shutil.copytree(ROOTS / name, repo)
    (repo / '.git').mkdir()
    monkeypatch.chdir(repo)
    return repo


@pytest.fixture
def nova(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = _repository('test-migrate-nova', tmp_path, monkeypatch)
    for link, target in NOVA_LINKS.items():
        (repo / link).symlink_to(target)
    return repo


@pytest.fixture
def flat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _repository('test-migrate-flat', tmp_path, monkeypatch)


@pytest.fixture
def sections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _repository('test-migrate-sections', tmp_path, monkeypatch)


@pytest.fixture
def nested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _repository('test-migrate-nested', tmp_path, monkeypatch)


def _srcdir(repo: Path) -> Path:
    return repo / 'doc' / 'source' if (repo / 'doc').is_dir() else repo


def _plan(repo: Path) -> Migration:
    return plan_migration(Project.load(_srcdir(repo) / 'conf.py'))


def _files(repo: Path) -> dict[str, bytes | str]:
    """Every file of the repository (its bytes) and link (its target)."""
    found: dict[str, bytes | str] = {}
    for root, dirs, names in os.walk(repo):
        dirs[:] = [d for d in dirs if d not in ('.git', '_build')]
        for name in [*names, *(d for d in dirs if os.path.islink(os.path.join(root, d)))]:
            path = os.path.join(root, name)
            relative = os.path.relpath(path, repo)
            found[relative] = (
                os.readlink(path) if os.path.islink(path) else Path(path).read_bytes()
            )
    return found


def _build(srcdir: Path) -> Path:
    """Build ``srcdir`` as HTML, fail on any warning; the output directory."""
    app = SphinxTestApp('html', srcdir=srcdir)
    try:
        app.build()
        assert warning_lines(app) == []
        return Path(app.outdir)
    finally:
        app.cleanup()


def _refresh_target(outdir: Path, page: str) -> str:
    text = (outdir / page).read_text(encoding='utf-8')
    return text.split('http-equiv="refresh" content="0; url=', 1)[1].split('"', 1)[0]


# -- nova: per-release pages through symbolic links ---------------------------------

NOVA_ROOT_PAGE = """\
.. nova-specs documentation master file

============================
OpenStack Nova Project Plans
============================

Priorities
==========

.. toctree::
   :maxdepth: 1

   priorities

Specifications
==============

Each release has its specs and the template they follow:

.. spec-index::

.. toctree::
   :maxdepth: 1

   specs/2024.2/retrospective

Backlog specs, approved and waiting for someone to take them on:

.. toctree::
   :glob:
   :maxdepth: 1

   specs/backlog/index

Process
=======

.. toctree::
   :maxdepth: 1

   How to submit a spec <readme>
"""

NOVA_BACKLOG_PAGE = """\
===========================
Nova Backlog Specifications
===========================

Backlog specs record problems the team has agreed to solve, with a
first idea of how.  To take one on, read :doc:`../../readme`.

Template:

.. toctree::
   :maxdepth: 1

   Specification Template  <template>

Approved (but not implemented) backlog specs:

.. spec-index::
   :release: backlog
   :status: approved
   :group-by:

.. toctree::
   :maxdepth: 1

   ../../reviewing-backlog
"""

NOVA_README = """\
==================
How to submit spec
==================

Propose a spec for the current release, next to those on
:doc:`/by/release/2025.1`, or :doc:`the previous one </by/release/2024.2>`.
"""


def test_nova_release_pages_give_way_to_the_generated_pages(nova: Path) -> None:
    migration = _plan(nova)
    assert migration.changes == [
        (
            'edit doc/source/index.rst:20: the toctree becomes the site index (.. spec-index::), '
            'which lists every spec; a toctree keeps 1 entry'
        ),
        (
            'edit doc/source/index.rst:20: specs/2024.2/retrospective is listed here now: only '
            'removed pages listed it'
        ),
        (
            'edit doc/source/readme.rst:6: the :doc: link to specs/2024.2/index points at '
            'by/release/2024.2'
        ),
        (
            'edit doc/source/readme.rst:6: the :doc: link to specs/2025.1/index points at '
            'by/release/2025.1'
        ),
        (
            'edit doc/source/specs/backlog/index.rst:17: the toctree becomes a spec-index '
            '(:release: backlog, :status: approved, :group-by:) of the same 1 spec; a toctree '
            'keeps 1 entry'
        ),
        (
            'remove doc/source/specs/2024.2/index.rst: it only lists specs, which '
            'by/release/2024.2 lists'
        ),
        (
            'remove doc/source/specs/2025.1/index.rst: it only lists specs, which '
            'by/release/2025.1 lists'
        ),
        'add to doc/source/redirects: specs/2024.2/index.rst ../../by/release/2024.2.rst',
        'add to doc/source/redirects: specs/2025.1/index.rst ../../by/release/2025.1.rst',
    ]
    assert migration.notes == [
        # Specs picked by hand: the page's own choice, kept.
        (
            'doc/source/priorities.rst:7: the toctree lists a selection of specs no spec-index '
            'filter selects, so it is left as it is'
        ),
        'doc/source/specs/backlog/index.rst stays: it has text of its own (line 5)',
    ]
    before = _files(nova)
    apply_migration(migration)
    after = _files(nova)
    source = 'doc/source/'
    assert sorted(set(before) - set(after)) == [
        f'{source}specs/2024.2/index.rst',
        f'{source}specs/2025.1/index.rst',
    ]
    assert sorted(k for k in after if before.get(k) != after[k]) == [
        f'{source}index.rst',
        f'{source}readme.rst',
        f'{source}redirects',
        f'{source}specs/backlog/index.rst',
    ]
    assert after[f'{source}index.rst'] == NOVA_ROOT_PAGE.encode()
    assert after[f'{source}specs/backlog/index.rst'] == NOVA_BACKLOG_PAGE.encode()
    assert after[f'{source}readme.rst'] == NOVA_README.encode()
    assert after[f'{source}redirects'] == (
        b'specs/2024.2/index.rst ../../by/release/2024.2.rst\n'
        b'specs/2025.1/index.rst ../../by/release/2025.1.rst\n'
    )
    # The links and the specs they lead to are as they were.
    assert {k: v for k, v in after.items() if k.startswith('specs/')} == {
        k: v for k, v in before.items() if k.startswith('specs/')
    }
    outdir = _build(nova / 'doc' / 'source')
    assert _refresh_target(outdir, 'specs/2025.1/index.html') == '../../by/release/2025.1.html'
    assert _refresh_target(outdir, 'specs/2024.2/index.html') == '../../by/release/2024.2.html'
    release_page = (outdir / 'by/release/2025.1.html').read_text(encoding='utf-8')
    assert 'vTPM live migration' in release_page
    assert 'Port audit' in release_page


def test_the_plan_writes_nothing(nova: Path) -> None:
    before = _files(nova)
    migration = _plan(nova)
    assert migration.files
    assert _files(nova) == before


def test_a_redirects_file_is_added_to_never_repeated(nova: Path) -> None:
    redirects = nova / 'doc/source/redirects'
    redirects.write_text(
        '# Moved pages.\nspecs/2025.1/index.rst ../../by/release/2025.1.rst', encoding='utf-8'
    )
    migration = _plan(nova)
    assert [c for c in migration.changes if c.startswith('add to')] == [
        'add to doc/source/redirects: specs/2024.2/index.rst ../../by/release/2024.2.rst'
    ]
    apply_migration(migration)
    assert redirects.read_text(encoding='utf-8') == (
        '# Moved pages.\n'
        'specs/2025.1/index.rst ../../by/release/2025.1.rst\n'
        'specs/2024.2/index.rst ../../by/release/2024.2.rst\n'
    )


def test_a_page_redirected_elsewhere_already_gets_no_second_redirect(nova: Path) -> None:
    # A release directory's own redirects file, as nova-specs keeps them.
    (nova / 'specs/2024.2/redirects').write_text('index.rst ../2025.1/index.rst\n')
    (nova / 'doc/source/specs/2024.2/redirects').symlink_to('../../../../specs/2024.2/redirects')
    migration = _plan(nova)
    assert [c for c in migration.changes if c.startswith('add to')] == [
        'add to doc/source/redirects: specs/2025.1/index.rst ../../by/release/2025.1.rst'
    ]


def test_nothing_is_written_through_a_link_out_of_the_repository(
    flat: Path, tmp_path: Path
) -> None:
    outside = tmp_path / 'elsewhere' / 'index.rst'
    outside.parent.mkdir()
    page = flat / 'specs/2024.1/index.rst'
    page.rename(outside)
    page.symlink_to(outside)
    with pytest.raises(UsageError) as raised:
        _plan(flat)
    assert str(raised.value) == (
        f'specs/2024.1/index.rst leads through a symbolic link to {outside}, outside {flat}; '
        'nothing was changed: replace the link, or run the command in the repository that '
        'holds its target'
    )


def test_a_page_changed_since_the_plan_stops_the_migration(nova: Path) -> None:
    migration = _plan(nova)
    root_page = nova / 'doc/source/index.rst'
    root_page.write_text(root_page.read_text(encoding='utf-8') + '\nEdited.\n', encoding='utf-8')
    before = _files(nova)
    with pytest.raises(UsageError) as raised:
        apply_migration(migration)
    assert str(raised.value) == (
        'doc/source/index.rst changed since the migration was planned; nothing was '
        'changed: run the command again'
    )
    assert _files(nova) == before


# -- neutron: flat release pages -------------------------------------------------------

FLAT_ROOT_PAGE = """\
.. neutron-specs documentation master file

==============================
Neutron Project Specifications
==============================

Specifications and RFEs
=======================

.. spec-index::

.. toctree::
   :maxdepth: 2

   specs/2024.2/index
   specs/2024.1/postmortem/postmortem

Process
=======

.. toctree::
   :maxdepth: 1

   process

.. rubric:: Indices and tables

* :ref:`search`
"""

FLAT_RELEASE_PAGE = """\
======
2024.2
======

.. spec-index::
   :release: 2024.2
   :status: approved
   :group-by:
"""


def test_flat_release_pages_give_way_to_the_generated_pages(flat: Path) -> None:
    migration = _plan(flat)
    assert migration.changes == [
        (
            'edit index.rst:10: the toctree becomes the site index (.. spec-index::), which lists '
            'every spec; a toctree keeps 2 entries'
        ),
        (
            'edit index.rst:10: specs/2024.1/postmortem/postmortem is listed here now: only '
            'removed pages listed it'
        ),
        "edit index.rst:17: section 'Backlogs' is removed: nothing is left in it",
        'edit index.rst:20: the toctree is removed: the generated pages list its specs',
        (
            'edit specs/2024.2/index.rst:5: the toctree becomes a spec-index (:release: 2024.2, '
            ':status: approved, :group-by:) of the same 1 spec'
        ),
        'remove specs/2024.1/index.rst: it only lists specs, which by/release/2024.1 lists',
        'remove specs/2025.1/index.rst: it lists no spec; the site index is on index',
        'remove specs/backlog/index.rst: it only lists specs, which by/status/backlog lists',
        'add to redirects: specs/2024.1/index.rst ../../by/release/2024.1.rst',
        'add to redirects: specs/2025.1/index.rst ../../index.rst',
        'add to redirects: specs/backlog/index.rst ../../by/status/backlog.rst',
    ]
    # A spec links to the 2024.2 page: specs are never changed, so it stays.
    assert migration.notes == [
        'specs/2024.2/index.rst stays: the spec specs/backlog/2024.2/ovn-agent.rst links to it'
    ]
    before = _files(flat)
    apply_migration(migration)
    after = _files(flat)
    assert sorted(set(before) - set(after)) == [
        'specs/2024.1/index.rst',
        'specs/2025.1/index.rst',
        'specs/backlog/index.rst',
    ]
    assert sorted(k for k in after if before.get(k) != after[k]) == [
        'index.rst',
        'redirects',
        'specs/2024.2/index.rst',
    ]
    assert after['index.rst'] == FLAT_ROOT_PAGE.encode()
    assert after['specs/2024.2/index.rst'] == FLAT_RELEASE_PAGE.encode()
    assert after['redirects'] == (
        b'specs/2024.1/index.rst ../../by/release/2024.1.rst\n'
        b'specs/2025.1/index.rst ../../index.rst\n'
        b'specs/backlog/index.rst ../../by/status/backlog.rst\n'
    )
    outdir = _build(flat)
    assert _refresh_target(outdir, 'specs/2024.1/index.html') == '../../by/release/2024.1.html'
    assert _refresh_target(outdir, 'specs/2025.1/index.html') == '../../index.html'
    assert _refresh_target(outdir, 'specs/backlog/index.html') == '../../by/status/backlog.html'


def test_a_page_keeps_its_line_endings(flat: Path) -> None:
    root_page = flat / 'index.rst'
    root_page.write_bytes(root_page.read_bytes().replace(b'\n', b'\r\n'))
    apply_migration(_plan(flat))
    assert root_page.read_bytes() == FLAT_ROOT_PAGE.replace('\n', '\r\n').encode()


# -- cinder: a root page of per-release sections ----------------------------------------

SECTIONS_ROOT_PAGE = """\
.. cinder-specs documentation master file

=============================================
Block Storage Service Specifications (cinder)
=============================================

Specifications
==============

.. spec-index::

Untargeted specs
================

.. note::

   These specs were approved and are not finished yet
   in the originally planned release.

.. spec-index::
   :status: untargeted
   :group-by:

Previously approved specs
=========================

2024.1
------

.. toctree::
   :glob:
   :maxdepth: 1

   specs/2024.1/*

Indices and tables
==================

* :ref:`search`
"""


def test_a_root_page_of_release_sections_gets_the_site_index(sections: Path) -> None:
    migration = _plan(sections)
    assert migration.changes == [
        (
            "edit index.rst:7: section '2025.1 approved specs' becomes 'Specifications': it holds "
            'the site index'
        ),
        (
            'edit index.rst:10: the toctree becomes the site index (.. spec-index::), which lists '
            'every spec'
        ),
        (
            'edit index.rst:24: the toctree becomes a spec-index (:status: untargeted, '
            ':group-by:) of the same 1 spec'
        ),
        "edit index.rst:33: section '2024.2' is removed: nothing is left in it",
        'edit index.rst:36: the toctree is removed: the generated pages list its specs',
    ]
    assert migration.notes == []
    before = _files(sections)
    apply_migration(migration)
    after = _files(sections)
    assert sorted(k for k in after if before.get(k) != after[k]) == ['index.rst']
    assert set(after) == set(before)
    assert after['index.rst'] == SECTIONS_ROOT_PAGE.encode()
    _build(sections)


# -- glance: pages per release, status and project -----------------------------------

NESTED_ROOT_PAGE = """\
============================
Image Service (Glance) Plans
============================

This repository holds proposals for Glance, glance_store and the client.

Priorities
==========

.. toctree::
   :maxdepth: 1

   priorities

Specifications
==============

.. spec-index::

Current
-------

.. toctree::
   :glob:
   :maxdepth: 1

   specs/untargeted/*

Past
----

.. toctree::
   :maxdepth: 1

   specs/2025.1/implemented/index
   specs/2024.2/approved/glance/lite-specs
"""

NESTED_STATUS_PAGE = """\
==================================
Untargeted Approved Specifications
==================================

These specs are approved and wait for a release: the people who
proposed them moved on.

Approved untargeted specs for Glance:

.. spec-index::
   :status: untargeted
   :project: glance
   :group-by:
"""


def test_pages_per_release_status_and_project_give_way(nested: Path) -> None:
    migration = _plan(nested)
    assert migration.changes == [
        'edit index.rst:16: the site index (.. spec-index::) is added here',
        'edit index.rst:30: the toctree keeps 2 entries: the generated pages list its specs',
        (
            'edit index.rst:30: specs/2025.1/implemented/index is listed here now: only removed '
            'pages listed it'
        ),
        (
            'edit index.rst:30: specs/2024.2/approved/glance/lite-specs is listed here now: only '
            'removed pages listed it'
        ),
        (
            'edit specs/untargeted/index.rst:10: the toctree becomes a spec-index (:status: '
            'untargeted, :project: glance, :group-by:) of the same 1 spec'
        ),
        (
            'remove specs/2024.2/approved/index.rst: it only lists specs, which by/release/2024.2 '
            'lists'
        ),
        'remove specs/2024.2/index.rst: it only lists specs, which by/release/2024.2 lists',
        (
            'remove specs/2025.1/approved/index.rst: it only lists specs, which by/release/2025.1 '
            'lists'
        ),
        'remove specs/2025.1/index.rst: it only lists specs, which by/release/2025.1 lists',
        'add to redirects: specs/2024.2/approved/index.rst ../../../by/release/2024.2.rst',
        'add to redirects: specs/2024.2/index.rst ../../by/release/2024.2.rst',
        'add to redirects: specs/2025.1/approved/index.rst ../../../by/release/2025.1.rst',
        'add to redirects: specs/2025.1/index.rst ../../by/release/2025.1.rst',
    ]
    # The page of 2025.1's implemented specs says something ("None yet"): it
    # stays, listed where its release page was.
    assert migration.notes == ['specs/untargeted/index.rst stays: it has text of its own (line 5)']
    before = _files(nested)
    apply_migration(migration)
    after = _files(nested)
    assert sorted(set(before) - set(after)) == [
        'specs/2024.2/approved/index.rst',
        'specs/2024.2/index.rst',
        'specs/2025.1/approved/index.rst',
        'specs/2025.1/index.rst',
    ]
    assert sorted(k for k in after if before.get(k) != after[k]) == [
        'index.rst',
        'redirects',
        'specs/untargeted/index.rst',
    ]
    assert after['index.rst'] == NESTED_ROOT_PAGE.encode()
    assert after['specs/untargeted/index.rst'] == NESTED_STATUS_PAGE.encode()
    outdir = _build(nested)
    assert _refresh_target(outdir, 'specs/2024.2/approved/index.html') == (
        '../../../by/release/2024.2.html'
    )


@pytest.mark.parametrize('name', ['nova', 'flat', 'sections', 'nested'])
def test_a_second_run_finds_nothing_to_do(name: str, request: pytest.FixtureRequest) -> None:
    repo: Path = request.getfixturevalue(name)
    apply_migration(_plan(repo))
    migrated = _files(repo)
    again = _plan(repo)
    assert (again.changes, again.files) == ([], [])
    apply_migration(again)
    assert _files(repo) == migrated


def test_without_generated_pages_nothing_is_migrated(flat: Path) -> None:
    conf = flat / 'conf.py'
    conf.write_text(conf.read_text(encoding='utf-8') + 'specs_index_dir = None\n')
    migration = _plan(flat)
    assert (migration.changes, migration.files) == ([], [])
    assert migration.notes == [
        (
            'specs_index_dir is None: no pages are generated, so the hand-written index pages '
            'are left as they are; list specs on them with spec-index directives'
        )
    ]
