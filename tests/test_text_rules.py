"""The text, file and content rules without Sphinx.

Documents are given as bytes, as the build reads them; outlines are read
with ``scan_outline``.  File rules are checked on listings of paths.
"""

from __future__ import annotations

import inspect
import re
from textwrap import dedent

import pytest

from sphinxcontrib_specs.checking.tree import TreeEntry, check_tree
from sphinxcontrib_specs.config.load import load_settings
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.outline import scan_outline
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.template import Template, build_template
from sphinxcontrib_specs.rules.context import Context, source_lines
from sphinxcontrib_specs.rules.registry import RULES
from sphinxcontrib_specs.rules.text import block_kinds

RELEASES = ReleaseTable()

TEMPLATE_TEXT = """\
..
 This work is licensed under a Creative Commons Attribution 3.0 Unported
 License.

==========================================
Example Spec - The title of your blueprint
==========================================

https://blueprints.launchpad.net/nova/+spec/example

Problem description
===================

A detailed description of the problem. What problem is this blueprint
addressing?

Use Cases
---------

What use cases does this address? What impact on actors does this change
have?

Alternatives
------------

What other ways could we do this thing? Why aren't we using those?

History
-------

This section is optional.

Assignee(s)
===========

Who is leading the writing of the code?

Primary assignee:
  <launchpad-id or None>

Specification for the method
"""

TEMPLATE = build_template('template.rst', scan_outline(TEMPLATE_TEXT), {}, RELEASES)


def check(
    code: str,
    text: str | bytes,
    /,
    *,
    template: Template | None = None,
    path: str = 'specs/2025.1/approved/cache-weigher.rst',
    release: str | None = '2025.1',
    metadata: dict[str, str] | None = None,
    **options: object,
) -> list[tuple[int, str]]:
    """(line, message) of each finding of rule ``code`` on ``text``."""
    source = text.encode() if isinstance(text, str) else text
    ctx = Context(
        scan_outline(source.decode('utf-8', 'replace')),
        template,
        RELEASES.parse(release) if release else None,
        source=source,
        path=path,
        metadata=metadata or {},
    )
    registered = RULES[code]
    assert registered.check is not None
    found = registered.check(ctx, {**registered.options, **options})
    return [(f.line, f.message) for f in sorted(found, key=lambda f: f.line)]


def lines_of(code: str, text: str | bytes, **kwargs: object) -> list[int]:
    return [line for line, _ in check(code, text, **kwargs)]


# The docstring examples -------------------------------------------------------

_MARKERS = {'␣': ' ', '␍': '\r', '→': '\t', '[U+200B]': '\u200b'}


def _example(doc: str, label: str) -> str:
    """The literal block after ``Bad`` or ``Good`` in a rule's docstring."""
    found = re.search(
        rf'^{label}\b.*::\n\n((?:(?: {{4}}.*)?\n)+)', inspect.cleandoc(doc) + '\n', re.MULTILINE
    )
    assert found, f'no {label} example'
    text = dedent(found.group(1)).strip('\n') + '\n'
    for marker, char in _MARKERS.items():
        text = text.replace(marker, char)
    return text


@pytest.mark.parametrize(
    'code',
    [
        'line_length',
        'trailing_whitespace',
        'carriage_return',
        'tab',
        'invisible_character',
        'tracker_link',
        'license_header',
    ],
)
def test_docstring_examples(code: str) -> None:
    """The bad example of the warning reference is reported, the good one is not."""
    doc = RULES[code].doc
    assert check(code, _example(doc, 'Bad'))
    assert check(code, _example(doc, 'Good')) == []


def test_every_new_rule_documents_a_bad_and_a_good_example() -> None:
    for name, registered in RULES.items():
        if registered.group in {'text', 'files', 'content'}:
            assert re.search(r'^Bad\b', inspect.cleandoc(registered.doc), re.MULTILINE), name
            assert re.search(r'^Good\b', inspect.cleandoc(registered.doc), re.MULTILINE), name


def test_defaults() -> None:
    """On: what real repositories already enforce.  Off: the stricter rules."""
    new = {n: r.default for n, r in RULES.items() if r.group in {'text', 'files', 'content'}}
    new.update({n: RULES[n].default for n in ('filename', 'tracker_link', 'license_header')})
    assert new == {
        'line_length': True,
        'trailing_whitespace': True,
        'carriage_return': True,
        'tab': True,
        'invisible_character': True,
        'encoding': True,
        'file_extension': True,
        'unexpected_file': False,
        'filename': False,
        'tracker_link': False,
        'license_header': False,
        'template_text': False,
        'empty_section': False,
        'placeholder': False,
    }


# line_length ------------------------------------------------------------------

LONG = 'word ' * 17  # 85 characters, with spaces


def test_line_length_reports_the_line_and_its_length() -> None:
    text = f'Title\n=====\n\n{LONG}\nshort\n'
    assert check('line_length', text) == [
        (4, 'line is 84 characters long, over the limit of 79; wrap it'),
    ]
    assert check('line_length', text, max=99) == []
    assert lines_of('line_length', 'x ' * 40 + '\n') == []  # 79 once stripped


def test_line_length_counts_characters_not_bytes_and_ignores_trailing_space() -> None:
    assert lines_of('line_length', 'é ' * 39 + 'é\n') == []
    assert lines_of('line_length', 'a ' * 39 + 'b' + ' ' * 10 + '\n') == []
    assert lines_of('line_length', ('a ' * 39 + 'bc\r\n').encode()) == [1]


@pytest.mark.parametrize(
    ('name', 'text', 'option'),
    [
        ('url', f'See {LONG} https://example.org/a\n', 'urls'),
        ('scheme', f'Clone {LONG} git://example.org/a\n', 'urls'),
        ('no whitespace', '    ' + 'x' * 90 + '\n', 'no_whitespace'),
        ('literal block', f'Run this::\n\n    {LONG}\n', 'literal_blocks'),
        ('expanded literal', f'Run this:\n\n::\n\n    {LONG}\n', 'literal_blocks'),
        ('code-block', f'.. code-block:: python\n\n   {LONG}\n', 'literal_blocks'),
        ('code option', f'.. code:: python\n   :caption: {LONG}\n', 'literal_blocks'),
        (
            'grid table',
            '+-----+-----+\n| a   | b   |\n+=====+=====+\n| ' + LONG + ' |\n+-----+-----+\n',
            'tables',
        ),
        (
            'simple table',
            f'=====  =====\na      b\n=====  =====\nx      {LONG}\n=====  =====\n',
            'tables',
        ),
        ('csv-table', f'.. csv-table::\n\n   a, {LONG}\n', 'tables'),
    ],
)
def test_line_length_exemptions(name: str, text: str, option: str) -> None:
    """Each exemption, and the option that switches it off."""
    assert lines_of('line_length', text) == []
    assert lines_of('line_length', text, **{option: False}) != []


def test_literal_block_ends_where_the_indentation_returns() -> None:
    text = dedent(
        f"""\
        * An item with an example::

            {LONG}

          {LONG}

        {LONG}
        """
    )
    # The item's text starts in column 3: the block ends at the paragraph
    # indented like it, and at the unindented one.
    assert lines_of('line_length', text) == [5, 7]


def test_other_directive_bodies_are_prose() -> None:
    text = f'.. note::\n\n   {LONG}\n\n.. list-table::\n\n   * - {LONG}\n'
    assert lines_of('line_length', text) == [3, 7]
    assert lines_of('line_length', text, literal_directives=['*']) == []


def test_loose_literal_blocks_follow_nova() -> None:
    """After any line with ``::``, up to the next non-blank line in column 0."""
    text = dedent(
        f"""\
        .. note::

           {LONG}

        * Example::

              code

          {LONG}

        {LONG}
        """
    )
    assert lines_of('line_length', text) == [3, 9, 11]
    assert lines_of('line_length', text, loose_literal_blocks=True) == [11]


def test_a_single_column_border_is_a_title_adornment_not_a_table() -> None:
    kinds = block_kinds(['=====', 'Title', '=====', '', LONG])
    assert kinds == [None] * 5


def test_simple_table_rows_may_hold_blank_lines() -> None:
    lines = ['=====  =====', 'a      b', '', 'c      d', '=====  =====', '', 'after']
    assert block_kinds(lines) == ['table'] * 5 + [None, None]


# whitespace, carriage returns, tabs, invisible characters --------------------


def test_trailing_whitespace() -> None:
    text = 'Title\n=====\n\nText.  \nMore.\t\n   \n\nEnd.\r\n'
    assert check('trailing_whitespace', text) == [
        (4, 'trailing whitespace from column 6; delete it'),
        (5, 'trailing whitespace from column 6; delete it'),
        (6, 'line holds only whitespace; make it empty'),
    ]


@pytest.mark.parametrize(
    ('source', 'expected'),
    [
        # Each way a line can end in whitespace, in an otherwise clean file.
        (b'Text. \nMore.\n', [1]),
        (b'Text.\t\nMore.\n', [1]),
        (b'Text. \r\nMore.\n', [1]),
        (b'Text.\t\r\nMore.\n', [1]),
        (b'Text.\nLast, no line feed ', [2]),
        (b'Text.\nLast, no line feed\t', [2]),
        (b'Text.\nLast, a CR \r', [2]),
        (b'Text.\nLast.\t\r', [2]),
        # Spaces inside lines, and a CR alone, are not trailing whitespace.
        (b'Text, with  spaces.\r\nMore.\n', []),
        (b'Text.\r \n', [1]),
        (b'A\ttab inside, CR LF ends.\r\nMore.\r\n', []),
        (b'A\ttab inside.\nA tab before CR LF.\t\r\n', [2]),
        (b'', []),
    ],
)
def test_trailing_whitespace_at_every_kind_of_line_end(source: bytes, expected: list[int]) -> None:
    assert lines_of('trailing_whitespace', source) == expected


@pytest.mark.parametrize(
    ('source', 'expected'),
    [
        (b'Plain ASCII, tabs\t and CR LF.\r\n', []),
        (b'A DEL \x7f here.\n', [1]),
        (b'A vertical tab \x0b and\nan escape \x1b.\n', [1, 2]),
        (b'A NUL \x00.\n', [1]),
        ('A zero\u200bwidth space.\n'.encode(), [1]),
        ('Visible non-ASCII: caf\u00e9.\n'.encode(), []),
    ],
)
def test_invisible_characters_in_ascii_and_other_files(source: bytes, expected: list[int]) -> None:
    assert lines_of('invisible_character', source) == expected


def test_line_length_looks_for_literal_blocks_only_in_files_with_long_lines() -> None:
    long = 'word ' * 20
    text = f'Title\n=====\n\nText::\n\n    {long}\n\n{long}\n'
    assert lines_of('line_length', text) == [8]
    assert lines_of('line_length', 'Title\n=====\n\nShort.\n') == []


def test_carriage_returns_are_read_from_the_bytes() -> None:
    source = b'Title\r\n=====\r\n\r\nText.\nMore.\r\nA\rB\n'
    assert check('carriage_return', source) == [
        (
            1,
            'lines 1-3 end with CR LF (a Windows line ending); save the file with LF line endings',
        ),
        (5, 'line 5 ends with CR LF (a Windows line ending); save the file with LF line endings'),
        (6, 'carriage return at column 2; Sphinx reads it as a line break: delete it'),
    ]
    assert check('carriage_return', source.replace(b'\r', b'')) == []


def test_tab() -> None:
    assert check('tab', 'Text.\n::\n\n\tcode\n    a\tb\n') == [
        (4, 'tab at column 1; use spaces instead'),
        (5, 'tab at column 6; use spaces instead'),
    ]


def test_invisible_characters_are_named_with_their_column() -> None:
    text = (
        '\ufeffTitle\n'
        '=====\n'
        'A zero\u200bwidth\u200b space.\n'
        'A soft\u00adhyphen, a bidi \u202e override.\n'
        'A form feed \x0c here; a no-break\u00a0space is visible.\n'
        'Middle \ufeff mark.\n'
    )
    assert check('invisible_character', text) == [
        (
            1,
            'byte order mark U+FEFF at column 1; save the file as UTF-8 without a byte order mark',
        ),
        (
            3,
            (
                'invisible character U+200B ZERO WIDTH SPACE at column 7 (1 more on this line); '
                'delete it'
            ),
        ),
        (4, 'invisible character U+00AD SOFT HYPHEN at column 7 (1 more on this line); delete it'),
        (5, 'invisible character U+000C a control character at column 13; delete it'),
        (6, 'invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE at column 8; delete it'),
    ]


# filename, tracker_link, license_header ---------------------------------------

SPEC = """\
..
 This work is licensed under a Creative Commons Attribution 3.0 Unported
 License.

=============
Cache weigher
=============

https://blueprints.launchpad.net/nova/+spec/cache-weigher

Problem description
===================

Text.
"""


def test_filename_follows_the_convention_and_the_blueprint() -> None:
    assert check('filename', SPEC) == []
    assert check('filename', SPEC, path='specs/2025.1/approved/Cache_Weigher.rst') == [
        (
            1,
            (
                "file name 'Cache_Weigher.rst' does not follow the naming convention (pattern "
                "'[a-z0-9]+(?:[-_][a-z0-9]+)*'); rename the file"
            ),
        ),
    ]
    assert check('filename', SPEC, path='specs/2025.1/approved/weigher.rst') == [
        (
            9,
            (
                "the file is named 'weigher.rst' but its blueprint is 'cache-weigher'; name the "
                "file 'cache-weigher.rst'"
            ),
        ),
    ]
    assert check('filename', SPEC, path='specs/2025.1/approved/Cache.rst', pattern='[A-Za-z]+')
    no_blueprint = SPEC.replace('https://blueprints.launchpad.net/nova/+spec/cache-weigher', '')
    assert check('filename', no_blueprint, path='specs/2025.1/approved/weigher.rst') == []


def test_filename_accepts_any_blueprint_of_the_preamble() -> None:
    two = SPEC.replace(
        'cache-weigher\n', 'cache-weigher\nhttps://blueprints.launchpad.net/nova/+spec/weigher.\n'
    )
    assert check('filename', two, path='specs/2025.1/approved/weigher.rst') == []


def test_tracker_link_in_the_preamble_only() -> None:
    assert check('tracker_link', SPEC) == []
    bug = SPEC.replace(
        'https://blueprints.launchpad.net/nova/+spec/cache-weigher',
        'https://bugs.launchpad.net/nova/+bug/2012345',
    )
    assert check('tracker_link', bug) == []
    moved = SPEC.replace('https://blueprints.launchpad.net/nova/+spec/cache-weigher\n', '')
    moved += '\nhttps://blueprints.launchpad.net/nova/+spec/cache-weigher\n'
    assert check('tracker_link', moved) == [
        (
            6,
            (
                'no tracker link above the first section; add the URL of the blueprint, bug or '
                'story this spec is for'
            ),
        ),
    ]
    assert check('tracker_link', bug, patterns=[r'https://bugs\.example\.org/\d+']) != []


def test_license_header() -> None:
    assert check('license_header', SPEC) == []
    assert check('license_header', SPEC[SPEC.index('=====') :]) == [
        (
            1,
            (
                'the license statement is missing above the title; start the file with a '
                "comment holding 'This work is licensed under a Creative Commons Attribution 3.0 "
                "Unported License.'"
            ),
        ),
    ]
    assert check('license_header', SPEC, text='Apache License, Version 2.0') != []


# template_text, empty_section, placeholder -----------------------------------

FILLED = """\
=============
Cache weigher
=============

Problem description
===================

A detailed description of the problem. What problem is this blueprint
addressing?

Use Cases
---------

An operator boots many instances
from one image.

Alternatives
------------

* What other ways could we do this thing? Why aren't we using those?

History
-------

Assignee(s)
===========

Who is leading the writing of the code?

Primary assignee:
  <launchpad-id or None>

Specification for the method
"""


def test_template_text_reports_guidance_left_in_at_its_line() -> None:
    assert check('template_text', FILLED, template=TEMPLATE) == [
        (
            8,
            (
                "the template's guidance for 'Problem description' is left in: 'A detailed "
                "description of the problem. What problem is th...'; replace it with what the "
                'spec proposes'
            ),
        ),
        (
            20,
            (
                "the template's guidance for 'Alternatives' is left in: 'What other ways could "
                "we do this thing? Why aren't we usi...'; replace it with what the spec "
                'proposes'
            ),
        ),
        (
            28,
            (
                "the template's guidance for 'Assignee(s)' is left in: 'Who is leading the "
                "writing of the code?'; replace it with what the spec proposes"
            ),
        ),
    ]


def test_template_text_ignores_prompts_placeholders_and_literal_blocks() -> None:
    """Short prompts may be kept; the placeholder paragraph is placeholder's."""
    text = FILLED.replace('A detailed description', '::\n\n  A detailed description').replace(
        'addressing?', '  addressing?'
    )
    found = lines_of('template_text', text, template=TEMPLATE)
    assert 8 not in found
    assert 10 not in found
    assert lines_of('template_text', FILLED, template=None) == []


def test_empty_section() -> None:
    assert check('empty_section', FILLED, template=TEMPLATE) == [
        (
            22,
            (
                "section 'History' is empty; write its content, or 'None' if there is nothing "
                'to say; the template makes it optional, so it can also be removed'
            ),
        ),
    ]
    titles_only = 'Title\n=====\n\nA\n-\n\nB\n~\n\n.. a comment\n\nC\n-\n\nText.\n'
    assert lines_of('empty_section', titles_only) == [7]


def test_placeholder() -> None:
    assert check('placeholder', FILLED, template=TEMPLATE) == [
        (31, "template placeholder '<launchpad-id or None>' at column 3 is left in; replace it"),
    ]
    literal = FILLED.replace('Primary assignee:\n', 'Primary assignee::\n\n')
    assert check('placeholder', literal, template=TEMPLATE) == []
    assert check('placeholder', FILLED) == []


# The file rules ---------------------------------------------------------------


def settings(**values: object) -> Settings:
    return load_settings({'specs_templates': [], **values}, '/nonexistent')


def entries(*paths: str) -> list[TreeEntry]:
    return [TreeEntry(p.rstrip('/'), p.endswith('/'), f'/src/{p.rstrip("/")}') for p in paths]


NOVA_PATTERNS = ['specs/{release}/{status}/{name}', 'specs/{status}/{name}']


def findings(listing: list[TreeEntry], **values: object) -> list[tuple[str, str]]:
    values = {'specs_patterns': NOVA_PATTERNS, **values}
    return [(where, f.code) for where, f in check_tree(listing, settings(**values))]


NOVA_LIKE = entries(
    'specs/2025.1/approved/',
    'specs/2025.1/implemented/',
    'specs/2025.1/redirects',
    'specs/2025.1/index.rst',
    'specs/2025.1/notes.txt',
    'specs/2025.1/images/',
    'specs/2025.1/approved/cache-weigher.rst',
    'specs/2025.1/approved/cache-weigher.txt',
    'specs/2025.1/approved/diagram.png',
    'specs/2025.1/approved/.gitkeep',
    'specs/2025.1/implemented/README',
    'specs/abandoned/old.rst',
    'specs/abandoned/old.md',
)


def test_file_extension_in_spec_directories() -> None:
    assert findings(NOVA_LIKE) == [
        ('/src/specs/2025.1/approved/cache-weigher.txt', 'file_extension'),
        ('/src/specs/2025.1/implemented/README', 'file_extension'),
        ('/src/specs/abandoned/old.md', 'file_extension'),
    ]


def test_unexpected_file_in_release_directories() -> None:
    assert findings(NOVA_LIKE, specs_rules={'unexpected_file': True}) == [
        ('/src/specs/2025.1/approved/cache-weigher.txt', 'file_extension'),
        ('/src/specs/2025.1/images', 'unexpected_file'),
        ('/src/specs/2025.1/implemented/README', 'file_extension'),
        ('/src/specs/2025.1/notes.txt', 'unexpected_file'),
        ('/src/specs/abandoned/old.md', 'file_extension'),
    ]


def test_file_rules_follow_options_and_overrides() -> None:
    allowed = findings(
        NOVA_LIKE,
        specs_rules={'file_extension': {'allow': ['.*', '*.png', 'README', '*.md']}},
        specs_rule_overrides=[{'until': '2024.2', 'rules': {'file_extension': True}}],
    )
    assert allowed == [('/src/specs/2025.1/approved/cache-weigher.txt', 'file_extension')]
    grandfathered = findings(
        NOVA_LIKE,
        specs_rule_overrides=[
            {'until': '2025.1', 'rules': {'file_extension': False}},
            {'status': 'abandoned', 'rules': {'*': False}},
        ],
    )
    assert grandfathered == []


def test_flat_layout_spec_directory_is_the_release_directory() -> None:
    listing = entries(
        'specs/2025.1/cache-weigher.rst',
        'specs/2025.1/cache-weigher.txt',
        'specs/2025.1/index.rst',
        'specs/2025.1/redirects',
        'specs/2025.1/drafts/',
    )
    flat = {'specs_patterns': ['specs/{release}/{name}'], 'specs_rules': {'unexpected_file': True}}
    assert findings(listing, **flat) == [
        ('/src/specs/2025.1/cache-weigher.txt', 'file_extension'),
        ('/src/specs/2025.1/drafts', 'unexpected_file'),
    ]


def test_source_lines_count_line_feeds_only() -> None:
    assert source_lines(b'a\r\nb\x0cc\n\nd') == ['a\r', 'b\x0cc', '', 'd']
    assert source_lines(b'') == []
