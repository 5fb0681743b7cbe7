"""The values for references between sites, validated: ``specs_external``,
``specs_external_timeout`` and ``specs_autolink``."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple
from urllib.parse import urlsplit

__all__ = ['ExternalSource', 'ReferenceOptions', 'load_references']

_SCHEME = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:')


class ExternalSource(NamedTuple):
    """Another site whose ``specs.json`` the build reads."""

    name: str
    #: An http(s) URL, or a path (relative to the directory of conf.py).
    location: str
    #: Where that site's pages are, over its file's ``base_url``: an
    #: absolute URL, or a path relative to this site's root ('' if not given).
    base_url: str = ''

    @property
    def is_url(self) -> bool:
        return _SCHEME.match(self.location) is not None


class ReferenceOptions(NamedTuple):
    """The validated configuration of references."""

    external: tuple[ExternalSource, ...] = ()
    #: Seconds to wait for another site before using its cached copy.
    timeout: float = 10.0
    #: Whether links to this site's own specs by URL are reported.
    autolink: bool = False

    def source(self, name: str) -> ExternalSource | None:
        return next((s for s in self.external if s.name == name), None)


def _url_problem(where: str, url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ('http', 'https') or not parts.netloc:
        return f'{where}: {url!r} is no http(s) URL; give an http(s) URL or a path'
    return None


def _base_url_problem(where: str, base_url: object) -> str | None:
    if not isinstance(base_url, str) or not base_url.strip():
        return f'{where}: expected the base URL of the site; got {base_url!r}'
    if _SCHEME.match(base_url):
        return _url_problem(where, base_url)
    if base_url.startswith(('/', '\\')) or '\\' in base_url:
        return (
            f'{where}: base URL {base_url!r} is neither an http(s) URL nor a path '
            "relative to this site's root, such as '../neutron/'"
        )
    return None


def _source(name: object, value: object, problems: list[str]) -> ExternalSource | None:
    where = f'specs_external[{name!r}]'
    if not isinstance(name, str) or not name.strip() or re.search(r'[\s:*/]', name):
        problems.append(
            f'specs_external: {name!r} cannot name a site: a name is a word without spaces, '
            "':', '/' or '*', such as 'neutron'"
        )
        return None
    base_url: object = ''
    problem = None
    if isinstance(value, (tuple, list)) and len(value) == 2:
        value, base_url = value
        problem = _base_url_problem(where, base_url)
    if problem is None and (not isinstance(value, str) or not value.strip()):
        problem = (
            f'{where}: expected the URL or path of a specs.json, or a pair of it and the '
            f'base URL of the site; got {value!r}'
        )
    if problem is None and isinstance(value, str) and _SCHEME.match(value.strip()):
        problem = _url_problem(where, value.strip())
    if problem is not None:
        problems.append(problem)
        return None
    assert isinstance(value, str)
    assert isinstance(base_url, str)
    return ExternalSource(name, value.strip(), base_url.strip())


def load_references(get: Callable[[str], Any], problems: list[str]) -> ReferenceOptions:
    """Validate the reference values; add what is wrong to ``problems``."""
    external_value = get('specs_external')
    sources: list[ExternalSource] = []
    if not isinstance(external_value, Mapping):
        problems.append(
            'specs_external: expected a dict of site name to the URL or path of its '
            f'specs.json; got {external_value!r}'
        )
    else:
        for name, value in external_value.items():
            source = _source(name, value, problems)
            if source is not None:
                sources.append(source)
    timeout = get('specs_external_timeout')
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        problems.append(
            f'specs_external_timeout: expected a number of seconds above 0; got {timeout!r}'
        )
        timeout = ReferenceOptions._field_defaults['timeout']
    autolink = get('specs_autolink')
    if not isinstance(autolink, bool):
        problems.append(f'specs_autolink: expected True or False; got {autolink!r}')
    return ReferenceOptions(tuple(sources), float(timeout), autolink is True)
