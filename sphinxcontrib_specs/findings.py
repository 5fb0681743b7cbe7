"""Findings: one problem in one document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

__all__ = ['Finding', 'in_line_order']


class Finding(NamedTuple):
    """A problem: its code (the warning subtype), its line and its message."""

    code: str
    line: int
    message: str


def in_line_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """``findings`` sorted by line (in their order within a line)."""
    return tuple(sorted(findings, key=lambda finding: finding.line))
