"""Writing into the output directory: atomically, only on change, never outside it.

The temporary files a killed build left in a directory written into are
removed.
"""

from __future__ import annotations

import contextlib
import json
import os

from sphinx.application import Sphinx

from sphinxcontrib_specs.core.files import remove_temporaries, write_atomically, write_if_changed
from sphinxcontrib_specs.core.records import digest

#: What each output was made from, per output directory, in the doctree directory.
PUBLISHED = 'specs-published.json'


class Published:
    """What each output in the output directory was made from, as a digest.

    Kept in the doctree directory once the build has written them, so that
    the next build makes an output again only when its digest changes or
    the file is gone; a build that fails keeps nothing.  A group of outputs
    made from one list (the refresh pages) has a digest of its own too:
    while it holds, none of them is looked at one by one.
    """

    def __init__(self, app: Sphinx) -> None:
        self.outdir = str(app.outdir)
        self._file = os.path.join(str(app.doctreedir), PUBLISHED)
        try:
            with open(self._file, 'rb') as stream:
                kept = json.load(stream)
        except (OSError, ValueError):
            kept = {}
        self._all: dict[str, object] = kept if isinstance(kept, dict) else {}
        found = self._all.get(self.outdir)
        found = found if isinstance(found, dict) else {}
        files, groups = found.get('files'), found.get('groups')
        self.kept: dict[str, str] = files if isinstance(files, dict) else {}
        self.kept_groups: dict[str, list[str]] = groups if isinstance(groups, dict) else {}
        self.now: dict[str, str] = {}
        self.groups: dict[str, list[str]] = {}
        self._skipped: set[str] = set()
        self._listed: dict[str, frozenset[str]] = {}

    @staticmethod
    def key(*made_of: object) -> str:
        """The digest of what an output is made of (values with a stable ``repr``)."""
        return digest(made_of)[:32]

    def _there(self, name: str) -> bool:
        directory, _, file_name = os.path.join(self.outdir, *name.split('/')).rpartition(os.sep)
        if file_name not in self._files_in(directory):
            return False
        # Not written, so not cleared by _Output: a killed build may have
        # left a temporary file beside it.
        self._skipped.add(directory)
        return True

    def _files_in(self, directory: str) -> frozenset[str]:
        """The names of the files in ``directory`` (links followed), listed once
        per build: the refresh pages of a release are hundreds in a few
        directories."""
        files = self._listed.get(directory)
        if files is None:
            try:
                with os.scandir(directory) as entries:
                    files = frozenset(entry.name for entry in entries if entry.is_file())
            except OSError:
                files = frozenset()
            self._listed[directory] = files
        return files

    def current(self, name: str, key: str) -> bool:
        """Whether the output ``name`` (``/``-separated, in the output directory)
        is there, made from what ``key`` digests; noted as kept if so."""
        if self.kept.get(name) != key or not self._there(name):
            return False
        self.now[name] = key
        return True

    def current_group(self, group: str, key: str) -> bool:
        """Whether every output of ``group`` is there, the group made from
        what ``key`` digests; all noted as kept if so."""
        kept = self.kept_groups.get(group)
        if not kept or kept[0] != key:
            return False
        names = kept[1:]
        if not all(name in self.kept and self._there(name) for name in names):
            return False
        self.groups[group] = kept
        self.now.update((name, self.kept[name]) for name in names)
        return True

    def note(self, name: str, key: str) -> None:
        """Note that the output ``name`` was written from what ``key`` digests."""
        self.now[name] = key

    def note_group(self, group: str, key: str, names: list[str]) -> None:
        """Note that the outputs ``names`` (each noted) make ``group``, from ``key``."""
        self.groups[group] = [key, *names]

    def save(self) -> None:
        """Keep the digests of this build's outputs (a file that cannot be
        written only makes the next build write every output again)."""
        for directory in sorted(self._skipped):
            remove_temporaries(directory)
        if self.now == self.kept and self.groups == self.kept_groups:
            return
        self._all[self.outdir] = {'files': self.now, 'groups': self.groups}
        data = json.dumps(self._all, indent=0, sort_keys=True).encode()
        with contextlib.suppress(OSError):
            write_if_changed(self._file, data)


class _Output:
    """Writes files into the output directory: atomically, only when their
    bytes change, and never outside it."""

    def __init__(self, outdir: str) -> None:
        self.root = os.path.realpath(outdir)
        # Where each directory really is: redirect pages share a few
        # directories, and resolving links once per page cost 20 ms a build.
        self._inside: dict[str, bool] = {}
        # The directories cleared of temporary files a killed build left.
        self._cleared: set[str] = set()

    def _is_inside(self, parent: str) -> bool:
        inside = self._inside.get(parent)
        if inside is None:
            real = os.path.realpath(parent)
            inside = os.path.commonpath([self.root, real]) == self.root
            if os.path.isdir(real):
                self._inside[parent] = inside
        return inside

    def write(self, name: str, data: bytes) -> bool:
        """Write ``data`` to ``name`` (a ``/``-separated path in the output
        directory), unless it is there already.

        Returns False (and writes nothing) when the path would leave the
        output directory, through ``..`` or a symbolic link.
        """
        path = os.path.join(self.root, *name.split('/'))
        parent = os.path.dirname(path)
        if not self._is_inside(parent):
            return False
        if not os.path.isdir(parent):
            os.makedirs(parent, exist_ok=True)
            # A link made meanwhile could lead elsewhere: look again.
            self._inside.pop(parent, None)
            if not self._is_inside(parent):
                return False
        if parent not in self._cleared:
            remove_temporaries(parent)
            self._cleared.add(parent)
        try:
            write_if_changed(path, data)
        except OSError:
            # Something unreadable where an output belongs: the output
            # directory is the build's own, so it is replaced.
            write_atomically(path, data)
        return True
