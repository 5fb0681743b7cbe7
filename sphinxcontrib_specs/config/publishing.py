"""The publishing values (redirects, ``specs.json``, the feed), validated."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_FEED_FILTER_FIELDS = ('kind', 'project', 'release', 'status')


@dataclass(frozen=True)
class PublishOptions:
    """The validated publishing configuration."""

    redirect_patterns: tuple[str, ...]
    redirects: Mapping[str, str]
    json_file: str | None
    feed_file: str | None
    feed_size: int
    feed_filter: Mapping[str, tuple[str, ...]]
    date_field: str
    base_url: str


def _output_file(name: str, value: object, default: str, problems: list[str]) -> str | None:
    if value is False:
        return None
    if value is True:
        return default
    if isinstance(value, str) and value:
        normal = posixpath.normpath(value)
        if not (
            value.startswith(('/', '\\'))
            or '\\' in value
            or normal in ('.', '..')
            or normal.startswith('../')
        ):
            return normal
    problems.append(
        f'{name}: expected True, False or a file name inside the output directory; got {value!r}'
    )
    return None


def load_publishing(get: Callable[[str], Any], problems: list[str]) -> PublishOptions:
    """The publishing values, validated; each problem is added to ``problems``.

    ``get`` gives a configuration value by name (its default when unset),
    ``html_baseurl`` included.
    """

    files = get('specs_redirect_files')
    patterns: tuple[str, ...] = ()
    if files is True:
        patterns = ('redirects', '**/redirects')
    elif isinstance(files, str) and files:
        patterns = (files,)
    elif files is not False:
        problems.append(
            f'specs_redirect_files: expected True, False or a glob pattern; got {files!r}'
        )

    mapping = get('specs_redirects')
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        problems.append(
            f'specs_redirects: expected a dict of path to path or URL; got {mapping!r}'
        )
        mapping = {}

    json_file = _output_file('specs_json', get('specs_json'), 'specs.json', problems)
    feed_file = _output_file('specs_feed', get('specs_feed'), 'specs.atom', problems)
    base_url = get('html_baseurl') or ''
    if feed_file is not None and not base_url:
        problems.append(
            "specs_feed: set html_baseurl to the site's address (e.g. "
            "'https://specs.example.org/'); feed links and ids are absolute"
        )

    size = get('specs_feed_size')
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        problems.append(f'specs_feed_size: expected a positive number; got {size!r}')
        size = 1

    feed_filter: dict[str, tuple[str, ...]] = {}
    raw_filter = get('specs_feed_filter')
    if not isinstance(raw_filter, dict):
        problems.append(f'specs_feed_filter: expected a dict; got {raw_filter!r}')
        raw_filter = {}
    for key, value in raw_filter.items():
        values = (value,) if isinstance(value, str) else value
        if key not in _FEED_FILTER_FIELDS or not (
            isinstance(values, (list, tuple))
            and values
            and all(isinstance(v, str) for v in values)
        ):
            problems.append(
                f'specs_feed_filter: expected keys among {", ".join(_FEED_FILTER_FIELDS)}, '
                f'each with a value or a list of values; got {key!r}: {value!r}'
            )
            continue
        feed_filter[key] = tuple(values)

    date_field = get('specs_feed_date_field')
    if not isinstance(date_field, str) or not date_field:
        problems.append(f'specs_feed_date_field: expected a field name; got {date_field!r}')

    return PublishOptions(
        redirect_patterns=patterns,
        redirects=dict(mapping),
        json_file=json_file,
        feed_file=feed_file,
        feed_size=size,
        feed_filter=feed_filter,
        date_field=date_field,
        base_url=base_url if base_url.endswith('/') else f'{base_url}/',
    )
