"""Grouping and sorting specs for index pages (pure, no Sphinx)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.statuses import StatusVocabulary

__all__ = [
    'DIMENSIONS',
    'Group',
    'IndexEntry',
    'Ordering',
    'filter_entries',
    'group_entries',
    'sort_entries',
]


#: The metadata an index can group and filter by.
DIMENSIONS = ('release', 'status', 'project')
NO_VALUE = ''


@dataclass(frozen=True)
class IndexEntry:
    """One spec as an index shows it."""

    docname: str
    title: str
    release: str = NO_VALUE
    status: str = NO_VALUE
    project: str = NO_VALUE
    kind: str = 'spec'
    assignees: tuple[str, ...] = ()
    trackers: tuple[str, ...] = ()

    def value(self, dimension: str) -> str:
        value: str = getattr(self, dimension)
        return value


@dataclass
class Group:
    """A heading and what is under it: sub-groups or entries."""

    dimension: str
    value: str
    label: str
    groups: list[Group] = field(default_factory=list)
    entries: list[IndexEntry] = field(default_factory=list)

    def count(self) -> int:
        return len(self.entries) + sum(g.count() for g in self.groups)


@dataclass(frozen=True)
class Ordering:
    """How values of each dimension sort and read."""

    releases: ReleaseTable
    statuses: StatusVocabulary
    newest_first: bool = True

    def sort_key(self, dimension: str) -> Callable[[str], tuple[object, ...]]:
        if dimension == 'release':

            def release_key(value: str) -> tuple[object, ...]:
                if not value:
                    return (1,)
                key = self.releases.parse(value).key
                return (0, key) if not self.newest_first else (0, _invert(key))

            return release_key
        if dimension == 'status':
            return lambda value: (not value, self.statuses.sort_key(value))
        return lambda value: (not value, value.casefold(), value)

    def label(self, dimension: str, value: str) -> str:
        if not value:
            return {'release': 'No release', 'status': 'No status'}.get(dimension, 'Other')
        if dimension == 'release':
            return self.releases.parse(value).label
        if dimension == 'status':
            return self.statuses.label(value)
        return value


def _invert(key: tuple[int, tuple[int, ...], str]) -> tuple[object, ...]:
    family, numbers, name = key
    if family >= 2:
        # Unknown names and buckets (backlog) stay last, in their own order.
        return (family, 0, numbers, name)
    return (0, -family, tuple(-n for n in numbers), name)


def filter_entries(
    entries: Iterable[IndexEntry], filters: Mapping[str, Sequence[str]]
) -> list[IndexEntry]:
    """Entries whose values are among the wanted ones, for every filter."""
    return [e for e in entries if all(e.value(dim) in wanted for dim, wanted in filters.items())]


def group_entries(
    entries: Sequence[IndexEntry], dimensions: Sequence[str], ordering: Ordering
) -> list[Group]:
    """Nested groups, one level per dimension; entries sorted by title."""
    if not dimensions:
        return []
    dimension, rest = dimensions[0], dimensions[1:]
    values = sorted({e.value(dimension) for e in entries}, key=ordering.sort_key(dimension))
    groups = []
    for value in values:
        members = [e for e in entries if e.value(dimension) == value]
        group = Group(dimension, value, ordering.label(dimension, value))
        if rest:
            group.groups = group_entries(members, rest, ordering)
        else:
            group.entries = sort_entries(members)
        groups.append(group)
    return groups


def sort_entries(entries: Iterable[IndexEntry]) -> list[IndexEntry]:
    return sorted(entries, key=lambda e: (e.title.casefold(), e.docname))
