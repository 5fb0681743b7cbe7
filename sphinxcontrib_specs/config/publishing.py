"""The publishing values (redirects, ``specs.json``, the feed), validated."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from sphinxcontrib_specs.config.common import unknown_keys

_FEED_FILTER_FIELDS = ('kind', 'project', 'release', 'status')
_FEED_AUTHOR_KEYS = ('name', 'email')
#: Where Sphinx writes its own files in the output directory: directories
#: (a published file must not be in one) and files (nor be one).
SPHINX_OUTPUT_DIRS = ('.doctrees', '_static', '_sources', '_images', '_downloads')
SPHINX_OUTPUT_FILES = (
    '.buildinfo',
    'objects.inv',
    'searchindex.js',
    'genindex.html',
    'search.html',
)


#: An email address, as far as a feed reader needs one to be.
_EMAIL = re.compile(r'[^@\s]+@[^@\s]+')


class PublishOptions(NamedTuple):
    """The validated publishing configuration."""

    redirect_patterns: tuple[str, ...]
    redirects: Mapping[str, str]
    json_file: str | None
    feed_file: str | None
    feed_size: int
    feed_filter: Mapping[str, tuple[str, ...]]
    date_field: str
    base_url: str
    #: The feed's author: a name, and an email address or ''; None: not set.
    feed_author: tuple[str, str] | None = None


def _overwrites(normal: str, page_suffixes: Sequence[str]) -> str | None:
    """What a file of that name in the output directory could overwrite; None
    if nothing of Sphinx's.  Compared ignoring case, as some file systems do."""
    folded = normal.casefold()
    first = folded.split('/', maxsplit=1)[0]
    if first in SPHINX_OUTPUT_DIRS:
        return f'is in {first}/, where Sphinx writes its own files'
    if folded in SPHINX_OUTPUT_FILES:
        return 'is a file Sphinx writes'
    suffix = next((s for s in page_suffixes if folded.endswith(s.casefold())), None)
    if suffix is not None:
        return (
            f'ends in {suffix!r}, as the pages and sources of the site do, so it could replace one'
        )
    return None


def _output_file(
    name: str, value: object, default: str, page_suffixes: Sequence[str], problems: list[str]
) -> str | None:
    if value is False:
        return None
    if value is True:
        return default
    if isinstance(value, str) and value.strip():
        normal = posixpath.normpath(value)
        if not (
            value.startswith(('/', '\\'))
            or '\\' in value
            or normal in ('.', '..')
            or normal.startswith('../')
        ):
            problem = _overwrites(normal, page_suffixes)
            if problem is None:
                return normal
            problems.append(
                f'{name}: {value!r} {problem}; choose another name, such as {default!r}'
            )
            return None
    problems.append(
        f'{name}: expected True, False or a file name inside the output directory; got {value!r}'
    )
    return None


def _feed_author(value: object, problems: list[str]) -> tuple[str, str] | None:
    """``specs_feed_author``: a name, or a dict with a name and an email address."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        return value.strip(), ''
    if not isinstance(value, Mapping):
        problems.append(
            "specs_feed_author: expected a name, or a dict such as {'name': 'Nova team', "
            f"'email': 'nova@example.org'}}; got {value!r}"
        )
        return None
    if unknown_keys('specs_feed_author', value, _FEED_AUTHOR_KEYS, problems):
        return None
    name, email = value.get('name'), value.get('email', '')
    wrong = []
    if not isinstance(name, str) or not name.strip():
        wrong.append(f"specs_feed_author['name']: expected a name; got {name!r}")
    if not isinstance(email, str) or (email and not _EMAIL.fullmatch(email.strip())):
        wrong.append(f"specs_feed_author['email']: expected an email address; got {email!r}")
    problems.extend(wrong)
    return None if wrong else (str(name).strip(), str(email).strip())


def load_publishing(
    get: Callable[[str], Any], problems: list[str], page_suffixes: Sequence[str] = ('.html',)
) -> PublishOptions:
    """The publishing values, validated; each problem is added to ``problems``.

    ``get`` gives a configuration value by name (its default when unset),
    ``html_baseurl`` included.  A published file may not be one of Sphinx's
    own, nor in one of its directories, nor end in one of ``page_suffixes``
    (those of the pages and sources).
    """

    files = get('specs_redirect_files')
    patterns: tuple[str, ...] = ()
    if files is True:
        patterns = ('redirects', '**/redirects')
    elif (
        isinstance(files, str)
        and files.strip()
        and not files.startswith(('/', '\\'))
        and '..' not in files.split('/')
    ):
        patterns = (files,)
    elif files is not False:
        problems.append(
            'specs_redirect_files: expected True, False or a glob pattern relative to the '
            f'source directory; got {files!r}'
        )

    mapping = get('specs_redirects')
    redirects: dict[str, str] = {}
    if not isinstance(mapping, Mapping):
        problems.append(
            f'specs_redirects: expected a dict of path to path or URL; got {mapping!r}'
        )
        mapping = {}
    for old, new in mapping.items():
        if not (isinstance(old, str) and old.strip() and isinstance(new, str) and new.strip()):
            problems.append(
                f'specs_redirects[{old!r}]: expected a path mapped to a path or URL; got {new!r}'
            )
            continue
        redirects[old] = new

    json_file = _output_file(
        'specs_json', get('specs_json'), 'specs.json', page_suffixes, problems
    )
    feed_file = _output_file(
        'specs_feed', get('specs_feed'), 'specs.atom', page_suffixes, problems
    )
    if (
        json_file is not None
        and feed_file is not None
        and json_file.casefold() == feed_file.casefold()
    ):
        problems.append(
            f'specs_feed: {feed_file!r} is the file specs_json writes; give them different names'
        )
    base_url = get('html_baseurl') or ''
    if not isinstance(base_url, str):
        problems.append(f"html_baseurl: expected the site's address; got {base_url!r}")
        base_url = ''
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
    if not isinstance(raw_filter, Mapping):
        problems.append(f'specs_feed_filter: expected a dict; got {raw_filter!r}')
        raw_filter = {}
    unknown_keys('specs_feed_filter', raw_filter, _FEED_FILTER_FIELDS, problems)
    for key, value in raw_filter.items():
        values = (value,) if isinstance(value, str) else value
        if key not in _FEED_FILTER_FIELDS:
            continue
        if not (
            isinstance(values, (list, tuple))
            and values
            and all(isinstance(v, str) and v.strip() for v in values)
        ):
            problems.append(
                f'specs_feed_filter[{key!r}]: expected a value or a list of values; got {value!r}'
            )
            continue
        feed_filter[key] = tuple(values)

    date_field = get('specs_feed_date_field')
    if not isinstance(date_field, str) or not date_field.strip():
        problems.append(f'specs_feed_date_field: expected a field name; got {date_field!r}')
        date_field = 'date'

    return PublishOptions(
        feed_author=_feed_author(get('specs_feed_author'), problems),
        redirect_patterns=patterns,
        redirects=redirects,
        json_file=json_file,
        feed_file=feed_file,
        feed_size=size,
        feed_filter=feed_filter,
        date_field=date_field,
        base_url=base_url if base_url.endswith('/') else f'{base_url}/',
    )
