"""Grouping, filtering and sorting index entries (pure, no Sphinx)."""

from __future__ import annotations

import pytest

from sphinxcontrib_specs.core.grouping import (
    Group,
    IndexEntry,
    Ordering,
    filter_entries,
    group_entries,
    sort_entries,
)
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.statuses import (
    DEFAULT_STATUS_ALIASES,
    DEFAULT_STATUSES,
    StatusVocabulary,
)

STATUSES = StatusVocabulary(DEFAULT_STATUSES, DEFAULT_STATUS_ALIASES)
RELEASES = ReleaseTable({'36.0': '2026.2'})
NEWEST = Ordering(RELEASES, STATUSES)
OLDEST = Ordering(RELEASES, STATUSES, newest_first=False)

ENTRIES = [
    IndexEntry('specs/2025.1/approved/b', 'beta', '2025.1', 'approved', 'nova'),
    IndexEntry('specs/2025.1/implemented/a', 'Alpha', '2025.1', 'implemented', 'nova'),
    IndexEntry('specs/caracal/approved/c', 'Gamma', '2024.1', 'approved', 'placement'),
    IndexEntry('specs/backlog/approved/d', 'Delta', 'backlog', 'approved', 'nova'),
    IndexEntry('specs/untargeted/e', 'Epsilon', 'untargeted', 'approved', ''),
    IndexEntry('specs/abandoned/f', 'Zeta', '', 'abandoned', ''),
    IndexEntry('specs/approved/g', 'Eta', '10.1', 'approved', 'ironic'),
]


def shape(groups: list[Group]) -> list[tuple[str, object]]:
    """Groups as (label, nested shape or entry titles)."""
    return [
        (g.label, shape(g.groups) if g.groups else [e.title for e in g.entries]) for g in groups
    ]


def test_release_then_status_newest_first() -> None:
    assert shape(group_entries(ENTRIES, ['release', 'status'], NEWEST)) == [
        ('10.1', [('Approved', ['Eta'])]),
        ('2025.1 Epoxy', [('Approved', ['beta']), ('Implemented', ['Alpha'])]),
        ('2024.1 Caracal', [('Approved', ['Gamma'])]),
        ('Backlog', [('Approved', ['Delta'])]),
        ('Untargeted', [('Approved', ['Epsilon'])]),
        ('No release', [('Abandoned', ['Zeta'])]),
    ]


def test_release_oldest_first() -> None:
    assert shape(group_entries(ENTRIES, ['release'], OLDEST)) == [
        ('2024.1 Caracal', ['Gamma']),
        ('2025.1 Epoxy', ['Alpha', 'beta']),
        ('10.1', ['Eta']),
        ('Backlog', ['Delta']),
        ('Untargeted', ['Epsilon']),
        ('No release', ['Zeta']),
    ]


@pytest.mark.parametrize('ordering', [NEWEST, OLDEST], ids=['newest', 'oldest'])
def test_buckets_and_unknown_names_keep_their_order(ordering: Ordering) -> None:
    """Only real releases turn round; the rest stay last, in one order."""
    names = ['backlog', 'someday', 'untargeted', 'anyday', '', '2025.1', 'zed']
    ordered = sorted(names, key=ordering.sort_key('release'))
    real = ['2025.1', 'zed'] if ordering.newest_first else ['zed', '2025.1']
    assert ordered == [*real, 'anyday', 'someday', 'backlog', 'untargeted', '']


def test_status_then_release() -> None:
    assert shape(group_entries(ENTRIES, ['status', 'release'], NEWEST)) == [
        (
            'Approved',
            [
                ('10.1', ['Eta']),
                ('2025.1 Epoxy', ['beta']),
                ('2024.1 Caracal', ['Gamma']),
                ('Backlog', ['Delta']),
                ('Untargeted', ['Epsilon']),
            ],
        ),
        ('Implemented', [('2025.1 Epoxy', ['Alpha'])]),
        ('Abandoned', [('No release', ['Zeta'])]),
    ]


def test_project_release_status_nesting_and_counts() -> None:
    groups = group_entries(ENTRIES, ['project', 'release', 'status'], NEWEST)
    assert shape(groups) == [
        ('ironic', [('10.1', [('Approved', ['Eta'])])]),
        (
            'nova',
            [
                ('2025.1 Epoxy', [('Approved', ['beta']), ('Implemented', ['Alpha'])]),
                ('Backlog', [('Approved', ['Delta'])]),
            ],
        ),
        ('placement', [('2024.1 Caracal', [('Approved', ['Gamma'])])]),
        (
            'Other',
            [
                ('Untargeted', [('Approved', ['Epsilon'])]),
                ('No release', [('Abandoned', ['Zeta'])]),
            ],
        ),
    ]
    assert [(g.value, g.count()) for g in groups] == [
        ('ironic', 1),
        ('nova', 3),
        ('placement', 1),
        ('', 2),
    ]


def test_no_grouping() -> None:
    assert group_entries(ENTRIES, [], NEWEST) == []


def test_entries_sort_by_title_ignoring_case_then_docname() -> None:
    twins = [IndexEntry('b/x', 'Same'), IndexEntry('a/x', 'same'), IndexEntry('c', 'alpha')]
    assert [e.docname for e in sort_entries(twins)] == ['c', 'a/x', 'b/x']


def test_statuses_in_vocabulary_order_unknown_last() -> None:
    names = ['abandoned', 'zzz', 'implemented', '', 'approved', 'backlog']
    assert sorted(names, key=NEWEST.sort_key('status')) == [
        'approved',
        'implemented',
        'backlog',
        'abandoned',
        'zzz',
        '',
    ]


def test_projects_sort_ignoring_case_none_last() -> None:
    names = ['placement', '', 'Nova', 'cinder']
    assert sorted(names, key=NEWEST.sort_key('project')) == ['cinder', 'Nova', 'placement', '']


@pytest.mark.parametrize(
    ('dimension', 'value', 'label'),
    [
        ('release', '2024.2', '2024.2 Dalmatian'),
        ('release', 'dalmatian', '2024.2 Dalmatian'),
        ('release', '36.0', '2026.2 Hibiscus'),
        ('release', 'zed', 'Zed'),
        ('release', 'backlog', 'Backlog'),
        ('release', '10.1', '10.1'),
        ('release', '', 'No release'),
        ('status', 'not-implemented', 'Not implemented'),
        ('status', 'aproved', 'aproved'),
        ('status', '', 'No status'),
        ('project', 'glance_store', 'glance_store'),
        ('project', '', 'Other'),
    ],
)
def test_labels(dimension: str, value: str, label: str) -> None:
    assert NEWEST.label(dimension, value) == label


def test_filters_combine_and_allow_no_value() -> None:
    def titles(filters: dict[str, list[str]]) -> list[str]:
        return [e.title for e in filter_entries(ENTRIES, filters)]

    assert titles({'release': ['2025.1', ''], 'status': ['approved']}) == ['beta']
    assert titles({'release': ['']}) == ['Zeta']
    assert titles({'project': ['nova', 'ironic']}) == ['beta', 'Alpha', 'Delta', 'Eta']
    assert titles({'kind': ['policy']}) == []
    assert filter_entries(ENTRIES, {}) == ENTRIES
