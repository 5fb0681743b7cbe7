"""Settings that let a repository adopt the extension as it is.

Each root is a repository whose layout, history or habits the defaults do
not fit: a template cut down over the years (``test-adoption-sections``),
a client filed under two names beside documents that are no specs
(``test-adoption-site``), and releases named by version numbers
(``test-adoption-versions``).  The build reports exactly the true findings,
and the pages, the overview and the feed show what the settings say.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import warning_lines
from index_helpers import (
    Snapshot,
    build,
    copy_root,
    edit,
    generated_files,
    project_stub,
    release_stub,
    status_stub,
)
from sphinx.testing.util import SphinxTestApp
from test_cli_check import run

from sphinxcontrib_specs.adapter.domain import get_domain

ATOM = '{http://www.w3.org/2005/Atom}'

# -- Sections of the template's past, accepted titles, fewer required sections --

SECTIONS = [
    (
        "specs/kilo/no-problem.rst:5: WARNING: missing required section 'Problem Description' "
        "(template specs/template.rst:5); add it before 'Proposed Change' "
        '[specs.missing_section]'
    ),
    (
        "specs/liberty/no-references.rst:10: WARNING: missing required section 'References' "
        "(template specs/template.rst:15); add it after 'Proposed Change' "
        '[specs.missing_section]'
    ),
    (
        "specs/liberty/reference-links.rst:10: WARNING: missing required section 'References' "
        "(template specs/template.rst:15); add it after 'Proposed Change' "
        '[specs.missing_section]'
    ),
    (
        "specs/mitaka/late-dependencies.rst:15: WARNING: section 'Dependencies' is not in the "
        'template (specs/template.rst); remove it, or make it a subsection of the section it '
        'belongs to [specs.extra_section]'
    ),
]


@pytest.mark.sphinx('html', testroot='adoption-sections')
def test_sections_the_template_dropped_or_never_had(app: SphinxTestApp) -> None:
    """``extra`` titles are no extra sections at any level (``Work Items`` is
    a subsection, with extra_subsection on) and no misspelling of a missing
    section (``Reference links``); ``until`` accepts ``Dependencies`` up to
    kilo, and requires ``References`` up to liberty only; implemented specs
    need only their problem description; ``.. lint: norfe`` opts out."""
    app.build()
    assert warning_lines(app) == SECTIONS


@pytest.mark.sphinx('html', testroot='adoption-sections')
def test_the_status_comes_from_the_release(app: SphinxTestApp) -> None:
    app.build()
    statuses = {docname: r.status for docname, r in get_domain(app.env).specs.items()}
    assert statuses == {
        'specs/kilo/no-problem': 'implemented',
        'specs/kilo/old-style': 'implemented',
        'specs/liberty/no-references': 'approved',
        'specs/liberty/reference-links': 'approved',
        'specs/mitaka/late-dependencies': 'approved',
        'specs/mitaka/no-references': 'approved',
        'specs/mitaka/rfe-only': 'approved',
    }


def test_check_reports_what_the_build_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root('adoption-sections', tmp_path)
    status, lines, err = run(['check'], srcdir, capsys, monkeypatch)
    assert (status, lines) == (1, SECTIONS)
    assert err.splitlines()[-1] == 'sphinx-specs: 7 specs checked, 4 findings'


# -- Projects under two names, documents that are no specs, the feed's author --

CACHE_API = 'Cache API'
CACHE_CLI = 'Cache CLI'
UPLOAD = 'Upload progress'
LOCATIONS = 'Image locations'
POSTMORTEM = 'specs/2025.1/postmortem/epoxy'


@pytest.fixture(scope='module')
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, Path]:
    srcdir = copy_root('adoption-site', tmp_path_factory.mktemp('site'))
    shot, app = build(srcdir)
    return shot, Path(app.outdir)


def test_projects_are_one_whatever_their_name_or_case(site: tuple[Snapshot, Path]) -> None:
    shot, _outdir = site
    assert shot.warnings == []
    assert generated_files(shot.srcdir) == {
        'release/2025.2.rst': release_stub('2025.2 Flamingo', '2025.2'),
        'release/2025.1.rst': release_stub('2025.1 Epoxy', '2025.1'),
        'status/approved.rst': status_stub('Approved', 'approved'),
        'status/implemented.rst': status_stub('Implemented', 'implemented'),
        'project/glance.rst': project_stub('glance'),
        'project/python-glanceclient.rst': project_stub('python-glanceclient'),
    }
    assert shot.pages['by/project/python-glanceclient'] == [
        ('2025.1 Epoxy (2)', [('Approved (1)', [CACHE_CLI]), ('Implemented (1)', [UPLOAD])]),
    ]
    assert shot.pages['by/project/glance'] == [
        ('2025.2 Flamingo (1)', [('Approved (1)', [LOCATIONS])]),
        ('2025.1 Epoxy (1)', [('Approved (1)', [CACHE_API])]),
    ]
    # A directive may name the project by any of its names, in any case.
    assert shot.pages['client'] == [f'{CACHE_CLI} (Approved)', f'{UPLOAD} (Implemented)']


def test_a_kind_that_is_not_listed_has_a_page_of_its_own(site: tuple[Snapshot, Path]) -> None:
    """The postmortem is on no generated page, in no count and in the
    navigation once, through the page that asks for its kind; it has no
    status."""
    shot, _outdir = site
    assert shot.pages['index'] == [
        [
            ['Release', 'Approved', 'Implemented', 'Total'],
            ['2025.2 Flamingo', '1', '0', '1'],
            ['2025.1 Epoxy', '2', '1', '3'],
            ['Total', '3', '1', '4'],
        ]
    ]
    assert shot.pages['postmortems'] == [('2025.1 Epoxy (1)', ['Epoxy postmortem'])]
    assert shot.pages['by/release/2025.1'] == [
        ('Approved (2)', [CACHE_API, CACHE_CLI]),
        ('Implemented (1)', [UPLOAD]),
    ]
    assert shot.toctrees['postmortems'] == [POSTMORTEM]
    listed = [doc for entries in shot.toctrees.values() for doc in entries]
    assert sorted(listed) == sorted(set(listed))
    assert shot.reachable() == shot.found_docs
    assert shot.boxes[POSTMORTEM] == [('Release', '2025.1 Epoxy')]


def test_the_feed_names_its_author_and_leaves_the_postmortem_out(
    site: tuple[Snapshot, Path],
) -> None:
    _shot, outdir = site
    root = ET.fromstring((outdir / 'specs.atom').read_bytes())
    author = root.find(f'{ATOM}author')
    assert author is not None
    assert (author.findtext(f'{ATOM}name'), author.findtext(f'{ATOM}email')) == (
        'Glance team',
        'glance@example.org',
    )
    assert [entry.findtext(f'{ATOM}title') for entry in root.findall(f'{ATOM}entry')] == [
        'Image locations',
        'Upload progress',
        'Cache CLI',
        'Cache API',
    ]


def test_without_an_author_the_feed_names_the_project(tmp_path: Path) -> None:
    """Sphinx's own ``author`` says "Author name not set" unless conf.py sets
    it: no name for a feed."""
    srcdir = copy_root('adoption-site', tmp_path)
    conf = srcdir / 'conf.py'
    conf.write_text(conf.read_text().replace('specs_feed_author', 'unused_author'))
    _shot, app = build(srcdir)
    root = ET.fromstring((Path(app.outdir) / 'specs.atom').read_bytes())
    author = root.find(f'{ATOM}author')
    assert author is not None
    assert [(child.tag, child.text) for child in author] == [(f'{ATOM}name', 'Glance Specs')]


def test_a_parallel_build_shows_the_same(site: tuple[Snapshot, Path], tmp_path: Path) -> None:
    serial, _outdir = site
    parallel, _app = build(copy_root('adoption-site', tmp_path), parallel=2)
    assert (parallel.warnings, parallel.pages, parallel.toctrees, parallel.boxes) == (
        serial.warnings,
        serial.pages,
        serial.toctrees,
        serial.boxes,
    )


# -- One release under two version numbers ------------------------------------

BOOT = 'Boot modes'
POWER = 'Power sync'
FIRMWARE = 'Firmware updates'
RAID = 'RAID hints'
DEPLOY = 'Deploy steps'


def test_a_release_keeps_the_versions_it_is_named_by(tmp_path: Path) -> None:
    """2026.2 is reached through 36.0, 35.0 and its own name: its page, and
    every list by release, has a group for each, newest first; 2026.1,
    reached through 34.0 alone, is one group, as it would be."""
    srcdir = copy_root('adoption-versions', tmp_path)
    shot, _app = build(srcdir, 'dummy')
    assert shot.warnings == []
    assert generated_files(srcdir) == {
        'release/2026.2.rst': release_stub('2026.2 Hibiscus', '2026.2'),
        'release/2026.1.rst': release_stub('2026.1 Gazpacho', '2026.1'),
        'status/approved.rst': status_stub('Approved', 'approved'),
        'status/implemented.rst': status_stub('Implemented', 'implemented'),
    }
    assert shot.pages['by/release/2026.2'] == [
        ('2026.2 Hibiscus (1)', [('Approved (1)', [RAID])]),
        ('36.0 (1)', [('Approved (1)', [BOOT])]),
        ('35.0 (2)', [('Approved (1)', [POWER]), ('Implemented (1)', [FIRMWARE])]),
    ]
    assert shot.pages['by/release/2026.1'] == [('Implemented (1)', [DEPLOY])]
    assert shot.pages['by/status/approved'] == [
        ('2026.2 Hibiscus (1)', [RAID]),
        ('36.0 (1)', [BOOT]),
        ('35.0 (1)', [POWER]),
    ]
    assert shot.pages['index'][0][1:] == [
        ['2026.2 Hibiscus', '3', '1', '4'],
        ['2026.1 Gazpacho', '0', '1', '1'],
        ['Total', '3', '2', '5'],
    ]
    # The toctree holds the specs in the order the page lists them.
    assert shot.toctrees['by/release/2026.2'] == [
        'specs/approved/raid',
        'specs/approved/boot-modes',
        'specs/approved/power-sync',
        'specs/implemented/firmware',
    ]

    edit(srcdir / 'specs/approved/boot-modes.rst', lambda text: text.replace('36.0', '35.0'))
    again, _app = build(srcdir, 'dummy')
    assert again.warnings == []
    assert again.pages['by/release/2026.2'] == [
        ('2026.2 Hibiscus (1)', [('Approved (1)', [RAID])]),
        (
            '35.0 (3)',
            [('Approved (2)', [BOOT, POWER]), ('Implemented (1)', [FIRMWARE])],
        ),
    ]
