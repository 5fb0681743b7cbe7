"""Other sites' specs (``specs_external``) read over real HTTP and from files.

``test-refs-site`` is built once for its ``specs.json``; a server on
127.0.0.1, started by the test in a thread, serves it (with an ETag) and
what goes wrong in the field: a 404, no answer in time, bad JSON, a newer
schema version, a body too large.  ``test-refs-portal``, a site with no
specs of its own, lists the other site's specs (``:source: nova``) and
cites two of them.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from index_helpers import index_items
from references_helpers import build, copy_root, links
from sphinx.errors import ConfigError

from sphinxcontrib_specs.adapter.external import MAX_SIZE

BASE = 'https://specs.example.org/nova/'
#: The line of conf.py the tests add specs_external at.
LINE = 10

VTPM_2024 = (
    f'{BASE}specs/2024.1/approved/live-migration-with-vtpm.html',
    'Live migration with vTPM',
)
VTPM_2025 = (
    f'{BASE}specs/2025.1/approved/live-migration-with-vtpm.html',
    'Live migration with vTPM, continued',
)
CELLS = (f'{BASE}specs/2025.1/implemented/cells-v2.html', 'Cells v2')
HINTS = (f'{BASE}specs/2025.1/approved/scheduler-hints.html', 'Scheduler hints')
#: The index's links (newest release first, specs by title), then the role's.
LINKS = [CELLS, VTPM_2025, HINTS, VTPM_2024, HINTS, VTPM_2024]
ITEMS = [
    (
        '2025.1 Epoxy (3)',
        [
            'Cells v2 (Implemented)',
            'Live migration with vTPM, continued (Approved)',
            'Scheduler hints (Approved)',
        ],
    ),
    ('2024.1 Caracal (1)', ['Live migration with vTPM (Approved)']),
]


@pytest.fixture(scope='module')
def export(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The ``specs.json`` of ``test-refs-site``."""
    srcdir = copy_root('refs-site', tmp_path_factory.mktemp('export'))
    build(srcdir)
    return (srcdir / '_build' / 'html' / 'specs.json').read_bytes()


Route = Callable[[BaseHTTPRequestHandler], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]
    #: (path, If-None-Match) of every request.
    requests: list[tuple[str, str | None]]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get('If-None-Match')))
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: the tests read the requests from the server."""


def send(body: bytes, etag: str = '', length: int | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        if etag and handler.headers.get('If-None-Match') == etag:
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header('Content-Type', 'application/json')
        handler.send_header('Content-Length', str(len(body) if length is None else length))
        if etag:
            handler.send_header('ETag', etag)
        handler.end_headers()
        handler.wfile.write(body)

    return route


def slowly(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(3)
    send(b'{}')(handler)


def endless(handler: BaseHTTPRequestHandler) -> None:
    """A body larger than allowed, without a length: it ends when the connection does."""
    handler.send_response(200)
    handler.end_headers()
    chunk = b' ' * (1 << 20)
    for _ in range(MAX_SIZE // len(chunk) + 1):
        handler.wfile.write(chunk)
    handler.wfile.write(b'{}')


@pytest.fixture
def server() -> Iterator[tuple[_Server, str]]:
    httpd = _Server(('127.0.0.1', 0), _Handler)
    httpd.routes, httpd.requests = {}, []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd, f'http://127.0.0.1:{httpd.server_address[1]}'
    finally:
        httpd.shutdown()
        httpd.server_close()


def _portal(tmp_path: Path, value: str) -> Path:
    srcdir = copy_root('refs-portal', tmp_path, f'specs_external = {{"nova": {value}}}\n')
    assert len((srcdir / 'conf.py').read_text().splitlines()) == LINE
    return srcdir


def _shown(srcdir: Path, app: Any) -> tuple[list[Any], list[tuple[str, str]]]:
    """What the portal's index shows, and every link to the other site."""
    # As the builder writes it: placeholders filled, links resolved.
    doctree = app.env.get_doctree('index')
    app.env.apply_post_transforms(doctree, 'index')
    return index_items(doctree), links(srcdir / '_build/html/index.html', 'specs-external')


def _unusable(url: str, problem: str, *, kept: bool = False) -> str:
    tail = (
        'using the copy kept in the build directory by an earlier build'
        if kept
        else 'its specs are not listed, and references to them are not resolved'
    )
    return (
        f"conf.py:{LINE}: WARNING: specs_external['nova']: {url} is not usable: {problem}; "
        f'{tail} [specs.external]'
    )


UNREAD = [
    (
        "index.rst:9: WARNING: unknown spec 'nova:scheduler-hints': the specs of 'nova' could not "
        'be read (see the warning about specs_external) [specs.ref]'
    ),
    (
        "index.rst:9: WARNING: unknown spec 'nova:2024.1/live-migration-with-vtpm': the specs of "
        "'nova' could not be read (see the warning about specs_external) [specs.ref]"
    ),
]


def test_a_portal_lists_and_links_the_specs_of_another_site(
    tmp_path: Path, server: tuple[_Server, str], export: bytes
) -> None:
    httpd, address = server
    httpd.routes['/nova/specs.json'] = send(export, etag='"v1"')
    srcdir = _portal(tmp_path, repr(f'{address}/nova/'))
    app, warnings = build(srcdir)
    # No template, no spec: no error, and no "no document is a spec".
    assert (warnings, _shown(srcdir, app)) == ([], (ITEMS, LINKS))

    # The next build asks whether it changed, and uses its copy.
    app, warnings = build(srcdir)
    assert (warnings, _shown(srcdir, app)) == ([], (ITEMS, LINKS))
    assert httpd.requests == [('/nova/specs.json', None), ('/nova/specs.json', '"v1"')]

    # The site is down: the copy, with a warning.
    httpd.routes.clear()
    app, warnings = build(srcdir)
    url = f'{address}/nova/specs.json'
    assert warnings == [_unusable(url, 'the site answered 404 Not Found', kept=True)]
    assert _shown(srcdir, app) == (ITEMS, LINKS)

    # The site changed: the pages that show its specs are written again.
    retitled = export.replace(b'"Scheduler hints"', b'"Hints for the scheduler"')
    httpd.routes['/nova/specs.json'] = send(retitled, etag='"v2"')
    app, warnings = build(srcdir)
    hints = (HINTS[0], 'Hints for the scheduler')
    items = [
        (
            '2025.1 Epoxy (3)',
            [
                'Cells v2 (Implemented)',
                'Hints for the scheduler (Approved)',
                'Live migration with vTPM, continued (Approved)',
            ],
        ),
        ITEMS[1],
    ]
    assert (warnings, _shown(srcdir, app)) == (
        [],
        (items, [CELLS, hints, VTPM_2025, VTPM_2024, hints, VTPM_2024]),
    )


@pytest.mark.parametrize(
    ('route', 'problem'),
    [
        (None, 'the site answered 404 Not Found'),
        (slowly, 'it cannot be reached (no answer within 1 s)'),
        (
            send(b'{"schema_version": 1, "specs": ['),
            'it is not JSON (line 1, column 33: Expecting value)',
        ),
        (
            send(b'{"schema_version": 2, "specs": []}'),
            'it has schema version 2, and this sphinx-specs reads version 1; upgrade sphinx-specs',
        ),
        (send(b'[]'), 'it is no specs.json: it has no schema_version'),
        (
            send(b'{"schema_version": 1, "base_url": null, "specs": [{"docname": "a"}]}'),
            'specs[0].title: expected a string, found null',
        ),
        (
            send(
                b'{"schema_version": 1, "base_url": null, "specs": [{"docname": "a", '
                b'"title": "A", "url": "javascript:alert(1)"}]}'
            ),
            "specs[0].url: 'javascript:alert(1)' is not a page of the site (a relative URL)",
        ),
        (send(b'{}', length=MAX_SIZE + 1), 'it is larger than 33,554,432 bytes'),
        (endless, 'it is larger than 33,554,432 bytes'),
    ],
    ids=[
        '404',
        'timeout',
        'bad-json',
        'newer-schema',
        'no-export',
        'bad-field',
        'bad-url',
        'declared-too-large',
        'too-large',
    ],
)
def test_an_unusable_site_is_a_warning_and_its_specs_are_not_listed(
    tmp_path: Path, server: tuple[_Server, str], route: Route | None, problem: str
) -> None:
    httpd, address = server
    if route is not None:
        httpd.routes['/specs.json'] = route
    srcdir = _portal(tmp_path, repr(f'{address}/specs.json'))
    app, warnings = build(srcdir)
    assert warnings == [_unusable(f'{address}/specs.json', problem), *UNREAD]
    assert _shown(srcdir, app) == (['No specs.'], [])


def test_a_bad_answer_keeps_the_good_copy(
    tmp_path: Path, server: tuple[_Server, str], export: bytes
) -> None:
    httpd, address = server
    httpd.routes['/specs.json'] = send(export, etag='"v1"')
    srcdir = _portal(tmp_path, repr(f'{address}/specs.json'))
    build(srcdir)
    httpd.routes['/specs.json'] = send(b'<html>maintenance</html>', etag='"v2"')
    app, warnings = build(srcdir)
    problem = 'it is not JSON (line 1, column 1: Expecting value)'
    assert warnings == [_unusable(f'{address}/specs.json', problem, kept=True)]
    assert _shown(srcdir, app) == (ITEMS, LINKS)


def test_a_site_read_from_a_file(tmp_path: Path, export: bytes) -> None:
    srcdir = _portal(tmp_path, "'exports/nova.json'")
    (srcdir / 'exports').mkdir()
    (srcdir / 'exports/nova.json').write_bytes(export)
    app, warnings = build(srcdir)
    assert (warnings, _shown(srcdir, app)) == ([], (ITEMS, LINKS))


def test_a_file_with_the_address_of_its_site_beside_it(tmp_path: Path, export: bytes) -> None:
    # A directory stands for the specs.json in it; the address is relative
    # to this site's root: the two sites are published side by side.
    srcdir = _portal(tmp_path, "('exports', '../nova/')")
    (srcdir / 'exports').mkdir()
    document = json.loads(export)
    document['base_url'] = None
    (srcdir / 'exports/specs.json').write_text(json.dumps(document), encoding='utf-8')
    app, warnings = build(srcdir)
    relative = [(href.replace(BASE, '../nova/'), text) for href, text in LINKS]
    assert (warnings, _shown(srcdir, app)) == ([], (ITEMS, relative))


def test_a_file_without_the_address_of_its_site(tmp_path: Path, export: bytes) -> None:
    srcdir = _portal(tmp_path, "'nova.json'")
    document = json.loads(export)
    document['base_url'] = None
    (srcdir / 'nova.json').write_text(json.dumps(document), encoding='utf-8')
    app, warnings = build(srcdir)
    assert warnings == [
        (
            f"conf.py:{LINE}: WARNING: specs_external['nova']: nova.json gives no base_url (its "
            "site sets no html_baseurl), so its pages cannot be linked; give the site's address "
            "with the path: ('nova.json', 'https://...') [specs.external]"
        )
    ]
    # Listed and cited by title, without links.
    assert _shown(srcdir, app) == (ITEMS, [])


def test_a_missing_file(tmp_path: Path) -> None:
    srcdir = _portal(tmp_path, "'nova.json'")
    app, warnings = build(srcdir)
    problem = 'it cannot be read (No such file or directory)'
    assert warnings == [_unusable('nova.json', problem), *UNREAD]
    assert _shown(srcdir, app) == (['No specs.'], [])


def test_names_in_another_site_and_sources_that_are_none(tmp_path: Path, export: bytes) -> None:
    srcdir = _portal(tmp_path, "'nova.json'")
    (srcdir / 'nova.json').write_bytes(export)
    (srcdir / 'more.rst').write_text(
        ':orphan:\n\nMore\n====\n\n'
        ':spec:`nova:live-migration-with-vtpm`, :spec:`nova:scheduler-hint`.\n\n'
        '.. spec-index::\n   :source: neutron, *\n',
        encoding='utf-8',
    )
    _app, warnings = build(srcdir)
    assert warnings == [
        (
            "more.rst:8: WARNING: unknown source 'neutron': it is no site of specs_external; "
            'the sites are nova [specs.external]'
        ),
        (
            "more.rst:6: WARNING: spec name 'live-migration-with-vtpm' is ambiguous in nova: it "
            "names 2 specs, '2024.1/live-migration-with-vtpm' (Live migration with vTPM) and "
            "'2025.1/live-migration-with-vtpm' (Live migration with vTPM, continued); write one "
            'of these [specs.ref]'
        ),
        (
            "more.rst:6: WARNING: unknown spec 'scheduler-hint' in nova; did you mean "
            "'scheduler-hints'? [specs.ref]"
        ),
    ]


def test_an_unusable_configuration_is_refused(tmp_path: Path) -> None:
    srcdir = copy_root(
        'refs-portal',
        tmp_path,
        "specs_external = {'a:b': 'x.json', 'ftp': 'ftp://example.org/specs.json', "
        "'pair': ('x.json', '/abs/')}\nspecs_external_timeout = 0\nspecs_autolink = 'yes'\n",
    )
    with pytest.raises(ConfigError) as raised:
        build(srcdir)
    assert str(raised.value).splitlines()[1:] == [
        (
            "specs_external: 'a:b' cannot name a site: a name is a word without spaces, ':', '/' "
            "or '*', such as 'neutron'"
        ),
        (
            "specs_external['ftp']: 'ftp://example.org/specs.json' is no http(s) URL; give an "
            'http(s) URL or a path'
        ),
        (
            "specs_external['pair']: base URL '/abs/' is neither an http(s) URL nor a path "
            "relative to this site's root, such as '../neutron/'"
        ),
        'specs_external_timeout: expected a number of seconds above 0; got 0',
        "specs_autolink: expected True or False; got 'yes'",
    ]
