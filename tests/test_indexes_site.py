"""The site index: one bare ``spec-index`` on the root page of a nova-style tree.

``test-index-nova`` holds specs under ``specs/<release>/<status>/``, a
template per release (``specs/<release>-template.rst``, as nova has them), a
backlog and an abandoned spec, a non-spec page, and a root page with a
toctree of that page and a bare ``.. spec-index::``.  Nothing else: no
hand-written index pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sphinx
from index_helpers import (
    Snapshot,
    build,
    copy_root,
    generated_files,
    mtimes,
    page_content,
    project_stub,
    release_stub,
    status_stub,
    stub,
    toctree_captions,
    write,
)

import sphinxcontrib_specs
from sphinxcontrib_specs.core.chart import STATUS_COLOURS, overview_chart
from sphinxcontrib_specs.core.grouping import Ordering
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.statuses import (
    DEFAULT_STATUS_ALIASES,
    DEFAULT_STATUSES,
    StatusVocabulary,
)

ORDERING = Ordering(ReleaseTable({}), StatusVocabulary(DEFAULT_STATUSES, DEFAULT_STATUS_ALIASES))

SPECS = {
    'specs/2025.1/approved/cache-weigher',
    'specs/2025.1/approved/vtpm-live-migration',
    'specs/2025.1/implemented/port-audit',
    'specs/2024.2/implemented/image-metrics',
    'specs/2024.1/approved/quota-cache',
    'specs/2024.1/implemented/numa-balancing',
    'specs/backlog/approved/maintenance-mode',
    'specs/abandoned/old-idea',
}

GENERATED = {
    'release/2025.1.rst': release_stub('2025.1 Epoxy', '2025.1'),
    'release/2024.2.rst': release_stub('2024.2 Dalmatian', '2024.2'),
    'release/2024.1.rst': release_stub('2024.1 Caracal', '2024.1'),
    'release/backlog.rst': release_stub('Backlog', 'backlog'),
    'status/approved.rst': status_stub('Approved', 'approved'),
    'status/implemented.rst': status_stub('Implemented', 'implemented'),
    # The abandoned spec has no release: its status page holds it.
    'status/abandoned.rst': status_stub('Abandoned', 'abandoned', toctree=True),
    'project/nova.rst': project_stub('nova'),
}

TOCTREES = {
    'by/release/2024.1': [
        'specs/2024.1-template',
        'specs/2024.1/approved/quota-cache',
        'specs/2024.1/implemented/numa-balancing',
    ],
    'by/release/2024.2': ['specs/2024.2-template', 'specs/2024.2/implemented/image-metrics'],
    # The newest release's template, which new specs start from, is on the
    # site index.
    'by/release/2025.1': [
        'specs/2025.1/approved/cache-weigher',
        'specs/2025.1/approved/vtpm-live-migration',
        'specs/2025.1/implemented/port-audit',
    ],
    'by/release/backlog': ['specs/backlog-template', 'specs/backlog/approved/maintenance-mode'],
    'by/status/abandoned': ['specs/abandoned/old-idea'],
    'index': [
        'process',
        'by/release/2025.1',
        'by/release/2024.2',
        'by/release/2024.1',
        'by/release/backlog',
        'by/status/approved',
        'by/status/implemented',
        'by/status/abandoned',
        'by/project/nova',
        'specs/2025.1-template',
    ],
}

# Every page groups by status or lists one status: its lines do not say it.
CACHE = 'Cache weigher (alice)'
VTPM = 'vTPM live migration (bob, carol)'
AUDIT = 'Port audit (dave)'
METRICS = 'Image metrics (erin)'
QUOTA = 'Quota cache (frank)'
NUMA = 'NUMA balancing (grace)'
MAINTENANCE = 'Maintenance mode'
OLD = 'Old idea'

OVERVIEW = [
    ['Release', 'Approved', 'Implemented', 'Abandoned', 'Total'],
    ['2025.1 Epoxy', '2', '1', '0', '3'],
    ['2024.2 Dalmatian', '0', '1', '0', '1'],
    ['2024.1 Caracal', '1', '1', '0', '2'],
    ['Backlog', '1', '0', '0', '1'],
    ['No release', '0', '0', '1', '1'],
    ['Total', '4', '3', '1', '8'],
]

PAGES = {
    'index': [OVERVIEW],
    'by/release/2025.1': [('Approved (2)', [CACHE, VTPM]), ('Implemented (1)', [AUDIT])],
    'by/release/2024.2': [('Implemented (1)', [METRICS])],
    'by/release/2024.1': [('Approved (1)', [QUOTA]), ('Implemented (1)', [NUMA])],
    'by/release/backlog': [('Approved (1)', [MAINTENANCE])],
    'by/status/approved': [
        ('2025.1 Epoxy (2)', [CACHE, VTPM]),
        ('2024.1 Caracal (1)', [QUOTA]),
        ('Backlog (1)', [MAINTENANCE]),
    ],
    'by/status/implemented': [
        ('2025.1 Epoxy (1)', [AUDIT]),
        ('2024.2 Dalmatian (1)', [METRICS]),
        ('2024.1 Caracal (1)', [NUMA]),
    ],
    'by/status/abandoned': [('No release (1)', [OLD])],
    'by/project/nova': [
        ('2025.1 Epoxy (3)', [('Approved (2)', [CACHE, VTPM]), ('Implemented (1)', [AUDIT])]),
        ('2024.2 Dalmatian (1)', [('Implemented (1)', [METRICS])]),
        ('2024.1 Caracal (2)', [('Approved (1)', [QUOTA]), ('Implemented (1)', [NUMA])]),
        ('Backlog (1)', [('Approved (1)', [MAINTENANCE])]),
        ('No release (1)', [('Abandoned (1)', [OLD])]),
    ],
}


def box(
    status: str, release: str | None, blueprint: str, people: str | None
) -> list[tuple[str, str]]:
    fields = [('Status', status)]
    if release:
        fields.append(('Release', release))
    fields += [('Project', 'nova'), ('Tracker', f'blueprint {blueprint}')]
    if people:
        fields.append(('Assignees', people))
    return fields


BOXES = {
    'specs/2025.1/approved/cache-weigher': box(
        'Approved', '2025.1 Epoxy', 'cache-weigher', 'alice'
    ),
    'specs/2025.1/approved/vtpm-live-migration': box(
        'Approved', '2025.1 Epoxy', 'vtpm-live-migration', 'bob, carol'
    ),
    'specs/2025.1/implemented/port-audit': box(
        'Implemented', '2025.1 Epoxy', 'port-audit', 'dave'
    ),
    'specs/2024.2/implemented/image-metrics': box(
        'Implemented', '2024.2 Dalmatian', 'image-metrics', 'erin'
    ),
    'specs/2024.1/approved/quota-cache': box('Approved', '2024.1 Caracal', 'quota-cache', 'frank'),
    'specs/2024.1/implemented/numa-balancing': box(
        'Implemented', '2024.1 Caracal', 'numa-balancing', 'grace'
    ),
    'specs/backlog/approved/maintenance-mode': box(
        'Approved', 'Backlog', 'maintenance-mode', None
    ),
    'specs/abandoned/old-idea': box('Abandoned', None, 'old-idea', None),
}


@pytest.fixture(scope='module')
def site(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    shot, _app = build(copy_root('index-nova', tmp_path_factory.mktemp('site')))
    return shot


def test_generated_sources(site: Snapshot) -> None:
    assert generated_files(site.srcdir) == GENERATED


def test_every_spec_in_exactly_one_toctree(site: Snapshot) -> None:
    assert site.warnings == []
    assert 'multiple toctrees' not in site.status
    assert site.toctrees == TOCTREES
    listed = [doc for docs in site.toctrees.values() for doc in docs]
    assert sorted(listed) == sorted(set(listed))
    assert site.reachable() == site.found_docs


def test_release_pages_list_exactly_their_release(site: Snapshot) -> None:
    for release in ('2025.1', '2024.2', '2024.1', 'backlog'):
        specs = {doc for doc in SPECS if doc.startswith(f'specs/{release}/')}
        # The 2025.1 template, the current one, is on the site index.
        template = set() if release == '2025.1' else {f'specs/{release}-template'}
        assert set(site.toctrees[f'by/release/{release}']) == template | specs


def test_pages_show_specs_grouped(site: Snapshot) -> None:
    assert site.pages == PAGES


def test_index_links_go_to_the_specs(site: Snapshot) -> None:
    assert site.links['by/release/2025.1'] == [
        ('Cache weigher', '../../specs/2025.1/approved/cache-weigher.html'),
        ('vTPM live migration', '../../specs/2025.1/approved/vtpm-live-migration.html'),
        ('Port audit', '../../specs/2025.1/implemented/port-audit.html'),
    ]


def test_overview_chart(site: Snapshot) -> None:
    """A titled figure: a legend, a row per release, a description linking to the table."""
    page = (site.srcdir / '_build/html/index.html').read_text()
    charts = re.findall(r'<figure class="specs-chart".*?</figure>', page, re.DOTALL)
    assert len(charts) == 1
    chart = charts[0]
    assert '<script' not in chart
    assert chart.startswith(
        '<figure class="specs-chart" id="specs-overview-chart" '
        'aria-labelledby="specs-overview-chart-title" '
        'aria-describedby="specs-overview-chart-description">'
        '<figcaption class="specs-chart-title" id="specs-overview-chart-title">'
        'Specs per release and status</figcaption>'
    )
    legend = re.findall(r'<li><svg [^>]*>.*?</svg>([^<]*)</li>', chart)
    assert legend == ['Approved', 'Implemented', 'Abandoned']
    rows = re.findall(
        r'<span class="specs-chart-label">([^<]*)</span><svg [^>]*aria-label="([^"]*)">'
        r'.*?<span class="specs-chart-total">(\d+)</span>',
        chart,
    )
    assert rows == [
        ('2025.1 Epoxy', '2025.1 Epoxy: 2 Approved, 1 Implemented', '3'),
        ('2024.2 Dalmatian', '2024.2 Dalmatian: 1 Implemented', '1'),
        ('2024.1 Caracal', '2024.1 Caracal: 1 Approved, 1 Implemented', '2'),
        ('Backlog', 'Backlog: 1 Approved', '1'),
        ('No release', 'No release: 1 Abandoned', '1'),
    ]
    assert re.findall(r'<title>([^<]*)</title>', chart) == [
        '2025.1 Epoxy: 2 Approved',
        '2025.1 Epoxy: 1 Implemented',
        '2024.2 Dalmatian: 1 Implemented',
        '2024.1 Caracal: 1 Approved',
        '2024.1 Caracal: 1 Implemented',
        'Backlog: 1 Approved',
        'No release: 1 Abandoned',
    ]
    assert chart.endswith(
        '<p class="specs-chart-description" id="specs-overview-chart-description">'
        'Each bar is a release, split by status in the order of the legend; each status '
        'has its own colour and pattern. '
        '<a href="#specs-overview">The table below gives the numbers.</a></p></figure>'
    )
    # The link's target: the table, right after the chart.
    assert page.index(chart) < page.index(
        '<div aria-label="Specs per release and status" '
        'class="specs-scroll docutils container" id="specs-overview" role="region" tabindex="0">'
    )


def test_site_index_toctrees_have_captions(site: Snapshot) -> None:
    assert toctree_captions(page_content(site.srcdir, 'index')) == [
        'Releases',
        'Statuses',
        'Projects',
        'Templates',
    ]


def test_metadata_box(site: Snapshot) -> None:
    assert site.boxes == BOXES


def test_metadata_box_sits_under_the_title(site: Snapshot) -> None:
    page = (site.srcdir / '_build/html/specs/2025.1/approved/cache-weigher.html').read_text()
    title = page.index('<h1>Cache weigher')
    box = page.index('<div class="specs-metadata docutils container">')
    preamble = page.index('https://blueprints.launchpad.net/nova/+spec/cache-weigher</a>')
    assert title < box < preamble
    assert (
        '<a class="reference external" '
        'href="https://blueprints.launchpad.net/nova/+spec/cache-weigher">'
        'blueprint cache-weigher</a>'
    ) in page[box:preamble]


def test_style_sheet_is_published_and_linked(site: Snapshot) -> None:
    html = site.srcdir / '_build/html'
    packaged = Path(sphinxcontrib_specs.__file__).parent / 'static/specs.css'
    assert (html / '_static/specs.css').read_bytes() == packaged.read_bytes()
    page = (html / 'specs/2025.1/approved/cache-weigher.html').read_text()
    assert re.search(
        r'<link rel="stylesheet" type="text/css" href="\.\./\.\./\.\./_static/specs\.css', page
    )
    # Tables sit on the left, like the lists and the chart.
    index = (html / 'index.html').read_text()
    assert '<table class="specs-overview docutils align-left" id="specs-overview-table">' in index


def test_metadata_box_switched_off(tmp_path: Path) -> None:
    shot, _app = build(
        copy_root('index-nova', tmp_path), 'dummy', confoverrides={'specs_metadata_box': False}
    )
    assert shot.warnings == []
    assert shot.boxes == {}
    assert shot.pages == PAGES


def test_noop_rebuild_reads_and_writes_nothing(tmp_path: Path) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    build(srcdir)
    before = mtimes(srcdir)
    read: list[str] = []
    written: list[str] = []
    shot, _app = build(srcdir, read=read, written=written)
    assert read == []
    # Sphinx 8.2 and later always rewrite the general index and the search page.
    assert written == ([] if sphinx.version_info < (8, 2) else ['genindex', 'search'])
    assert mtimes(srcdir) == before
    assert shot.warnings == []


def test_stale_pages_removed_and_foreign_files_kept(tmp_path: Path) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    foreign = {
        'notes.rst': ':orphan:\n\nNotes\n=====\n\nWritten by hand.\n',
        'release/README.txt': 'Not a source file.\n',
        # Says it was generated, but not on its first line: kept.
        'release/zed.rst': ':orphan:\n\n.. Generated by sphinxcontrib_specs\n\nZed\n===\n',
    }
    for name, text in foreign.items():
        write(srcdir / 'by' / name, text)
    # A page generated earlier that no spec needs now: removed.
    write(srcdir / 'by/status/retired.rst', stub('Retired specifications', [':status: retired']))
    build(srcdir, 'dummy')
    assert generated_files(srcdir) == {**GENERATED, **foreign}

    # The only 2024.2 spec goes: its release page goes with it.
    (srcdir / 'specs/2024.2/implemented/image-metrics.rst').unlink()
    shot, _app = build(srcdir, 'dummy')
    expected = dict(GENERATED)
    del expected['release/2024.2.rst']
    assert generated_files(srcdir) == {**expected, **foreign}
    assert shot.warnings == []
    assert 'by/release/2024.2' not in shot.toctrees['index']
    # Orphans are outside the navigation, the 2024.2 template now too.
    assert shot.found_docs - shot.reachable() == {
        'by/notes',
        'by/release/zed',
        'specs/2024.2-template',
    }


def test_own_pages_without_generated_ones(tmp_path: Path) -> None:
    """``specs_index_dir = None``: the bare directive lists every spec itself."""
    srcdir = copy_root('index-nova', tmp_path)
    shot, _app = build(srcdir, 'dummy', confoverrides={'specs_index_dir': None})
    assert not (srcdir / 'by').exists()
    assert shot.warnings == []
    assert shot.pages == {
        'index': [
            ('2025.1 Epoxy (3)', [('Approved (2)', [CACHE, VTPM]), ('Implemented (1)', [AUDIT])]),
            ('2024.2 Dalmatian (1)', [('Implemented (1)', [METRICS])]),
            ('2024.1 Caracal (2)', [('Approved (1)', [QUOTA]), ('Implemented (1)', [NUMA])]),
            ('Backlog (1)', [('Approved (1)', [MAINTENANCE])]),
            ('No release (1)', [('Abandoned (1)', [OLD])]),
        ]
    }
    assert shot.toctrees == {
        'index': [
            'process',
            'specs/2025.1/approved/cache-weigher',
            'specs/2025.1/approved/vtpm-live-migration',
            'specs/2025.1/implemented/port-audit',
            'specs/2024.2/implemented/image-metrics',
            'specs/2024.1/approved/quota-cache',
            'specs/2024.1/implemented/numa-balancing',
            'specs/backlog/approved/maintenance-mode',
            'specs/abandoned/old-idea',
        ]
    }
    # Templates are published as orphans, outside the navigation.
    assert shot.reachable() == shot.found_docs - {
        'specs/2025.1-template',
        'specs/2024.2-template',
        'specs/2024.1-template',
        'specs/backlog-template',
    }


def test_index_dir_elsewhere(tmp_path: Path) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    shot, _app = build(srcdir, 'dummy', confoverrides={'specs_index_dir': 'generated/specs/'})
    assert not (srcdir / 'by').exists()
    assert generated_files(srcdir, 'generated/specs') == GENERATED
    assert shot.warnings == []
    assert shot.toctrees['index'] == [
        'process',
        *(name.replace('by/', 'generated/specs/') for name in TOCTREES['index'][1:]),
    ]
    assert shot.reachable() == shot.found_docs


def test_status_page_toctree_holds_only_specs_without_release(tmp_path: Path) -> None:
    """The abandoned page lists an abandoned spec of 2025.1 too, but its
    toctree holds only the spec with no release: the other one is in the
    2025.1 page's."""
    srcdir = copy_root('index-nova', tmp_path)
    abandoned = (srcdir / 'specs/abandoned/old-idea.rst').read_text()
    write(
        srcdir / 'specs/2025.1/abandoned/old-idea.rst',
        abandoned.replace('old-idea', 'older-idea'),
    )
    shot, _app = build(srcdir, 'dummy')
    assert shot.warnings == []
    assert 'multiple toctrees' not in shot.status
    assert shot.toctrees == {
        **TOCTREES,
        'by/release/2025.1': [*TOCTREES['by/release/2025.1'], 'specs/2025.1/abandoned/old-idea'],
    }
    assert shot.pages['by/status/abandoned'] == [
        ('2025.1 Epoxy (1)', [OLD]),
        ('No release (1)', [OLD]),
    ]
    assert shot.pages['by/release/2025.1'] == [
        ('Approved (2)', [CACHE, VTPM]),
        ('Implemented (1)', [AUDIT]),
        ('Abandoned (1)', [OLD]),
    ]


def test_site_index_on_the_last_line_without_a_newline(tmp_path: Path) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    index = srcdir / 'index.rst'
    write(index, index.read_text().rstrip('\n'))
    shot, _app = build(srcdir, 'dummy')
    assert shot.warnings == []
    assert generated_files(srcdir) == GENERATED
    assert shot.toctrees == TOCTREES


def test_site_index_in_a_file_with_windows_line_endings(tmp_path: Path) -> None:
    # The header scan reads files as bytes: line endings are still read as
    # a file opened as text reads them.
    srcdir = copy_root('index-nova', tmp_path)
    index = srcdir / 'index.rst'
    index.write_bytes(index.read_bytes().replace(b'\n', b'\r\n'))
    shot, _app = build(srcdir, 'dummy')
    assert shot.warnings == []
    assert generated_files(srcdir) == GENERATED
    assert shot.toctrees == TOCTREES


#: Sphinx 8.2 gave the "not in any toctree" warning its type.
NOT_INCLUDED = ' [toc.not_included]' if sphinx.version_info >= (8, 2) else ''


def test_a_hand_written_file_where_a_generated_page_belongs_is_kept(tmp_path: Path) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    own = ':orphan:\n\n2025.1 by hand\n==============\n\nKept as written.\n'
    write(srcdir / 'by/release/2025.1.rst', own)
    shot, _app = build(srcdir, 'dummy')
    assert (srcdir / 'by/release/2025.1.rst').read_text() == own
    assert shot.warnings == [
        (
            'by/release/2025.1.rst:1: WARNING: this file is where a generated index page '
            'belongs, but it was not generated (its first line is not '
            "'.. Generated by sphinxcontrib_specs'), so it is left as it is and the "
            'generated page is not written; move the file, or set specs_index_dir to a '
            'directory of generated pages only [specs.config]'
        ),
        *(
            f"{spec}.rst: WARNING: document isn't included in any toctree{NOT_INCLUDED}"
            for spec in sorted(s for s in SPECS if s.startswith('specs/2025.1/'))
        ),
    ]
    expected = dict(GENERATED)
    expected['release/2025.1.rst'] = own
    assert generated_files(srcdir) == expected


def test_a_dangling_link_or_a_directory_where_a_generated_page_belongs_is_kept(
    tmp_path: Path,
) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    link = srcdir / 'by/release/2025.1.rst'
    link.parent.mkdir(parents=True)
    link.symlink_to(srcdir / 'elsewhere.rst')
    (srcdir / 'by/status/approved.rst').mkdir(parents=True)
    shot, _app = build(srcdir, 'dummy')
    assert link.is_symlink()
    assert not link.exists()
    assert (srcdir / 'by/status/approved.rst').is_dir()
    kept = [w for w in shot.warnings if '[specs.config]' in w]
    assert kept == [
        (
            f'{page}:1: WARNING: this file is where a generated index page belongs, but '
            f'it cannot be read ({reason}), so it is left as it is and the generated page '
            'is not written; move the file, or set specs_index_dir to a directory of '
            'generated pages only [specs.config]'
        )
        for page, reason in (
            ('by/release/2025.1.rst', 'No such file or directory'),
            ('by/status/approved.rst', 'Is a directory'),
        )
    ]


def test_overview_chart_legend_and_every_status_has_its_own_look() -> None:
    """Nine statuses: a legend entry each, in order; no two neighbours look alike."""
    statuses = [
        'approved',
        'implemented',
        'in-progress',
        'ongoing',
        'done',
        'backlog',
        'not-implemented',
        'superseded',
        'abandoned',
    ]
    counts = {('2025.1', status): 1 for status in statuses}
    chart = overview_chart(['2025.1'], statuses, counts, ORDERING, anchor='c')
    legend = re.findall(r'<li><svg [^>]*><rect [^>]*fill="([^"]+)"/></svg>([^<]*)</li>', chart)
    assert [label for _fill, label in legend] == [ORDERING.label('status', s) for s in statuses]
    fills = [fill for fill, _label in legend]
    # Seven patterns, the first plain: the eighth status is plain again, in
    # a colour of its own; the ninth has the first colour, striped.
    patterned = [f'url(#c-pattern-{i})' for i in range(1, 7)]
    assert fills == [STATUS_COLOURS[0], *patterned, STATUS_COLOURS[7], 'url(#c-pattern-8)']
    # The bar's segments in the legend's order, with the same fills.
    assert re.findall(r'<rect x="\d+" width="100%" height="100%" fill="([^"]+)"/>', chart) == fills
