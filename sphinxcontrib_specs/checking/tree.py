"""The file rules: list the directories that hold specs, and judge what is there.

Sphinx never reads a file that is not a source document, so the files a
spec directory should not hold are found by listing the directories the
patterns put specs in (:func:`tree_globs`, :func:`list_tree`) on every
build, and judged by :func:`check_tree`.  Listing a few directories is
cheap, and doing it every build means an unchanged faulty tree fails every
``-W`` build.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sphinx.util.matching import Matcher, compile_matchers

from sphinxcontrib_specs.config.settings import Kind, Settings
from sphinxcontrib_specs.core.patterns import as_glob
from sphinxcontrib_specs.core.records import Finding

__all__ = [
    'TreeEntry',
    'check_tree',
    'excluded_by',
    'included_files',
    'list_tree',
    'matching_files',
    'settled',
    'tree_globs',
    'tree_layout',
    'unchanged',
]


def _mtime(directory: str) -> int:
    try:
        return os.stat(directory).st_mtime_ns
    except OSError:
        return -1


def _note(directory: str, seen: dict[str, int] | None) -> None:
    if seen is not None and directory not in seen:
        seen[directory] = _mtime(directory)


def _list(
    directory: str, logical: str, entries: dict[str, TreeEntry], seen: dict[str, int] | None
) -> None:
    _note(directory, seen)
    try:
        with os.scandir(directory) as scanned:
            found = sorted(scanned, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in found:
        shown = f'{logical}/{entry.name}'
        if shown not in entries:
            try:
                # From the directory listing, without a stat, unless a link.
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            entries[shown] = TreeEntry(shown, is_dir, entry.path)


def _glob(root: str, pattern: str, seen: dict[str, int] | None) -> list[str]:
    """``glob.glob(root/pattern)``, noting each directory looked into."""
    paths = [root]
    for part in pattern.split('/'):
        found = []
        for path in paths:
            _note(path, seen)
            if not glob.has_magic(part):
                if os.path.lexists(os.path.join(path, part)):
                    found.append(os.path.join(path, part))
                continue
            try:
                names = os.listdir(path)
            except OSError:
                continue
            hidden = part.startswith('.')
            found += [
                os.path.join(path, name)
                for name in sorted(fnmatch.filter(names, part))
                if hidden or not name.startswith('.')
            ]
        paths = found
    return paths


def list_tree(
    settings: Settings,
    exclude: Callable[[str], bool] | None = None,
    seen: dict[str, int] | None = None,
) -> list[TreeEntry]:
    """Everything in the directories that hold specs, and in release directories.

    Symbolic links are followed.  When a release directory links its spec
    directories from elsewhere (nova-specs links
    ``doc/source/specs/<release>/approved`` to ``specs/<release>/approved``),
    the directory they link into is listed too, its entries shown as if in
    the release directory and reported where they are.  Paths that
    ``exclude`` says the build leaves out (:func:`excluded_by`) are left
    out.  ``seen``, if given, gets the modification time of every directory
    looked into: the listing is the same while none of them changes
    (:func:`unchanged`).
    """
    srcdir = settings.srcdir
    entries: dict[str, TreeEntry] = {}
    for pattern in tree_globs(settings):
        for directory in sorted(_glob(srcdir, pattern, seen)):
            if os.path.isdir(directory):
                logical = os.path.relpath(directory, srcdir).replace(os.sep, '/')
                _list(directory, logical, entries, seen)

    layout = tree_layout(entries.values(), settings)
    linked_into: set[str] = set()
    for spec_dir in sorted(layout.spec_dirs):
        release_dir = spec_dir.rpartition('/')[0]
        link = os.path.join(srcdir, spec_dir)
        if release_dir not in layout.release_dirs or not os.path.islink(link):
            continue
        real_parent = os.path.dirname(os.path.realpath(link))
        if real_parent == os.path.realpath(os.path.join(srcdir, release_dir)) or (
            real_parent in linked_into
        ):
            continue
        linked_into.add(real_parent)
        shown_already = {
            settings.real_path(entry.location)
            for entry in entries.values()
            if entry.path.rpartition('/')[0] == release_dir
        }
        _note(real_parent, seen)
        for name in sorted(os.listdir(real_parent)):
            path = os.path.join(real_parent, name)
            shown = f'{release_dir}/{name}'
            if settings.real_path(path) not in shown_already:
                entries.setdefault(shown, TreeEntry(shown, os.path.isdir(path), path))
    return [entry for entry in entries.values() if exclude is None or not exclude(entry.path)]


def matching_files(
    srcdir: str, include: Sequence[str], exclude: Sequence[str]
) -> tuple[list[str], dict[str, int]]:
    """The files Sphinx's ``get_matching_files(srcdir, include, exclude)``
    gives, and the modification time of every directory it walks: the
    files are the same while none of those changes (:func:`unchanged`)."""
    excluded = compile_matchers(exclude)
    included = compile_matchers(include)
    seen: dict[str, int] = {}
    found: list[str] = []
    top = os.path.realpath(srcdir)
    for root, dirs, files in os.walk(top, followlinks=True):
        seen[root] = _mtime(root)
        relative = os.path.relpath(root, top)
        prefix = '' if relative == '.' else f'{relative.replace(os.sep, "/")}/'
        for name in sorted(files):
            entry = unicodedata.normalize('NFC', prefix + name)
            if any(m(entry) for m in included) and not any(m(entry) for m in excluded):
                found.append(entry)
        dirs[:] = [
            name
            for name in sorted(dirs)
            if not any(m(unicodedata.normalize('NFC', prefix + name)) for m in excluded)
        ]
    return found, seen


#: A directory changed this recently may change again within the same tick
#: of the file system's clock, leaving its time as it was: not trusted.
_SETTLED_NS = 2_000_000_000


def settled(seen: dict[str, int]) -> dict[str, int]:
    """``seen`` (from :func:`list_tree`), with the directories changed too
    recently to trust their times marked as changed (-2)."""
    limit = time.time_ns() - _SETTLED_NS
    return {path: (mtime if mtime < limit else -2) for path, mtime in seen.items()}


def unchanged(seen: dict[str, int]) -> bool:
    """Whether no directory of ``seen`` changed since it was noted."""
    return all(mtime >= 0 and _mtime(path) == mtime for path, mtime in seen.items())


def excluded_by(patterns: Sequence[str]) -> Callable[[str], bool]:
    """Whether the build leaves out a file, by its path relative to the source directory.

    As Sphinx's discovery does: when the path, or a directory on the way
    to it, matches one of ``patterns`` (``exclude_patterns``).
    """
    matcher = Matcher(list(patterns))

    def excluded(path: str) -> bool:
        parts = path.split('/')
        return any(matcher('/'.join(parts[:depth])) for depth in range(1, len(parts) + 1))

    return excluded


class TreeEntry(NamedTuple):
    """A file or directory in (or linked from) a directory that holds specs.

    ``path`` is where the source tree shows it, relative to the source
    directory with ``/`` separators; ``location`` is where to report it.
    An entry of a directory that a linked spec directory lives in is shown
    in the release directory that links to it.
    """

    path: str
    is_dir: bool
    location: str


@dataclass
class TreeLayout:
    """What the listed entries are: spec directories, release directories,
    and the files that are (or would be, with the right suffix) specs.
    """

    #: Directories that hold specs, or would if a spec were added.
    spec_dirs: set[str] = field(default_factory=set)
    #: Release directory -> (kind, release) of the specs below it.
    release_dirs: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: File path -> (kind, path fields) of files in spec positions.
    candidates: dict[str, tuple[Kind, dict[str, str]]] = field(default_factory=dict)


def tree_globs(settings: Settings) -> list[str]:
    """Globs, relative to the source directory, of the directories to list.

    The directories specs are in, and release directories.
    """
    globs = []
    for kind in settings.kinds:
        for pattern in kind.patterns:
            parts = pattern.text.strip('/').split('/')
            if len(parts) > 1:
                globs.append(as_glob('/'.join(parts[:-1])))
            for depth, part in enumerate(parts[:-1]):
                if '{release}' in part:
                    globs.append(as_glob('/'.join(parts[: depth + 1])))
    return list(dict.fromkeys(globs))


def _docname(path: str, settings: Settings) -> str:
    """The docname a file would have if it ended in a source suffix."""
    docname = settings.docname_of(path)
    if docname is not None:
        return docname
    directory, _, name = path.rpartition('/')
    stem = name.rsplit('.', 1)[0] if '.' in name[1:] else name
    return f'{directory}/{stem}' if directory else stem


def _candidate(path: str, settings: Settings) -> tuple[Kind, dict[str, str], str | None] | None:
    """Kind, fields and release directory of a path that is (or would be) a spec."""
    docname = _docname(path, settings)
    classified = settings.classify(docname)
    if classified is None:
        return None
    kind, fields = classified
    pattern = settings.pattern_of(kind, docname)
    assert pattern is not None
    parts = pattern.text.strip('/').split('/')
    depth = next((d for d, part in enumerate(parts[:-1]) if '{release}' in part), None)
    release_dir = '/'.join(path.split('/')[: depth + 1]) if depth is not None else None
    return kind, fields, release_dir


def tree_layout(entries: Iterable[TreeEntry], settings: Settings) -> TreeLayout:
    """The spec directories, release directories and spec files among ``entries``."""
    layout = TreeLayout()
    for entry in entries:
        if entry.is_dir:
            candidate = _candidate(f'{entry.path}/spec.rst', settings)
            directory = entry.path
        else:
            candidate = _candidate(entry.path, settings)
            directory = entry.path.rpartition('/')[0]
        if candidate is None:
            continue
        kind, fields, release_dir = candidate
        layout.spec_dirs.add(directory)
        if not entry.is_dir:
            layout.candidates[entry.path] = (kind, fields)
        if release_dir is not None and fields.get('release'):
            layout.release_dirs.setdefault(release_dir, (kind.name, fields['release']))
    return layout


def _allowed(name: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in globs)


def check_tree(
    entries: Iterable[TreeEntry], settings: Settings, included: Collection[str] = ()
) -> list[tuple[str, Finding]]:
    """``file_extension`` and ``unexpected_file`` findings, as (location, finding).

    ``included`` is the real paths of the files that documents include
    (``.. include::``, ``.. literalinclude::``, images, ``:file:`` options):
    support files, neither misnamed specs nor unexpected.

    Findings stand at line 1: they are about a whole file or directory
    (and Sphinx takes a location without a line for a docname).  Rule settings are
    those of the spec the file would be (its kind, status and release), or
    of the release directory's specs.
    """
    entries = sorted(set(entries), key=lambda e: e.path)
    layout = tree_layout(entries, settings)
    findings: list[tuple[str, Finding]] = []
    for entry in entries:
        if settings.real_path(entry.location) in included:
            continue
        directory, _, name = entry.path.rpartition('/')
        candidate = layout.candidates.get(entry.path)
        if candidate is not None:
            kind, fields = candidate
            status = fields.get('status') or settings.defaults.get('status')
            release = fields.get('release') or settings.defaults.get('release')
            options = settings.rules_for(
                kind.name, status, settings.releases.parse(release) if release else None
            ).get('file_extension')
            if (
                options is not None
                and not any(name.endswith(s) for s in settings.source_suffixes)
                and not _allowed(name, options['allow'])
            ):
                findings.append(
                    (
                        entry.location,
                        Finding(
                            'file_extension',
                            1,
                            f"'{name}' is in a spec directory but does not end in "
                            f'{settings.source_suffixes[0]}, so Sphinx never reads it; '
                            f'rename it, or move it out of {directory}',
                        ),
                    )
                )
            continue
        if directory not in layout.release_dirs:
            continue
        kind_name, release_name = layout.release_dirs[directory]
        options = settings.rules_for(kind_name, None, settings.releases.parse(release_name)).get(
            'unexpected_file'
        )
        if options is None or _allowed(name, options['allow']):
            continue
        if entry.is_dir and (
            entry.path in layout.spec_dirs
            or any(d.startswith(f'{entry.path}/') for d in layout.spec_dirs)
        ):
            continue
        what = 'directory' if entry.is_dir else 'file'
        findings.append(
            (
                entry.location,
                Finding(
                    'unexpected_file',
                    1,
                    f"{what} '{name}' in release directory {directory} is neither a spec "
                    'directory nor a known support file; move it into a spec directory, '
                    "or add it to the unexpected_file option 'allow'",
                ),
            )
        )
    return findings


# A directive that reads a file, and its argument; a ``:file:`` option.
_INCLUDING = re.compile(r'^\s*\.\.\s+(?:include|literalinclude|image|figure)::\s*(\S.*?)\s*$')
_FILE_OPTION = re.compile(r'^\s+:file:\s*(\S.*?)\s*$')


def included_files(text: str, path: str, srcdir: str) -> Iterator[str]:
    """The real paths of the files the document at ``path`` includes.

    Read from the source as the build resolves them: the arguments of
    ``include``, ``literalinclude``, ``image`` and ``figure``, and the
    ``:file:`` options (of ``csv-table`` and ``raw``), relative to the
    document's directory, or to ``srcdir`` when they start with ``/``.
    Standard includes (``<isonum.txt>``) and URLs are not files.
    """
    directory = os.path.dirname(path)
    for line in text.splitlines():
        found = _INCLUDING.match(line) or _FILE_OPTION.match(line)
        if found is None:
            continue
        target = found.group(1)
        if target.startswith('<') or '://' in target:
            continue
        if target.startswith('/'):
            yield os.path.realpath(os.path.join(srcdir, target.lstrip('/')))
        else:
            yield os.path.realpath(os.path.join(directory, target))
