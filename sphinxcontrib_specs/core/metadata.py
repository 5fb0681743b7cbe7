"""Spec metadata from the source text: header fields, trackers, assignees.

The same functions serve the build (for records) and the index pages (to
know, before anything is parsed, which pages exist and which specs each
toctree holds), so both always agree.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from sphinxcontrib_specs.core.outline import Outline, normalize_title, scan_outline

__all__ = [
    'GENERIC_ASSIGNEE_PLACEHOLDERS',
    'METADATA_FIELDS',
    'Header',
    'assignee_entries',
    'assignee_lines',
    'assignees_from_lines',
    'find_trackers',
    'first_lines',
    'merge_metadata',
    'read_header',
]


#: Tracker URL forms: (kind, pattern).  A blueprint gives project and name.
TRACKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        'blueprint',
        re.compile(
            r'https?://blueprints\.launchpad\.net/(?P<project>[\w.-]+)/\+spec/(?P<name>[\w.+-]+)'
        ),
    ),
    # Short forms too: ``https://launchpad.net/bugs/1921126`` names no project.
    (
        'bug',
        re.compile(
            r'https?://(?:bugs\.)?launchpad\.net/(?:(?P<project>[\w.-]+)/\+bug|bugs)/(?P<id>\d+)'
        ),
    ),
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
# A comment: explicit markup that is no directive, target, substitution
# definition, footnote or citation.
_COMMENT = re.compile(r'^(?P<indent>[ \t]*)\.\.(?:[ \t]*$|[ \t]+(?![_|\[])(?![\w:.+-]+[ \t]*::))')

#: The fields a field list below the title gives the metadata: those the
#: extension reads (its settings add the feed's date field and
#: ``specs_metadata_fields``).  Other names there are the spec's content, as
#: the ``:problem:`` and ``:solution:`` of a spec lite are.
METADATA_FIELDS = frozenset({'status', 'release', 'project', 'blueprint'})

#: Assignee placeholders of the OpenStack templates, dropped whatever a
#: spec's own template says (or when it has none); so is any entry in
#: angle brackets that offers "None" (``<launchpad-id or None>``) or speaks
#: to the author (``<your name here>``).
GENERIC_ASSIGNEE_PLACEHOLDERS = frozenset({'<launchpad-id>'})
# A line that names a role: "Primary assignee:", "Other contributors:",
# "Assignee(s): ...".
_ROLE_LINE = re.compile(
    r'^(?:primary|other)?\s*(?:assignee|contributor)s?(?:\(s\))?\s*:\s*(.*)$', re.IGNORECASE
)
# Words that say nobody is named yet, or offer to say so.
_NOBODY = re.compile(r'^(?:none|n/?a|tbd|tbc|nobody|.*\bor none)\W*$', re.IGNORECASE)
# Words of an instruction to the author, not of a name.
_INSTRUCTION = re.compile(r'\byour\b', re.IGNORECASE)
# What separates people on one line, outside brackets.
_SEPARATOR = re.compile(r',\s*|\s+and\s+')
_CLOSING = {'<': '>', '(': ')', '[': ']'}
# Contact details after a name: ``<email>``, ``(irc: handle)``.
_CONTACT = re.compile(r'\s*(?:<[^<>]*>|\([^()]*\))')
#: What ends a line for :meth:`str.splitlines` besides a line feed.
_OTHER_BREAKS = re.compile('[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]')


@dataclass
class Header:
    """What the top of a spec says: fields, tracker links."""

    fields: dict[str, str] = field(default_factory=dict)
    trackers: list[str] = field(default_factory=list)
    blueprint_project: str | None = None
    blueprint_name: str | None = None
    #: The line of the first blueprint URL (0: none).
    blueprint_line: int = 0


def first_lines(text: str, count: int) -> list[str]:
    """The lines of ``text`` as :meth:`str.splitlines` numbers them, at
    least the first ``count`` of them (all, if it has fewer)."""
    parts = text.split('\n', count)
    if len(parts) <= count:
        return text.splitlines()
    if _line_feeds_only(text):
        # Most files: the parts are the lines.
        del parts[count:]
        return parts
    # Cut after the count-th line feed: every line kept is whole, and a
    # carriage return before it stays with its line.
    return text[: sum(map(len, parts[:count])) + count].splitlines()


def _line_feeds_only(text: str) -> bool:
    """Whether line feeds are all that ends a line of ``text`` for
    :meth:`str.splitlines` (each other character found at memory speed)."""
    if not text.isascii():
        return _OTHER_BREAKS.search(text) is None
    return not any(character in text for character in '\r\v\f\x1c\x1d\x1e')


def _preamble_end(outline: Outline, line_count: int) -> int:
    title = outline.title
    if title is None:
        return line_count
    first = outline.sections[0].line - 2 if outline.sections else line_count
    return max(first, title.line)


def _indented(line: str) -> bool:
    return line[:1].isspace()


def _top_fields(
    lines: list[str], start: int, end: int, *, before_title: bool
) -> tuple[dict[str, str], range]:
    """The fields of the field list that opens ``lines[start:end]``, and its lines.

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
    first = index
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
    return fields, range(first, index)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _uncommented(lines: Sequence[str], span: range) -> Iterator[int]:
    """The indexes of the lines of ``span`` that are not in a comment."""
    index = span.start
    while index < span.stop:
        found = _COMMENT.match(lines[index])
        if found is None or (index > span.start and lines[index - 1].strip()):
            yield index
            index += 1
            continue
        empty = not lines[index][found.end() :].strip()
        index += 1
        if empty and (index >= span.stop or not lines[index].strip()):
            # An empty comment holds nothing, not even indented text after it.
            continue
        indent = len(found.group('indent'))
        while index < span.stop and (not lines[index].strip() or _indent(lines[index]) > indent):
            index += 1


def find_trackers(
    lines: Sequence[str], spans: Iterable[range] | None = None
) -> Iterator[tuple[int, str, re.Match[str]]]:
    """(0-based line, kind, match) of each tracker URL in ``spans`` of ``lines``
    (by default all of them), in order; URLs in comments are left out."""
    for span in spans if spans is not None else [range(len(lines))]:
        for index in _uncommented(lines, span):
            line = lines[index]
            if '://' not in line:
                # Every tracker URL has one (most lines have none).
                continue
            for kind, pattern in TRACKERS:
                for match in pattern.finditer(line):
                    yield index, kind, match


def read_header(
    text: str,
    outline: Outline | None = None,
    *,
    names: Collection[str] = METADATA_FIELDS,
    examples: Collection[str] = (),
) -> Header:
    """Fields and trackers of the top of a spec.

    The fields are those Sphinx and the records take: every field of a
    field list at the top of the file, before the title (the docinfo
    block), and those of ``names`` from one right below the title (other
    names there are the spec's content).  A field list anywhere else is
    text.  Names are lower case; the docinfo block wins over the fields
    below the title.

    Tracker URLs are read from the preamble, the text between the title
    and the first section, and from the docinfo block; never from a
    comment, which is no metadata even when it shows an example link.  The
    URLs of ``examples`` (those the spec's template shows) are no trackers.
    """
    if outline is not None and outline.title is not None and outline.sections:
        # The header ends above the first section: the lines below it (most
        # of a spec) are not split at all.
        end = _preamble_end(outline, 0)
        lines = first_lines(text, end)
    else:
        lines = text.splitlines()
        # The title and the first section below it are all the header needs.
        outline = outline if outline is not None else scan_outline(lines, sections=2)
        end = _preamble_end(outline, len(lines))
    header = Header()
    title = outline.title
    if title is None:
        header.fields, _docinfo = _top_fields(lines, 0, end, before_title=True)
        spans = [range(end)]
    else:
        below, _below = _top_fields(lines, title.line + 1, end, before_title=False)
        docinfo, docinfo_lines = _top_fields(lines, 0, title.line - 1, before_title=True)
        header.fields = {**{k: v for k, v in below.items() if k in names}, **docinfo}
        spans = [docinfo_lines, range(title.line + 1, end)]
    for index, kind, match in find_trackers(lines, spans):
        url = match.group(0)
        if url in examples:
            continue
        if url not in header.trackers:
            header.trackers.append(url)
        if kind == 'blueprint' and header.blueprint_name is None:
            # Launchpad names are lower case; URLs are not always.
            header.blueprint_project = match.group('project').lower()
            header.blueprint_name = match.group('name')
            header.blueprint_line = index + 1
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


def _split(text: str) -> list[str]:
    """``text`` cut at its commas and "and"s, except within brackets and backquotes
    (``<IRC handle, email>`` or ``(smooney@redhat.com, IRC: sean-k-mooney)``)."""
    parts = []
    closing: list[str] = []
    quoted = False
    start = index = 0
    while index < len(text):
        char = text[index]
        if char == '`':
            quoted = not quoted
        elif quoted:
            pass
        elif char in _CLOSING:
            closing.append(_CLOSING[char])
        elif closing and char == closing[-1]:
            closing.pop()
        elif not closing and (separator := _SEPARATOR.match(text, index)) is not None:
            parts.append(text[start:index].strip())
            start = index = separator.end()
            continue
        index += 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def _name_word(text: str) -> bool:
    """Whether ``text`` is one capitalised word, as a surname or a given name is."""
    return text[:1].isupper() and text.replace('-', '').replace("'", '').isalpha()


def _people(text: str) -> Iterator[str]:
    """The people one entry names, as written.

    ``Cheng, Yingxin`` is one person written surname first: a capitalised
    word, a comma, and a capitalised given name, which is the rest of the
    entry or which contact details follow (``Dai, Dang Van <email>``).
    Lower case handles (``notartom, melwitt``) and full names (``Ryota
    Mibu, Roman Dobosz``) are several people.
    """
    parts = _split(text)
    index = 0
    while index < len(parts):
        part = parts[index]
        if index + 1 < len(parts) and _name_word(part):
            following = parts[index + 1]
            given = _CONTACT.sub('', following).split()
            # With contact details after it, the given name may be several
            # words ("Dai, Dang Van <email>"); without, "Alice, Bob" could
            # be two people, and is one only when it is the whole entry.
            contact = given != following.split()
            one = len(given) <= 3 if contact else len(given) == 1 and len(parts) == 2
            if given and one and all(map(_name_word, given)):
                yield f'{part}, {following}'
                index += 2
                continue
        yield part
        index += 1


def _entries(lines: Iterable[str]) -> Iterator[str]:
    """Each person named under a role line ("Primary assignee:", "Other
    contributors:"), as written: on the role line, on the indented lines
    after it, or in a list."""
    collecting = False
    for raw in lines:
        text = raw.strip()
        role = _ROLE_LINE.match(text)
        if role:
            collecting = True
            text = role.group(1).strip()
        elif not text:
            continue
        elif not raw[:1].isspace() and not text.startswith(('*', '-')):
            collecting = False
            continue
        if collecting and text:
            yield from _people(text.lstrip('*- ').strip())


def _folded(text: str) -> str:
    return ' '.join(text.split()).casefold()


def assignee_entries(lines: Iterable[str]) -> frozenset[str]:
    """What a template's Assignee(s) section names (its placeholders), folded
    for :func:`assignees_from_lines` to compare."""
    return frozenset(_folded(entry) for entry in _entries(lines))


def _inside(entry: str) -> str | None:
    """The text within the brackets that hold all of ``entry``, or None."""
    opening = entry[:1]
    if opening not in _CLOSING:
        return None
    depth = 0
    for index, char in enumerate(entry):
        if char == opening:
            depth += 1
        elif char == _CLOSING[opening]:
            depth -= 1
            if depth == 0:
                return entry[1:-1].strip() if index == len(entry) - 1 else None
    return None


def _nobody(entry: str) -> bool:
    """Whether ``entry`` names nobody: ``None``, ``<None>``, ``(TBC)``, ``None
    (but help is welcome)``, ``<launchpad-id or None>``, ``<your name here>``."""
    inside = _inside(entry)
    if inside is not None and entry.startswith('<') and _INSTRUCTION.search(inside):
        return True
    bare = inside or entry
    return bool(_NOBODY.match(_CONTACT.sub('', bare).strip() or bare))


def assignees_from_lines(
    lines: Iterable[str], placeholders: Collection[str] = frozenset()
) -> list[str]:
    """People named under "Primary assignee:" and "Other contributors:", as written.

    An entry the spec's template has (``placeholders``, from
    :func:`assignee_entries`), one of :data:`GENERIC_ASSIGNEE_PLACEHOLDERS`
    and words that name nobody (``None``, ``TBD``) are no people.  A name
    wholly in angle brackets, as the template asked (``<lbragstad>``), is
    shown without them.
    """
    people: list[str] = []
    for entry in _entries(lines):
        folded = _folded(entry)
        if folded in placeholders or folded in GENERIC_ASSIGNEE_PLACEHOLDERS or _nobody(entry):
            continue
        name = (_inside(entry) if entry.startswith('<') else None) or entry
        if name and name not in people:
            people.append(name)
    return people


def assignee_lines(text: str, outline: Outline) -> list[str]:
    """The source lines of the Assignee(s) section, if the spec has one."""
    sections = [s for top in outline.tops for s in top.walk()]
    for index, section in enumerate(sections):
        if normalize_title(section.title).startswith('assignee'):
            later = [s.line for s in sections[index + 1 :] if s.line > section.line]
            # Only the lines up to the section's end are split.
            lines = first_lines(text, min(later) - 2) if later else text.splitlines()
            end = min(later) - 2 if later else len(lines)
            return lines[section.line + 1 : end]
    return []
