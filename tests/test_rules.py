"""The structure rules without Sphinx, on outlines read by ``scan_outline``.

Each document in ``tests/rules/`` ends with a comment that states the
findings it expects (``expect: LINE CODE``, or ``expect: nothing``) and, if
it is not 2025.1, its release (``release: zed``, or ``none``).  They are
checked against ``tests/rules/template.rst`` with every structure rule
switched on (the text, file and content rules are tested in
``test_text_rules.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sphinxcontrib_specs.core.outline import Outline, scan_outline
from sphinxcontrib_specs.core.records import Finding
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.template import Template, build_template
from sphinxcontrib_specs.rules.context import Context
from sphinxcontrib_specs.rules.optout import disabled_rules
from sphinxcontrib_specs.rules.registry import RULES, run_rules

FIXTURES = Path(__file__).parent / 'rules'
RELEASES = ReleaseTable()
EVERY_RULE = {
    name: dict(rule.options) for name, rule in RULES.items() if rule.group == 'structure'
}
DEFAULT_RULES = {name: dict(r.options) if r.default else None for name, r in RULES.items()}

_EXPECT = re.compile(r'^\s*expect: (\d+) (\w+)$', re.MULTILINE)
_RELEASE = re.compile(r'^\s*release: (\S+)$', re.MULTILINE)


def load(text: str) -> Template:
    return build_template('template.rst', scan_outline(text), {}, RELEASES)


TEMPLATE = load((FIXTURES / 'template.rst').read_text())


def all_comments(outline: Outline) -> list[tuple[int, str]]:
    """Every comment, at the line of the section holding it (1 before the title)."""
    return [
        *((1, c) for c in outline.comments),
        *((s.line, c) for t in outline.tops for s in t.walk() for c in s.comments),
    ]


def check(
    text: str, release: str | None = '2025.1', settings: dict | None = None
) -> list[tuple[int, str, str]]:
    """What the rules find in ``text``, as the Sphinx adapter runs them."""
    outline = scan_outline(text)
    ctx = Context(outline, TEMPLATE, RELEASES.parse(release) if release else None)
    disabled, problems = disabled_rules(all_comments(outline))
    findings = [*problems, *run_rules(ctx, settings or EVERY_RULE, disabled)]
    return [(f.line, f.code, f.message) for f in sorted(findings, key=lambda f: f.line)]


@pytest.mark.parametrize(
    'path',
    sorted(p for p in FIXTURES.glob('*.rst') if p.name != 'template.rst'),
    ids=lambda p: p.stem,
)
def test_fixture_documents(path: Path) -> None:
    text = path.read_text()
    assert 'expect:' in text, 'a fixture must state what it expects'
    release = _RELEASE.search(text)
    name = release.group(1) if release else '2025.1'
    expected = [(int(line), code) for line, code in _EXPECT.findall(text)]
    found = check(text, None if name == 'none' else name)
    assert [(line, code) for line, code, _ in found] == expected


def test_fixture_template_is_usable() -> None:
    assert TEMPLATE.problems == []
    assert TEMPLATE.title == 'Example Spec - The title of a spec'


def fixture(name: str) -> str:
    return (FIXTURES / f'{name}.rst').read_text()


@pytest.mark.parametrize(
    ('name', 'messages'),
    [
        (
            'missing-first',
            [
                (
                    "missing required section 'Problem description' (template template.rst:10); "
                    "add it before 'Proposed change'"
                )
            ],
        ),
        (
            'missing-sections',
            [
                (
                    "missing required section 'Dependencies' (template template.rst:54); "
                    "add it after 'Implementation'"
                ),
                (
                    "missing required section 'Testing' (template template.rst:59); "
                    "add it after 'Implementation'"
                ),
            ],
        ),
        (
            'out-of-order-subsections',
            [
                (
                    "subsection 'Alternatives' is out of order; the template has it first "
                    '(template template.rst:27)'
                )
            ],
        ),
        (
            'heading-level',
            [
                (
                    "section 'Use Cases' is at level 1; the template has it at level 2 under "
                    "'Problem description' (template template.rst:17); change its adornment"
                ),
                (
                    "section 'Testing' is at level 2; the template has it at level 1 "
                    '(template template.rst:59); change its adornment'
                ),
            ],
        ),
        (
            'renamed-section',
            [
                (
                    "section 'Proposed Changes' is not titled as the template's "
                    "'Proposed change' (template template.rst:22); rename it"
                )
            ],
        ),
        (
            'only-a-comment',
            [
                (
                    'the spec has no title and no sections; write it from the template '
                    '(template.rst), or, if the file is not a spec, leave it out with '
                    'specs_exclude'
                )
            ],
        ),
    ],
)
def test_messages_say_what_to_do(name: str, messages: list[str]) -> None:
    assert [message for _, _, message in check(fixture(name))] == messages


def test_strict_rules_are_off_by_default() -> None:
    strict = {
        name
        for name, rule in RULES.items()
        if rule.check and not rule.default and rule.group == 'structure'
    }
    assert strict == {'section_order', 'extra_subsection', 'title_case'}
    for name in ('out-of-order', 'extra-subsection', 'title-case'):
        assert check(fixture(name), settings=DEFAULT_RULES) == []


def test_no_template_checks_only_the_title() -> None:
    outline = scan_outline(fixture('missing-sections'))
    assert run_rules(Context(outline, None, None), EVERY_RULE) == []
    assert [f.code for f in run_rules(Context(Outline(), None, None), EVERY_RULE)] == ['title']


def test_opt_out_comments() -> None:
    assert disabled_rules([(1, 'specs-lint: disable=all')]) == (set(RULES), [])
    assert disabled_rules([(3, 'specs-lint:disable = title, title_case')]) == (
        {'title', 'title_case'},
        [],
    )
    assert disabled_rules([(1, 'specs: optional'), (2, 'specs-lint disable=title')]) == (
        set(),
        [],
    )
    assert check('.. specs-lint: disable=all\n', settings=EVERY_RULE) == []


def test_opt_out_typo_is_reported() -> None:
    disabled, problems = disabled_rules([(7, 'specs-lint: disable=title, missing_sections')])
    assert disabled == {'title'}
    assert problems == [
        Finding(
            'config',
            7,
            "'specs-lint: disable' names no rule 'missing_sections'; "
            "did you mean 'missing_section'?",
        )
    ]


def spec_with(sections: str) -> str:
    return f'=====\nTitle\n=====\n\n{sections}'


FULL = """\
Problem description
===================

Use Cases
---------

Proposed change
===============

Alternatives
------------

Upgrade impact
--------------

Implementation
==============

Work Items
----------

Dependencies
============

Testing
=======
"""


def test_full_outline_is_clean() -> None:
    assert check(spec_with(FULL)) == []


def test_subsection_under_the_wrong_parent() -> None:
    moved = FULL.replace('Alternatives\n------------\n\n', '').replace(
        'Use Cases\n---------\n\n', 'Use Cases\n---------\n\nAlternatives\n------------\n\n'
    )
    assert check(spec_with(moved), settings=DEFAULT_RULES) == [
        (
            11,
            'heading_level',
            (
                "subsection 'Alternatives' is under 'Problem description'; the template has "
                "it under 'Proposed change' (template template.rst:27); move it there"
            ),
        )
    ]


def test_moved_section_is_reported_once() -> None:
    """What a section holds moves with it: one finding, not one per subsection."""
    demoted = FULL.replace('Implementation\n==============', 'Implementation\n--------------')
    demoted = demoted.replace('Work Items\n----------', 'Work Items\n~~~~~~~~~~')
    assert check(spec_with(demoted), settings=DEFAULT_RULES) == [
        (
            20,
            'heading_level',
            (
                "section 'Implementation' is at level 2; the template has it at level 1 "
                '(template template.rst:46); change its adornment'
            ),
        )
    ]


def test_repeated_section() -> None:
    repeated = spec_with(FULL + '\nTesting\n=======\n')
    assert check(repeated, settings=DEFAULT_RULES) == [
        (
            32,
            'extra_section',
            (
                "section 'Testing' appears twice (first at line 29; template template.rst:59); "
                'merge the two'
            ),
        )
    ]


def test_spec_titled_like_a_template_section() -> None:
    titled = '=======\nTesting\n=======\n\n' + FULL
    assert check(titled, settings=DEFAULT_RULES) == []
