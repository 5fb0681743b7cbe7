"""When files last changed, from one ``git log`` pass over the whole tree.

One ``git rev-parse`` and one ``git log`` per call, whatever the number of
files (a call per file costs a fifth of a large build).  ``git log`` lists
commits newest first, so the first commit that names a file is its latest
change; the committer date is used (when the change landed, not when it was
first written).

Without git, outside a work tree, or for a file git does not track, there
is no date.  In a shallow clone the oldest commits available stand for the
whole missing history: a file that appears only there changed at some
unknown earlier time, so it has no date either (rather than the date of the
clone's boundary).

No Sphinx imports.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from collections.abc import Iterable

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


def last_changed(files: Iterable[str], cwd: str) -> dict[str, datetime.datetime]:
    """The date of the latest commit that changed each of ``files``.

    ``files`` are paths (absolute, or relative to ``cwd``); symbolic links
    are resolved, so a file reached through a linked directory gets the date
    of the file git tracks.  Files without a date are left out.
    """
    found = _git(cwd, 'rev-parse', '--show-toplevel', '--is-shallow-repository')
    if found is None:
        return {}
    top, _, shallow = found.strip().partition('\n')
    top = os.path.realpath(top)
    wanted: dict[str, list[str]] = {}
    for name in files:
        path = os.path.relpath(os.path.realpath(os.path.join(cwd, name)), top)
        if path != os.pardir and not path.startswith(os.pardir + os.sep):
            wanted.setdefault(path.replace(os.sep, '/'), []).append(name)
    if not wanted:
        return {}
    # Restrict the walk to the top-level directories that hold the files:
    # git then skips the tree diffs of everything else.
    scope = sorted({path.split('/', 1)[0] for path in wanted})
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
        return {}
    dates: dict[str, datetime.datetime] = {}
    seen: set[str] = set()
    when: datetime.datetime | None = None
    for raw in log.split('\0'):
        # A commit's file names follow its header line after a newline.
        token = raw.lstrip('\n')
        if token.startswith(_HEADER):
            stamp, _, parents = token[1:].partition(' ')
            boundary = shallow == 'true' and not parents.strip()
            when = (
                None
                if boundary
                else datetime.datetime.fromtimestamp(int(stamp), tz=datetime.timezone.utc)
            )
        elif token and token not in seen:
            seen.add(token)
            if when is not None and token in wanted:
                for name in wanted[token]:
                    dates[name] = when
    return dates
