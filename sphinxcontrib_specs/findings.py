"""Findings: one problem in one document."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ['Finding']


class Finding(NamedTuple):
    """A problem: its code (the warning subtype), its line and its message."""

    code: str
    line: int
    message: str
