"""Spec metadata from the source text: header fields, trackers, assignees.

The same functions serve the build (for records) and the index pages (to
know, before anything is parsed, which pages exist and which specs each
toctree holds), so both always agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sphinxcontrib_specs.outline import Outline, normalize_title, scan_outline

__all__ = ['Header', 'assignee_lines', 'assignees_from_lines', 'merge_metadata', 'read_header']

#: Tracker URL forms: (kind, pattern).  A blueprint gives project and name.
TRACKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        'blueprint',
        re.compile(
            r'https?://blueprints\.launchpad\.net/(?P<project>[\w.-]+)/\+spec/(?P<name>[\w.+-]+)'
        ),
    ),
    ('bug', re.compile(r'https?://bugs\.launchpad\.net/(?P<project>[\w.-]+)/\+bug/(?P<id>\d+)')),
    ('story', re.compile(r'https?://storyboard\.openstack\.org/#!/story/(?P<id>\d+)')),
)

_FIELD = re.compile(r'^:(?P<name>[\w -]+):\s*(?P<value>.*?)\s*$')
_PLACEHOLDER = re.compile(r'^<[^>]*>$|^none\.?$|^n/?a$|^tbd$', re.IGNORECASE)
_ROLE_LINE = re.compile(
    r'^(primary assignee|other contributors?|assignees?)\s*:\s*(.*)$', re.IGNORECASE
)


@dataclass
class Header:
    """What the top of a spec says: fields, tracker links."""

    fields: dict[str, str] = field(default_factory=dict)
    trackers: list[str] = field(default_factory=list)
    blueprint_project: str | None = None
    blueprint_name: str | None = None


def _preamble_bounds(outline: Outline, line_count: int) -> tuple[int, int]:
    title = outline.title
    if title is None:
        return 0, line_count
    first = outline.sections[0].line - 2 if outline.sections else line_count
    return 0, max(first, title.line)


def read_header(text: str, outline: Outline | None = None) -> Header:
    """Fields (before or right after the title) and trackers of the preamble."""
    lines = text.splitlines()
    outline = outline if outline is not None else scan_outline(text)
    start, end = _preamble_bounds(outline, len(lines))
    header = Header()
    for line in lines[start:end]:
        found = _FIELD.match(line)
        if found and found.group('value'):
            header.fields.setdefault(found.group('name').strip().lower(), found.group('value'))
        for kind, pattern in TRACKERS:
            for match in pattern.finditer(line):
                url = match.group(0)
                if url not in header.trackers:
                    header.trackers.append(url)
                if kind == 'blueprint' and header.blueprint_name is None:
                    # Launchpad names are lower case; URLs are not always.
                    header.blueprint_project = match.group('project').lower()
                    header.blueprint_name = match.group('name')
    return header


def merge_metadata(
    defaults: Mapping[str, str],
    header: Header,
    path_fields: Mapping[str, str],
    docinfo: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Metadata by precedence: docinfo, path, tracker URLs, defaults."""
    merged = dict(defaults)
    if header.blueprint_project:
        merged['project'] = header.blueprint_project
    if header.blueprint_name:
        merged['blueprint'] = header.blueprint_name
    merged.update({k: v for k, v in path_fields.items() if v})
    fields = docinfo if docinfo is not None else header.fields
    merged.update({k: str(v) for k, v in fields.items() if v})
    return merged


def assignees_from_lines(lines: list[str]) -> list[str]:
    """People named under "Primary assignee:" and "Other contributors:".

    Template placeholders (``<launchpad-id or None>``, ``None``) are not
    people.
    """
    people: list[str] = []
    collecting = False
    for raw in lines:
        text = raw.strip()
        role = _ROLE_LINE.match(text)
        if role:
            collecting = True
            text = role.group(2).strip()
        elif not text:
            continue
        elif not raw[:1].isspace() and not text.startswith(('*', '-')):
            collecting = False
            continue
        if not collecting or not text:
            continue
        for part in re.split(r',\s*|\s+and\s+', text.lstrip('*- ').strip()):
            name = part.strip()
            if name and not _PLACEHOLDER.match(name) and name not in people:
                people.append(name)
    return people


def assignee_lines(text: str, outline: Outline) -> list[str]:
    """The source lines of the Assignee(s) section, if the spec has one."""
    lines = text.splitlines()
    sections = [s for top in outline.tops for s in top.walk()]
    for index, section in enumerate(sections):
        if normalize_title(section.title).startswith('assignee'):
            later = [s.line for s in sections[index + 1 :] if s.line > section.line]
            end = min(later) - 2 if later else len(lines)
            return lines[section.line + 1 : end]
    return []
