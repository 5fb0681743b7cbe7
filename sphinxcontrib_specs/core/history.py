"""What git knows of a tree: when each file was written and last changed,
and what a template said when; from one ``git log`` pass.

One ``git rev-parse`` and one ``git log`` per call, whatever the number of
files.  The pass walks the whole history, oldest commit first, following
renames (``-M``), and gives for each file in the commit checked out:

* when it was *written*: from the author date of the commit that added it
  (when its author first wrote it) to that commit's committer date (when
  it landed, after review), renames and moves (``approved/`` to
  ``implemented/``) followed back, so a spec keeps the dates of its
  proposal however often it moved;
* when it last *changed*: the committer date of the latest commit that
  touched it (when the change landed), which dates the feed's entries;
* for the files asked for (templates), every committed *version*: the
  blob it held and when it landed, oldest first, renames followed; and
  for every other file, the latest commit that changed it together with
  one of them.

A spec is checked against its template as it stood when the spec was
written (:meth:`History.dated_versions`).  All of it depends on the history
alone, so it can be kept in a cache file (the build keeps one in its
doctree directory) keyed by the commit checked out: a rebuild at the same
commit then costs the ``rev-parse`` only.  Uncommitted changes date
nothing, so they leave the cache valid.  The texts of old versions are read
with one ``git cat-file --batch`` when needed.

Without git, outside a work tree, or before the first commit there is no
history (None).  In a shallow clone the oldest commits available stand for
the whole missing history: a file that appears only there was written and
changed at some unknown earlier time, so it has neither date (rather than
the date of the clone's boundary).

No Sphinx imports.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import subprocess
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal, NamedTuple

from sphinxcontrib_specs.core.files import write_atomically

__all__ = ['HIDDEN', 'NEW', 'History', 'Version', 'blob_id', 'read_history']


# A byte no path holds in practice, to tell commit headers from file names.
_HEADER = '\x01'

#: Bump when the cache file changes shape.
CACHE_VERSION = 2

#: :meth:`History.dated_versions` for a file git does not know: new, or not
#: committed yet; the current template applies.
NEW: Literal['new'] = 'new'
#: :meth:`History.dated_versions` for a file written before a shallow
#: clone's oldest commit: when is unknown, and the current template applies.
HIDDEN: Literal['hidden'] = 'hidden'


class Version(NamedTuple):
    """A committed version of a file: when it landed, in which commit, the blob."""

    time: int
    commit: str
    blob: str


def _git(cwd: str, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(
            ['git', '-c', 'core.quotepath=off', *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if result.returncode:
        return None
    return result.stdout


def blob_id(data: bytes, length: int = 40) -> str:
    """The id git gives a blob of ``data`` (SHA-256 for 64-digit ids)."""
    digest = hashlib.sha256 if length == 64 else hashlib.sha1
    return digest(b'blob %d\0' % len(data) + data).hexdigest()


@dataclass
class History:
    """What one ``git log`` pass found; paths are relative to the work tree's top."""

    #: The work tree's top directory (real path) and the commit checked out.
    top: str
    head: str
    shallow: bool
    #: Path -> (author time, committer time) of the commit that added it
    #: (None: hidden by a shallow clone's boundary).
    written: dict[str, tuple[int, int] | None]
    #: Path -> committer time of its latest change (None: hidden as above).
    changed: dict[str, int | None]
    #: Path -> its versions, oldest first, for the files the pass was asked about.
    versions: dict[str, tuple[Version, ...]]
    #: Path -> {template -> committer time of the latest commit that changed
    #: both}: a commit that adds a section to a template and to specs
    #: brings those specs to its version.
    synced: dict[str, dict[str, int]]
    _texts: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _real_dirs: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _paths: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def path_of(self, path: str) -> str | None:
        """The path in the repository of the file at ``path`` (None: outside).

        Symbolic links are resolved, so a file reached through a linked
        directory is the file git tracks.  Each directory is resolved once:
        nova-specs reaches its 800 specs through linked directories.
        """
        if path in self._paths:
            return self._paths[path]
        folder, base = os.path.split(os.path.abspath(path))
        real_dir = self._real_dirs.get(folder)
        if real_dir is None:
            real_dir = self._real_dirs[folder] = os.path.realpath(folder)
        real = os.path.join(real_dir, base)
        if os.path.islink(real):
            real = os.path.realpath(real)
        top = os.path.join(self.top, '')
        found = real[len(top) :].replace(os.sep, '/') if real.startswith(top) else None
        self._paths[path] = found
        return found

    def dated_versions(
        self, template: str, spec: str
    ) -> tuple[Version, ...] | Literal['new', 'hidden']:
        """The versions of ``template`` a spec at ``spec`` may follow, oldest first.

        Those that stood while the spec was written and reviewed: from when
        its author first wrote it to when it landed (the template's oldest
        version, if it did not exist yet); and the version of the latest
        commit that changed the spec and the template together (cinder's
        "Use Cases" section was added to the template and to the specs of
        the time in one commit).  :data:`NEW` for a spec (or template) git
        does not know, :data:`HIDDEN` for a spec written before a shallow
        clone's oldest commit: the current template applies to both.
        """
        if spec not in self.written:
            return NEW
        versions = self.versions.get(template)
        if not versions:
            return NEW
        window = self.written[spec]
        synced = self.synced.get(spec, {}).get(template)
        if window is None and synced is None:
            return HIDDEN
        chosen: set[int] = set()
        if window is not None:
            authored, landed = window
            chosen.add(_standing(versions, authored))
            chosen.update(
                n for n, v in enumerate(versions) if authored < v.time <= max(authored, landed)
            )
        if synced is not None:
            chosen.add(_standing(versions, synced))
        return tuple(versions[n] for n in sorted(chosen))

    def versions_needed(self, templates: Iterable[str], specs: Collection[str]) -> set[Version]:
        """Every version of ``templates`` that :meth:`dated_versions` gives
        one of ``specs`` or more, worked out at once for all of them."""
        windows = sorted(w for w in map(self.written.get, specs) if w is not None)
        starts = [authored for authored, _landed in windows]
        # The latest end of the windows that start before each one.
        reach: list[int] = []
        for authored, landed in windows:
            reach.append(max(authored, landed, reach[-1] if reach else authored))
        synced_with: dict[str, set[int]] = {}
        for spec in specs:
            for template, synced in self.synced.get(spec, {}).items():
                synced_with.setdefault(template, set()).add(synced)
        needed: set[Version] = set()
        for template in templates:
            versions = self.versions.get(template, ())
            for number, version in enumerate(versions):
                later = versions[number + 1].time if number + 1 < len(versions) else None
                # The windows that start before the next version landed...
                count = len(starts) if later is None else bisect.bisect_left(starts, later)
                # ... and end once this one stood (the oldest stands for all before).
                if count and (number == 0 or reach[count - 1] >= version.time):
                    needed.add(version)
            for synced in synced_with.get(template, ()):
                needed.add(versions[_standing(versions, synced)])
        return needed

    def restricted(self, paths: Collection[str]) -> History:
        """A copy that dates only ``paths``: small, to hand to worker processes."""
        return replace(
            self,
            written={p: self.written[p] for p in paths if p in self.written},
            changed={p: self.changed[p] for p in paths if p in self.changed},
            synced={p: self.synced[p] for p in paths if p in self.synced},
            _texts=dict(self._texts),
            _real_dirs={},
            _paths={},
        )

    def fetch(self, versions: Iterable[Version]) -> None:
        """Read the texts of ``versions`` not read yet, with one ``git cat-file``."""
        wanted = sorted({v.blob for v in versions} - self._texts.keys())
        if not wanted:
            return
        output = _git(
            self.top, 'cat-file', '--batch', stdin=''.join(f'{b}\n' for b in wanted).encode()
        )
        if output is None:
            return
        position = 0
        while position < len(output):
            end = output.index(b'\n', position)
            header = output[position:end].split()
            position = end + 1
            if len(header) != 3:
                # "<id> missing": no text follows.
                continue
            size = int(header[2])
            self._texts[header[0].decode()] = output[position : position + size].decode(
                'utf-8-sig', 'replace'
            )
            position += size + 1

    @property
    def texts_read(self) -> frozenset[str]:
        """The blob ids of the versions whose texts were read."""
        return frozenset(self._texts)

    def text(self, version: Version) -> str | None:
        """The text of ``version`` (None if git cannot give it)."""
        if version.blob not in self._texts:
            self.fetch([version])
        return self._texts.get(version.blob)


def _standing(versions: tuple[Version, ...], when: int) -> int:
    """The index of the version that stood at ``when``: the latest that
    landed by then, or the oldest."""
    standing = 0
    for number, version in enumerate(versions):
        if version.time <= when:
            standing = number
    return standing


def _changes(log: str) -> Iterator[tuple[int, int, bool, str, str, list[str]]]:
    """(author time, committer time, whether the commit has no parent,
    commit, blob, paths) per change, with the status letter first in
    ``paths`` and a rename's old path before its new one."""
    tokens = iter(log.split('\0'))
    authored = landed = 0
    parentless = False
    commit = ''
    for raw in tokens:
        # A commit's changes follow its header after a newline.
        token = raw.lstrip('\n')
        if token.startswith(_HEADER):
            commit, committed, written, *parents = token[1:].split(' ')
            landed, authored = int(committed), int(written)
            parentless = not any(parents)
        elif token.startswith(':'):
            meta = token.split()
            status, blob = meta[-1], meta[3]
            paths = [next(tokens, '')]
            if status[0] in 'RC':
                paths.append(next(tokens, ''))
            yield authored, landed, parentless, commit, blob, [status[0], *paths]


def _pass(
    top: str, shallow: bool, templates: Collection[str], scope: list[str]
) -> dict[str, Any] | None:
    """Walk the history of ``scope`` (top-level paths; all if empty) oldest
    first: the dates of every current file, the versions of ``templates``
    and the files changed with them."""
    log = _git(
        top,
        'log',
        '--no-show-signature',
        f'--format={_HEADER}%H %ct %at %P',
        '--raw',
        '--no-abbrev',
        '-M',
        '--root',
        '--date-order',
        '--reverse',
        '-z',
        '--',
        *scope,
    )
    if log is None:
        return None
    written: dict[str, list[int] | None] = {}
    changed: dict[str, int | None] = {}
    versions: dict[str, list[list[Any]]] = {}
    boundary: set[str] = set()
    for authored, landed, parentless, commit, blob, (status, *paths) in _changes(
        log.decode('utf-8', 'surrogateescape')
    ):
        # In a shallow clone, commits without parents are its boundary: what
        # they hold was written and changed at some unknown earlier time.
        hidden = shallow and parentless
        if hidden:
            boundary.add(commit)
        path = paths[-1]
        if status == 'D':
            for table in (written, changed, versions):
                table.pop(path, None)
            continue
        if status == 'R':
            old = paths[0]
            written[path] = written.pop(old, None if hidden else [authored, landed])
            versions[path] = versions.pop(old, [])
            changed.pop(old, None)
        elif status in 'AC' or path not in written:
            written[path] = None if hidden else [authored, landed]
            versions[path] = []
        changed[path] = None if hidden else landed
        versions[path].append([landed, commit, blob])
    # The commits that changed a template, and the files they changed with
    # it (a shallow clone's boundary holds every file: it changed none).
    changed_templates: dict[str, list[str]] = {}
    for template in templates:
        for _landed, commit, _blob in versions.get(template, ()):
            if commit not in boundary:
                changed_templates.setdefault(commit, []).append(template)
    synced: dict[str, dict[str, int]] = {}
    for path, entries in versions.items():
        for landed, commit, _blob in entries:
            for template in changed_templates.get(commit, ()):
                if template != path:
                    synced.setdefault(path, {})[template] = landed
    return {
        'written': written,
        'changed': changed,
        'versions': {p: versions[p] for p in templates if p in versions},
        'synced': synced,
    }


def _worth_restricting(top: str, scope: list[str]) -> bool:
    """Whether git's walk is to be restricted to ``scope`` (top-level paths):
    when the repository tracks more files outside it than in it (specs kept
    beside code), whose changes git then skips.  Restricted, git also
    compares each commit with its parent for the paths, which doubled the
    walk of a specs repository whose tree is nearly all specs."""
    if not scope:
        return False
    listed = _git(top, 'ls-files', '-z')
    if listed is None:
        return True
    listed = b'\0' + listed
    inside = sum(listed.count(b'\0' + os.fsencode(name) + b'/') for name in scope)
    return listed.count(b'\0') - 1 - inside > inside


def _within(data: dict[str, Any], scope: list[str]) -> dict[str, Any]:
    """What a walk of the whole history found, of the paths under ``scope``."""
    tops = set(scope)

    def inside(path: str) -> bool:
        return path.split('/', 1)[0] in tops

    return {
        'written': {p: w for p, w in data['written'].items() if inside(p)},
        'changed': {p: c for p, c in data['changed'].items() if inside(p)},
        'versions': data['versions'],
        'synced': {p: s for p, s in data['synced'].items() if inside(p)},
    }


def _read_cache(path: str, key: dict[str, Any]) -> dict[str, Any] | None:
    try:
        with open(path, encoding='utf-8') as stream:
            cached = json.load(stream)
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get('key') != key:
        return None
    data = cached.get('data')
    if not isinstance(data, dict) or {'written', 'changed', 'versions', 'synced'} - data.keys():
        return None
    return data


def _write_cache(path: str, key: dict[str, Any], data: dict[str, Any]) -> None:
    """Write the cache atomically; a cache that cannot be written is no loss."""
    text = json.dumps({'key': key, 'data': data}, separators=(',', ':'))
    try:
        os.makedirs(os.path.dirname(path) or os.curdir, exist_ok=True)
        write_atomically(path, text.encode('utf-8'))
    except OSError:
        pass


def read_history(
    cwd: str,
    templates: Iterable[str] = (),
    cache: str | None = None,
    files: Iterable[str] = (),
) -> History | None:
    """The history of the work tree that holds ``cwd``; None without one.

    ``templates`` are files (absolute, or relative to ``cwd``) whose
    versions are wanted; ``files`` the others that matter (the documents):
    given, only what is under the top-level directories that hold them and
    the templates is dated, and when the repository tracks more files
    outside those than in them (specs kept beside code), the walk is
    restricted to them and git skips the tree diffs of everything else;
    renames from elsewhere then count as additions.  With ``cache`` (a file path), the
    history is read again only when the commit checked out (or the paths
    asked about) changed.
    """
    found = _git(cwd, 'rev-parse', '--show-toplevel', '--is-shallow-repository', 'HEAD')
    if found is None:
        return None
    lines = found.decode('utf-8', 'surrogateescape').strip().split('\n')
    top, shallow, head = [*lines, '', ''][:3]
    history = History(
        top=os.path.realpath(top),
        head=head,
        shallow=shallow == 'true',
        written={},
        changed={},
        versions={},
        synced={},
    )
    templates = list(templates)
    wanted = sorted(
        {p for p in (history.path_of(os.path.join(cwd, t)) for t in templates) if p is not None}
    )
    scope = sorted(
        {
            p.split('/', 1)[0]
            for p in (history.path_of(os.path.join(cwd, f)) for f in files)
            if p is not None
        }
    )
    if scope:
        scope = sorted({*scope, *(p.split('/', 1)[0] for p in wanted)})
    key = {
        'version': CACHE_VERSION,
        'top': history.top,
        'head': head,
        'shallow': history.shallow,
        'templates': wanted,
        'scope': scope,
    }
    data = _read_cache(cache, key) if cache else None
    if data is None:
        walked = scope if _worth_restricting(history.top, scope) else []
        data = _pass(history.top, history.shallow, wanted, walked)
        if data is None:
            return None
        if scope and not walked:
            data = _within(data, scope)
        if cache:
            _write_cache(cache, key, data)
    history.written = {
        path: None if window is None else (window[0], window[1])
        for path, window in data['written'].items()
    }
    history.changed = data['changed']
    history.versions = {
        path: tuple(Version(*entry) for entry in entries)
        for path, entries in data['versions'].items()
    }
    history.synced = data['synced']
    return history
