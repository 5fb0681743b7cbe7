"""Writing files safely: atomically, only when their bytes change, never over what is not ours.

Used for everything the extension writes: generated index pages, the
published outputs, its caches, and the ``redirects`` files the command line
edits.  No Sphinx imports.
"""

from __future__ import annotations

import os
import stat
import uuid
from collections.abc import Callable

__all__ = ['existing_bytes', 'write_atomically', 'write_if_changed']


def write_atomically(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step.

    ``data`` goes to a temporary file in the same directory, which is then
    renamed over ``path``; if anything fails, the temporary file is removed
    and ``path`` is left as it was.  A new file gets the permissions
    ``open()`` would give it (the umask applies; ``mkstemp`` would leave
    0600), a replaced one keeps its own.  A symbolic link at ``path`` is
    replaced, not followed: pass the resolved path to write through it.
    """
    directory, name = os.path.split(path)
    temporary = os.path.join(directory, f'.{name}.{uuid.uuid4().hex}.tmp')
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, 'wb') as stream:
            stream.write(data)
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
    read permission, a link to nowhere) raises :class:`OSError`: it is not
    "no file", and must not be written over as if it were.
    """
    try:
        os.lstat(path)
    except FileNotFoundError:
        return None
    with open(path, 'rb') as stream:
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
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    write_atomically(path, data)
    return True
