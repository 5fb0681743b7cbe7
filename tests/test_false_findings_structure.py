"""Structure findings that were false, each seen in a real repository.

One root per kind: ``smart-quotes`` (titles are compared as written),
``sectnum`` (numbered sections), ``stub-specs`` (files with no section),
``cascades`` (one mistake, one finding at it: a heading written twice, a
misspelt or renamed parent, a heading that nests the rest of the file),
``optional-markers`` (the ways templates say that a section is optional)
and ``near-miss`` (one code for a misspelt title, as README.rst shows).
The test of each root asserts the whole warning lines of a build, and that
``sphinx-specs check`` reports the same lines; the rules and the template
model are tested without Sphinx too, on more cases.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOTS, build_copy
from index_helpers import build as build_site
from test_cli_check import copy_root, run
from test_rules import DEFAULT_RULES, FULL, spec_with
from test_rules import check as check_text

from sphinxcontrib_specs.core.outline import scan_outline
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.template import SectionRule, TemplateSection, build_template

README = Path(__file__).parents[1] / 'README.rst'


def build(name: str, workdir: Path, **confoverrides: object) -> list[str]:
    return build_copy(ROOTS / f'test-{name}', workdir, confoverrides=confoverrides)


def check(
    name: str,
    workdir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    conf: str = '',
) -> list[str]:
    """What ``sphinx-specs check`` reports for the root, ``conf`` added to its conf.py."""
    srcdir = copy_root(name, workdir)
    with (srcdir / 'conf.py').open('a') as stream:
        stream.write(conf)
    status, lines, _err = run(['check', '-j', '1'], srcdir, capsys, monkeypatch)
    assert status == (1 if lines else 0)
    return lines


# ---------------------------------------------------------------------------
# Titles with quotes, an apostrophe, a dash and a role, in the spec and in
# the template: smart quotes and the role change the spec's doctree, not the
# template's source.  The titles are compared as written, so only the spec
# that writes other quotes is reported, with its title as published.


def _other_quotes(shown: str) -> str:
    return (
        f"specs/2025.1/sdk-single-quotes.rst:15: WARNING: subsection '{shown}' under "
        """'Proposed change' is not titled as the template's '"openstacksdk"' """
        '(template specs/template.rst:19); rename it [specs.missing_subsection]'
    )


@pytest.mark.parametrize(
    ('language', 'shown'), [('en', '\u2018openstacksdk\u2019'), ('de', '\u201aopenstacksdk\u2018')]
)
def test_titles_are_compared_as_written(
    language: str,
    shown: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = [_other_quotes(shown)]
    assert build('smart-quotes', tmp_path / 'build', language=language) == expected
    conf = f'language = {language!r}\n'
    assert check('smart-quotes', tmp_path / 'cli', capsys, monkeypatch, conf) == expected


# ---------------------------------------------------------------------------
# ``.. sectnum::`` puts numbers in the titles of the doctree: they are
# neither compared nor shown, in findings, specs.json or index pages.

ROLLOUT = (
    "specs/2025.1/numbered-rollout.rst:23: WARNING: section 'Rollout' is not in the template "
    '(specs/template.rst); remove it, or make it a subsection of the section it belongs to '
    '[specs.extra_section]'
)


def test_numbered_sections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shot, app = build_site(copy_root('sectnum', tmp_path / 'build'), 'html')
    assert shot.warnings == [ROLLOUT]
    specs = json.loads((Path(app.outdir) / 'specs.json').read_text(encoding='utf-8'))['specs']
    assert [(s['docname'], s['title']) for s in specs] == [
        ('specs/2025.1/numbered', 'Numbered sections'),
        ('specs/2025.1/numbered-rollout', 'Numbered, with rollouts'),
    ]
    assert shot.pages['by/release/2025.1'] == [
        (
            'Approved (2)',
            ['Numbered sections', 'Numbered, with rollouts'],
        )
    ]
    assert check('sectnum', tmp_path / 'cli', capsys, monkeypatch) == [ROLLOUT]


# ---------------------------------------------------------------------------
# A file with no section (a placeholder that keeps a release directory, a
# page pointing elsewhere) is one finding that says how to leave it out.

STUBS = [
    (
        'specs/2025.1/moved.rst:1: WARNING: the spec has no title and no sections; write it '
        'from the template (specs/template.rst), or, if the file is not a spec, leave it '
        'out with specs_exclude [specs.title]'
    ),
    (
        'specs/2025.1/placeholder.rst:5: WARNING: the spec has no sections, and the template '
        "(specs/template.rst) requires 3: 'Problem description', 'Proposed change', "
        "'Testing'; write the spec from the template, or, if the file is not a spec, leave "
        'it out with specs_exclude [specs.missing_section]'
    ),
]


def test_a_file_with_no_section_is_one_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``remove-me.rst`` opts out with ``.. specs-lint: disable=all``."""
    assert build('stub-specs', tmp_path / 'build') == STUBS
    assert check('stub-specs', tmp_path / 'cli', capsys, monkeypatch) == STUBS


def test_files_that_are_not_specs_are_left_out_with_specs_exclude(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    exclude = ['specs/*/placeholder', 'specs/*/moved']
    assert build('stub-specs', tmp_path / 'build', specs_exclude=exclude) == []
    conf = f'specs_exclude = {exclude!r}\n'
    assert check('stub-specs', tmp_path / 'cli', capsys, monkeypatch, conf) == []


# ---------------------------------------------------------------------------
# One mistake, one finding, at the mistake, with its fix (the root
# switches extra_subsection on, so a cascade over subsections would show).

CASCADES = [
    # Not one heading_level per section it holds, nor an extra_section.
    (
        "specs/2025.1/bogus-heading.rst:5: WARNING: section 'URL of the launchpad blueprint:' "
        "is not in the template, and nests the 4 sections after it ('Problem description', "
        "'Proposed change', 'Testing', 'References') a level deeper than the template has "
        'them (template specs/template.rst); make it plain text, or adorn it as they are '
        '[specs.heading_level]'
    ),
    # The subsections under the second copy are not missing from the first.
    (
        "specs/2025.1/duplicate-heading.rst:18: WARNING: section 'Proposed change' appears "
        'twice (first at line 15; template specs/template.rst:15); merge the two '
        '[specs.extra_section]'
    ),
    # Its subsections are the template's subsections of 'Proposed change'.
    (
        "specs/2025.1/misspelt-parent.rst:15: WARNING: section 'Proposed chnage' is not "
        "titled as the template's 'Proposed change' (template specs/template.rst:15); "
        'rename it [specs.missing_section]'
    ),
    # Not close in spelling, but it holds the subsections of 'Proposed change'.
    (
        "specs/2025.1/renamed-parent.rst:15: WARNING: section 'Design' is not titled as "
        "the template's 'Proposed change' (template specs/template.rst:15); rename it "
        '[specs.missing_section]'
    ),
]


def test_one_mistake_is_one_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build('cascades', tmp_path / 'build') == CASCADES
    assert check('cascades', tmp_path / 'cli', capsys, monkeypatch) == CASCADES


def test_what_a_misspelt_parent_lacks_is_reported_under_it(tmp_path: Path) -> None:
    """Its subsections are compared with those of the section it stands for."""
    srcdir = tmp_path / 'test-cascades'
    shutil.copytree(ROOTS / 'test-cascades', srcdir)
    spec = srcdir / 'specs' / '2025.1' / 'misspelt-parent.rst'
    text = spec.read_text().replace('Alternatives\n---', 'Alternative\n---')
    spec.write_text(text.replace('Security impact\n---------------\n\nNone.\n\n', ''))
    assert build_copy(srcdir, tmp_path / 'build') == [
        *CASCADES[:3],
        (
            "specs/2025.1/misspelt-parent.rst:20: WARNING: subsection 'Alternative' under "
            "'Proposed chnage' is not titled as the template's 'Alternatives' (template "
            'specs/template.rst:20); rename it [specs.missing_subsection]'
        ),
        (
            'specs/2025.1/misspelt-parent.rst:20: WARNING: missing required subsection '
            "'Security impact' under 'Proposed chnage' (template specs/template.rst:25); "
            "add it after 'Alternatives' [specs.missing_subsection]"
        ),
        CASCADES[3],
    ]


def test_a_nesting_heading_below_the_first_level() -> None:
    """One subsection held a level too deep, by a label adorned as a heading."""
    text = spec_with(
        FULL.replace(
            'Alternatives\n------------\n\nUpgrade impact\n--------------\n',
            'Notes:\n******\n\nAlternatives\n~~~~~~~~~~~~\n',
        )
    )
    assert check_text(text, settings=DEFAULT_RULES) == [
        (
            11,
            'missing_subsection',
            (
                "missing required subsection 'Upgrade impact' under 'Proposed change' "
                "(template template.rst:39); add it under 'Proposed change'"
            ),
        ),
        (
            14,
            'heading_level',
            (
                "subsection 'Notes:' under 'Proposed change' is not in the template, and "
                "nests the subsection after it ('Alternatives') a level deeper than the "
                'template has it (template template.rst); make it plain text, or adorn it as '
                'it is'
            ),
        ),
    ]


# ---------------------------------------------------------------------------
# Optional sections, marked as real templates mark them: no spec of the
# root is reported, whether it leaves them out, keeps "(optional)" in a
# title or drops it.


def test_optional_markers_of_real_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build('optional-markers', tmp_path / 'build') == []
    assert check('optional-markers', tmp_path / 'cli', capsys, monkeypatch) == []


def _section(
    title: str, body: str, rules: dict[str, SectionRule] | None = None
) -> TemplateSection:
    source = f'=====\nTitle\n=====\n\nFirst\n=====\n\n{title}\n{"=" * len(title)}\n\n{body}\n'
    template = build_template('t.rst', scan_outline(source), rules or {}, ReleaseTable())
    return template.sections[1]


@pytest.mark.parametrize(
    'body',
    [
        'This section is optional.',
        'This section is optional, and provides an area to discuss the design.',
        'This is an optional section (which applies to changes of the database).',
        'Optional section for liberty intended to be used each time the spec is updated.',
        'Optional section.',
        '* Feature liaison is optional. However we suggest to find a liaison.',
        'The feature liaison section is optional.',
    ],
)
def test_optional_prose(body: str) -> None:
    section = _section('Feature Liaison', f'Say who helps.\n\n{body}')
    assert (section.title, section.optional) == ('Feature Liaison', True)


@pytest.mark.parametrize(
    'body',
    [
        'Optional sections -- delete any that do not apply.',
        'Say whether the liaison is optional.',
        'The liaison is optional.',
        'Feature liaison is required.',
    ],
)
def test_prose_that_does_not_mark_a_section_optional(body: str) -> None:
    assert not _section('Feature Liaison', body).optional


@pytest.mark.parametrize('title', ['Dependencies (optional)', 'Dependencies [Optional]'])
def test_optional_in_the_title(title: str) -> None:
    section = _section(title, 'List what this needs.')
    assert (section.title, section.optional, section.aliases) == (
        'Dependencies',
        True,
        (title,),
    )


def test_a_title_without_the_marker_is_kept_as_written() -> None:
    section = _section('Proposed  change', 'Describe the change.')
    assert (section.title, section.optional, section.aliases) == ('Proposed  change', False, ())


def test_configured_settings_name_the_title_without_its_marker() -> None:
    section = _section(
        'Dependencies (optional)', '', {'dependencies': SectionRule(optional=False)}
    )
    assert not section.optional


# ---------------------------------------------------------------------------
# A near miss (a typo, a rename) is one finding under one code,
# missing_section or missing_subsection, whether the template section is
# required or optional: extra_section does not report it, and switching
# extra_section off does not hide it.

NEAR_MISSES = [
    (
        "specs/2025.1/approved/bar.rst:10: WARNING: subsection 'Use Case' under 'Problem "
        "description' is not titled as the template's 'Use Cases' (template "
        'specs/template.rst:15); rename it [specs.missing_subsection]'
    ),
    (
        "specs/2025.1/approved/bar.rst:25: WARNING: section 'Histroy' is not titled as the "
        "template's 'History' (template specs/template.rst:30); rename it "
        '[specs.missing_section]'
    ),
    (
        "specs/2025.1/approved/foo.rst:17: WARNING: section 'Proposed Changes' is not titled "
        "as the template's 'Proposed change' (template specs/template.rst:20); rename it "
        '[specs.missing_section]'
    ),
]


def test_a_near_miss_is_one_missing_section_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build('near-miss', tmp_path / 'build') == NEAR_MISSES
    assert check('near-miss', tmp_path / 'cli', capsys, monkeypatch) == NEAR_MISSES


@pytest.mark.parametrize(
    ('rules', 'expected'),
    [
        ({'extra_section': False, 'extra_subsection': False}, NEAR_MISSES),
        ({'missing_section': False}, NEAR_MISSES[:1]),
        ({'missing_subsection': False}, NEAR_MISSES[1:]),
    ],
)
def test_a_near_miss_is_silenced_with_its_code(
    tmp_path: Path, rules: dict[str, bool], expected: list[str]
) -> None:
    assert build('near-miss', tmp_path, specs_rules=rules) == expected


def test_readme_example_is_what_the_build_reports() -> None:
    assert f'   {NEAR_MISSES[2]}\n' in README.read_text(encoding='utf-8')
