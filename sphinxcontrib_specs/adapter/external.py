"""Other sites' specs: reading their ``specs.json`` (``specs_external``).

Each source is read once per build, when the builder starts, before
anything is read or written: a path as it is, a URL over HTTP with a
timeout and a bounded size.  What a URL gave is kept in the doctree
directory with its validators (``ETag``, ``Last-Modified``); the next build
asks the site whether it changed (``If-None-Match``, ``If-Modified-Since``)
and uses the kept copy on ``304 Not Modified``, and, with a warning, when
the site cannot be reached or sends something unusable.

A ``specs.json`` is usable when it is JSON, of a schema version this
package reads (:data:`~.publish.export.SCHEMA_VERSION` or older), and
every field used here has the type the schema gives it; URLs of pages must
be relative, and ``base_url`` an http(s) URL.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util.osutil import relative_uri

from sphinxcontrib_specs import __version__
from sphinxcontrib_specs.adapter.publish.export import SCHEMA_VERSION
from sphinxcontrib_specs.config.references import ExternalSource
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.citations import Citable, NameTable, blueprint_project
from sphinxcontrib_specs.core.files import write_atomically
from sphinxcontrib_specs.core.grouping import IndexEntry

__all__ = ['MAX_SIZE', 'ExternalSite', 'ExternalSpec', 'UnusableError', 'load_source']

#: The largest ``specs.json`` read, in bytes (one of 5,000 specs is about 5 MB).
MAX_SIZE = 32 * 1024 * 1024
#: The file a location that names a site (a URL ending in ``/``, a
#: directory) stands for.
EXPORT_NAME = 'specs.json'
#: The directory of the doctree directory that keeps what URLs gave.
CACHE_DIR = 'specs-external'
_SCHEME = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:')
_CHUNK = 1 << 16


class UnusableError(ValueError):
    """A ``specs.json`` that cannot be used; the message says why."""


class ExternalSpec(NamedTuple):
    """A spec of another site, from its ``specs.json``."""

    docname: str
    title: str
    #: Its page, relative to that site's root, quoted.
    url: str
    #: How references name it.
    citable: Citable
    kind: str = 'spec'
    release: str = ''
    status: str = ''
    project: str = ''
    assignees: tuple[str, ...] = ()
    trackers: tuple[str, ...] = ()


@dataclass
class ExternalSite:
    """The specs of another site, and where its pages are."""

    name: str
    #: An absolute URL ending in ``/``, a path relative to this site's root
    #: ending in ``/``, or '' when the pages cannot be linked.
    base_url: str
    specs: dict[str, ExternalSpec] = field(default_factory=dict)
    names: NameTable = field(default_factory=lambda: NameTable(()))

    def href(self, spec: ExternalSpec, builder: Builder, fromdocname: str) -> str | None:
        """The address of ``spec``'s page from the page of ``fromdocname``."""
        if not self.base_url:
            return None
        if _SCHEME.match(self.base_url):
            return urljoin(self.base_url, spec.url)
        return relative_uri(builder.get_target_uri(fromdocname), self.base_url + spec.url)

    def reference(
        self, spec: ExternalSpec, builder: Builder, fromdocname: str, content: nodes.Node
    ) -> nodes.reference | None:
        """A link to ``spec`` holding ``content``; None if its page has no address."""
        href = self.href(spec, builder, fromdocname)
        if href is None:
            return None
        return nodes.reference(
            '', '', content, internal=False, refuri=href, reftitle=spec.title,
            classes=['specs-external'],
        )  # fmt: skip

    def entries(self) -> list[IndexEntry]:
        """The specs as index pages list them."""
        return [
            IndexEntry(
                docname=f'{self.name}:{spec.docname}',
                title=spec.title or spec.docname,
                release=spec.release,
                status=spec.status,
                project=spec.project,
                kind=spec.kind,
                assignees=spec.assignees,
                trackers=spec.trackers,
                source=self.name,
            )
            for spec in self.specs.values()
        ]


# ---------------------------------------------------------------------------
# Reading and checking a specs.json


def _string(value: object, where: str, *, optional: bool = False) -> str:
    if value is None and optional:
        return ''
    if not isinstance(value, str):
        kind = 'a string or null' if optional else 'a string'
        raise UnusableError(f'{where}: expected {kind}, found {json.dumps(value)[:40]}')
    return value


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UnusableError(f'{where}: expected a list of strings')
    return tuple(value)


def _page_url(value: str, where: str) -> str:
    path = value.split('#', 1)[0].split('?', 1)[0]
    if _SCHEME.match(value) or value.startswith(('/', '\\')) or '..' in path.split('/'):
        raise UnusableError(f'{where}: {value!r} is not a page of the site (a relative URL)')
    return value


class _Words:
    """Release and status names as this site reads them, each worked out once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._releases: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._statuses: dict[str, str] = {}

    def release(self, name: str) -> tuple[str, tuple[str, ...]]:
        """The canonical name of a release, and all its spellings."""
        if name not in self._releases:
            releases = self.settings.releases
            canonical = releases.parse(name).name
            self._releases[name] = (canonical, (name, *releases.spellings(canonical)))
        return self._releases[name]

    def status(self, name: str) -> str:
        if name not in self._statuses:
            self._statuses[name] = self.settings.statuses.canonical(name) or name
        return self._statuses[name]


def _spec(item: object, index: int, words: _Words) -> ExternalSpec:
    where = f'specs[{index}]'
    if not isinstance(item, dict):
        raise UnusableError(f'{where}: expected an object')
    docname = _string(item.get('docname'), f'{where}.docname')
    if not docname.strip():
        raise UnusableError(f'{where}.docname: expected a document name')
    metadata = item.get('metadata', {})
    if not isinstance(metadata, dict):
        raise UnusableError(f'{where}.metadata: expected an object')
    release = _string(item.get('release'), f'{where}.release', optional=True)
    status = _string(item.get('status'), f'{where}.status', optional=True)
    project = _string(item.get('project'), f'{where}.project', optional=True)
    trackers = _strings(item.get('trackers', []), f'{where}.trackers')
    release, spellings = words.release(release) if release else ('', ())
    status = words.status(status) if status else ''
    title = _string(item.get('title'), f'{where}.title')
    name = metadata.get('name')
    blueprint = metadata.get('blueprint')
    qualifiers = {
        *docname.split('/')[:-1],
        status,
        project,
        blueprint_project(trackers),
        *spellings,
    }
    return ExternalSpec(
        docname=docname,
        title=title,
        url=_page_url(_string(item.get('url'), f'{where}.url'), f'{where}.url'),
        kind=_string(item.get('kind', 'spec'), f'{where}.kind'),
        release=release,
        status=status,
        project=project,
        assignees=_strings(item.get('assignees', []), f'{where}.assignees'),
        trackers=trackers,
        citable=Citable(
            docname=docname,
            title=title,
            name=name if isinstance(name, str) and name else docname.rsplit('/', 1)[-1],
            blueprint=blueprint if isinstance(blueprint, str) else '',
            release=release,
            status=status,
            project=project,
            qualifiers=frozenset(q.casefold() for q in qualifiers if q),
        ),
    )


def parse_export(data: bytes, settings: Settings) -> tuple[str, list[ExternalSpec]]:
    """The base URL ('' if none) and the specs of a ``specs.json``.

    Raises :class:`UnusableError` saying what is wrong with it.
    """
    try:
        document = json.loads(data.decode('utf-8'))
    except UnicodeDecodeError as exc:
        raise UnusableError(f'it is not UTF-8 text (byte {exc.start})') from None
    except json.JSONDecodeError as exc:
        raise UnusableError(
            f'it is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})'
        ) from None
    if not isinstance(document, dict) or 'schema_version' not in document:
        raise UnusableError('it is no specs.json: it has no schema_version')
    version = document['schema_version']
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise UnusableError(f'schema_version {json.dumps(version)[:40]} is no version number')
    if version > SCHEMA_VERSION:
        raise UnusableError(
            f'it has schema version {version}, and this sphinx-specs reads version '
            f'{SCHEMA_VERSION}; upgrade sphinx-specs'
        )
    base_url = _string(document.get('base_url'), 'base_url', optional=True)
    if base_url and (
        urlsplit(base_url).scheme.lower() not in ('http', 'https') or not urlsplit(base_url).netloc
    ):
        raise UnusableError(f'base_url {base_url!r} is no http(s) URL')
    items = document.get('specs')
    if not isinstance(items, list):
        raise UnusableError('specs: expected a list')
    words = _Words(settings)
    return base_url, [_spec(item, index, words) for index, item in enumerate(items)]


# ---------------------------------------------------------------------------
# Fetching, with a copy kept in the doctree directory


class _KeptCopy:
    """The copy of a URL's ``specs.json`` kept in the doctree directory.

    One file: a line of JSON (the URL, its validators and the digest of
    the bytes), then the bytes.  A copy whose bytes do not match the digest
    (a build killed while writing it) is no copy.
    """

    def __init__(self, doctreedir: str, url: str) -> None:
        key = hashlib.sha256(url.encode()).hexdigest()[:16]
        self.path = os.path.join(doctreedir, CACHE_DIR, f'{key}.json')
        self.url = url
        self.validators: dict[str, str] = {}
        self.body: bytes | None = None
        try:
            with open(self.path, 'rb') as stream:
                head, _newline, body = stream.read().partition(b'\n')
            meta = json.loads(head)
        except (OSError, ValueError):
            return
        if (
            isinstance(meta, dict)
            and meta.get('url') == url
            and meta.get('sha256') == hashlib.sha256(body).hexdigest()
        ):
            self.validators = {k: v for k, v in meta.items() if k in ('etag', 'last_modified')}
            self.body = body

    def keep(self, body: bytes, headers: Any) -> None:
        meta = {
            'url': self.url,
            'etag': headers.get('ETag', ''),
            'last_modified': headers.get('Last-Modified', ''),
            'sha256': hashlib.sha256(body).hexdigest(),
        }
        head = json.dumps(meta, sort_keys=True).encode()
        # A copy that cannot be kept only means asking for the whole file next time.
        with contextlib.suppress(OSError):
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            write_atomically(self.path, head + b'\n' + body)


def _download(url: str, validators: Mapping[str, str], timeout: float) -> tuple[int, Any, bytes]:
    """The status, headers and body of a GET of ``url`` (304: no body).

    Raises :class:`UnusableError` for a body over :data:`MAX_SIZE`, and
    ``TimeoutError`` when the whole body takes longer than ``timeout``.
    """
    # Imported here: most sites read no other site, and urllib.request (with
    # http.client and ssl) is a tenth of the extension's import time.
    import urllib.error
    import urllib.request

    headers = {'User-Agent': f'sphinx-specs/{__version__}', 'Accept': 'application/json'}
    if validators.get('etag'):
        headers['If-None-Match'] = validators['etag']
    if validators.get('last_modified'):
        headers['If-Modified-Since'] = validators['last_modified']
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get('Content-Length', '')
            if declared.isdigit() and int(declared) > MAX_SIZE:
                raise UnusableError(f'it is larger than {MAX_SIZE:,} bytes')
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > MAX_SIZE:
                    raise UnusableError(f'it is larger than {MAX_SIZE:,} bytes')
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
            return response.status, response.headers, b''.join(chunks)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, exc.headers, b''
        raise


def _fetch(url: str, kept: _KeptCopy, timeout: float) -> tuple[bytes | None, Any, str]:
    """The body (None: the kept copy is current), headers and problem ('' if none)."""
    import urllib.error  # with _download's, when a site is read

    try:
        status, headers, body = _download(url, kept.validators, timeout)
    except urllib.error.HTTPError as exc:
        return None, None, f'the site answered {exc.code} {exc.reason}'
    except UnusableError as exc:
        return None, None, str(exc)
    except (TimeoutError, urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, 'reason', None) or exc
        if isinstance(reason, TimeoutError) or 'timed out' in str(reason):
            reason = f'no answer within {timeout:g} s'
        return None, None, f'it cannot be reached ({reason})'
    if status == 304:
        if kept.body is None:
            return None, None, 'the site answered 304 Not Modified to a request for the file'
        return None, headers, ''
    return body, headers, ''


def _read_file(path: str) -> tuple[bytes | None, str]:
    try:
        if os.path.getsize(path) > MAX_SIZE:
            return None, f'it is larger than {MAX_SIZE:,} bytes'
        with open(path, 'rb') as stream:
            return stream.read(), ''
    except OSError as exc:
        return None, f'it cannot be read ({exc.strerror or exc})'


def location_of(source: ExternalSource, confdir: str) -> str:
    """The URL or file the source's ``specs.json`` is read from."""
    if source.is_url:
        return source.location + EXPORT_NAME if source.location.endswith('/') else source.location
    path = os.path.join(confdir, os.path.expanduser(source.location))
    return os.path.join(path, EXPORT_NAME) if os.path.isdir(path) else path


def load_source(
    source: ExternalSource, settings: Settings, confdir: str, doctreedir: str
) -> tuple[ExternalSite | None, list[str]]:
    """The site a source names, and the problems found reading it.

    None if nothing usable was found: neither the source nor a kept copy.
    """
    where = location_of(source, confdir)
    shown = where if source.is_url else os.path.relpath(where, confdir)
    found: tuple[str, list[ExternalSpec]] | None = None
    if source.is_url:
        kept = _KeptCopy(doctreedir, where)
        body, headers, problem = _fetch(where, kept, settings.references.timeout)
        if body is not None:
            try:
                found = parse_export(body, settings)
            except UnusableError as exc:
                problem = str(exc)
            else:
                kept.keep(body, headers)
        if found is None and kept.body is not None:
            with contextlib.suppress(UnusableError):
                found = parse_export(kept.body, settings)
    else:
        data, problem = _read_file(where)
        if data is not None:
            try:
                found = parse_export(data, settings)
            except UnusableError as exc:
                problem = str(exc)
    problems: list[str] = []
    if problem:
        if found is not None:
            tail = 'using the copy kept in the build directory by an earlier build'
        else:
            tail = 'its specs are not listed, and references to them are not resolved'
        problems.append(f'{shown} is not usable: {problem}; {tail}')
    if found is None:
        return None, problems
    base_url, specs = found
    base_url = source.base_url or base_url
    if not base_url and source.is_url:
        # The export is at the site's root unless the site says otherwise.
        base_url = urljoin(where, '.')
    if not base_url:
        problems.append(
            f'{shown} gives no base_url (its site sets no html_baseurl), so its pages '
            "cannot be linked; give the site's address with the path: "
            f"('{source.location}', 'https://...')"
        )
    elif not base_url.endswith('/'):
        base_url += '/'
    site = ExternalSite(source.name, base_url)
    site.specs = {spec.docname: spec for spec in specs}
    site.names = NameTable(spec.citable for spec in site.specs.values())
    return site, problems
