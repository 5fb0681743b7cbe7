"""What the reference tests share: building a copy of a root, reading its links."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from conftest import ROOTS, warning_lines
from sphinx.testing.util import SphinxTestApp


class _Links(HTMLParser):
    """The (href, text) of every link of the given class, or around an element of it."""

    def __init__(self, wanted: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.links: list[tuple[str, str]] = []
        self._open: list[list[Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        wanted = self.wanted in (found.get('class') or '').split()
        if tag == 'a':
            self._open.append([found.get('href', ''), '', wanted])
        elif self._open and wanted:
            self._open[-1][2] = True

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == 'a' and self._open:
            href, text, wanted = self._open.pop()
            if wanted:
                self.links.append((href, text))


def links(page: Path, wanted: str = 'specs-spec') -> list[tuple[str, str]]:
    """The links of ``page`` (href, text) of class ``wanted``, or around an element of it."""
    parser = _Links(wanted)
    parser.feed(page.read_text(encoding='utf-8'))
    return parser.links


def copy_root(name: str, workdir: Path, conf: str = '') -> Path:
    """A copy of the test root ``name`` in ``workdir``, with ``conf`` added to its conf.py."""
    srcdir = workdir / name
    shutil.copytree(ROOTS / f'test-{name}', srcdir)
    if conf:
        with (srcdir / 'conf.py').open('a', encoding='utf-8') as stream:
            stream.write(conf)
    return srcdir


def build(srcdir: Path, **kwargs: Any) -> tuple[SphinxTestApp, list[str]]:
    """Build ``srcdir`` (html) into its ``_build``; the app and its warning lines."""
    app = SphinxTestApp(kwargs.pop('buildername', 'html'), srcdir=srcdir, **kwargs)
    try:
        app.build()
        return app, warning_lines(app)
    finally:
        app.cleanup()
