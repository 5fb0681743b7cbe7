"""What every command shares: its exit statuses, its usage error, how it shows paths."""

from __future__ import annotations

import os

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake on the command line; the message says how to fix it."""


def display(path: str) -> str:
    """``path`` relative to the current directory, symbolic links resolved."""
    return os.path.relpath(os.path.realpath(path), os.path.realpath(os.getcwd()))


def writable_root(srcdir: str) -> str:
    """Where a command may write: the repository that holds the source directory.

    That is the first directory from the source directory up that holds
    ``.git`` (where the search for ``conf.py`` stops too), or the source
    directory itself outside a repository; its real path.
    """
    real = os.path.realpath(srcdir)
    directory = real
    while not os.path.exists(os.path.join(directory, '.git')):
        parent = os.path.dirname(directory)
        if parent == directory:
            return real
        directory = parent
    return directory


def check_inside(path: str, root: str) -> None:
    """Refuse to write ``path`` if symbolic links lead it out of ``root``."""
    real = os.path.realpath(path)
    if os.path.commonpath([real, root]) != root:
        raise UsageError(
            f'{os.path.relpath(path)} leads through a symbolic link to {real}, outside '
            f'{root}; nothing was changed: replace the link, or run the command in the '
            'repository that holds its target'
        )


def check_directories(directory: str) -> None:
    """Refuse a file (or a broken link) where ``directory``, or one above it, must be."""
    while not os.path.lexists(directory):
        directory = os.path.dirname(directory)
    if not os.path.isdir(directory):
        raise UsageError(
            f'{os.path.relpath(directory)} is not a directory, and the spec goes in it; '
            'nothing was changed: move it away or rename it'
        )
