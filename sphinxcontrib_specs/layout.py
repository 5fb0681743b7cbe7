"""Layout: docname patterns with named fields, and the status vocabulary."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sphinxcontrib_specs.releases import ReleaseTable

__all__ = [
    'DEFAULT_PATTERNS',
    'DEFAULT_STATUSES',
    'FIELDS',
    'Pattern',
    'PatternError',
    'StatusVocabulary',
]

#: The fields a docname pattern or a template path may name.
FIELDS = ('release', 'status', 'project', 'name', 'kind')

DEFAULT_PATTERNS = (
    'specs/{release}/{status}/{name}',
    'specs/{status}/{release}/{name}',
    'specs/{release}/{name}',
    'specs/{status}/{name}',
)

#: Status names seen in specs repositories, in display order, with labels.
DEFAULT_STATUSES: dict[str, str] = {
    'approved': 'Approved',
    'implemented': 'Implemented',
    'in-progress': 'In progress',
    'ongoing': 'Ongoing',
    'done': 'Done',
    'backlog': 'Backlog',
    'ideas': 'Ideas',
    'untargeted': 'Untargeted',
    'release_independent': 'Release independent',
    'not-implemented': 'Not implemented',
    'superseded': 'Superseded',
    'retired': 'Retired',
    'abandoned': 'Abandoned',
}

#: Spellings of one status that repositories use interchangeably.
DEFAULT_STATUS_ALIASES: dict[str, str] = {
    'in_progress': 'in-progress',
    'unimplemented': 'not-implemented',
    'not_implemented': 'not-implemented',
    'release-independent': 'release_independent',
}


class PatternError(ValueError):
    """A docname pattern or template path that cannot be used."""


class StatusVocabulary:
    """Known statuses, their labels, their order and their spellings."""

    def __init__(self, labels: Mapping[str, str], aliases: Mapping[str, str]) -> None:
        self.labels = dict(labels)
        self._order = {name: index for index, name in enumerate(labels)}
        self._aliases = dict(aliases)

    def canonical(self, name: str) -> str | None:
        """The status ``name`` stands for, or None if it is not one."""
        folded = name.strip().casefold()
        folded = self._aliases.get(folded, folded)
        return folded if folded in self.labels else None

    def label(self, name: str) -> str:
        return self.labels.get(name, name)

    def sort_key(self, name: str) -> tuple[int, str]:
        return (self._order.get(name, len(self._order)), name)


def template_fields(path: str) -> list[str]:
    """The fields named in a pattern or template path; raises PatternError."""
    try:
        parsed = list(string.Formatter().parse(path))
    except ValueError as exc:
        raise PatternError(f'{path!r}: {exc}') from None
    names = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            raise PatternError(
                f'{path!r}: unknown field {{{name}}}; '
                f'the fields are {", ".join("{" + f + "}" for f in FIELDS)}'
            )
        names.append(name)
    return names


@dataclass(frozen=True)
class Pattern:
    """A docname pattern such as ``specs/{release}/{status}/{name}``.

    A field matches within one path segment.  ``{status}`` only matches a
    known status; ``{release}`` matches anything but a status name (unless
    the name is also a release bucket, such as ``backlog``), so status-first
    and release-first patterns can be listed side by side.
    """

    text: str
    regex: re.Pattern[str]

    @classmethod
    def compile(cls, text: str) -> Pattern:
        names = template_fields(text)
        if 'name' not in names:
            raise PatternError(f'{text!r}: a pattern must contain {{name}}')
        if 'kind' in names:
            raise PatternError(f'{text!r}: {{kind}} is not a docname field')
        if len(set(names)) != len(names):
            raise PatternError(f'{text!r}: a field appears twice')
        parts = []
        for literal, name, _spec, _conv in string.Formatter().parse(text.strip('/')):
            parts.append(re.escape(literal))
            if name is not None:
                parts.append(f'(?P<{name}>[^/]+)')
        return cls(text, re.compile(''.join(parts) + r'\Z'))

    def match(
        self, docname: str, statuses: StatusVocabulary, releases: ReleaseTable
    ) -> dict[str, str] | None:
        found = self.regex.match(docname)
        if found is None:
            return None
        fields = found.groupdict()
        if 'status' in fields:
            status = statuses.canonical(fields['status'])
            if status is None:
                return None
            fields['status'] = status
        release = fields.get('release')
        if (
            release is not None
            and statuses.canonical(release) is not None
            and not releases.is_bucket(release)
        ):
            return None
        return fields


def match_first(
    patterns: Iterable[Pattern],
    docname: str,
    statuses: StatusVocabulary,
    releases: ReleaseTable,
) -> dict[str, str] | None:
    for pattern in patterns:
        fields = pattern.match(docname, statuses, releases)
        if fields is not None:
            return fields
    return None


def fill(path: str, fields: Mapping[str, str | None]) -> str | None:
    """``path`` with its fields filled in, or None if one has no value."""
    values = {}
    for name in template_fields(path):
        value = fields.get(name)
        if not value:
            return None
        values[name] = value
    return path.format(**values)


def as_glob(path: str) -> str:
    """``path`` with every field replaced by ``*``."""
    return re.sub(r'\{\w+\}', '*', path)


def sequence_of_str(value: object) -> Sequence[str] | None:
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return value
    return None
