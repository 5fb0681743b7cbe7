"""Writing files atomically: a reader sees the old file or the new one, whole.

Used for everything the extension writes: generated index pages, the
published outputs, its caches, and the ``redirects`` files the command line
edits.  No Sphinx imports.
"""

from __future__ import annotations

import os
import stat
import uuid

__all__ = ['write_atomically']


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
