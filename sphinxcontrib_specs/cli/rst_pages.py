"""Hand-written pages as the migration reads them: headings, toctrees, labels and text.

A line scanner, not a docutils parse: the migration rewrites a page in
place, so it needs the lines each part spans, and everything it does not
rewrite stays byte for byte as it was.  It follows the rST rules the
migration depends on: a section title starts in column 0 and is underlined
(and optionally overlined) with one repeated punctuation character; an
explicit markup block (``.. name::``, a comment, a target) runs to the next
line in column 0; a toctree's options come right after its first line and
its entries after them, one per line.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterable, Sequence

__all__ = [
    'Block',
    'Heading',
    'Page',
    'TocEntry',
    'Toctree',
    'doc_references',
    'doc_targets',
    'docname_join',
    'parse_page',
    'relink',
    'resolve_entries',
]

_ADORNMENT = re.compile(r'^([!-/:-@\[-`{-~])\1*\s*$')
_DIRECTIVE = re.compile(r'^\.\.\s+([\w:.+-]+)\s*::')
_OPTION = re.compile(r'^\s+:([^:\s][^:]*):(?:\s+(.*?))?\s*$')
# As Sphinx's toctree directive reads its entries.
_GLOB = re.compile(r'.*[*?\[].*')
_URL = re.compile(r'.+://.*')
_EXPLICIT_TITLE = re.compile(r'^(.+?)\s*(?<!\x00)<([^<]*?)>$', re.DOTALL)
#: A ``:doc:`` role: its text is a target, or a title and ``<target>``.
_DOC_ROLE = re.compile(r':doc:`(?P<text>[^`]+)`')


@dataclasses.dataclass(frozen=True)
class Heading:
    """A section title: the lines it spans (``end`` excluded), its text and level."""

    start: int
    end: int
    title: str
    #: Its adornment character, and whether it is overlined too.
    style: tuple[str, bool]
    level: int


@dataclasses.dataclass(frozen=True)
class TocEntry:
    """One line of a toctree's entries, stripped, and its line."""

    line: int
    text: str


@dataclasses.dataclass(frozen=True)
class Toctree:
    """A ``toctree`` directive in column 0: the lines it spans, its options, its entries."""

    start: int
    end: int
    #: (name, value) as written, in order; '' for a flag.
    options: tuple[tuple[str, str], ...]
    entries: tuple[TocEntry, ...]
    #: The indentation of its option and entry lines.
    indent: str
    #: The first line of the paragraph right above it that introduces it
    #: ("Approved specs:"), if there is one.
    label: int | None = None

    @property
    def glob(self) -> bool:
        return any(name == 'glob' for name, _value in self.options)


@dataclasses.dataclass(frozen=True)
class Block:
    """A part of a page other than a heading, and the lines it spans.

    ``kind`` is ``toctree``, ``label`` (the paragraph that introduces a
    toctree), ``comment``, ``meta`` (fields before the first title, such as
    ``:orphan:``), ``site-index`` (a ``spec-index`` with no options) or
    ``text`` (anything else: paragraphs, lists, other directives, targets).
    """

    kind: str
    start: int
    end: int


@dataclasses.dataclass(frozen=True)
class Page:
    """A page's lines (without line ends), headings and blocks, in order."""

    lines: tuple[str, ...]
    newline: str
    headings: tuple[Heading, ...]
    blocks: tuple[Block, ...]
    toctrees: tuple[Toctree, ...]

    @property
    def text_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == 'text']

    @property
    def site_index(self) -> bool:
        return any(b.kind == 'site-index' for b in self.blocks)

    def section_of(self, line: int) -> Heading | None:
        """The innermost section that holds ``line`` (None: before the first title)."""
        found = None
        for heading in self.headings:
            if heading.start > line:
                break
            found = heading
        return found

    def parent_of(self, heading: Heading) -> Heading | None:
        """The section that holds the section of ``heading``, if any."""
        found = None
        for other in self.headings:
            if other.start >= heading.start:
                break
            if other.level < heading.level:
                found = other
        return found

    def section_end(self, heading: Heading) -> int:
        """The line where the section of ``heading`` ends: the next title of
        its level or a higher one, or the end of the page."""
        for other in self.headings:
            if other.start > heading.start and other.level <= heading.level:
                return other.start
        return len(self.lines)


def _is_adornment(line: str) -> bool:
    return bool(_ADORNMENT.match(line))


def _block_end(lines: Sequence[str], start: int) -> int:
    """The end of the indented body that starts at ``start``: after its last
    non-blank line before the next line in column 0."""
    end = start
    index = start
    while index < len(lines) and (not lines[index].strip() or lines[index][0].isspace()):
        if lines[index].strip():
            end = index + 1
        index += 1
    return end


def _is_comment(first: str) -> bool:
    """Whether the explicit markup starting with ``first`` is a comment."""
    body = first[2:].strip()
    if not body:
        return True
    return body[0] not in '_[|' and not _DIRECTIVE.match(first)


def _toctree(lines: Sequence[str], start: int, end: int) -> Toctree:
    options: list[tuple[str, str]] = []
    index = start + 1
    while index < end and (found := _OPTION.match(lines[index])):
        options.append((found.group(1), found.group(2) or ''))
        index += 1
    entries = tuple(
        TocEntry(number, lines[number].strip())
        for number in range(index, end)
        if lines[number].strip()
    )
    body = [lines[n] for n in range(start + 1, end) if lines[n].strip()]
    indent = re.match(r'\s*', body[0]).group(0) if body else '   '  # type: ignore[union-attr]
    return Toctree(start, end, tuple(options), entries, indent)


def parse_page(text: str) -> Page:
    """Read the headings and blocks of the rST source ``text``."""
    newline = '\r\n' if '\r\n' in text else '\n'
    lines = tuple(text.splitlines())
    headings: list[Heading] = []
    blocks: list[Block] = []
    toctrees: list[Toctree] = []
    styles: list[tuple[str, bool]] = []

    def add_heading(start: int, end: int, title: str, style: tuple[str, bool]) -> None:
        if style not in styles:
            styles.append(style)
        headings.append(Heading(start, end, title, style, styles.index(style)))

    index = 0
    count = len(lines)
    while index < count:
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        after_blank = index == 0 or not lines[index - 1].strip()
        if (
            after_blank
            and _is_adornment(line)
            and index + 2 < count
            and lines[index + 1].strip()
            and lines[index + 2].rstrip() == line.rstrip()
            and not _is_adornment(lines[index + 1])
        ):
            add_heading(index, index + 3, lines[index + 1].strip(), (line.strip()[0], True))
            index += 3
            continue
        if (
            after_blank
            and not line[0].isspace()
            and not _is_adornment(line)
            and not line.startswith('..')
            and index + 1 < count
            and _is_adornment(lines[index + 1])
            and len(lines[index + 1].rstrip()) >= min(len(line.rstrip()), 4)
        ):
            add_heading(index, index + 2, line.strip(), (lines[index + 1].strip()[0], False))
            index += 2
            continue
        if line.startswith('..') and (len(line) == 2 or line[2].isspace()):
            end = max(_block_end(lines, index + 1), index + 1)
            directive = _DIRECTIVE.match(line)
            if directive and directive.group(1) == 'toctree':
                toctree = _toctree(lines, index, end)
                toctrees.append(toctree)
                blocks.append(Block('toctree', index, end))
            elif directive and directive.group(1) == 'spec-index' and end == index + 1:
                blocks.append(Block('site-index', index, end))
            else:
                blocks.append(Block('comment' if _is_comment(line) else 'text', index, end))
            index = end
            continue
        if line[0].isspace():
            end = _block_end(lines, index)
            blocks.append(Block('text', index, end))
            index = end
            continue
        end = index
        while end < count and lines[end].strip():
            end += 1
        kind = 'meta' if not headings and line.startswith(':') else 'text'
        blocks.append(Block(kind, index, end))
        index = end
    return Page(
        lines,
        newline,
        tuple(headings),
        tuple(_labels(blocks, lines)),
        _labelled(toctrees, blocks, lines),
    )


def _introduces(block: Block, following: Block | None, lines: Sequence[str]) -> bool:
    """Whether the paragraph ``block`` introduces the toctree ``following``: one
    line ending in a colon ("2025.1 implemented specs:") right above it."""
    last = lines[block.end - 1].rstrip()
    return (
        block.kind == 'text'
        and block.end == block.start + 1
        and following is not None
        and following.kind == 'toctree'
        and not lines[block.start][0].isspace()
        and last.endswith(':')
        and not last.endswith('::')
        and not lines[block.start].startswith('..')
    )


def _labels(blocks: list[Block], lines: Sequence[str]) -> list[Block]:
    return [
        Block('label', block.start, block.end)
        if _introduces(block, blocks[number + 1] if number + 1 < len(blocks) else None, lines)
        else block
        for number, block in enumerate(blocks)
    ]


def _labelled(
    toctrees: list[Toctree], blocks: list[Block], lines: Sequence[str]
) -> tuple[Toctree, ...]:
    """``toctrees``, each with the line that introduces it, if there is one."""
    labelled = []
    for toctree in toctrees:
        number = next(n for n, b in enumerate(blocks) if b.start == toctree.start)
        previous = blocks[number - 1] if number else None
        if previous is not None and _introduces(previous, blocks[number], lines):
            labelled.append(dataclasses.replace(toctree, label=previous.start))
        else:
            labelled.append(toctree)
    return tuple(labelled)


def docname_join(base: str, name: str) -> str:
    """The docname ``name`` names from the document ``base``, as Sphinx joins them."""
    return posixpath.normpath(posixpath.join(f'/{base}', '..', name))[1:]


def _strip_suffix(name: str, suffixes: Iterable[str]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def resolve_entries(
    toctree: Toctree, docname: str, documents: Iterable[str], suffixes: Iterable[str]
) -> list[tuple[TocEntry, list[str] | None]]:
    """The documents each entry of ``toctree`` on page ``docname`` lists, as
    Sphinx finds them: a glob pattern any documents it matches (not the
    page itself, nor one listed before), any other entry the one document
    it names, or none if there is none.  None for an entry that names no
    document: a URL or ``self``.
    """
    from sphinx.util.matching import patfilter

    suffixes = tuple(suffixes)
    remaining = set(documents)
    remaining.discard(docname)
    resolved: list[tuple[TocEntry, list[str] | None]] = []
    for entry in toctree.entries:
        explicit = _EXPLICIT_TITLE.match(entry.text)
        url = _URL.match(entry.text) is not None
        if toctree.glob and _GLOB.match(entry.text) and not explicit and not url:
            found = sorted(patfilter(remaining, docname_join(docname, entry.text)))
            remaining.difference_update(found)
            resolved.append((entry, found))
            continue
        reference = explicit.group(2) if explicit else entry.text
        if url or reference == 'self':
            resolved.append((entry, None))
            continue
        target = docname_join(docname, _strip_suffix(reference, suffixes))
        resolved.append((entry, [target] if target in remaining else []))
        remaining.discard(target)
    return resolved


def doc_references(lines: Sequence[str], docname: str) -> list[tuple[int, re.Match[str], str]]:
    """(line, match, docname named) of every ``:doc:`` role in ``lines`` of ``docname``."""
    found = []
    for number, line in enumerate(lines):
        for match in _DOC_ROLE.finditer(line):
            explicit = _EXPLICIT_TITLE.match(match.group('text'))
            target = (explicit.group(2) if explicit else match.group('text')).strip()
            joined = target[1:] if target.startswith('/') else docname_join(docname, target)
            found.append((number, match, posixpath.normpath(joined)))
    return found


def doc_targets(lines: Sequence[str], docname: str) -> list[str]:
    """The documents the ``:doc:`` roles in ``lines`` of ``docname`` name."""
    return [target for _line, _match, target in doc_references(lines, docname)]


def relink(match: re.Match[str], target: str) -> str:
    """The ``:doc:`` role of ``match`` pointed at the document ``target``."""
    explicit = _EXPLICIT_TITLE.match(match.group('text'))
    if explicit:
        return f':doc:`{explicit.group(1)} </{target}>`'
    return f':doc:`/{target}`'
