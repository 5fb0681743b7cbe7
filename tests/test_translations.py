"""Labels in the site's language, from the catalog template the package ships.

``test-translated`` is a German site (``language = 'de'``) with its own
catalog, ``locales/de/LC_MESSAGES/sphinxcontrib_specs.po``: five specs of
nova (one with a bug as well as a blueprint, one in the backlog, one
abandoned without a release), a template they share, the site index, and a
page with a table per release and an index that matches nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from index_helpers import Snapshot, build, copy_root, page_content, toctree_captions

import sphinxcontrib_specs
from sphinxcontrib_specs.adapter.locale import CATALOG, CORE_LABELS, LOCALE_DIR
from sphinxcontrib_specs.core.grouping import DIMENSIONS, Ordering
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.statuses import (
    DEFAULT_STATUS_ALIASES,
    DEFAULT_STATUSES,
    StatusVocabulary,
)

PACKAGE = Path(sphinxcontrib_specs.__file__).parent
TEMPLATE = Path(LOCALE_DIR) / f'{CATALOG}.pot'
CATALOG_DIR = Path('locales/de/LC_MESSAGES')

# The tables are grouped by release: they have no release column.
CACHE = ['Cache weigher', 'Genehmigt', 'nova', 'alice']
AUDIT = ['Port audit', 'Genehmigt', 'nova', 'dave']
METRICS = ['Image metrics', 'Umgesetzt', 'nova', 'erin, frank']
MAINTENANCE = ['Maintenance mode', 'Genehmigt', 'nova', '']
OLD = ['Old idea', 'Aufgegeben', 'nova', '']
HEADER = ['Titel', 'Status', 'Projekt', 'Zuständige', 'Ticket']
# The generated pages group by status or list one: lines give no status.
CACHE_ITEM = 'Cache weigher (alice)'
AUDIT_ITEM = 'Port audit (dave)'
METRICS_ITEM = 'Image metrics (erin, frank)'
MAINTENANCE_ITEM = 'Maintenance mode'
OLD_ITEM = 'Old idea'

PAGES = {
    'index': [
        [
            ['Version', 'Genehmigt', 'Umgesetzt', 'Aufgegeben', 'Gesamt'],
            ['2025.1 Epoxy', '2', '0', '0', '2'],
            ['2024.2 Dalmatian', '0', '1', '0', '1'],
            ['Rückstand', '1', '0', '0', '1'],
            ['Keine Version', '0', '0', '1', '1'],
            ['Gesamt', '3', '1', '1', '5'],
        ]
    ],
    'tables': [
        (
            '2025.1 Epoxy (2)',
            [
                [
                    HEADER,
                    [*CACHE, 'Blueprint cache-weigher, Fehler 2071234'],
                    [*AUDIT, 'Blueprint port-audit'],
                ]
            ],
        ),
        ('2024.2 Dalmatian (1)', [[HEADER, [*METRICS, 'Blueprint image-metrics']]]),
        ('Rückstand (1)', [[HEADER, [*MAINTENANCE, 'Blueprint maintenance-mode']]]),
        ('Keine Version (1)', [[HEADER, [*OLD, 'Blueprint old-idea']]]),
        'Keine Specs.',
    ],
    'by/release/2025.1': [('Genehmigt (2)', [CACHE_ITEM, AUDIT_ITEM])],
    'by/release/2024.2': [('Umgesetzt (1)', [METRICS_ITEM])],
    'by/release/backlog': [('Genehmigt (1)', [MAINTENANCE_ITEM])],
    'by/status/approved': [
        ('2025.1 Epoxy (2)', [CACHE_ITEM, AUDIT_ITEM]),
        ('Rückstand (1)', [MAINTENANCE_ITEM]),
    ],
    'by/status/implemented': [('2024.2 Dalmatian (1)', [METRICS_ITEM])],
    'by/status/abandoned': [('Keine Version (1)', [OLD_ITEM])],
    'by/project/nova': [
        ('2025.1 Epoxy (2)', [('Genehmigt (2)', [CACHE_ITEM, AUDIT_ITEM])]),
        ('2024.2 Dalmatian (1)', [('Umgesetzt (1)', [METRICS_ITEM])]),
        ('Rückstand (1)', [('Genehmigt (1)', [MAINTENANCE_ITEM])]),
        ('Keine Version (1)', [('Aufgegeben (1)', [OLD_ITEM])]),
    ],
}


def box(
    status: str, release: str | None, tracker: str, people: str | None
) -> list[tuple[str, str]]:
    fields = [('Status', status)]
    if release:
        fields.append(('Version', release))
    fields += [('Projekt', 'nova'), ('Ticket', tracker)]
    if people:
        fields.append(('Zuständige', people))
    return fields


BOXES = {
    'specs/2025.1/approved/cache-weigher': box(
        'Genehmigt', '2025.1 Epoxy', 'Blueprint cache-weigher, Fehler 2071234', 'alice'
    ),
    'specs/2025.1/port-audit': box('Genehmigt', '2025.1 Epoxy', 'Blueprint port-audit', 'dave'),
    'specs/2024.2/implemented/image-metrics': box(
        'Umgesetzt', '2024.2 Dalmatian', 'Blueprint image-metrics', 'erin, frank'
    ),
    'specs/backlog/approved/maintenance-mode': box(
        'Genehmigt', 'Rückstand', 'Blueprint maintenance-mode', None
    ),
    'specs/abandoned/old-idea': box('Aufgegeben', None, 'Blueprint old-idea', None),
}


def compile_catalog(srcdir: Path) -> None:
    """Compile the site's German ``.po`` into the ``.mo`` gettext reads."""
    with (srcdir / CATALOG_DIR / f'{CATALOG}.po').open('rb') as stream:
        catalog = read_po(stream, locale='de')
    with (srcdir / CATALOG_DIR / f'{CATALOG}.mo').open('wb') as stream:
        write_mo(stream, catalog)


# ---------------------------------------------------------------------------
# The catalog template


def test_catalog_template_holds_every_message_of_the_code() -> None:
    """The shipped .pot has exactly the messages ``pybabel extract`` finds now.

    Regenerate it with the command in doc/howto/translate.rst.
    """
    found = {
        message
        for _filename, _line, message, _comments, _context in extract_from_dir(
            PACKAGE, method_map=[('**.py', 'python')], keywords=DEFAULT_KEYWORDS
        )
    }
    with TEMPLATE.open('rb') as stream:
        shipped = {message.id for message in read_po(stream) if message.id}
    assert shipped == found


def test_every_label_of_the_core_is_marked() -> None:
    """Default statuses, release buckets and the no-value headings."""
    releases = ReleaseTable()
    ordering = Ordering(releases, StatusVocabulary(DEFAULT_STATUSES, DEFAULT_STATUS_ALIASES))
    shown = {
        *DEFAULT_STATUSES.values(),
        *(releases.parse(bucket).label for bucket in releases.buckets),
        *(ordering.label(dimension, '') for dimension in DIMENSIONS),
    }
    assert set(CORE_LABELS) == shown


def test_test_catalog_translates_every_message() -> None:
    with TEMPLATE.open('rb') as stream:
        template = {message.id for message in read_po(stream) if message.id}
    po = Path(__file__).parent / 'roots/test-translated' / CATALOG_DIR / f'{CATALOG}.po'
    with po.open('rb') as stream:
        translated = {message.id for message in read_po(stream) if message.id and message.string}
    assert template - translated == set()


# ---------------------------------------------------------------------------
# A German site


@pytest.fixture(scope='module')
def site(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The German site, built from its ``.po`` alone (Sphinx compiles it)."""
    shot, _app = build(copy_root('translated', tmp_path_factory.mktemp('site')))
    return shot


def test_build_compiles_the_catalog(site: Snapshot) -> None:
    assert site.warnings == []
    assert (site.srcdir / CATALOG_DIR / f'{CATALOG}.mo').is_file()


def test_indexes_in_german(site: Snapshot) -> None:
    assert site.pages == PAGES


def test_metadata_boxes_in_german(site: Snapshot) -> None:
    assert site.boxes == BOXES


def test_toctree_captions_in_german(site: Snapshot) -> None:
    assert toctree_captions(page_content(site.srcdir, 'index')) == [
        'Versionen',
        'Stände',
        'Projekte',
        'Vorlagen',
    ]


def test_chart_in_german(site: Snapshot) -> None:
    page = (site.srcdir / '_build/html/index.html').read_text()
    chart = re.findall(r'<figure class="specs-chart".*?</figure>', page, re.DOTALL)[0]
    # Every text of the chart, in order: title, legend, rows, description.
    assert re.findall(r'>([^<>]+)<', chart) == [
        'Specs pro Version und Status',
        'Genehmigt',
        'Umgesetzt',
        'Aufgegeben',
        '2025.1 Epoxy',
        '2025.1 Epoxy: 2 Genehmigt',
        '2',
        '2024.2 Dalmatian',
        '2024.2 Dalmatian: 1 Umgesetzt',
        '1',
        'Rückstand',
        'Rückstand: 1 Genehmigt',
        '1',
        'Keine Version',
        'Keine Version: 1 Aufgegeben',
        '1',
        (
            'Jeder Balken ist eine Version, nach Status geteilt in der Reihenfolge der '
            'Legende; jeder Status hat seine eigene Farbe und sein eigenes Muster. '
        ),
        'Die Tabelle darunter nennt die Zahlen.',
    ]
    assert re.findall(r'aria-label="([^"]*)"', chart) == [
        '2025.1 Epoxy: 2 Genehmigt',
        '2024.2 Dalmatian: 1 Umgesetzt',
        'Rückstand: 1 Genehmigt',
        'Keine Version: 1 Aufgegeben',
    ]


def test_text_builder_in_german(tmp_path: Path) -> None:
    srcdir = copy_root('translated', tmp_path)
    shot, app = build(srcdir, 'text')
    assert shot.warnings == []
    text = (Path(app.outdir) / 'specs/2025.1/approved/cache-weigher.txt').read_text()
    assert text.startswith(
        'Cache weigher\n'
        '*************\n'
        '\n'
        'Status:\n'
        '   Genehmigt\n'
        '\n'
        'Version:\n'
        '   2025.1 Epoxy\n'
        '\n'
        'Projekt:\n'
        '   nova\n'
        '\n'
        'Ticket:\n'
        '   Blueprint cache-weigher, Fehler 2071234\n'
        '\n'
        'Zuständige:\n'
        '   alice\n'
        '\n'
    )
    tables = (Path(app.outdir) / 'tables.txt').read_text()
    assert tables.endswith(
        '-[ Keine Version (1) ]-\n'
        '\n'
        '+----------+------------+---------+------------+--------------------+\n'
        '| Titel    | Status     | Projekt | Zuständige | Ticket             |\n'
        '|==========|============|=========|============|====================|\n'
        '| Old idea | Aufgegeben | nova    |            | Blueprint old-idea |\n'
        '+----------+------------+---------+------------+--------------------+\n'
        '\n'
        'Keine Specs.\n'
    )


# ---------------------------------------------------------------------------
# Compiling the catalog


def test_compiled_catalog_without_auto_build(tmp_path: Path) -> None:
    """With ``gettext_auto_build`` off, the site's own ``.mo`` is read as it is."""
    srcdir = copy_root('translated', tmp_path)
    compile_catalog(srcdir)
    (srcdir / CATALOG_DIR / f'{CATALOG}.po').unlink()
    shot, _app = build(srcdir, 'dummy', confoverrides={'gettext_auto_build': False})
    assert shot.warnings == []
    assert shot.boxes == BOXES
    assert shot.pages == PAGES


def test_no_auto_build_and_no_compiled_catalog_keeps_english(tmp_path: Path) -> None:
    """Nothing compiles the ``.po`` then, and the labels stay as they are written."""
    srcdir = copy_root('translated', tmp_path)
    shot, _app = build(srcdir, 'dummy', confoverrides={'gettext_auto_build': False})
    assert shot.warnings == []
    assert not (srcdir / CATALOG_DIR / f'{CATALOG}.mo').exists()
    assert shot.boxes['specs/abandoned/old-idea'] == [
        ('Status', 'Abandoned'),
        ('Project', 'nova'),
        ('Tracker', 'blueprint old-idea'),
    ]
    assert shot.pages['by/status/abandoned'] == [('No release (1)', ['Old idea'])]
