"""Text rules: what a document's raw bytes hold.

They read ``Context.source``, so they see what Python's text mode and
docutils hide: carriage returns, a byte order mark, tabs before docutils
expands them.  Lines are counted as an editor counts them, one per line
feed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sphinxcontrib_specs.core.records import Finding
from sphinxcontrib_specs.rules.context import Context
from sphinxcontrib_specs.rules.registry import register, rule

register(
    'encoding',
    """The file is not in the source encoding (UTF-8 unless ``source_encoding`` says otherwise).

Sphinx 9 and later cannot read such a file at all and would stop the whole
build at it; the extension reports it at the first bad byte, with its
column, and leaves the document out of the build, so every other document
is still built and checked.  The file is left out whatever the rule
settings say (Sphinx cannot read it); ``suppress_warnings =
['specs.encoding']`` silences the finding.  With Sphinx 7.4 and 8,
docutils replaces the bytes with ``?`` and warns ("undecodable source
characters") instead, and the document is checked as read.

Bad: a spec saved as Latin-1, ``café`` stored as the bytes ``caf\\xe9``.

Good: the same spec saved as UTF-8.
""",
    'text',
)
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
#: What a URL's scheme is made of (RFC 3986): a letter, then these.
_SCHEME_LETTERS = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')
_SCHEME_CHARACTERS = _SCHEME_LETTERS | frozenset('0123456789+.-')
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
    expanded = line.expandtabs(8) if '\t' in line else line
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
    # Each line stripped once, up front: most lines are plain text, which
    # the tests below tell by their first and last characters.
    all_stripped = [line.strip() for line in lines]
    block: tuple[str, int] | None = None
    index = 0
    while index < len(lines):
        line = _content(lines[index])
        stripped = all_stripped[index]
        if block is not None:
            kind, opened_at = block
            if not stripped or _indent(line) > opened_at:
                if stripped:
                    kinds[index] = kind
                index += 1
                continue
            block = None
        previous_blank = index == 0 or not all_stripped[index - 1]
        first = stripped[:1]
        if tables and previous_blank and first == '+' and _GRID_BORDER.fullmatch(line):
            while index < len(lines) and all_stripped[index]:
                kinds[index] = TABLE
                index += 1
            continue
        if tables and previous_blank and first == '=' and _SIMPLE_BORDER.fullmatch(line):
            end = _simple_table_end(lines, index)
            if end is not None:
                for row in range(index, end + 1):
                    kinds[row] = TABLE
                index = end + 1
                continue
        if loose:
            if '::' in line:
                block = (LITERAL, 0)
        elif not stripped.endswith('::') and first != '.':
            # Neither a directive nor a paragraph that opens a literal block.
            pass
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


def _has_url(text: str) -> bool:
    """Whether ``text`` holds a URL: a scheme, ``://`` and a character that is not a space.

    In time linear in the line, whatever it holds: each ``://`` is found
    with ``str.find``, and its scheme read backwards, over characters that
    no other ``://`` reads (a regular expression searching for the scheme
    took time in the square of a long run of letters).
    """
    found = text.find('://')
    while found >= 0:
        after = found + 3
        if after < len(text) and not text[after].isspace():
            start = found
            while start > 0 and text[start - 1] in _SCHEME_CHARACTERS:
                start -= 1
                if text[start] in _SCHEME_LETTERS:
                    return True
        found = text.find('://', found + 1)
    return False


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
    if max(map(len, lines), default=0) <= limit:
        # Most files: no line is long at all (measured at C speed).
        return
    # Which lines are in literal blocks and tables is worked out only for a
    # file with a line too long (most files have none).
    kinds: list[str | None] | None = None
    for index, line in enumerate(lines):
        if len(line) <= limit:
            continue
        text = _content(line).rstrip()
        if len(text) <= limit:
            continue
        if options['urls'] and _has_url(text):
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
    the bytes: a regular expression took three times as long).

    Two-byte patterns are searched only where their first byte occurs: a
    byte is found at memory speed, a pair of bytes at a third of it.
    """
    if source.endswith((b' ', b'\t', b' \r', b'\t\r')) or b' \n' in source:
        return True
    carriage = b'\r' in source
    if carriage and b' \r\n' in source:
        return True
    if b'\t' not in source:
        return False
    return b'\t\n' in source or (carriage and b'\t\r\n' in source)


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
