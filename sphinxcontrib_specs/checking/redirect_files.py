"""The ``redirects`` files of a project and ``specs_redirects``, read as the build reads them.

The build reads them for the refresh pages and for the old names of moved
specs (:mod:`sphinxcontrib_specs.adapter.references`), ``sphinx-specs
init`` to list the lines that lead nowhere before the build runs
(:mod:`sphinxcontrib_specs.cli.redirect_check`): one reader, so both take
the same lines.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence

from sphinx.util.matching import get_matching_files

from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core import redirects

__all__ = ['RedirectFiles', 'read_changed_redirect_files', 'read_redirect_files', 'read_redirects']

#: The pairs of the ``redirects`` files, and the lines that cannot be used.
RedirectFiles = tuple[list[redirects.RedirectLine], list[redirects.Problem]]


def read_redirect_files(
    settings: Settings,
    srcdir: str,
    exclude_patterns: Iterable[str],
    listing: Callable[[Sequence[str], Sequence[str]], Iterable[str]] | None = None,
) -> RedirectFiles:
    """The pairs of every ``redirects`` file under ``srcdir``, and the lines
    that cannot be used.  ``listing(include, exclude)`` finds the files, as
    Sphinx's ``get_matching_files`` does (by default, that)."""
    entries: list[redirects.RedirectLine] = []
    problems: list[redirects.Problem] = []
    patterns = settings.publishing.redirect_patterns
    files: Iterable[str]
    if listing is None:
        files = get_matching_files(srcdir, patterns, tuple(exclude_patterns))
    else:
        files = listing(tuple(patterns), tuple(exclude_patterns))
    for path in sorted(files):
        try:
            with open(os.path.join(srcdir, path), encoding='utf-8', errors='replace') as stream:
                text = stream.read()
        except OSError as exc:
            problems.append(redirects.Problem(path, 1, f'cannot read the redirects file: {exc}'))
            continue
        found, refused = redirects.parse_file(text, path, settings.source_suffixes)
        entries += found
        problems += refused
    return entries, problems


def read_changed_redirect_files(
    settings: Settings,
    srcdir: str,
    exclude_patterns: Iterable[str],
    files: Iterable[str],
    kept: tuple[object, RedirectFiles] | None,
) -> tuple[object, RedirectFiles]:
    """:func:`read_redirect_files` of ``files``, with the key it was read
    under (each file's time and size, and the settings that read them); or
    ``kept``, a key and its result from an earlier build, while the key
    holds."""
    files = sorted(files)
    stamps: list[tuple[str, tuple[int, int] | None]] = []
    for path in files:
        try:
            status = os.stat(os.path.join(srcdir, path))
        except OSError:
            stamps.append((path, None))
        else:
            stamps.append((path, (status.st_mtime_ns, status.st_size)))
    key = (stamps, settings.publishing.redirect_patterns, settings.source_suffixes)
    if kept is not None and kept[0] == key and all(stamp for _path, stamp in stamps):
        return kept
    return key, read_redirect_files(
        settings, srcdir, exclude_patterns, lambda _include, _exclude: files
    )


def read_redirects(
    settings: Settings,
    srcdir: str,
    exclude_patterns: Iterable[str],
    mapping_origin: str = 'specs_redirects',
    files: RedirectFiles | None = None,
) -> RedirectFiles:
    """The pairs of every ``redirects`` file and of ``specs_redirects``
    (whose origin, in the pairs and problems, is ``mapping_origin``), and
    the lines that cannot be used.  ``files`` is what
    :func:`read_redirect_files` gave, if it was read already."""
    entries, problems = (
        files if files is not None else (read_redirect_files(settings, srcdir, exclude_patterns))
    )
    found, refused = redirects.parse_mapping(
        settings.publishing.redirects, mapping_origin, settings.source_suffixes
    )
    return [*entries, *found], [*problems, *refused]
