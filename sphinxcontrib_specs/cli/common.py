"""What every command shares: its exit statuses and its usage error."""

from __future__ import annotations

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake on the command line; the message says how to fix it."""
