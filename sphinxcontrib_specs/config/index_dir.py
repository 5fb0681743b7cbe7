"""Where the generated index pages go: ``specs_index_dir``, validated.

The generated pages need a directory of their own, where they replace no
file, hide no spec from the index pages and are taken for no spec.
"""

from __future__ import annotations

import os
import posixpath

from sphinxcontrib_specs.config.settings import Head, Settings

__all__ = ['SPHINX_DIRS', 'index_dir_problem', 'read_index_dir']

#: Directories of the source directory that Sphinx keeps for its output,
#: static files and templates: no place for generated index pages.
SPHINX_DIRS = ('_build', '_static', '_templates')
#: The fix named when ``specs_index_dir`` is no place for generated pages.
_INDEX_DIR_FIX = (
    "; generated pages need a directory of their own: set it to one such as 'by', or to None"
)


def _leading_dir(path: str) -> str:
    """The directories of a pattern or template path before its first field."""
    parts = path.strip('/').split('/')[:-1]
    lead = []
    for part in parts:
        if '{' in part:
            break
        lead.append(part)
    return posixpath.normpath('/'.join(lead)) if lead else ''


def _relation(directory: str, other: str) -> str | None:
    """How ``directory`` lies to ``other``, in words (``is``, ``is inside
    'specs',``, ``holds 'specs',``); None if apart, or if ``other`` is the
    source directory."""
    if not other:
        return None
    if directory == other:
        return 'is'
    if directory.startswith(f'{other}/'):
        return f'is inside {other!r},'
    if other.startswith(f'{directory}/'):
        return f'holds {other!r},'
    return None


def read_index_dir(value: object, problems: list[str]) -> str | None:
    """``specs_index_dir``, normalized; its place is checked by :func:`index_dir_problem`."""
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or os.path.isabs(value)
        or value.startswith('/')
        or '\\' in value
        or '..' in value.split('/')
    ):
        problems.append(
            f'specs_index_dir: {value!r} must be a relative directory inside the '
            'source directory, or None'
        )
        return None
    normal = posixpath.normpath(value) if value.strip() else '.'
    if normal == '.':
        problems.append(
            f'specs_index_dir: {value!r} is the source directory itself{_INDEX_DIR_FIX}'
        )
        return None
    return normal


def index_dir_problem(index_dir: str, settings: Settings) -> str | None:
    """Why ``index_dir`` is no place for generated pages; None if it is one.

    It must not be a file, nor inside one; nor a directory Sphinx keeps
    (:data:`SPHINX_DIRS`); nor be, hold or lie inside the directory where a
    pattern finds specs (its leading directories, such as ``specs``); nor be
    or lie inside a template path's directory; and no pattern may take a
    generated page for a spec.
    """
    path = settings.srcdir
    for depth, part in enumerate(index_dir.split('/'), start=1):
        path = os.path.join(path, part)
        if os.path.exists(path) and not os.path.isdir(path):
            where = '/'.join(index_dir.split('/')[:depth])
            what = 'is a file' if where == index_dir else f'is inside {where!r}, a file'
            return f'specs_index_dir: {index_dir!r} {what}{_INDEX_DIR_FIX}'
    first = index_dir.split('/', maxsplit=1)[0]
    if first in SPHINX_DIRS:
        where = 'is' if first == index_dir else f'is inside {first!r},'
        return (
            f'specs_index_dir: {index_dir!r} {where} a directory Sphinx keeps for its own '
            f'files{_INDEX_DIR_FIX}'
        )
    for kind in settings.kinds:
        for pattern in kind.patterns:
            relation = _relation(index_dir, _leading_dir(pattern.text))
            if relation is not None:
                return (
                    f'specs_index_dir: {index_dir!r} {relation} where the pattern '
                    f'{pattern.text!r} finds specs{_INDEX_DIR_FIX}'
                )
        for template in kind.templates:
            relation = _relation(index_dir, _leading_dir(template))
            if relation is not None and not relation.startswith('holds'):
                return (
                    f'specs_index_dir: {index_dir!r} {relation} the directory of the template '
                    f'path {template!r}{_INDEX_DIR_FIX}'
                )
    # Page names as generated: of a release, of a project, of each status.
    pages = [
        f'{index_dir}/release/2025.1',
        f'{index_dir}/project/nova',
        *(f'{index_dir}/status/{status}' for status in settings.statuses.labels),
    ]
    for page in pages:
        found = settings.classify(page, Head('', {}))
        if found is not None:
            taker = settings.pattern_of(found[0], page)
            shown = repr(taker.text) if taker is not None else 'a pattern'
            return (
                f'specs_index_dir: the pattern {shown} would take the generated page '
                f'{page!r} for a spec{_INDEX_DIR_FIX}'
            )
    return None
