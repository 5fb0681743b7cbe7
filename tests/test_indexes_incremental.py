"""Index pages stay right on incremental builds, and cost nothing otherwise.

One copy of ``test-index-nova`` is built, then edited and rebuilt step by
step, as a user would between two ``sphinx-build`` runs: a spec's body
edited, a spec moved from approved to implemented, a spec retitled, a spec
added in a new release (with its template), the only spec of a release
deleted.  Each step records what Sphinx re-read, which pages the HTML
builder wrote, which generated sources changed, and what every index page
shows.  At the end, a clean build of the same sources must agree.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sphinx
from index_helpers import (
    Snapshot,
    build,
    copy_root,
    edit,
    generated_files,
    mtimes,
    page_content,
    release_stub,
    write,
)
from test_indexes_site import (
    AUDIT,
    MAINTENANCE,
    METRICS,
    NUMA,
    OVERVIEW,
    PAGES,
    QUOTA,
    TOCTREES,
    VTPM,
)


@dataclass
class Step:
    read: list[str]
    written: list[str]
    #: generated source -> 'added', 'removed' or 'rewritten'
    stubs: dict[str, str]
    shot: Snapshot


def _cache_weigher_body(srcdir: Path) -> None:
    edit(
        srcdir / 'specs/2025.1/approved/cache-weigher.rst',
        lambda text: text.replace('What is broken.', 'The cache is cold.'),
    )


def _move_cache_weigher(srcdir: Path) -> None:
    old = srcdir / 'specs/2025.1/approved/cache-weigher.rst'
    text = old.read_text()
    old.unlink()
    write(srcdir / 'specs/2025.1/implemented/cache-weigher.rst', text)


def _retitle_vtpm(srcdir: Path) -> None:
    old, new = 'vTPM live migration', 'Virtual TPM live migration'
    edit(
        srcdir / 'specs/2025.1/approved/vtpm-live-migration.rst',
        lambda text: text.replace(
            f'{"=" * len(old)}\n{old}\n{"=" * len(old)}',
            f'{"=" * len(new)}\n{new}\n{"=" * len(new)}',
        ),
    )


def _add_in_new_release(srcdir: Path) -> None:
    specs = srcdir / 'specs'
    write(specs / '2025.2-template.rst', (specs / '2025.1-template.rst').read_text())
    text = (specs / '2024.1/approved/quota-cache.rst').read_text()
    write(
        specs / '2025.2/approved/live-resize.rst',
        text.replace(
            '===========\nQuota cache\n===========', '===========\nLive resize\n==========='
        )
        .replace('quota-cache', 'live-resize')
        .replace('frank', 'oscar'),
    )


def _delete_only_2024_2_spec(srcdir: Path) -> None:
    (srcdir / 'specs/2024.2/implemented/image-metrics.rst').unlink()


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ('body', _cache_weigher_body),
    ('move', _move_cache_weigher),
    ('retitle', _retitle_vtpm),
    ('add', _add_in_new_release),
    ('delete', _delete_only_2024_2_spec),
]


def _changes(before: dict[str, int], after: dict[str, int]) -> dict[str, str]:
    changes = {}
    for name in sorted(set(before) | set(after)):
        if name not in before:
            changes[name] = 'added'
        elif name not in after:
            changes[name] = 'removed'
        elif before[name] != after[name]:
            changes[name] = 'rewritten'
    return changes


@pytest.fixture(scope='module')
def steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Step]:
    srcdir = copy_root('index-nova', tmp_path_factory.mktemp('incremental'))
    build(srcdir)
    results = {}
    for name, change in EDITS:
        change(srcdir)
        before = mtimes(srcdir)
        read: list[str] = []
        written: list[str] = []
        shot, _app = build(srcdir, read=read, written=written)
        results[name] = Step(sorted(read), sorted(written), _changes(before, mtimes(srcdir)), shot)
    clean = tmp_path_factory.mktemp('clean') / 'test-index-nova'
    shutil.copytree(srcdir, clean, ignore=shutil.ignore_patterns('_build'))
    shot, _app = build(clean)
    results['clean'] = Step([], [], {}, shot)
    return results


def test_body_edit_rereads_the_spec_only(steps: dict[str, Step]) -> None:
    step = steps['body']
    assert step.shot.warnings == []
    assert step.read == ['specs/2025.1/approved/cache-weigher']
    # Sphinx itself rewrites the toctree parent of every re-read document
    # (its title could have changed), Sphinx before 8.2 the root page as
    # well; no index page is rewritten otherwise.
    sphinx_rewrites = ['index'] if sphinx.version_info < (8, 2) else []
    assert step.written == sorted(
        [
            'by/release/2025.1',
            'genindex',
            'search',
            'specs/2025.1/approved/cache-weigher',
            *sphinx_rewrites,
        ]
    )
    assert step.stubs == {}
    assert step.shot.pages == PAGES
    assert step.shot.toctrees == TOCTREES


CACHE_DONE = 'Cache weigher (alice)'
MOVED_2025_1 = [('Approved (1)', [VTPM]), ('Implemented (2)', [CACHE_DONE, AUDIT])]
MOVED_PAGES = {
    **PAGES,
    'index': [
        [
            OVERVIEW[0],
            ['2025.1 Epoxy', '1', '2', '0', '3'],
            *OVERVIEW[2:-1],
            ['Total', '3', '4', '1', '8'],
        ]
    ],
    'by/release/2025.1': MOVED_2025_1,
    'by/status/approved': [
        ('2025.1 Epoxy (1)', [VTPM]),
        ('2024.1 Caracal (1)', [QUOTA]),
        ('Backlog (1)', [MAINTENANCE]),
    ],
    'by/status/implemented': [
        ('2025.1 Epoxy (2)', [CACHE_DONE, AUDIT]),
        ('2024.2 Dalmatian (1)', [METRICS]),
        ('2024.1 Caracal (1)', [NUMA]),
    ],
    'by/project/nova': [('2025.1 Epoxy (3)', MOVED_2025_1), *PAGES['by/project/nova'][1:]],
}
MOVED_TOCTREES = {
    **TOCTREES,
    'by/release/2025.1': [
        'specs/2025.1/approved/vtpm-live-migration',
        'specs/2025.1/implemented/cache-weigher',
        'specs/2025.1/implemented/port-audit',
    ],
}


def test_move_rereads_the_spec_and_its_release_page(steps: dict[str, Step]) -> None:
    step = steps['move']
    assert step.shot.warnings == []
    # Every page whose groups change is read again: its headings are sections.
    assert step.read == [
        'by/project/nova',
        'by/release/2025.1',
        'by/status/approved',
        'by/status/implemented',
        'specs/2025.1/implemented/cache-weigher',
    ]
    assert step.written == [
        'by/project/nova',
        'by/release/2025.1',
        'by/status/approved',
        'by/status/implemented',
        'genindex',
        'index',
        'search',
        'specs/2025.1/implemented/cache-weigher',
    ]
    assert step.stubs == {}
    assert step.shot.pages == MOVED_PAGES
    assert step.shot.toctrees == MOVED_TOCTREES


VIRTUAL = 'Virtual TPM live migration (bob, carol)'
RETITLED_2025_1 = [('Approved (1)', [VIRTUAL]), ('Implemented (2)', [CACHE_DONE, AUDIT])]
RETITLED_PAGES = {
    **MOVED_PAGES,
    'by/release/2025.1': RETITLED_2025_1,
    'by/status/approved': [
        ('2025.1 Epoxy (1)', [VIRTUAL]),
        *MOVED_PAGES['by/status/approved'][1:],
    ],
    'by/project/nova': [('2025.1 Epoxy (3)', RETITLED_2025_1), *PAGES['by/project/nova'][1:]],
}


def test_retitle_rewrites_the_pages_listing_the_spec(steps: dict[str, Step]) -> None:
    step = steps['retitle']
    assert step.shot.warnings == []
    assert step.read == ['specs/2025.1/approved/vtpm-live-migration']
    # The overview shows no titles, but its digest covers every spec shown.
    assert step.written == [
        'by/project/nova',
        'by/release/2025.1',
        'by/status/approved',
        'genindex',
        'index',
        'search',
        'specs/2025.1/approved/vtpm-live-migration',
    ]
    assert step.stubs == {}
    assert step.shot.pages == RETITLED_PAGES
    assert step.shot.toctrees == MOVED_TOCTREES


RESIZE = 'Live resize (oscar)'
ADDED_PAGES = {
    **RETITLED_PAGES,
    'index': [
        [
            OVERVIEW[0],
            ['2025.2 Flamingo', '1', '0', '0', '1'],
            *RETITLED_PAGES['index'][0][1:-1],
            ['Total', '4', '4', '1', '9'],
        ]
    ],
    'by/release/2025.2': [('Approved (1)', [RESIZE])],
    'by/status/approved': [
        ('2025.2 Flamingo (1)', [RESIZE]),
        *RETITLED_PAGES['by/status/approved'],
    ],
    'by/project/nova': [
        ('2025.2 Flamingo (1)', [('Approved (1)', [RESIZE])]),
        *RETITLED_PAGES['by/project/nova'],
    ],
}
ADDED_TOCTREES = {
    **MOVED_TOCTREES,
    # The 2025.2 template is the newest: the site index's; 2025.1's goes
    # back to its release page.
    'by/release/2025.1': ['specs/2025.1-template', *MOVED_TOCTREES['by/release/2025.1']],
    'by/release/2025.2': ['specs/2025.2/approved/live-resize'],
    'index': ['process', 'by/release/2025.2', *TOCTREES['index'][1:-1], 'specs/2025.2-template'],
}


def test_add_in_a_new_release_writes_its_page(steps: dict[str, Step]) -> None:
    step = steps['add']
    assert step.shot.warnings == []
    assert step.read == [
        'by/project/nova',
        'by/release/2025.1',
        'by/release/2025.2',
        'by/status/approved',
        'index',
        'specs/2025.2-template',
        'specs/2025.2/approved/live-resize',
    ]
    assert step.written == [
        'by/project/nova',
        'by/release/2025.1',
        'by/release/2025.2',
        'by/status/approved',
        'genindex',
        'index',
        'search',
        'specs/2025.2-template',
        'specs/2025.2/approved/live-resize',
    ]
    assert step.stubs == {'release/2025.2.rst': 'added'}
    assert generated_files(step.shot.srcdir)['release/2025.2.rst'] == release_stub(
        '2025.2 Flamingo', '2025.2'
    )
    assert step.shot.pages == ADDED_PAGES
    assert step.shot.toctrees == ADDED_TOCTREES
    assert step.shot.reachable() == step.shot.found_docs


DELETED_PAGES = {
    **{page: items for page, items in ADDED_PAGES.items() if page != 'by/release/2024.2'},
    'index': [[row for row in ADDED_PAGES['index'][0] if row[0] != '2024.2 Dalmatian']],
    'by/status/implemented': [
        entry
        for entry in ADDED_PAGES['by/status/implemented']
        if entry[0] != '2024.2 Dalmatian (1)'
    ],
    'by/project/nova': [
        entry for entry in ADDED_PAGES['by/project/nova'] if entry[0] != '2024.2 Dalmatian (1)'
    ],
}
DELETED_PAGES['index'][0][-1] = ['Total', '4', '3', '1', '8']


def test_delete_last_spec_of_a_release_removes_its_page(steps: dict[str, Step]) -> None:
    step = steps['delete']
    assert step.shot.warnings == []
    assert step.read == ['by/project/nova', 'by/status/implemented', 'index']
    assert step.written == [
        'by/project/nova',
        'by/status/implemented',
        'genindex',
        'index',
        'search',
    ]
    assert step.stubs == {'release/2024.2.rst': 'removed'}
    assert step.shot.pages == DELETED_PAGES
    toctrees = {doc: docs for doc, docs in ADDED_TOCTREES.items() if doc != 'by/release/2024.2'}
    toctrees['index'] = [doc for doc in toctrees['index'] if doc != 'by/release/2024.2']
    assert step.shot.toctrees == toctrees
    # The 2024.2 template, an orphan, is the only page outside the navigation.
    assert step.shot.found_docs - step.shot.reachable() == {'specs/2024.2-template'}


def test_incremental_result_equals_a_clean_build(steps: dict[str, Step]) -> None:
    last, clean = steps['delete'].shot, steps['clean'].shot
    assert clean.warnings == []
    assert (clean.pages, clean.toctrees, clean.boxes) == (last.pages, last.toctrees, last.boxes)
    assert generated_files(clean.srcdir) == generated_files(last.srcdir)
    # The pages' content, byte for byte.  (Not their prev/next links: Sphinx
    # does not rewrite a page whose neighbour in the navigation went away.)
    for page in sorted(clean.pages):
        assert page_content(clean.srcdir, page) == page_content(last.srcdir, page), page
