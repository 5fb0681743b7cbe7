"""Docname patterns with named fields: ``specs/{release}/{status}/{name}``."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.statuses import StatusVocabulary

__all__ = ['DEFAULT_PATTERNS', 'FIELDS', 'Pattern', 'PatternError']


#: The fields a docname pattern or a template path may name.
FIELDS = ('release', 'status', 'project', 'name', 'kind')
DEFAULT_PATTERNS = (
    'specs/{release}/{status}/{name}',
    'specs/{status}/{release}/{name}',
    'specs/{release}/{name}',
    'specs/{status}/{name}',
)


class PatternError(ValueError):
    """A docname pattern or template path that cannot be used."""


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


class Pattern(NamedTuple):
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


def strip_suffix(path: str, suffixes: Sequence[str]) -> str | None:
    """``path`` without the first of ``suffixes`` it ends in (a docname from a
    source path), or None if it ends in none of them."""
    for suffix in suffixes:
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)]
    return None


def as_glob(path: str) -> str:
    """``path`` with every field replaced by ``*``."""
    return re.sub(r'\{\w+\}', '*', path)


def sequence_of_str(value: object) -> Sequence[str] | None:
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return value
    return None
