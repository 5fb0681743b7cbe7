"""What the loader's modules share: reading names, and wording problems with them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sphinxcontrib_specs.core.releases import OPENSTACK_SERIES, Release, ReleaseTable

__all__ = ['as_list', 'did_you_mean', 'names', 'release_hint', 'release_range', 'unknown_keys']


def as_list(value: object) -> list[str] | None:
    """A name or a list of names, each not blank; None for anything else."""
    if isinstance(value, str):
        return [value] if value.strip() else None
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) and v.strip() for v in value):
        return list(value)
    return None


def names(value: object) -> list[str] | None:
    """A list of names, each not blank; None for anything else (one name too)."""
    return None if isinstance(value, str) else as_list(value)


def did_you_mean(given: object, known: Iterable[str], cutoff: float = 0.6) -> str:
    """``"; did you mean 'x'?"`` for the name in ``known`` closest to ``given``,
    or ``''`` if none is close (as ``difflib`` measures, from ``cutoff`` on)."""
    close = difflib.get_close_matches(str(given), list(known), n=1, cutoff=cutoff)
    return f'; did you mean {close[0]!r}?' if close else ''


def release_hint(given: object, releases: ReleaseTable) -> str:
    """``"; did you mean 'x'?"`` for the release name closest to ``given`` (a
    series' name or number, or a bucket), or ``''`` if none is close.

    Closer than for other names: among forty short codenames, most words
    are near one (``nope`` and ``antelope``).
    """
    known = [name for series in OPENSTACK_SERIES for name in series if name]
    return did_you_mean(given, [*known, *releases.buckets], cutoff=0.8)


def unknown_keys(
    where: str, keys: Iterable[object], known: Sequence[str], problems: list[str]
) -> bool:
    """Add a problem for each of ``keys`` not in ``known``; whether there was one."""
    found = False
    for key in keys:
        if key in known:
            continue
        found = True
        hint = did_you_mean(key, known) or f'; the keys are {", ".join(known)}'
        problems.append(f'{where}: unknown key {key!r}{hint}')
    return found


def release_range(
    where: str, entry: Mapping[Any, Any], releases: ReleaseTable, problems: list[str]
) -> tuple[Release | None, Release | None] | None:
    """The ``from`` and ``until`` releases of ``entry`` (None where not given);
    None, with the problems noted, if either is no known release or ``from``
    comes after ``until``."""
    bounds: list[Release | None] = []
    usable = True
    for key in ('from', 'until'):
        name = entry.get(key)
        release = releases.parse(name) if isinstance(name, str) else None
        if name is not None and (release is None or not release.known):
            problems.append(
                f'{where}: {key}={name!r} is not a known release{release_hint(name, releases)}'
            )
            usable = False
        bounds.append(release)
    start, end = bounds
    if start is not None and end is not None and start.key > end.key:
        problems.append(
            f'{where}: from={entry["from"]!r} is after until={entry["until"]!r}, so it '
            'applies to no spec'
        )
        usable = False
    return (start, end) if usable else None
