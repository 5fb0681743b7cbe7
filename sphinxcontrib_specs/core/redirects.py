"""Redirects for moved pages: read them, follow chains, refuse the unsafe ones.

Two sources, both giving (old page, new page) pairs:

* ``redirects`` files in the nova format: one ``old new`` pair per line,
  ``old`` relative to the file's directory, ``new`` relative to ``old``'s
  directory; blank lines and lines starting with ``#`` are ignored::

      approved/cells-v2.rst ../implemented/cells-v2.rst

* a mapping from the configuration, both sides relative to the source
  directory.

A page is named by its source path (``approved/cells-v2.rst``), its output
path (``.html``) or its document name (no suffix).  A new page may also be
an absolute ``http(s)`` URL, used as given.

:func:`resolve` follows chains (a page moved twice) to the final page and
reports, with the file and line of the pair, a target that is no page, a
cycle, and a redirect that would replace a real page.  A path that leaves
the site (``../../etc/passwd``, ``/etc/passwd``) is refused while reading;
nothing is ever written for it.

Pure: no Sphinx imports and no file access.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence, Set
from typing import NamedTuple
from urllib.parse import urlsplit

from sphinxcontrib_specs.core.patterns import strip_suffix

__all__ = ['Problem', 'Redirect', 'RedirectLine', 'parse_file', 'parse_mapping', 'resolve']


_SCHEME = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:')
_CONTROL = re.compile(r'[\x00-\x1f\x7f]')
_OUTPUT_SUFFIXES = ('.html',)


class Problem(NamedTuple):
    """A redirect that cannot be honoured, at the line that declares it.

    ``line`` is 0 for a pair from the configuration mapping.
    """

    origin: str
    line: int
    message: str


class RedirectLine(NamedTuple):
    """One declared pair: ``source`` and ``target`` are document names,
    relative to the source directory, or ``target`` is an absolute URL."""

    source: str
    target: str
    origin: str
    line: int

    @property
    def is_url(self) -> bool:
        return _SCHEME.match(self.target) is not None

    @property
    def where(self) -> str:
        return f'{self.origin}:{self.line}' if self.line else self.origin


class Redirect(NamedTuple):
    """A page to write at ``source`` that sends readers to ``target``.

    ``target`` is the final document name after following every chain, or
    an absolute URL; ``entry`` is the declared pair it comes from.
    """

    source: str
    target: str
    entry: RedirectLine

    @property
    def is_url(self) -> bool:
        return _SCHEME.match(self.target) is not None


class _RefusedError(ValueError):
    """A path that names no page of this site."""


def _url(text: str) -> str | None:
    """``text`` if it is an absolute URL usable as a target, else None.

    Raises :class:`_RefusedError` for a URL with any other scheme
    (``javascript:``, ``data:``, ``file:``), which a refresh page must not
    follow.
    """
    if not _SCHEME.match(text):
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ('http', 'https') or not parts.netloc:
        raise _RefusedError(f'{text!r} is not an http(s) URL; only those can be redirect targets')
    return text


def _docname(base: str, path: str, suffixes: Sequence[str]) -> str:
    """The document name ``path`` (relative to ``base``) refers to."""
    if _CONTROL.search(path) or '\\' in path:
        raise _RefusedError(f'{path!r} holds control characters or backslashes')
    if path.startswith('/') or _SCHEME.match(path):
        raise _RefusedError(f'{path!r} is absolute; write a relative path')
    joined = posixpath.normpath(posixpath.join(base, path))
    if joined == '..' or joined.startswith('../'):
        raise _RefusedError(f'{path!r} leaves the output directory')
    if joined in ('.', ''):
        raise _RefusedError(f'{path!r} names a directory, not a page')
    docname = strip_suffix(joined, (*suffixes, *_OUTPUT_SUFFIXES))
    return joined if docname is None else docname


def _pair(old: str, new: str, base: str, suffixes: Sequence[str]) -> tuple[str, str]:
    """Document names (or a URL) for ``old new``, ``old`` relative to ``base``."""
    source = _docname(base, old, suffixes)
    target = _url(new)
    if target is None:
        old_directory = posixpath.dirname(posixpath.normpath(posixpath.join(base, old)))
        target = _docname(old_directory, new, suffixes)
    return source, target


def parse_file(
    text: str, path: str, suffixes: Sequence[str] = ('.rst',)
) -> tuple[list[RedirectLine], list[Problem]]:
    """The pairs of the redirects file at ``path`` (relative to the source
    directory, ``/``-separated), and the lines that cannot be used."""
    base = posixpath.dirname(path)
    entries: list[RedirectLine] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        fields = line.split()
        if len(fields) != 2:
            problems.append(
                Problem(
                    path,
                    number,
                    f"expected 'old new' (two paths without spaces), found {len(fields)} "
                    f'field{"s" if len(fields) > 1 else ""}: {line!r}',
                )
            )
            continue
        try:
            source, target = _pair(fields[0], fields[1], base, suffixes)
        except _RefusedError as exc:
            problems.append(Problem(path, number, f'{exc}; nothing written for {line!r}'))
            continue
        entries.append(RedirectLine(source, target, path, number))
    return entries, problems


def parse_mapping(
    mapping: Mapping[str, str], origin: str, suffixes: Sequence[str] = ('.rst',)
) -> tuple[list[RedirectLine], list[Problem]]:
    """The pairs of a configuration mapping, both sides relative to the
    source directory; ``origin`` names the mapping in messages."""
    entries: list[RedirectLine] = []
    problems: list[Problem] = []
    for old, new in sorted(mapping.items()):
        try:
            source = _docname('', old, suffixes)
            target = _url(new) or _docname('', new, suffixes)
        except _RefusedError as exc:
            problems.append(Problem(origin, 0, f'{exc}; nothing written for {old!r}: {new!r}'))
            continue
        entries.append(RedirectLine(source, target, origin, 0))
    return entries, problems


def resolve(
    entries: Iterable[RedirectLine], pages: Set[str]
) -> tuple[list[Redirect], list[Problem]]:
    """Follow every pair to its final page; report those that lead nowhere.

    ``pages`` are the document names that exist in the output.  A pair whose
    old page is one of them is refused (it would replace the page).  The
    first pair for an old page wins; a later one with another target is
    reported.  Redirects are returned in source order, problems in
    (file, line) order.
    """
    problems: list[Problem] = []
    by_source: dict[str, RedirectLine] = {}
    for entry in entries:
        if entry.source in pages:
            problems.append(
                Problem(
                    entry.origin,
                    entry.line,
                    f"'{entry.source}' is a page of this site; a redirect would replace it. "
                    'Remove the redirect or the page',
                )
            )
            continue
        first = by_source.setdefault(entry.source, entry)
        if first is not entry and first.target != entry.target:
            problems.append(
                Problem(
                    entry.origin,
                    entry.line,
                    f"'{entry.source}' is already redirected to '{first.target}' "
                    f'({first.where}); keep one of the two',
                )
            )

    redirects: list[Redirect] = []
    for source, entry in by_source.items():
        path = [source]
        current = entry
        while not current.is_url and current.target not in pages:
            if current.target in path:
                chain = ' -> '.join([*path, current.target])
                problems.append(
                    Problem(
                        entry.origin,
                        entry.line,
                        f'redirect cycle {chain}; point one of them at a page',
                    )
                )
                break
            following = by_source.get(current.target)
            if following is None:
                via = f' (via {" -> ".join(path[1:])})' if len(path) > 1 else ''
                problems.append(
                    Problem(
                        entry.origin,
                        entry.line,
                        f"redirect target '{current.target}'{via} is no page of this site; "
                        'point it at the page that replaced it, or remove the line',
                    )
                )
                break
            path.append(current.target)
            current = following
        else:
            redirects.append(Redirect(source, current.target, entry))
    redirects.sort(key=lambda r: r.source)
    problems.sort(key=lambda p: (p.origin, p.line, p.message))
    return redirects, problems
