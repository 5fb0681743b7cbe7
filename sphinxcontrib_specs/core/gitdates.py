"""When files last changed, from the one ``git log`` pass of :mod:`.history`.

One ``git rev-parse`` and one ``git log`` per call, whatever the number of
files (a call per file costs a fifth of a large build).  The date is the
committer date of the latest commit that changed a file (when the change
landed, not when it was first written).

The build reads the history once for the dates of the feed and for the
template each spec is checked against (:mod:`.history`), and keeps it in a
cache file in its doctree directory keyed by the commit checked out: a
rebuild at the same commit then costs the ``rev-parse`` only (on a history
of 5,000 commits the ``log`` pass takes a fifth of a second, a twentieth of
a rebuild after editing one spec).  Uncommitted changes do not date a
file, so they leave the cache valid.

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
from collections.abc import Iterable

from sphinxcontrib_specs.core.history import History, read_history

__all__ = ['dates_in', 'last_changed']


def dates_in(history: History, files: Iterable[str], cwd: str) -> dict[str, datetime.datetime]:
    """The date of the latest commit that changed each of ``files``, from
    ``history``; files without a date are left out.

    ``files`` are paths (absolute, or relative to ``cwd``); symbolic links
    are resolved, so a file reached through a linked directory gets the
    date of the file git tracks.
    """
    dates: dict[str, datetime.datetime] = {}
    for name in files:
        path = history.path_of(os.path.join(cwd, name))
        stamp = history.changed.get(path) if path is not None else None
        if stamp is not None:
            dates[name] = datetime.datetime.fromtimestamp(stamp, tz=datetime.timezone.utc)
    return dates


def last_changed(
    files: Iterable[str], cwd: str, cache: str | None = None
) -> dict[str, datetime.datetime]:
    """The date of the latest commit that changed each of ``files``.

    As :func:`dates_in`, reading the history of the work tree that holds
    ``cwd``.  With ``cache`` (a file path), the history is read again only
    when the commit checked out changed.
    """
    files = list(files)
    if not files:
        return {}
    history = read_history(cwd, cache=cache, files=files)
    return {} if history is None else dates_in(history, files, cwd)
