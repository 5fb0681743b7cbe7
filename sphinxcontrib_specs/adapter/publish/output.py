"""Writing into the output directory: atomically, only on change, never outside it.

The temporary files a killed build left in a directory written into are
removed.
"""

from __future__ import annotations

import os

from sphinxcontrib_specs.core.files import remove_temporaries, write_atomically, write_if_changed


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
