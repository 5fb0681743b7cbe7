"""What every command shares: its exit statuses, its usage error, how it shows paths."""

from __future__ import annotations

import os

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake on the command line; the message says how to fix it."""


def display(path: str) -> str:
    """``path`` relative to the current directory, symbolic links resolved."""
    return os.path.relpath(os.path.realpath(path), os.path.realpath(os.getcwd()))
