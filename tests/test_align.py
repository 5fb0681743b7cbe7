"""The alignment of a spec's outline with its template's: the quick way
most specs take gives what the whole alignment gives."""

from __future__ import annotations

from typing import Any

import pytest

from sphinxcontrib_specs.core.outline import Outline, scan_outline
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.template import SectionRule, Template, build_template
from sphinxcontrib_specs.rules import align
from sphinxcontrib_specs.rules.align import Comparison, compare

TEMPLATE = """\
==========================
Example - title of a spec
==========================

Problem description
===================

Use Cases
---------

Proposed change
===============

Alternatives
------------

This section is optional.

Implementation
==============

Assignee(s)
-----------

Work Items
----------
"""

#: (title, adornment) of each section of a spec, in order.
WHOLE = [
    ('Problem description', '='),
    ('Use Cases', '-'),
    ('Proposed change', '='),
    ('Alternatives', '-'),
    ('Implementation', '='),
    ('Assignee(s)', '-'),
    ('Work Items', '-'),
]


def template(rules: dict[str, SectionRule] | None = None) -> Template:
    return build_template('template.rst', scan_outline(TEMPLATE), rules or {}, ReleaseTable())


def spec(sections: list[tuple[str, str]]) -> Outline:
    lines = ['=========', 'A title', '=========', '']
    for title, adornment in sections:
        lines += [title, adornment * len(title), '', 'Some text.', '']
    return scan_outline('\n'.join(lines))


def with_after(after: str, *added: tuple[str, str]) -> list[tuple[str, str]]:
    """The whole spec with ``added`` after the section titled ``after``."""
    index = next(i for i, (title, _) in enumerate(WHOLE) if title == after) + 1
    return [*WHOLE[:index], *added, *WHOLE[index:]]


def shape(comparison: Comparison) -> dict[str, Any]:
    """What a comparison found, by line and title."""

    def at(section: Any) -> tuple[int, str] | None:
        return None if section is None else (section.line, section.title)

    return {
        'matched': sorted((s.line, t.title) for s, t in comparison.matched),
        'extra': [(at(e.section), at(e.parent), e.depth, e.alone) for e in comparison.extra],
        'missing': [
            (m.section.title, at(m.parent), m.line, at(m.misspelt)) for m in comparison.missing
        ],
        'misplaced': [(at(m.section), m.depth, m.wanted.title) for m in comparison.misplaced],
        'nested': [(at(n.section), [at(s) for s in n.sections]) for n in comparison.nested],
        'out_of_order': [(at(s), depth) for s, depth, _t, _b in comparison.out_of_order],
    }


def both_ways(
    outline: Outline, wanted: Template, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, Any], bool]:
    """The comparison's shape, checked against the whole alignment's; and
    whether the quick way gave it."""
    aligned = []
    # The whole alignment, counted: the quick way never calls it.
    whole = align._Aligner.align  # noqa: SLF001

    def counted(self: Any, *args: Any) -> None:
        aligned.append(args)
        whole(self, *args)

    with monkeypatch.context() as patched:
        patched.setattr(align._Aligner, 'align', counted)  # noqa: SLF001
        quick = shape(compare(outline, wanted, None))
    with monkeypatch.context() as patched:
        patched.setattr(align, '_in_order', lambda *args, **kwargs: False)
        slow = shape(compare(outline, wanted, None))
    assert quick == slow
    return quick, not aligned


def test_an_extra_subsection_of_the_author_is_found_the_quick_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outline = spec(with_after('Use Cases', ('Scope', '-')))
    found, quick = both_ways(outline, template(), monkeypatch)
    assert quick
    assert found['extra'] == [((15, 'Scope'), (5, 'Problem description'), 2, False)]
    assert [found[key] for key in ('missing', 'misplaced', 'nested', 'out_of_order')] == [[]] * 4
    assert len(found['matched']) == 7


def test_an_extra_subsection_holding_its_own_subsections_is_one_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outline = spec(with_after('Work Items', ('Step one', '~'), ('Step two', '~')))
    found, quick = both_ways(outline, template(), monkeypatch)
    assert quick
    assert found['extra'] == [
        ((40, 'Step one'), (35, 'Work Items'), 3, False),
        ((45, 'Step two'), (35, 'Work Items'), 3, False),
    ]


def test_an_accepted_extra_section_is_no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    outline = spec(with_after('Proposed change', ('Scope', '-')))
    found, quick = both_ways(outline, template({'scope': SectionRule(extra=True)}), monkeypatch)
    assert quick
    assert found['extra'] == []


@pytest.mark.parametrize(
    'sections',
    [
        # A left-out optional section beside an extra one: maybe a rename.
        [s for s in with_after('Proposed change', ('Alternative', '-')) if s[0] != 'Alternatives'],
        # An extra heading holding a template section a level too deep.
        with_after('Use Cases', ('Details', '-'), ('Work Items', '~')),
        # A template section under another section of the template.
        with_after('Use Cases', ('Alternatives', '~')),
        # A heading written twice.
        with_after('Use Cases', ('Use Cases', '-')),
    ],
    ids=['near-miss', 'nested', 'misplaced', 'repeated'],
)
def test_what_the_quick_way_cannot_tell_is_aligned_in_full(
    sections: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    found, quick = both_ways(spec(sections), template(), monkeypatch)
    assert not quick
    assert found['extra'] or found['missing'] or found['misplaced'] or found['nested']
