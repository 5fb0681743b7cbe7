"""Writing files safely: atomically, only when their bytes change, never over what is not ours.

Used for everything the extension writes: generated index pages, the
published outputs, its caches, and the ``redirects`` files the command line
edits.  No Sphinx imports.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable

__all__ = [
    'RealPaths',
    'existing_bytes',
    'relative_path',
    'remove_temporaries',
    'write_atomically',
    'write_if_changed',
]

#: The name of a temporary file of :func:`write_atomically`: a dot, the name
#: of the file it becomes, 32 hexadecimal digits and ``.tmp``.
_TEMPORARY = re.compile(r'\..+\.[0-9a-f]{32}\.tmp')


def relative_path(path: str, top: str) -> str:
    """``path`` relative to the directory ``top``, ``/``-separated.

    Without :func:`os.path.relpath` for a path under ``top`` (every spec's
    under the source directory, every page's under the output directory),
    which resolves both against the working directory at each call.
    """
    path = os.path.normpath(path)
    prefix = os.path.join(top, '')
    relative = path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, top)
    return relative.replace(os.sep, '/')


def write_atomically(path: str, data: bytes, *, new: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step.

    ``data`` goes to a temporary file in the same directory, which is then
    renamed over ``path``; if anything fails, the temporary file is removed
    and ``path`` is left as it was.  A new file gets the permissions
    ``open()`` would give it (the umask applies; ``mkstemp`` would leave
    0600), a replaced one keeps its own.  A symbolic link at ``path`` is
    replaced, not followed: pass the resolved path to write through it.
    A process killed meanwhile leaves the temporary file behind
    (:func:`remove_temporaries`).  ``new`` says that the caller has just
    found nothing at ``path``, whose permissions need not be looked for.

    The bytes go through ``os.write``: a site writes hundreds of small
    files (the refresh pages), and a file object's set-up cost each of
    them more system calls than the writing.
    """
    directory, name = os.path.split(path)
    temporary = os.path.join(directory, f'.{name}.{os.urandom(16).hex()}.tmp')
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)
        if not new:
            try:
                existing = os.lstat(path)
            except FileNotFoundError:
                pass
            else:
                if stat.S_ISREG(existing.st_mode):
                    os.chmod(temporary, stat.S_IMODE(existing.st_mode))
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def existing_bytes(path: str) -> bytes | None:
    """What ``path`` holds, or None if there is nothing at all there.

    Something that is there but cannot be read (a directory, a file without
    read permission, a link to nowhere, a named pipe or a device) raises
    :class:`OSError`: it is not "no file", and must not be written over as
    if it were.
    """
    try:
        os.lstat(path)
    except FileNotFoundError:
        return None
    # Without blocking: opening a named pipe would wait for a writer forever.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, 'O_NONBLOCK', 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, 'not a regular file', path)
    except BaseException:
        os.close(descriptor)
        raise
    with open(descriptor, 'rb') as stream:
        return stream.read()


def write_if_changed(
    path: str, data: bytes, *, replaceable: Callable[[bytes], bool] = lambda existing: True
) -> bool | None:
    """Write ``data`` to ``path`` atomically, unless it holds them already.

    Missing directories are created.  A file whose bytes ``replaceable``
    refuses is left as it is.  Returns True when written, False when the
    file already held ``data``, and None when it was kept; raises
    :class:`OSError`, writing nothing, when something at ``path`` cannot be
    read.
    """
    existing = existing_bytes(path)
    if existing == data:
        return False
    if existing is not None and not replaceable(existing):
        return None
    new = existing is None
    try:
        write_atomically(path, data, new=new)
    except FileNotFoundError:
        # The directory is missing (looked for only then: hundreds of files
        # go into a few directories).
        os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
        write_atomically(path, data, new=new)
    return True


def remove_temporaries(directory: str) -> None:
    """Remove the temporary files of :func:`write_atomically` from ``directory``.

    For a directory only one process writes into at a time, from that
    process: any such file there was left by a process that was killed.
    Only regular files are removed; what cannot be listed or removed is
    left, as it does no harm.
    """
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if _TEMPORARY.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.remove(entry.path)


class RealPaths:
    """``os.path.realpath``, resolving each directory once, from its parent's.

    nova-specs reaches its 800 specs through linked directories, and
    resolving every path took a twentieth of the checks; the spec
    directories share their parents, which are resolved once too.  For the
    files as they are while one instance lives (a build).
    """

    def __init__(self) -> None:
        self._dirs: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        directory, name = os.path.split(path)
        real = os.path.join(self._directory(directory), name)
        return os.path.realpath(real) if os.path.islink(real) else real

    def _directory(self, directory: str) -> str:
        real = self._dirs.get(directory)
        if real is None:
            parent, name = os.path.split(directory)
            if not name or name in ('.', '..') or not parent or parent == directory:
                real = os.path.realpath(directory)
            else:
                real = os.path.join(self._directory(parent), name)
                if os.path.islink(real):
                    real = os.path.realpath(real)
            self._dirs[directory] = real
        return real
