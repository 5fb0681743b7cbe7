"""Releases: the OpenStack series table, version ordering and buckets.

A release name is read into a :class:`Release` with a canonical name, a
display label and a sort key.  ``dalmatian`` and ``2024.2`` are one release;
``10.1`` and ``version15.0`` sort as versions; bucket names such as
``backlog`` sort after every real release.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

__all__ = ['OPENSTACK_SERIES', 'Release', 'ReleaseTable']


#: The OpenStack series in order: (number, codename).  Before 2023 a series
#: had only its codename.
OPENSTACK_SERIES: tuple[tuple[str | None, str], ...] = (
    *(
        (None, name)
        for name in (
            'austin',
            'bexar',
            'cactus',
            'diablo',
            'essex',
            'folsom',
            'grizzly',
            'havana',
            'icehouse',
            'juno',
            'kilo',
            'liberty',
            'mitaka',
            'newton',
            'ocata',
            'pike',
            'queens',
            'rocky',
            'stein',
            'train',
            'ussuri',
            'victoria',
            'wallaby',
            'xena',
            'yoga',
            'zed',
        )
    ),
    ('2023.1', 'antelope'),
    ('2023.2', 'bobcat'),
    ('2024.1', 'caracal'),
    ('2024.2', 'dalmatian'),
    ('2025.1', 'epoxy'),
    ('2025.2', 'flamingo'),
    ('2026.1', 'gazpacho'),
    ('2026.2', 'hibiscus'),
    ('2027.1', 'indri'),
)
_NUMBERED_SERIES = re.compile(r'^(20\d\d)\.([12])$')
_VERSION = re.compile(r'^(?:v|version)?[-_]?(\d+(?:\.\d+)*)$', re.IGNORECASE)
# Sort families: series first, then version-numbered releases, then names
# nobody knows, then the non-release buckets.
_SERIES, _VERSIONED, _UNKNOWN, _BUCKET = range(4)


class Release(NamedTuple):
    """A release as the extension understands it.

    ``known`` is false for a name that is neither a series, a version nor a
    bucket; such a release still sorts (after the known ones).
    """

    key: tuple[int, tuple[int, ...], str]
    name: str
    label: str
    known: bool = True

    @property
    def is_bucket(self) -> bool:
        return self.key[0] == _BUCKET


class ReleaseTable:
    """Reads release names, with a project's own aliases and buckets."""

    def __init__(
        self,
        aliases: Mapping[str, str] | None = None,
        buckets: Sequence[str] = ('backlog', 'untargeted'),
    ) -> None:
        self._series: dict[str, tuple[int, str, str]] = {}
        for index, (number, codename) in enumerate(OPENSTACK_SERIES):
            canonical = number or codename
            label = f'{number} {codename.title()}' if number else codename.title()
            self._series[codename] = (index, canonical, label)
            if number:
                self._series[number] = (index, canonical, label)
        self._last_series = len(OPENSTACK_SERIES)
        self._aliases = {k.casefold(): v for k, v in (aliases or {}).items()}
        self._buckets = [b.casefold() for b in buckets]
        # Every spec names its release, and a build reads a few dozen.
        self._parsed: dict[str, Release] = {}
        self._spellings: dict[str, tuple[str, ...]] = {}

    @property
    def buckets(self) -> list[str]:
        return list(self._buckets)

    def is_bucket(self, name: str) -> bool:
        return name.casefold() in self._buckets

    def spellings(self, name: str) -> list[str]:
        """``name`` as written, then every other name of the same release."""
        known = self._spellings.get(name)
        if known is None:
            release = self.parse(name)
            names = [name]
            if release.key[0] == _SERIES:
                names += [
                    n for n, (_, canonical, _) in self._series.items() if canonical == release.name
                ]
            names.append(release.name)
            known = self._spellings[name] = tuple(dict.fromkeys(names))
        return list(known)

    def parse(self, name: str) -> Release:
        """The release called ``name``; unknown names give ``known=False``."""
        release = self._parsed.get(name)
        if release is None:
            target = self._aliases.get(name.strip().casefold())
            release = self._parsed[name] = self._parse_plain(
                target if target is not None else name
            )
        return release

    def _parse_plain(self, name: str) -> Release:
        folded = name.strip().casefold()
        if folded in self._series:
            index, canonical, label = self._series[folded]
            return Release((_SERIES, (index,), ''), canonical, label)
        numbered = _NUMBERED_SERIES.match(folded)
        if numbered:
            year, half = int(numbered.group(1)), int(numbered.group(2))
            index = self._last_series + (year - 2027) * 2 + half - 1
            return Release((_SERIES, (index,), ''), folded, folded)
        if folded in self._buckets:
            return Release((_BUCKET, (self._buckets.index(folded),), ''), folded, folded.title())
        version = _VERSION.match(folded)
        if version:
            parts = tuple(int(p) for p in version.group(1).split('.'))
            return Release((_VERSIONED, parts, ''), name.strip(), name.strip())
        return Release((_UNKNOWN, (), folded), name.strip(), name.strip(), known=False)
