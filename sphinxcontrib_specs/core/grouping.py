"""Grouping and sorting specs for index pages (pure, no Sphinx).

A release that specs name in several ways (release aliases: ``35.0`` and
``36.0`` for ``2026.2``) is shown as one group per name, headed by it: its
specs stay grouped as the repository files them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.statuses import StatusVocabulary

__all__ = [
    'DIMENSIONS',
    'Group',
    'IndexEntry',
    'Ordering',
    'filter_entries',
    'group_entries',
    'page_name',
    'sort_entries',
]


#: The metadata an index can group and filter by.
DIMENSIONS = ('release', 'status', 'project')
#: The groups of one release named in several ways, one per name.
RELEASE_NAME = 'release-name'
NO_VALUE = ''
_NUMBER = re.compile(r'\d+')


class IndexEntry(NamedTuple):
    """One spec as an index shows it."""

    docname: str
    title: str
    release: str = NO_VALUE
    status: str = NO_VALUE
    project: str = NO_VALUE
    kind: str = 'spec'
    assignees: tuple[str, ...] = ()
    trackers: tuple[str, ...] = ()
    #: The site it is a spec of: '' for this one, else a name of
    #: ``specs_external`` (then ``docname`` is ``<source>:<docname>``).
    source: str = ''
    #: The name the spec gives its release where it is an alias of it
    #: (``36.0`` for ``2026.2``); empty otherwise.
    release_alias: str = NO_VALUE
    #: Whether listings without a kind filter show it (see ``filter_entries``).
    listed: bool = True

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


class Ordering(NamedTuple):
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

    def name_key(self, alias: str) -> tuple[object, ...]:
        """How the names of one release sort: its own (empty) first, then by
        the numbers in them, newest first unless ``newest_first`` is off."""
        numbers = tuple(int(n) for n in _NUMBER.findall(alias))
        if self.newest_first:
            numbers = tuple(-n for n in numbers)
        return (bool(alias), numbers, alias)

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
    """Entries whose values are among the wanted ones, for every filter.

    An entry that is not listed (a kind with ``listed`` off) matches only
    filters that ask for its kind.
    """
    kinds = filters.get('kind', ())
    return [
        e
        for e in entries
        if (e.listed or e.kind in kinds)
        and all(e.value(dim) in wanted for dim, wanted in filters.items())
    ]


def group_entries(
    entries: Sequence[IndexEntry], dimensions: Sequence[str], ordering: Ordering
) -> list[Group]:
    """Nested groups, one level per dimension; entries sorted by title.

    A release named in several ways is one group per name
    (:data:`RELEASE_NAME`), where it would be one group; entries of that
    release alone, grouped by something else, are grouped by these names
    first.
    """
    if not dimensions:
        return []
    if 'release' not in dimensions and _named_apart({e.release for e in entries}, entries):
        dimensions = ('release', *dimensions)
    dimension, rest = dimensions[0], dimensions[1:]
    if dimension == 'release':
        return _release_groups(entries, rest, ordering)
    values = sorted({e.value(dimension) for e in entries}, key=ordering.sort_key(dimension))
    return [
        _group(
            Group(dimension, value, ordering.label(dimension, value)),
            [e for e in entries if e.value(dimension) == value],
            rest,
            ordering,
        )
        for value in values
    ]


def _group(
    group: Group, members: Sequence[IndexEntry], rest: Sequence[str], ordering: Ordering
) -> Group:
    """``group``, holding ``members`` grouped by the ``rest`` of the dimensions."""
    if rest:
        group.groups = group_entries(members, rest, ordering)
    else:
        group.entries = sort_entries(members)
    return group


def _named_apart(releases: set[str], entries: Sequence[IndexEntry]) -> bool:
    """Whether ``releases`` is one release that ``entries`` name in several ways."""
    return len(releases) == 1 and len({e.release_alias for e in entries}) > 1


def _release_groups(
    entries: Sequence[IndexEntry], rest: Sequence[str], ordering: Ordering
) -> list[Group]:
    """The groups of the release level: one per release, or one per name of
    a release named in several ways (its own name first, then the others,
    newest first unless the ordering says otherwise)."""
    by_release: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        by_release.setdefault(entry.release, []).append(entry)
    groups = []
    for release in sorted(by_release, key=ordering.sort_key('release')):
        members = by_release[release]
        if not _named_apart({release}, members):
            label = ordering.label('release', release)
            groups.append(_group(Group('release', release, label), members, rest, ordering))
            continue
        for alias in sorted({e.release_alias for e in members}, key=ordering.name_key):
            named = [e for e in members if e.release_alias == alias]
            if alias:
                groups.append(_group(Group(RELEASE_NAME, alias, alias), named, rest, ordering))
            else:
                label = ordering.label('release', release)
                groups.append(_group(Group('release', release, label), named, rest, ordering))
    return groups


def sort_entries(entries: Iterable[IndexEntry]) -> list[IndexEntry]:
    return sorted(entries, key=lambda e: (e.title.casefold(), e.docname))


#: A value that names its own page: lower-case letters and digits, joined
#: by single dots, dashes or underscores.
_PLAIN_PAGE_NAME = re.compile(r'[a-z0-9]+(?:[._-][a-z0-9]+)*')


def page_name(value: str) -> str:
    """The name of the generated page of ``value``: the same for the same value, another for
    another, and safe as a file name on any system and in a URL.

    A plain value (``2025.1``, ``in-progress``, ``python-glanceclient``) is
    its own name; ``none`` is the page of no value.  Any other value is
    written in lower-case ASCII letters, digits and dashes, then ``--`` and
    a hash of the value, which no plain value holds: ``Nova`` is
    ``nova--`` and a hash, apart from ``nova`` even where file names ignore
    case.
    """
    if not value:
        return 'none'
    if _PLAIN_PAGE_NAME.fullmatch(value) and value != 'none' and len(value) <= 64:
        return value
    letters = unicodedata.normalize('NFKD', value).encode('ascii', 'ignore').decode()
    stem = re.sub(r'[^a-z0-9]+', '-', letters.lower()).strip('-')[:40].strip('-')
    digest = hashlib.sha256(value.encode('utf-8', 'surrogatepass')).hexdigest()[:10]
    return f'{stem or "value"}--{digest}'
