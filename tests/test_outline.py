"""``scan_outline``: the section tree of rST source, read without docutils."""

from __future__ import annotations

from pathlib import Path

import pytest
from docutils.core import publish_doctree

from sphinxcontrib_specs.checking.doctree import outline_from_doctree
from sphinxcontrib_specs.core.outline import (
    Outline,
    freeze_outline,
    normalize_title,
    scan_outline,
    thaw_outline,
)


def tree(outline: Outline) -> list[tuple[int, str, int]]:
    """(level, title as compared, line) of every section, in document order."""
    return [(s.level, s.spelling, s.line) for top in outline.tops for s in top.walk()]


def docutils_tree(text: str) -> list[tuple[int, str, int]]:
    """The same, from the doctree docutils builds (as Sphinx reads a spec)."""
    doctree = publish_doctree(
        text,
        settings_overrides={'doctitle_xform': False, 'report_level': 5, 'halt_level': 5},
    )
    return tree(outline_from_doctree(doctree))


def test_levels_follow_the_order_adornments_appear() -> None:
    text = """\
=====
Title
=====

Section
=======

Sub
---

Subsub
~~~~~~

Other section
=============
"""
    assert tree(scan_outline(text)) == [
        (0, 'Title', 2),
        (1, 'Section', 5),
        (2, 'Sub', 8),
        (3, 'Subsub', 11),
        (1, 'Other section', 14),
    ]
    assert tree(scan_outline(text)) == docutils_tree(text)


def test_overlined_and_underlined_styles_differ() -> None:
    """``=`` above and below is not the same style as ``=`` below only."""
    text = '=====\nTitle\n=====\n\nSection\n=======\n\n======\nSecond\n======\n'
    outline = scan_outline(text)
    assert tree(outline) == [(0, 'Title', 2), (1, 'Section', 5), (0, 'Second', 9)]
    assert [s.title for s in outline.sections] == ['Section', 'Second']
    assert tree(scan_outline(text)) == docutils_tree(text)


def test_inset_title_and_short_overline() -> None:
    text = '==========\n  Inset  \n==========\n\nShort underline\n====\n'
    assert tree(scan_outline(text)) == [(0, 'Inset', 2), (1, 'Short underline', 5)]
    assert tree(scan_outline(text)) == docutils_tree(text)


def test_underline_too_short_to_be_one() -> None:
    """As in docutils: fewer than 4 characters, and shorter than the text."""
    text = '=====\nTitle\n=====\n\nNot a title\n===\n\nOk\n==\n'
    outline = scan_outline(text)
    assert tree(outline) == [(0, 'Title', 2), (1, 'Ok', 8)]
    assert outline.tops[0].paragraphs == ['Not a title ===']
    assert tree(scan_outline(text)) == docutils_tree(text)


def test_text_before_the_title() -> None:
    text = """\
..
  Instructions for authors, in a comment.

  A title in a comment
  ====================

A paragraph before the title, with an example::

  Example
  =======

  More
  ----

=====
Title
=====

Section
=======
"""
    outline = scan_outline(text)
    assert tree(outline) == [(0, 'Title', 16), (1, 'Section', 19)]
    assert tree(outline) == docutils_tree(text)
    assert outline.comments == [
        'Instructions for authors, in a comment.\n\nA title in a comment\n===================='
    ]


def test_indented_blocks_are_not_titles() -> None:
    text = """\
=====
Title
=====

Section
=======

  A block quote
  =============

* A list item whose body

  Looks like
  ----------

.. note::

   Also
   ====
"""
    outline = scan_outline(text)
    assert tree(outline) == [(0, 'Title', 2), (1, 'Section', 5)]
    assert outline.sections[0].paragraphs == ['A list item whose body']
    assert outline.sections[0].has_body
    assert tree(scan_outline(text)) == docutils_tree(text)


def test_transitions_and_tables_are_not_titles() -> None:
    text = """\
Title
=====

Before.

----------

After.

=====  =====
A      B
=====  =====
"""
    assert tree(scan_outline(text)) == [(0, 'Title', 1)]
    assert tree(scan_outline(text)) == docutils_tree(text)


def test_section_paragraphs_and_comments() -> None:
    text = """\
Title
=====

Section
-------

.. specs: optional

This section is *optional*.  It says
so in ``two`` lines.

- A bullet item.

.. _target:

.. image:: picture.png
"""
    section = scan_outline(text).sections[0]
    assert section.comments == ['specs: optional']
    assert section.paragraphs == [
        'This section is optional. It says so in two lines.',
        'A bullet item.',
    ]
    assert section.has_body


def test_section_with_only_a_comment_has_no_body() -> None:
    section = scan_outline('Title\n=====\n\nSection\n-------\n\n.. specs: optional\n').sections[0]
    assert section.comments == ['specs: optional']
    assert not section.has_body


def test_titles_lose_inline_markup_and_compare_folded() -> None:
    outline = scan_outline('Title\n=====\n\nThe ``specs`` *role*\n--------------------\n')
    assert outline.sections[0].title == 'The specs role'
    assert normalize_title('  Proposed   Change ') == normalize_title('proposed change')


def test_empty_text() -> None:
    assert scan_outline('') == Outline()
    assert scan_outline('Just a paragraph.\n').title is None


def _sources() -> list[Path]:
    roots = Path(__file__).parent / 'roots'
    return sorted(
        p
        for p in roots.glob('test-*/**/*.rst')
        if 'template' in p.name or p.parent.name == 'approved'
    )


@pytest.mark.parametrize(
    'path', _sources(), ids=lambda p: str(p.relative_to(Path(__file__).parent / 'roots'))
)
def test_scanner_agrees_with_docutils(path: Path) -> None:
    """Levels, titles and lines match the doctree docutils builds."""
    text = path.read_text()
    assert tree(scan_outline(text)) == docutils_tree(text)


@pytest.mark.parametrize(
    'text',
    [
        'Title\n=====\n\nIntro.\n\nFirst\n-----\n\nSecond\n------\n\nSub\n~~~\n',
        # A title adorned like its sections: the second top is the first section.
        'Title\n=====\n\nIntro.\n\nFirst\n=====\n\nSecond\n=====\n',
        '=====\nTitle\n=====\n\n:status: approved\n\nFirst\n=====\n\nSub\n---\n',
        'Only a title\n============\n\nAnd text.\n',
        'No sections at all.\n',
    ],
)
def test_a_header_scan_stops_after_the_first_section(text: str) -> None:
    full = scan_outline(text)
    head = scan_outline(text, sections=2)
    assert tree(head) == tree(full)[:2]
    assert [s.line for s in head.sections[:1]] == [s.line for s in full.sections[:1]]


def test_a_frozen_outline_thaws_to_the_same_outline() -> None:
    outline = scan_outline(
        'Title\n=====\n\n..\n  A comment.\n\nOne\n---\n\n.. note\n\n'
        'Two\n---\n\nSub\n~~~\n\nText.\n'
    )
    for section in (s for top in outline.tops for s in top.walk()):
        # Outlines frozen in a build come from doctrees, which hold no paragraphs.
        section.paragraphs.clear()
    frozen = freeze_outline(outline)
    assert thaw_outline(frozen) == outline
    assert hash(frozen) == hash(freeze_outline(thaw_outline(frozen)))
