"""Spec metadata from the source text: header fields, trackers, assignees.

The same functions serve the build (for records) and the index pages (to
know, before anything is parsed, which pages exist and which specs each
toctree holds), so both always agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sphinxcontrib_specs.core.outline import Outline, normalize_title, scan_outline

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
# A field list item: ``:name: value`` from column 0 (the name neither starts
# nor ends with a space, the marker is followed by a space or the line end).
_FIELD = re.compile(r'^:(?P<name>[^\s:](?:[^:]*[^\s:])?):(?:\s+(?P<value>.*?))?\s*$')
# Explicit markup that Sphinx skips on its way to a field list: comments,
# targets and substitution definitions (not directives, footnotes, citations).
_SKIPPED_MARKUP = re.compile(r'^\.\.(?:$|\s+(?!\[)(?![\w:.+-]+\s*::))')
# Before the title, docutils also skips raw and meta directives.
_SKIPPED_BEFORE_TITLE = re.compile(r'^\.\.\s+(?:raw|meta)\s*::')
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
    #: The line of the first blueprint URL (0: none).
    blueprint_line: int = 0


def _preamble_end(outline: Outline, line_count: int) -> int:
    title = outline.title
    if title is None:
        return line_count
    first = outline.sections[0].line - 2 if outline.sections else line_count
    return max(first, title.line)


def _indented(line: str) -> bool:
    return line[:1].isspace()


def _top_fields(lines: list[str], start: int, end: int, *, before_title: bool) -> dict[str, str]:
    """The fields of the field list that opens ``lines[start:end]``.

    As Sphinx reads a docinfo block (``before_title``) or the field list
    right below the title: blank lines, comments, targets and substitution
    definitions may come first; anything else means there is none.
    """
    index = start
    while index < end:
        line = lines[index]
        if not line.strip():
            index += 1
        elif _SKIPPED_MARKUP.match(line) or (before_title and _SKIPPED_BEFORE_TITLE.match(line)):
            index += 1
            if line.strip() == '..' and index < end and not lines[index].strip():
                # An empty comment holds nothing, not even indented text after it.
                continue
            while index < end and (not lines[index].strip() or _indented(lines[index])):
                index += 1
        else:
            break
    fields: dict[str, str] = {}
    while index < end:
        found = _FIELD.match(lines[index])
        if found is None:
            break
        body = [found.group('value') or '']
        index += 1
        while index < end and (not lines[index].strip() or _indented(lines[index])):
            body.append(lines[index].strip())
            index += 1
        value = '\n'.join(body).strip()
        if value:
            fields[found.group('name').strip().lower()] = value
    return fields


def read_header(text: str, outline: Outline | None = None) -> Header:
    """Fields and trackers of the preamble (the text above the first section).

    The fields are those Sphinx and the records take: of a field list at
    the top of the file, before the title (the docinfo block), then of one
    right below the title.  A field list anywhere else is text.  Names are
    lower case; the docinfo block wins over the fields below the title.
    """
    lines = text.splitlines()
    # The title and the first section below it are all the header needs.
    outline = outline if outline is not None else scan_outline(lines, sections=2)
    end = _preamble_end(outline, len(lines))
    header = Header()
    title = outline.title
    if title is None:
        header.fields = _top_fields(lines, 0, end, before_title=True)
    else:
        header.fields = {
            **_top_fields(lines, title.line + 1, end, before_title=False),
            **_top_fields(lines, 0, title.line - 1, before_title=True),
        }
    for number, line in enumerate(lines[:end], start=1):
        for kind, pattern in TRACKERS:
            for match in pattern.finditer(line):
                url = match.group(0)
                if url not in header.trackers:
                    header.trackers.append(url)
                if kind == 'blueprint' and header.blueprint_name is None:
                    # Launchpad names are lower case; URLs are not always.
                    header.blueprint_project = match.group('project').lower()
                    header.blueprint_name = match.group('name')
                    header.blueprint_line = number
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
