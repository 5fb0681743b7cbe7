"""A synthetic git history for a corpus copy (snapshots come without one).

Real specs repositories are git checkouts with thousands of commits, and
the feed's dates come from one ``git log`` pass over that history.  To
measure and check that pass on a snapshot, :func:`make_history` turns a
copied tree into a repository whose history has a known shape:

* commit 0 adds every file;
* then ``pairs`` times, one spec is changed (a comment appended) and, in
  the next commit, restored, cycling through the specs in path order;

so the final tree is the snapshot, byte for byte, and each spec's last
change is known in advance.  Commits are one hour apart, in UTC, from
``start``.  ``git fast-import`` writes the whole history in one process.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

__all__ = ['make_history']

_IDENTITY = b'Benchmark <benchmark@example.org>'


def _data(payload: bytes) -> bytes:
    return b'data %d\n%s\n' % (len(payload), payload)


def _commit(stream: list[bytes], number: int, when: datetime.datetime, changes: bytes) -> None:
    stamp = int(when.timestamp())
    stream.append(b'commit refs/heads/main\n')
    stream.append(b'mark :%d\n' % (number + 1))
    stream.append(b'author %s %d +0000\n' % (_IDENTITY, stamp))
    stream.append(b'committer %s %d +0000\n' % (_IDENTITY, stamp))
    stream.append(_data(b'commit %d' % number))
    if number:
        stream.append(b'from :%d\n' % number)
    stream.append(changes)


def _modify(path: str, mode: bytes, payload: bytes) -> bytes:
    return b'M %s inline %s\n%s' % (mode, path.encode(), _data(payload))


def make_history(
    tree: Path,
    pairs: int,
    start: datetime.datetime = datetime.datetime(2014, 1, 1, tzinfo=datetime.timezone.utc),
) -> dict[str, datetime.datetime]:
    """Make ``tree`` a repository; return each spec's last-change date.

    Specs are the ``.rst`` files below ``specs/`` other than templates and
    index pages, named by their path relative to ``tree``.
    """
    files: list[tuple[str, bytes, bytes]] = []
    for root, dirs, names in os.walk(tree):
        dirs[:] = sorted(d for d in dirs if d != '.git')
        for name in sorted(names + [d for d in dirs if os.path.islink(os.path.join(root, d))]):
            path = os.path.join(root, name)
            relative = os.path.relpath(path, tree).replace(os.sep, '/')
            if os.path.islink(path):
                files.append((relative, b'120000', os.readlink(path).encode()))
            elif os.path.isfile(path):
                files.append((relative, b'100644', Path(path).read_bytes()))
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
    specs = sorted(
        path
        for path, mode, _ in files
        if mode == b'100644'
        and path.startswith('specs/')
        and path.endswith('.rst')
        and not path.endswith(('template.rst', '/index.rst'))
    )
    content = {path: payload for path, _, payload in files}

    stream: list[bytes] = []
    _commit(stream, 0, start, b''.join(_modify(p, m, c) for p, m, c in files))
    changed = dict.fromkeys(specs, start)
    for pair in range(pairs):
        spec = specs[pair % len(specs)]
        for step in (1, 2):
            number = 2 * pair + step
            when = start + datetime.timedelta(hours=number)
            payload = content[spec]
            if step == 1:
                payload += b'\n.. history %d\n' % pair
            _commit(stream, number, when, _modify(spec, b'100644', payload))
            changed[spec] = when

    env = {**os.environ, 'GIT_CONFIG_GLOBAL': os.devnull, 'GIT_CONFIG_NOSYSTEM': '1'}
    subprocess.run(['git', 'init', '-q', '-b', 'main', str(tree)], check=True, env=env)
    subprocess.run(
        ['git', 'fast-import', '--quiet'],
        cwd=tree,
        input=b''.join(stream),
        check=True,
        env=env,
    )
    subprocess.run(['git', 'reset', '-q'], cwd=tree, check=True, env=env)
    return changed
