"""Records: what the extension keeps of each document.

A :class:`Finding` is one problem at one line; a :class:`SpecRecord` is
everything known of one spec (metadata, template, findings, trackers,
assignees); a :class:`TemplateRecord` a template's own findings.  They are
small and picklable: the build keeps them in its environment, the command
line builds the same ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ['Finding', 'SpecRecord', 'TemplateRecord', 'digest', 'in_line_order']


class Finding(NamedTuple):
    """A problem: its code (the warning subtype), its line and its message."""

    code: str
    line: int
    message: str


def digest(value: object) -> str:
    """The SHA-256 digest of ``value``'s ``repr``: for what is kept with what it
    was made from (records, settings, names; values whose ``repr`` is stable)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


def in_line_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """``findings`` sorted by line (in their order within a line)."""
    return tuple(sorted(findings, key=lambda finding: finding.line))


class Identity(NamedTuple):
    """What makes a spec the same as another, and where to say so.

    Only specs with a release and with ``duplicate_spec`` on have one.
    """

    docname: str
    #: The source path relative to the source directory, as messages name it.
    path: str
    kind: str
    release: str
    #: The ``{name}`` of the path ('' if its pattern has none).
    name: str
    #: The blueprint's name ('' if none).
    blueprint: str
    title_line: int
    blueprint_line: int
    #: The spec's project ('' if none is known).
    project: str
    #: The Launchpad project of the blueprint's URL ('' if none is known).
    blueprint_project: str
    #: The real path of the source file, symbolic links resolved: docnames
    #: of one file (a directory of links to the specs) are one spec.
    source: str
    #: The folded titles of the level-1 sections.
    sections: frozenset[str]


class SpecRecord(NamedTuple):
    """What the extension keeps of one spec: metadata and findings."""

    docname: str
    kind: str
    title: str
    metadata: dict[str, str]
    template: str | None = None
    findings: tuple[Finding, ...] = ()
    #: Tracker URLs found in the preamble (blueprints, bugs, stories).
    trackers: tuple[str, ...] = ()
    #: People named in the Assignee(s) section, primary assignee first.
    assignees: tuple[str, ...] = ()
    #: What ``duplicate_spec`` compares with the other specs (None: it does not).
    identity: Identity | None = None

    @property
    def release(self) -> str | None:
        return self.metadata.get('release')

    @property
    def status(self) -> str:
        return self.metadata.get('status', '')

    @property
    def project(self) -> str | None:
        return self.metadata.get('project')


class TemplateRecord(NamedTuple):
    """A template's own findings, and where to report them."""

    path: str
    location: str | tuple[str, int] | None
    findings: tuple[Finding, ...] = ()
