"""The ``spec-index`` directive's options, on hand-written pages.

``test-index-directive`` sets ``specs_index_dir = None`` (no generated
pages) and has a page per group of options; two pages emit toctrees that
together hold every spec once, the others plain links.  Specs: five in
2025.1 and 2024.2 (projects nova and placement, from blueprint URLs), one
in the backlog, one abandoned with no release, and one document of another
kind (``policy``).
"""

from __future__ import annotations

import pytest
from index_helpers import Snapshot, build, copy_root

CACHE = 'Cache weigher (Approved; alice)'
VTPM = 'vTPM live migration (Approved; bob, carol)'
AUDIT = 'Allocation audit (Implemented; dave)'
METRICS = 'Image metrics (Implemented; erin)'
USAGE = 'Usage cache (Approved)'
MAINTENANCE = 'Maintenance mode (Approved)'
OLD = 'Old idea (Abandoned)'
REVIEW = 'Review days (Approved; frank)'


def unsaid(line: str) -> str:
    """``line`` where a heading or a filter gives the status: the line does
    not repeat it."""
    for status in ('Approved', 'Implemented', 'Abandoned'):
        line = line.replace(f' ({status})', '').replace(f'({status}; ', '(')
    return line


@pytest.fixture(scope='module')
def shot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    snapshot, _app = build(copy_root('index-directive', tmp_path_factory.mktemp('directive')))
    return snapshot


def test_bad_options_are_reported_and_the_rest_builds(shot: Snapshot) -> None:
    assert shot.warnings == [
        'bad.rst:4: ERROR: Error in "spec-index" directive:',
        'invalid option value: (option: "group-by"; value: \'release, owner\')',
        'unknown value(s) owner; choose from release, status, project.',
        '.. spec-index::',
        '   :group-by: release, owner [docutils]',
        'bad.rst:7: ERROR: Error in "spec-index" directive:',
        'invalid option value: (option: "format"; value: \'grid\')',
        '"grid" unknown; choose from "list", or "table".',
        '.. spec-index::',
        '   :format: grid [docutils]',
        'bad.rst:10: ERROR: Error in "spec-index" directive:',
        'invalid option value: (option: "columns"; value: \'title, owner\')',
        'unknown value(s) owner; choose from title, status, release, project, assignees, tracker.',
        '.. spec-index::',
        '   :columns: title, owner [docutils]',
    ]


def test_grouping_nesting_and_order(shot: Snapshot) -> None:
    assert shot.pages['grouped'] == [
        # :group-by: release, status (newest release first)
        (
            '2025.1 Epoxy (3)',
            [
                ('Approved (2)', [unsaid(CACHE), unsaid(VTPM)]),
                ('Implemented (1)', [unsaid(AUDIT)]),
            ],
        ),
        (
            '2024.2 Dalmatian (2)',
            [('Approved (1)', [unsaid(USAGE)]), ('Implemented (1)', [unsaid(METRICS)])],
        ),
        ('Backlog (1)', [('Approved (1)', [unsaid(MAINTENANCE)])]),
        (
            'No release (2)',
            [('Approved (1)', [unsaid(REVIEW)]), ('Abandoned (1)', [unsaid(OLD)])],
        ),
        # :group-by: release + :oldest-first:
        ('2024.2 Dalmatian (2)', [METRICS, USAGE]),
        ('2025.1 Epoxy (3)', [AUDIT, CACHE, VTPM]),
        ('Backlog (1)', [MAINTENANCE]),
        ('No release (2)', [OLD, REVIEW]),
        # :group-by: status, release
        (
            'Approved (5)',
            [
                ('2025.1 Epoxy (2)', [unsaid(CACHE), unsaid(VTPM)]),
                ('2024.2 Dalmatian (1)', [unsaid(USAGE)]),
                ('Backlog (1)', [unsaid(MAINTENANCE)]),
                ('No release (1)', [unsaid(REVIEW)]),
            ],
        ),
        (
            'Implemented (2)',
            [('2025.1 Epoxy (1)', [unsaid(AUDIT)]), ('2024.2 Dalmatian (1)', [unsaid(METRICS)])],
        ),
        ('Abandoned (1)', [('No release (1)', [unsaid(OLD)])]),
        # :group-by: project
        ('nova (4)', [CACHE, METRICS, MAINTENANCE, VTPM]),
        ('placement (2)', [AUDIT, USAGE]),
        ('Other (2)', [OLD, REVIEW]),
        # :group-by: project, release, status
        (
            'nova (4)',
            [
                ('2025.1 Epoxy (2)', [('Approved (2)', [unsaid(CACHE), unsaid(VTPM)])]),
                ('2024.2 Dalmatian (1)', [('Implemented (1)', [unsaid(METRICS)])]),
                ('Backlog (1)', [('Approved (1)', [unsaid(MAINTENANCE)])]),
            ],
        ),
        (
            'placement (2)',
            [
                ('2025.1 Epoxy (1)', [('Implemented (1)', [unsaid(AUDIT)])]),
                ('2024.2 Dalmatian (1)', [('Approved (1)', [unsaid(USAGE)])]),
            ],
        ),
        (
            'Other (2)',
            [
                (
                    'No release (2)',
                    [('Approved (1)', [unsaid(REVIEW)]), ('Abandoned (1)', [unsaid(OLD)])],
                )
            ],
        ),
        # :group-by: (empty): one list, by title
        AUDIT,
        CACHE,
        METRICS,
        MAINTENANCE,
        OLD,
        REVIEW,
        USAGE,
        VTPM,
    ]


def test_filters(shot: Snapshot) -> None:
    assert shot.pages['filtered'] == [
        # :release: 2025.1
        AUDIT,
        CACHE,
        VTPM,
        # :release: epoxy, Dalmatian (either spelling, any case)
        ('2025.1 Epoxy (3)', [AUDIT, CACHE, VTPM]),
        ('2024.2 Dalmatian (2)', [METRICS, USAGE]),
        # :release: "" (no release)
        OLD,
        REVIEW,
        # :status: implemented, Abandoned
        AUDIT,
        METRICS,
        OLD,
        # :project: placement
        AUDIT,
        USAGE,
        # :kind: policy
        REVIEW,
        # :release: 2025.1 + :status: approved
        unsaid(CACHE),
        unsaid(VTPM),
        # :release: 2023.1 (nothing)
        'No specs.',
    ]


def test_formats_and_columns(shot: Snapshot) -> None:
    assert shot.pages['formats'] == [
        # :format: table, every column, grouped by release: the heading
        # gives the release
        (
            '2025.1 Epoxy (3)',
            [
                [
                    ['Title', 'Status', 'Project', 'Assignees', 'Tracker'],
                    [
                        'Allocation audit',
                        'Implemented',
                        'placement',
                        'dave',
                        'blueprint allocation-audit',
                    ],
                    [
                        'Cache weigher',
                        'Approved',
                        'nova',
                        'alice',
                        'blueprint cache-weigher',
                    ],
                    [
                        'vTPM live migration',
                        'Approved',
                        'nova',
                        'bob, carol',
                        'blueprint vtpm-live-migration, bug 2071234',
                    ],
                ]
            ],
        ),
        (
            '2024.2 Dalmatian (2)',
            [
                [
                    ['Title', 'Status', 'Project', 'Assignees', 'Tracker'],
                    [
                        'Image metrics',
                        'Implemented',
                        'nova',
                        'erin',
                        'blueprint image-metrics',
                    ],
                    [
                        'Usage cache',
                        'Approved',
                        'placement',
                        '',
                        'blueprint usage-cache, story 2011234',
                    ],
                ]
            ],
        ),
        # :format: table, two columns, not grouped
        [
            ['Title', 'Assignees'],
            ['Cache weigher', 'alice'],
            ['Maintenance mode', ''],
            ['Review days', 'frank'],
            ['Usage cache', ''],
            ['vTPM live migration', 'bob, carol'],
        ],
        # :format: list, chosen columns
        'Allocation audit (placement; blueprint allocation-audit)',
        'Cache weigher (nova; blueprint cache-weigher)',
        'vTPM live migration (nova; blueprint vtpm-live-migration, bug 2071234)',
        # :columns: title
        'Allocation audit',
        'Cache weigher',
        'vTPM live migration',
        # :overview: of one release, then the list
        [
            ['Release', 'Approved', 'Implemented', 'Total'],
            ['2025.1 Epoxy', '2', '1', '3'],
            ['Total', '2', '1', '3'],
        ],
        AUDIT,
        CACHE,
        VTPM,
    ]


def test_tracker_links(shot: Snapshot) -> None:
    trackers = [link for link in shot.links['formats'] if not link[1].endswith('.html')]
    assert trackers[:5] == [
        (
            'blueprint allocation-audit',
            'https://blueprints.launchpad.net/placement/+spec/allocation-audit',
        ),
        ('blueprint cache-weigher', 'https://blueprints.launchpad.net/nova/+spec/cache-weigher'),
        (
            'blueprint vtpm-live-migration',
            'https://blueprints.launchpad.net/nova/+spec/vtpm-live-migration',
        ),
        ('bug 2071234', 'https://bugs.launchpad.net/nova/+bug/2071234'),
        ('blueprint image-metrics', 'https://blueprints.launchpad.net/nova/+spec/image-metrics'),
    ]
    assert ('story 2011234', 'https://storyboard.openstack.org/#!/story/2011234') in trackers


def test_toctree_pages_hold_every_spec_once(shot: Snapshot) -> None:
    assert shot.toctrees == {
        'index': ['grouped', 'filtered', 'formats', 'approved', 'others', 'bad'],
        # Grouped and ordered as the page shows them: newest release first,
        # then by title.
        'approved': [
            'specs/2025.1/approved/cache-weigher',
            'specs/2025.1/approved/vtpm-live-migration',
            'specs/2024.2/approved/usage-cache',
            'specs/backlog/approved/maintenance-mode',
            'policies/review-days',
        ],
        'others': [
            'specs/2025.1/implemented/allocation-audit',
            'specs/2024.2/implemented/image-metrics',
            'specs/abandoned/old-idea',
        ],
    }
    # Templates are orphans; everything else is in the navigation.
    assert shot.found_docs - shot.reachable() == {'specs/template', 'policies/template'}
    assert shot.pages['approved'] == [
        ('2025.1 Epoxy (2)', [('Approved (2)', [unsaid(CACHE), unsaid(VTPM)])]),
        ('2024.2 Dalmatian (1)', [('Approved (1)', [unsaid(USAGE)])]),
        ('Backlog (1)', [('Approved (1)', [unsaid(MAINTENANCE)])]),
        ('No release (1)', [('Approved (1)', [unsaid(REVIEW)])]),
    ]
    assert shot.pages['others'] == [
        ('Implemented (2)', [unsaid(AUDIT), unsaid(METRICS)]),
        ('Abandoned (1)', [unsaid(OLD)]),
    ]


def test_plain_links_resolve_from_any_page(shot: Snapshot) -> None:
    assert shot.links['filtered'][:3] == [
        ('Allocation audit', 'specs/2025.1/implemented/allocation-audit.html'),
        ('Cache weigher', 'specs/2025.1/approved/cache-weigher.html'),
        ('vTPM live migration', 'specs/2025.1/approved/vtpm-live-migration.html'),
    ]
