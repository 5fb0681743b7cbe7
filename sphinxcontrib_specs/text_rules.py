"""Text, file and content rules.

Text rules read the document's raw bytes (``Context.source``), so they see
what Python's text mode and docutils hide: carriage returns, a byte order
mark, tabs before docutils expands them.  Lines are counted as an editor
counts them, one per line feed.

File rules are not about one document: Sphinx never reads a ``.txt`` file in
a spec directory.  :func:`check_tree` judges a listing of the directories
that hold specs (see :mod:`sphinxcontrib_specs.tree_check`).

Content rules compare a spec's text with its template's.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sphinxcontrib_specs import settings as config
from sphinxcontrib_specs.findings import Finding
from sphinxcontrib_specs.layout import as_glob
from sphinxcontrib_specs.outline import normalize_text
from sphinxcontrib_specs.rules import RULES, Context, Rule, rule

__all__ = ['TreeEntry', 'check_tree', 'tree_globs', 'tree_layout']

#: Directives whose body is shown as written (code, diagrams, raw markup).
LITERAL_DIRECTIVES = (
    'code-block',
    'code',
    'sourcecode',
    'parsed-literal',
    'literalinclude',
    'doctest',
    'testcode',
    'testoutput',
    'math',
    'raw',
    'graphviz',
    'graph',
    'digraph',
    'blockdiag',
    'seqdiag',
    'actdiag',
    'nwdiag',
    'mermaid',
    'uml',
)

#: Directives whose body is table data.
_TABLE_DIRECTIVES = ('csv-table',)

_DIRECTIVE = re.compile(r'\s*\.\.\s+([\w:.+-]+)::(?:\s|$)')
_EXPLICIT = re.compile(r'\s*\.\.(?:\s|$)')
_BULLET = re.compile(r'(?:[-*+\u2022]|\d+[.)]|#\.|\(\d+\))\s+')
_GRID_BORDER = re.compile(r'\s*\+(?:[-=]+\+)+\s*')
_SIMPLE_BORDER = re.compile(r'\s*=+(?: +=+)+\s*')
_URL = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*://\S')
_NO_WHITESPACE = re.compile(r'\s*\S+')

#: The bytes invisible_character never reports: printable ASCII, tab, CR, LF.
_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b'\t\r\n'
#: Code points that show nothing (or look like a space) in most editors
#: without being in a category that says so.
_FILLERS = frozenset('\u034f\u115f\u1160\u2800\u3164\uffa0')

LITERAL = 'literal'
TABLE = 'table'


def _content(line: str) -> str:
    """A line without the CR of a CR LF ending (the carriage_return rule's)."""
    return line.removesuffix('\r')


def _indent(line: str) -> int:
    expanded = line.expandtabs(8)
    return len(expanded) - len(expanded.lstrip())


def _text_indent(line: str) -> int:
    """Where a paragraph's text starts: after a list item's bullet."""
    expanded = line.expandtabs(8)
    stripped = expanded.lstrip()
    bullet = _BULLET.match(stripped)
    return len(expanded) - len(stripped) + (bullet.end() if bullet else 0)


def _simple_table_end(lines: Sequence[str], start: int) -> int | None:
    """The last line of a simple table whose top border is ``lines[start]``."""
    for index in range(start + 1, len(lines)):
        if _SIMPLE_BORDER.fullmatch(lines[index]) and (
            index + 1 == len(lines) or not lines[index + 1].strip()
        ):
            return index
    return None


def block_kinds(
    lines: Sequence[str],
    *,
    literal_directives: Iterable[str] = LITERAL_DIRECTIVES,
    tables: bool = True,
    loose: bool = False,
) -> list[str | None]:
    """For each line, whether it is in a literal block (``LITERAL``), a table
    (``TABLE``), or neither (None).

    A literal block is the indented block after a paragraph ending in ``::``
    or the body of one of ``literal_directives`` (``*``: every directive);
    it ends at the first non-blank line indented no deeper than the line
    that opened it.  With ``loose``, any line containing ``::`` opens one
    and it ends at the first non-blank line in column 0 (nova's test).
    Tables are grid tables, simple tables and ``csv-table`` bodies.
    """
    every_directive = '*' in literal_directives
    literal_names = {name.casefold() for name in literal_directives}
    kinds: list[str | None] = [None] * len(lines)
    block: tuple[str, int] | None = None
    index = 0
    while index < len(lines):
        line = _content(lines[index])
        stripped = line.strip()
        if block is not None:
            kind, opened_at = block
            if not stripped or _indent(line) > opened_at:
                if stripped:
                    kinds[index] = kind
                index += 1
                continue
            block = None
        previous_blank = index == 0 or not lines[index - 1].strip()
        if tables and previous_blank and _GRID_BORDER.fullmatch(line):
            while index < len(lines) and lines[index].strip():
                kinds[index] = TABLE
                index += 1
            continue
        if tables and previous_blank and _SIMPLE_BORDER.fullmatch(line):
            end = _simple_table_end(lines, index)
            if end is not None:
                for row in range(index, end + 1):
                    kinds[row] = TABLE
                index = end + 1
                continue
        if loose:
            if '::' in line:
                block = (LITERAL, 0)
        elif (directive := _DIRECTIVE.match(line)) is not None:
            name = directive.group(1).casefold()
            if every_directive or name in literal_names:
                block = (LITERAL, _indent(line))
            elif tables and name in _TABLE_DIRECTIVES:
                block = (TABLE, _indent(line))
        elif stripped.endswith('::') and not _EXPLICIT.match(line):
            block = (LITERAL, _text_indent(line))
        index += 1
    return kinds


# Text rules ------------------------------------------------------------------


@rule(
    'line_length',
    default=True,
    group='text',
    max=79,
    urls=True,
    literal_blocks=True,
    literal_directives=LITERAL_DIRECTIVES,
    tables=True,
    no_whitespace=True,
    loose_literal_blocks=False,
)
def line_length(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A line is longer than ``max`` characters (79 by default).

    Length is counted in characters, trailing whitespace left out (that is
    ``trailing_whitespace``'s finding).  Lines that cannot be wrapped are
    exempt, each exemption an option that is on by default:

    ``urls``
        lines with a URL (``https://``, ``ftp://``, ...);
    ``literal_blocks``
        lines in a literal block (the indented block after a paragraph that
        ends with ``::``) or in the body of a directive listed in
        ``literal_directives`` (``code-block``, ``code``, ``literalinclude``,
        ``math``, ``graphviz`` and other code and diagram directives;
        ``['*']`` exempts every directive's body);
    ``tables``
        grid tables, simple tables and ``csv-table`` bodies, whose rows
        cannot be wrapped without redrawing the table;
    ``no_whitespace``
        lines without whitespace after their indentation (a long path or
        identifier).

    ``loose_literal_blocks`` (off) exempts what nova's test exempts: after
    any line containing ``::``, directives included, every line up to the
    next non-blank line in column 0.

    Bad::

        The scheduler will consider the cache weigher when it sorts the hosts for a request.

    Good::

        The scheduler will consider the cache weigher when it sorts the hosts
        for a request.
    """
    lines = ctx.lines
    limit = options['max']
    # Which lines are in literal blocks and tables is worked out only for a
    # file with a line too long (most files have none).
    kinds: list[str | None] | None = None
    for index, line in enumerate(lines):
        if len(line) <= limit:
            continue
        text = _content(line).rstrip()
        if len(text) <= limit:
            continue
        if options['urls'] and _URL.search(text):
            continue
        if options['no_whitespace'] and _NO_WHITESPACE.fullmatch(text):
            continue
        if kinds is None:
            kinds = block_kinds(
                lines,
                literal_directives=options['literal_directives'],
                tables=options['tables'],
                loose=options['loose_literal_blocks'],
            )
        kind = kinds[index]
        if kind == LITERAL and options['literal_blocks']:
            continue
        if kind == TABLE and options['tables']:
            continue
        number = index + 1
        yield Finding(
            'line_length',
            number,
            f'line is {len(text)} characters long, over the limit of {limit}; wrap it',
        )


def _has_trailing_whitespace(source: bytes) -> bool:
    """Whether a line of ``source`` ends in a space or a tab (a quick test on
    the bytes: a regular expression took three times as long)."""
    return (
        b' \n' in source
        or b'\t\n' in source
        or b' \r\n' in source
        or b'\t\r\n' in source
        or source.endswith((b' ', b'\t', b' \r', b'\t\r'))
    )


@rule('trailing_whitespace', default=True, group='text')
def trailing_whitespace(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A line ends with spaces or tabs.

    A line of whitespace only is reported too: it should be empty.

    Bad (``␣`` stands for a space)::

        Add a rename call.␣␣

    Good::

        Add a rename call.
    """
    if not _has_trailing_whitespace(ctx.source):
        return
    for number, line in enumerate(ctx.lines, start=1):
        text = _content(line)
        kept = text.rstrip(' \t')
        if kept == text:
            continue
        if not kept:
            message = 'line holds only whitespace; make it empty'
        else:
            message = f'trailing whitespace from column {len(kept) + 1}; delete it'
        yield Finding('trailing_whitespace', number, message)


@rule('carriage_return', default=True, group='text')
def carriage_return(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A line ends with CR LF (a Windows line ending), or holds a carriage return.

    Read from the raw bytes: Python's text mode, and so a test that reads
    specs with ``open()``, turns them into plain line feeds and never sees
    them.  Consecutive lines with CR LF endings are one finding, at the first.

    Bad (``␍`` stands for a carriage return)::

        Problem description␍
        ===================␍

    Good::

        Problem description
        ===================
    """
    if b'\r' not in ctx.source:
        return
    runs: list[list[int]] = []
    for number, line in enumerate(ctx.lines, start=1):
        if line.endswith('\r'):
            if runs and runs[-1][1] == number - 1:
                runs[-1][1] = number
            else:
                runs.append([number, number])
        column = _content(line).find('\r')
        if column >= 0:
            yield Finding(
                'carriage_return',
                number,
                f'carriage return at column {column + 1}; Sphinx reads it as a line '
                'break: delete it',
            )
    for first, last in runs:
        where = f'line {first} ends' if first == last else f'lines {first}-{last} end'
        yield Finding(
            'carriage_return',
            first,
            f'{where} with CR LF (a Windows line ending); save the file with LF line endings',
        )


@rule('tab', default=True, group='text')
def tab(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A line holds a tab character.

    Docutils expands tabs to 8-column stops, so a tab changes indentation
    (and so nesting, or the content of a literal block) in a way that each
    editor and review tool shows differently.  doc8, the reStructuredText
    linter many OpenStack repositories run, rejects tab indentation too.

    Bad (``→`` stands for a tab)::

        →mempages = [{

    Good::

            mempages = [{
    """
    if b'\t' not in ctx.source:
        return
    for number, line in enumerate(ctx.lines, start=1):
        column = line.find('\t')
        if column >= 0:
            yield Finding('tab', number, f'tab at column {column + 1}; use spaces instead')


def _invisible(char: str) -> bool:
    if char in '\t\n\r':
        return False
    return unicodedata.category(char) in {'Cf', 'Cc', 'Zl', 'Zp'} or char in _FILLERS


def _describe(char: str) -> str:
    name = unicodedata.name(char, '')
    if not name:
        name = 'a control character' if unicodedata.category(char) == 'Cc' else 'unnamed'
    return f'U+{ord(char):04X} {name}'


@rule('invisible_character', default=True, group='text')
def invisible_character(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A line holds a character that shows nothing.

    Zero-width spaces and joiners (U+200B, U+200C, U+200D, U+2060), a byte
    order mark (U+FEFF) anywhere in the file, soft hyphens, bidirectional
    controls and other format characters, control characters other than tab
    and line endings, line and paragraph separators, and filler characters
    (U+3164 HANGUL FILLER).  They usually come from copying text out of a
    browser or a word processor, and they break searches, links and
    titles.  The message names the first one on the line and its column.

    Bad (``[U+200B]`` stands for the zero-width space)::

        Add a rename[U+200B] call.

    Good::

        Add a rename call.
    """
    if not ctx.source.translate(None, _PLAIN_BYTES):
        # Most files: nothing but printable ASCII, tabs and line ends.
        return
    for number, line in enumerate(ctx.lines, start=1):
        if line.isascii() and line.isprintable():
            # Most lines: nothing but printable ASCII, nothing invisible.
            continue
        found = [(column, char) for column, char in enumerate(line, 1) if _invisible(char)]
        if not found:
            continue
        column, char = found[0]
        more = f' ({len(found) - 1} more on this line)' if len(found) > 1 else ''
        if number == 1 and column == 1 and char == '\ufeff':
            what = 'byte order mark U+FEFF at column 1'
            fix = 'save the file as UTF-8 without a byte order mark'
        else:
            what = f'invisible character {_describe(char)} at column {column}'
            fix = 'delete it'
        yield Finding('invisible_character', number, f'{what}{more}; {fix}')


# Metadata rules --------------------------------------------------------------


def _preamble_end(ctx: Context) -> int:
    """The number of source lines before the first section below the title."""
    sections = ctx.outline.sections
    if not sections:
        return len(ctx.lines)
    return max(sections[0].line - 2, 0)


_BLUEPRINT = re.compile(r'https?://blueprints\.launchpad\.net/[^/\s]+/\+spec/([\w.+-]+)')


@rule('filename', default=False, group='metadata', pattern=r'[a-z0-9]+(?:[-_][a-z0-9]+)*')
def filename(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The file name breaks the naming convention, or is not the blueprint's name.

    The name without its suffix must match the regular expression
    ``pattern`` (lowercase words joined by hyphens or underscores), and
    when the preamble (the text between the title and the first section)
    links a Launchpad blueprint, the name must be the blueprint's, as the
    nova and other OpenStack templates ask.

    Bad (``specs/2025.1/approved/Cache_Weigher.rst``)::

        https://blueprints.launchpad.net/nova/+spec/cache-weigher

    Good (``specs/2025.1/approved/cache-weigher.rst``)::

        https://blueprints.launchpad.net/nova/+spec/cache-weigher
    """
    if not ctx.path:
        return
    base = ctx.path.rsplit('/', 1)[-1]
    name = base.rsplit('.', 1)[0] if '.' in base else base
    if not re.fullmatch(options['pattern'], name):
        yield Finding(
            'filename',
            1,
            f"file name '{base}' does not follow the naming convention "
            f'(pattern {options["pattern"]!r}); rename the file',
        )
        return
    blueprints: list[tuple[int, str]] = []
    lines = ctx.lines
    for number, line in enumerate(lines[: _preamble_end(ctx)], start=1):
        blueprints.extend((number, m.group(1).rstrip('.')) for m in _BLUEPRINT.finditer(line))
    if blueprints and name not in {blueprint for _, blueprint in blueprints}:
        number, blueprint = blueprints[0]
        yield Finding(
            'filename',
            number,
            f"the file is named '{base}' but its blueprint is '{blueprint}'; name the file "
            f"'{blueprint}{base[len(name) :]}'",
        )


@rule(
    'tracker_link',
    default=False,
    group='metadata',
    patterns=(
        r'https?://blueprints\.launchpad\.net/[^/\s]+/\+spec/\S+',
        r'https?://bugs\.launchpad\.net/(?:[^/\s]+/)?\+bug/\d+',
        r'https?://storyboard\.openstack\.org/#!/story/\d+',
    ),
)
def tracker_link(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The preamble links no tracker item.

    The preamble is the text above the first section.  ``patterns`` are the
    regular expressions a tracker URL must match: by default a Launchpad
    blueprint or bug, or a StoryBoard story.  The finding stands at the
    title.

    Bad::

        ======================
        Cache-aware scheduling
        ======================

        Weigh hosts by the images they have cached.

    Good::

        ======================
        Cache-aware scheduling
        ======================

        https://blueprints.launchpad.net/nova/+spec/cache-aware-scheduling

        Weigh hosts by the images they have cached.
    """
    if not ctx.source:
        return
    preamble = '\n'.join(ctx.lines[: _preamble_end(ctx)])
    if any(re.search(pattern, preamble) for pattern in options['patterns']):
        return
    title = ctx.outline.title
    yield Finding(
        'tracker_link',
        title.line if title else 1,
        'no tracker link above the first section; add the URL of the blueprint, bug or '
        'story this spec is for',
    )


@rule(
    'license_header',
    default=False,
    group='metadata',
    text='This work is licensed under a Creative Commons Attribution 3.0 Unported License.',
)
def license_header(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The text above the title lacks the license statement.

    ``text`` is the statement, compared ignoring line breaks and spacing; the
    default is the one OpenStack specs templates open with, in a comment.

    Bad::

        ======================
        Cache-aware scheduling
        ======================

    Good::

        ..
         This work is licensed under a Creative Commons Attribution 3.0
         Unported License.

         http://creativecommons.org/licenses/by/3.0/legalcode

        ======================
        Cache-aware scheduling
        ======================
    """
    if not ctx.source:
        return
    title = ctx.outline.title
    lines = ctx.lines
    head = lines[: max(title.line - 2, 0)] if title else lines
    words = ' '.join(re.sub(r'^\s*\.\.', '', line) for line in head).split()
    if ' '.join(options['text'].split()) in ' '.join(words):
        return
    yield Finding(
        'license_header',
        1,
        f'the license statement is missing above the title; start the file with a comment '
        f'holding {options["text"]!r}',
    )


# Content rules ---------------------------------------------------------------

#: Template paragraphs shorter than this are prompts ("Specification for the
#: method") that a spec may keep on purpose, not guidance to replace.
_MIN_GUIDANCE_WORDS = 5

_PLACEHOLDER = re.compile(r'<(?!/)[^<>\n]+>')


def _placeholders(ctx: Context) -> set[str]:
    """The ``<...>`` placeholders of the template's sections."""
    if ctx.template is None:
        return set()
    found: set[str] = set()
    for top in ctx.template.sections:
        for section in top.walk():
            for paragraph in section.paragraphs:
                found.update(
                    token
                    for token in _PLACEHOLDER.findall(paragraph)
                    if '://' not in token and '@' not in token
                )
    return found


def _section_ranges(ctx: Context) -> dict[int, tuple[int, int]]:
    """For each section (by id), the 0-based range of its own body lines."""
    every = sorted((s for top in ctx.outline.tops for s in top.walk()), key=lambda s: s.line)
    total = len(ctx.lines)
    ranges = {}
    for position, section in enumerate(every):
        end = every[position + 1].line - 2 if position + 1 < len(every) else total
        ranges[id(section)] = (section.line + 1, max(end, section.line + 1))
    return ranges


def _paragraphs(
    lines: Sequence[str], kinds: Sequence[str | None], start: int, end: int
) -> Iterator[tuple[int, str]]:
    """(1-based line, normalized text) of each paragraph in ``lines[start:end]``.

    Paragraphs are read as the template's are: consecutive non-blank lines,
    a list item's bullet dropped; literal blocks, tables and explicit markup
    are skipped.
    """
    block: list[str] = []
    first = 0
    for index in range(start, min(end, len(lines)) + 1):
        line = _content(lines[index]).strip() if index < min(end, len(lines)) else ''
        if line and kinds[index] is None:
            if not block:
                first = index
            block.append(line)
            continue
        if block and not _EXPLICIT.match(block[0]):
            head = _BULLET.sub('', block[0], count=1)
            yield first + 1, normalize_text(' '.join([head, *block[1:]]))
        block = []


@rule('template_text', default=False, group='content')
def template_text(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A paragraph of the template's guidance is left unchanged in a section.

    A paragraph of the spec's section equal to one of the same template
    section's (ignoring line breaks, spacing and inline markup) is reported
    at its first line.  Short template paragraphs (under five words) are
    prompts a spec may keep, and paragraphs holding a template placeholder
    are ``placeholder``'s.

    Bad::

        Alternatives
        ------------

        What other ways could we do this thing? Why aren't we using those?

    Good::

        Alternatives
        ------------

        Weighing by image size was considered; it favours hosts that cached
        one large image over hosts that cached many.
    """
    if ctx.template is None or not ctx.source:
        return
    lines = ctx.lines
    kinds = block_kinds(lines)
    ranges = _section_ranges(ctx)
    placeholders = _placeholders(ctx)
    for section, wanted in ctx.comparison.matched:
        guidance = {
            paragraph
            for paragraph in wanted.paragraphs
            if len(paragraph.split()) >= _MIN_GUIDANCE_WORDS
            and not any(token in paragraph for token in placeholders)
        }
        if not guidance or id(section) not in ranges:
            continue
        for number, paragraph in _paragraphs(lines, kinds, *ranges[id(section)]):
            if paragraph in guidance:
                shown = paragraph if len(paragraph) <= 60 else f'{paragraph[:57]}...'
                yield Finding(
                    'template_text',
                    number,
                    f"the template's guidance for '{wanted.title}' is left in: "
                    f"'{shown}'; replace it with what the spec proposes",
                )


@rule('empty_section', default=False, group='content')
def empty_section(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A section has neither body text nor subsections.

    A comment is not body text.  Templates usually ask for "None" where
    there is nothing to say; a section the template makes optional can be
    removed instead.

    Bad::

        Dependencies
        ============

        Testing
        =======

    Good::

        Dependencies
        ============

        None.

        Testing
        =======
    """
    optional = {
        id(section): not wanted.required_for(ctx.release)
        for section, wanted in ctx.comparison.matched
    }
    for level_one in ctx.outline.sections:
        for section in level_one.walk():
            if section.has_body or section.children:
                continue
            fix = "write its content, or 'None' if there is nothing to say"
            if optional.get(id(section)):
                fix += '; the template makes it optional, so it can also be removed'
            yield Finding(
                'empty_section', section.line, f"section '{section.title}' is empty; {fix}"
            )


@rule('placeholder', default=False, group='content')
def placeholder(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A placeholder of the template, such as ``<launchpad-id or None>``, is left in.

    Placeholders are the ``<...>`` phrases of the template's sections (URLs
    and e-mail addresses in angle brackets are not).  Literal blocks are not
    searched.  A title left as the template's is ``title``'s finding.

    Bad::

        Primary assignee:
          <launchpad-id or None>

    Good::

        Primary assignee:
          jdoe
    """
    tokens = _placeholders(ctx)
    if not tokens or not ctx.source:
        return
    lines = ctx.lines
    kinds = block_kinds(lines)
    for number, (line, kind) in enumerate(zip(lines, kinds, strict=True), start=1):
        if kind == LITERAL:
            continue
        hits = sorted((line.find(token), token) for token in tokens if token in line)
        for column, token in hits:
            yield Finding(
                'placeholder',
                number,
                f"template placeholder '{token}' at column {column + 1} is left in; replace it",
            )


# File rules ------------------------------------------------------------------


def _tree_rule(name: str, *, default: bool, doc: str, **options: Any) -> None:
    """Register a rule that judges files, not documents (see check_tree)."""
    RULES[name] = Rule(name, None, default, options, doc, 'files')


_tree_rule(
    'file_extension',
    default=True,
    allow=('.*', 'redirects', '*.png', '*.jpg', '*.jpeg', '*.gif', '*.svg'),
    doc="""A file in a spec directory does not end in ``.rst``.

Sphinx never reads it, so it is neither published nor checked: usually a
spec saved with the wrong extension.  A spec directory is one that the
configured patterns (:confval:`specs_patterns`) put specs in, reached
through symbolic links too.  Names matching a glob in ``allow`` (dotfiles,
``redirects`` and images by default) are not reported.  The warning stands
at line 1 of the file.

Bad: ``specs/2025.1/approved/cache-weigher.txt``

Good: ``specs/2025.1/approved/cache-weigher.rst``
""",
)

_tree_rule(
    'unexpected_file',
    default=False,
    allow=('.*', 'redirects', 'index.rst', 'template.rst'),
    doc="""A release directory holds something other than spec directories and support files.

A release directory is the one a pattern's ``{release}`` names, such as
``specs/2025.1`` for ``specs/{release}/{status}/{name}``.  It may hold its
spec directories (``approved``, ``implemented``), specs when the layout puts
them there, and names matching a glob in ``allow`` (dotfiles,
``redirects``, ``index.rst`` and ``template.rst`` by default).  When spec
directories are symbolic links, as in nova-specs, the directory they link
into is checked as well.  Off by default: what a release directory may hold
differs between repositories.

Bad: ``specs/2025.1/notes.txt``

Good: ``specs/2025.1/approved/``, ``specs/2025.1/redirects``
""",
)


@dataclass(frozen=True)
class TreeEntry:
    """A file or directory in (or linked from) a directory that holds specs.

    ``path`` is where the source tree shows it, relative to the source
    directory with ``/`` separators; ``location`` is where to report it.
    An entry of a directory that a linked spec directory lives in is shown
    in the release directory that links to it.
    """

    path: str
    is_dir: bool
    location: str


@dataclass
class TreeLayout:
    """What the listed entries are: spec directories, release directories,
    and the files that are (or would be, with the right suffix) specs.
    """

    #: Directories that hold specs, or would if a spec were added.
    spec_dirs: set[str] = field(default_factory=set)
    #: Release directory -> (kind, release) of the specs below it.
    release_dirs: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: File path -> (kind, path fields) of files in spec positions.
    candidates: dict[str, tuple[config.Kind, dict[str, str]]] = field(default_factory=dict)


def tree_globs(settings: config.Settings) -> list[str]:
    """Globs, relative to the source directory, of the directories to list.

    The directories specs are in, and release directories.
    """
    globs = []
    for kind in settings.kinds:
        for pattern in kind.patterns:
            parts = pattern.text.strip('/').split('/')
            if len(parts) > 1:
                globs.append(as_glob('/'.join(parts[:-1])))
            for depth, part in enumerate(parts[:-1]):
                if '{release}' in part:
                    globs.append(as_glob('/'.join(parts[: depth + 1])))
    return list(dict.fromkeys(globs))


def _docname(path: str, settings: config.Settings) -> str:
    """The docname a file would have if it ended in a source suffix."""
    for suffix in settings.source_suffixes:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    directory, _, name = path.rpartition('/')
    stem = name.rsplit('.', 1)[0] if '.' in name[1:] else name
    return f'{directory}/{stem}' if directory else stem


def _candidate(
    path: str, settings: config.Settings
) -> tuple[config.Kind, dict[str, str], str | None] | None:
    """Kind, fields and release directory of a path that is (or would be) a spec."""
    docname = _docname(path, settings)
    classified = settings.classify(docname)
    if classified is None:
        return None
    kind, fields = classified
    pattern = next(
        p for p in kind.patterns if p.match(docname, settings.statuses, settings.releases)
    )
    parts = pattern.text.strip('/').split('/')
    depth = next((d for d, part in enumerate(parts[:-1]) if '{release}' in part), None)
    release_dir = '/'.join(path.split('/')[: depth + 1]) if depth is not None else None
    return kind, fields, release_dir


def tree_layout(entries: Iterable[TreeEntry], settings: config.Settings) -> TreeLayout:
    """The spec directories, release directories and spec files among ``entries``."""
    layout = TreeLayout()
    for entry in entries:
        if entry.is_dir:
            candidate = _candidate(f'{entry.path}/spec.rst', settings)
            directory = entry.path
        else:
            candidate = _candidate(entry.path, settings)
            directory = entry.path.rpartition('/')[0]
        if candidate is None:
            continue
        kind, fields, release_dir = candidate
        layout.spec_dirs.add(directory)
        if not entry.is_dir:
            layout.candidates[entry.path] = (kind, fields)
        if release_dir is not None and fields.get('release'):
            layout.release_dirs.setdefault(release_dir, (kind.name, fields['release']))
    return layout


def _allowed(name: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in globs)


def check_tree(
    entries: Iterable[TreeEntry], settings: config.Settings
) -> list[tuple[str, Finding]]:
    """``file_extension`` and ``unexpected_file`` findings, as (location, finding).

    Findings stand at line 1: they are about a whole file or directory
    (and Sphinx takes a location without a line for a docname).  Rule settings are
    those of the spec the file would be (its kind, status and release), or
    of the release directory's specs.
    """
    entries = sorted(set(entries), key=lambda e: e.path)
    layout = tree_layout(entries, settings)
    findings: list[tuple[str, Finding]] = []
    for entry in entries:
        directory, _, name = entry.path.rpartition('/')
        candidate = layout.candidates.get(entry.path)
        if candidate is not None:
            kind, fields = candidate
            status = fields.get('status') or settings.defaults.get('status')
            release = fields.get('release') or settings.defaults.get('release')
            options = settings.rules_for(
                kind.name, status, settings.releases.parse(release) if release else None
            ).get('file_extension')
            if (
                options is not None
                and not any(name.endswith(s) for s in settings.source_suffixes)
                and not _allowed(name, options['allow'])
            ):
                findings.append(
                    (
                        entry.location,
                        Finding(
                            'file_extension',
                            1,
                            f"'{name}' is in a spec directory but does not end in "
                            f'{settings.source_suffixes[0]}, so Sphinx never reads it; '
                            f'rename it, or move it out of {directory}',
                        ),
                    )
                )
            continue
        if directory not in layout.release_dirs:
            continue
        kind_name, release_name = layout.release_dirs[directory]
        options = settings.rules_for(kind_name, None, settings.releases.parse(release_name)).get(
            'unexpected_file'
        )
        if options is None or _allowed(name, options['allow']):
            continue
        if entry.is_dir and (
            entry.path in layout.spec_dirs
            or any(d.startswith(f'{entry.path}/') for d in layout.spec_dirs)
        ):
            continue
        what = 'directory' if entry.is_dir else 'file'
        findings.append(
            (
                entry.location,
                Finding(
                    'unexpected_file',
                    1,
                    f"{what} '{name}' in release directory {directory} is neither a spec "
                    'directory nor a known support file; move it into a spec directory, '
                    "or add it to the unexpected_file option 'allow'",
                ),
            )
        )
    return findings
