"""When files last changed, from one ``git log`` pass over the whole tree.

One ``git rev-parse`` and one ``git log`` per call, whatever the number of
files (a call per file costs a fifth of a large build).  ``git log`` lists
commits newest first, so the first commit that names a file is its latest
change; the committer date is used (when the change landed, not when it was
first written).

The dates depend on the history alone, so they can be kept in a cache file
(the build keeps one in its doctree directory) keyed by the commit checked
out: a rebuild at the same commit then costs the ``rev-parse`` only (on a
history of 5,000 commits the ``log`` pass takes a fifth of a second, a
twentieth of a rebuild after editing one spec).  Uncommitted changes do not
date a file, so they leave the cache valid.

Without git, outside a work tree, or for a file git does not track, there
is no date.  In a shallow clone the oldest commits available stand for the
whole missing history: a file that appears only there changed at some
unknown earlier time, so it has no date either (rather than the date of the
clone's boundary).

No Sphinx imports.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
from collections.abc import Iterable
from typing import Any

from sphinxcontrib_specs.core.files import write_atomically

__all__ = ['last_changed']


# A byte no path holds in practice, to tell commit headers from file names.
_HEADER = '\x01'


def _git(cwd: str, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ['git', '-c', 'core.quotepath=off', *args],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if result.returncode:
        return None
    return result.stdout.decode('utf-8', 'surrogateescape')


#: Bump when the cache file changes shape.
CACHE_VERSION = 1


def _history(top: str, scope: list[str], shallow: bool) -> dict[str, int | None] | None:
    """The latest commit time of every path the history of ``scope`` names
    (None for a path that appears only at a shallow clone's boundary)."""
    log = _git(
        top,
        'log',
        f'--format={_HEADER}%ct %P',
        '--name-only',
        '--no-renames',
        '--root',
        '-z',
        '--',
        *scope,
    )
    if log is None:
        return None
    stamps: dict[str, int | None] = {}
    when: int | None = None
    for raw in log.split('\0'):
        # A commit's file names follow its header line after a newline.
        token = raw.lstrip('\n')
        if token.startswith(_HEADER):
            stamp, _, parents = token[1:].partition(' ')
            when = None if shallow and not parents.strip() else int(stamp)
        elif token and token not in stamps:
            stamps[token] = when
    return stamps


def _read_cache(path: str, key: dict[str, Any]) -> dict[str, int | None] | None:
    try:
        with open(path, encoding='utf-8') as stream:
            cached = json.load(stream)
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get('key') != key:
        return None
    stamps = cached.get('stamps')
    return stamps if isinstance(stamps, dict) else None


def _write_cache(path: str, key: dict[str, Any], stamps: dict[str, int | None]) -> None:
    """Write the cache atomically; a cache that cannot be written is no loss."""
    data = json.dumps({'key': key, 'stamps': stamps}, separators=(',', ':'))
    try:
        os.makedirs(os.path.dirname(path) or os.curdir, exist_ok=True)
        write_atomically(path, data.encode('utf-8'))
    except OSError:
        pass


def last_changed(
    files: Iterable[str], cwd: str, cache: str | None = None
) -> dict[str, datetime.datetime]:
    """The date of the latest commit that changed each of ``files``.

    ``files`` are paths (absolute, or relative to ``cwd``); symbolic links
    are resolved, so a file reached through a linked directory gets the date
    of the file git tracks.  Files without a date are left out.  With
    ``cache`` (a file path), the history is read again only when the commit
    checked out (or the directories asked about) changed.
    """
    found = _git(cwd, 'rev-parse', '--show-toplevel', '--is-shallow-repository', 'HEAD')
    if found is None:
        return {}
    top, shallow, head = [*found.strip().split('\n'), '', ''][:3]
    top = os.path.realpath(top)
    wanted: dict[str, list[str]] = {}
    # Resolving each directory once, not each file: nova-specs reaches its
    # 800 specs through linked directories, where resolving every path
    # took 40 ms.
    real_dirs: dict[str, str] = {}
    for name in files:
        folder, base = os.path.split(os.path.join(cwd, name))
        real_dir = real_dirs.get(folder)
        if real_dir is None:
            real_dir = real_dirs[folder] = os.path.realpath(folder)
        real = os.path.join(real_dir, base)
        if os.path.islink(real):
            real = os.path.realpath(real)
        path = os.path.relpath(real, top)
        if path != os.pardir and not path.startswith(os.pardir + os.sep):
            wanted.setdefault(path.replace(os.sep, '/'), []).append(name)
    if not wanted:
        return {}
    # Restrict the walk to the top-level directories that hold the files:
    # git then skips the tree diffs of everything else.
    scope = sorted({path.split('/', 1)[0] for path in wanted})
    key = {
        'version': CACHE_VERSION,
        'top': top,
        'head': head,
        'shallow': shallow == 'true',
        'scope': scope,
    }
    stamps = _read_cache(cache, key) if cache else None
    if stamps is None:
        stamps = _history(top, scope, shallow == 'true')
        if stamps is None:
            return {}
        if cache:
            _write_cache(cache, key, stamps)
    dates: dict[str, datetime.datetime] = {}
    for path, names in wanted.items():
        stamp = stamps.get(path)
        if stamp is not None:
            when = datetime.datetime.fromtimestamp(stamp, tz=datetime.timezone.utc)
            for name in names:
                dates[name] = when
    return dates
