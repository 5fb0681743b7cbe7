"""Metadata the configuration gives: ``specs_defaults`` and ``specs_project_aliases``, validated.

``specs_defaults`` is a dict, or a list of dicts each of which may hold a
release range (``from``, ``until``): for each field, the first entry that
holds a spec's release gives it.  Whatever the entries say, a spec without
a status gets ``approved``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from sphinxcontrib_specs.config.common import (
    did_you_mean,
    release_hint,
    release_range,
    unknown_keys,
)
from sphinxcontrib_specs.core.releases import Release, ReleaseTable
from sphinxcontrib_specs.core.statuses import StatusVocabulary

__all__ = [
    'DEFAULT_FIELDS',
    'DefaultEntry',
    'first_defaults',
    'in_range',
    'load_defaults',
    'load_project_aliases',
    'unranged_defaults',
]


class DefaultEntry(NamedTuple):
    """An entry of ``specs_defaults``: metadata for the specs of a release range."""

    fields: Mapping[str, str]
    start: Release | None = None
    end: Release | None = None

    def holds(self, release: Release | None) -> bool:
        """Whether the entry applies to a spec of ``release`` (None: no release,
        which only an entry without a range holds)."""
        if self.start is None and self.end is None:
            return True
        return release is not None and in_range(release, self.start, self.end)


def in_range(release: Release, start: Release | None, end: Release | None) -> bool:
    """Whether ``release`` is from ``start`` on and up to ``end``, both included."""
    if start is not None and release.key < start.key:
        return False
    return not (end is not None and release.key > end.key)


def first_defaults(entries: Sequence[DefaultEntry], release: Release | None) -> dict[str, str]:
    """For each field, the value of the first of ``entries`` that holds
    ``release`` and gives the field."""
    chosen: dict[str, str] = {}
    for entry in entries:
        if entry.holds(release):
            for key, value in entry.fields.items():
                chosen.setdefault(key, value)
    return chosen


#: The fields ``specs_defaults`` gives, and the keys of one of its entries.
DEFAULT_FIELDS = ('status', 'release', 'project')
_RANGE_KEYS = ('from', 'until')
#: The status of a spec that nothing else gives one.
FALLBACK = DefaultEntry({'status': 'approved'})


def load_defaults(
    value: object, statuses: StatusVocabulary, releases: ReleaseTable, problems: list[str]
) -> tuple[DefaultEntry, ...]:
    """The entries of ``specs_defaults``, in order, the fallback status last."""
    if isinstance(value, Mapping):
        entries: list[tuple[str, Mapping[Any, Any]]] = [('specs_defaults', value)]
        keys: tuple[str, ...] = DEFAULT_FIELDS
    elif isinstance(value, (list, tuple)) and all(isinstance(e, Mapping) for e in value):
        entries = [(f'specs_defaults[{index}]', entry) for index, entry in enumerate(value)]
        keys = (*DEFAULT_FIELDS, *_RANGE_KEYS)
    else:
        problems.append(
            'specs_defaults: expected a dict with keys status, release, project, or a list '
            f'of such dicts, each with a release range from, until; got {value!r}'
        )
        return (FALLBACK,)
    loaded = [
        _entry(where, entry, keys=keys, statuses=statuses, releases=releases, problems=problems)
        for where, entry in entries
    ]
    return (*(entry for entry in loaded if entry is not None), FALLBACK)


def unranged_defaults(entries: Sequence[DefaultEntry]) -> dict[str, str]:
    """The defaults of a spec whatever its release: those of the entries
    without a range, the first entry giving a field winning."""
    return first_defaults([e for e in entries if e.start is None and e.end is None], None)


def _entry(
    where: str,
    entry: Mapping[Any, Any],
    *,
    keys: tuple[str, ...],
    statuses: StatusVocabulary,
    releases: ReleaseTable,
    problems: list[str],
) -> DefaultEntry | None:
    unknown_keys(where, entry, keys, problems)
    bounds = release_range(where, entry, releases, problems)
    if bounds is None:
        return None
    start, end = bounds
    fields: dict[str, str] = {}
    for key in DEFAULT_FIELDS:
        if key not in entry:
            continue
        value = entry[key]
        if not isinstance(value, str) or not value.strip():
            problems.append(f'{where}[{key!r}]: expected a {key} name; got {value!r}')
        elif key == 'release' and (start or end):
            problems.append(
                f"{where}: a default release cannot depend on the spec's release "
                f"(from, until); give 'release' in an entry without them"
            )
        elif key == 'release' and not releases.parse(value).known:
            hint = release_hint(value, releases)
            problems.append(f'{where}[{key!r}]: {value!r} is not a known release{hint}')
        elif key == 'status' and statuses.canonical(value) is None:
            hint = did_you_mean(value, statuses.labels)
            problems.append(f'{where}: status {value!r} is not in specs_statuses{hint}')
        else:
            fields[key] = value
    if not fields and not any(key in entry for key in DEFAULT_FIELDS):
        problems.append(f'{where}: give it a status, a release or a project')
        return None
    return DefaultEntry(fields, start, end)


def load_project_aliases(value: object, problems: list[str]) -> dict[str, str]:
    """Folded project name -> the project's name, from ``specs_project_aliases``.

    Names are folded to lower case.  An alias may not name another alias:
    each maps straight to the name shown, which stands for itself in any
    case; so a name mapped to itself in another case sets how it is shown.
    """
    if not isinstance(value, Mapping):
        problems.append(
            f'specs_project_aliases: expected a dict of project name to project; got {value!r}'
        )
        return {}
    given: dict[str, tuple[str, str]] = {}
    for alias, target in value.items():
        if not (
            isinstance(alias, str) and alias.strip() and isinstance(target, str) and target.strip()
        ):
            problems.append(
                f'specs_project_aliases[{alias!r}]: expected a project name mapped to a '
                f'project; got {target!r}'
            )
            continue
        given[alias.strip().lower()] = (alias, target.strip())
    aliases: dict[str, str] = {}
    for folded, (alias, target) in given.items():
        onward = given.get(target.lower())
        if onward is not None and target.lower() not in (folded, onward[1].lower()):
            problems.append(
                f'specs_project_aliases[{alias!r}]: {target!r} is itself an alias, of '
                f'{onward[1]!r}; map {alias!r} to {onward[1]!r}'
            )
            continue
        # Where the target's own entry spells it in another case, that spelling.
        aliases[folded] = onward[1] if onward is not None else target
    for target in list(aliases.values()):
        aliases.setdefault(target.lower(), target)
    return aliases
