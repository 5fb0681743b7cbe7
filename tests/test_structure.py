"""Each structure rule, in a real build, against ``specs/template.rst``.

The root holds one spec per finding; ``clean.rst`` follows the template.
Its ``conf.py`` switches on the rules that are off by default.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_copy, warning_lines
from sphinx.testing.util import SphinxTestApp

SPECS = 'specs/2025.1/approved'

EXPECTED = {
    'clean': [],
    'missing-section': [
        (
            f'{SPECS}/missing-section.rst:55: WARNING: missing required section '
            "'Testing' (template specs/template.rst:53); add it after 'Dependencies' "
            '[specs.missing_section]'
        ),
    ],
    'unknown-section': [
        (
            f"{SPECS}/unknown-section.rst:60: WARNING: section 'Rollout plan' is not in "
            'the template (specs/template.rst); remove it, or make it a subsection of the '
            'section it belongs to [specs.extra_section]'
        ),
    ],
    # A near miss, of an optional section or of a required one, is one
    # finding under one code: the template's section is there, misspelt.
    'extra-section': [
        (
            f"{SPECS}/extra-section.rst:65: WARNING: section 'Upgrade impacts' is not "
            "titled as the template's 'Upgrade impact' (template specs/template.rst:63); "
            'rename it [specs.missing_section]'
        ),
    ],
    'misspelt-section': [
        (
            f"{SPECS}/misspelt-section.rst:21: WARNING: section 'Proposed Changes' is not "
            "titled as the template's 'Proposed change' (template specs/template.rst:20); "
            'rename it [specs.missing_section]'
        ),
    ],
    'section-order': [
        (
            f"{SPECS}/section-order.rst:55: WARNING: section 'Dependencies' is out of "
            "order; the template has it after 'Implementation' (template "
            'specs/template.rst:48) [specs.section_order]'
        ),
    ],
    'missing-subsection': [
        (
            f'{SPECS}/missing-subsection.rst:11: WARNING: missing required subsection '
            "'Use Cases' under 'Problem description' (template specs/template.rst:15); "
            "add it under 'Problem description' [specs.missing_subsection]"
        ),
    ],
    'extra-subsection': [
        (
            f"{SPECS}/extra-subsection.rst:26: WARNING: subsection 'Background' under "
            "'Proposed change' is not in the template (specs/template.rst); remove it, or "
            'rename it after a template subsection [specs.extra_subsection]'
        ),
    ],
    'heading-level': [
        (
            f"{SPECS}/heading-level.rst:16: WARNING: section 'Use Cases' is at level 1; "
            "the template has it at level 2 under 'Problem description' (template "
            'specs/template.rst:15); change its adornment [specs.heading_level]'
        ),
    ],
    'no-title': [
        (
            f'{SPECS}/no-title.rst:5: WARNING: the spec has no title: '
            "'Problem description' is a section of the template (template "
            'specs/template.rst:10); add a title above it, adorned above and below '
            '[specs.title]'
        ),
    ],
    'two-titles': [
        (
            f"{SPECS}/two-titles.rst:61: WARNING: 'References' is adorned like the title "
            "'Serial consoles v2', so the spec has several top-level titles; adorn "
            'sections as the template does (template specs/template.rst) [specs.title]'
        ),
    ],
    'placeholder-title': [
        (
            f"{SPECS}/placeholder-title.rst:6: WARNING: the title is the template's "
            "placeholder 'Example Spec - The title of a spec' (template "
            'specs/template.rst); give the spec a title of its own [specs.title]'
        ),
    ],
    'title-case': [
        (
            f"{SPECS}/title-case.rst:11: WARNING: 'Problem Description' matches template "
            "section 'Problem description' except for case (template "
            "specs/template.rst:10); use the template's spelling [specs.title_case]"
        ),
    ],
}

#: Every warning of the root, in the order Sphinx reports them.
ALL_WARNINGS = [line for spec in sorted(EXPECTED) for line in EXPECTED[spec]]


@pytest.fixture(scope='module')
def structure_warnings(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """One build of the structure root, shared by the per-rule tests."""
    return build_copy(rootdir / 'test-structure', tmp_path_factory.mktemp('structure'))


@pytest.mark.parametrize('spec', EXPECTED)
def test_rule_reports_exact_line(structure_warnings: list[str], spec: str) -> None:
    path = f'{SPECS}/{spec}.rst:'
    assert [line for line in structure_warnings if line.startswith(path)] == EXPECTED[spec]


def test_nothing_else_is_reported(structure_warnings: list[str]) -> None:
    """The template and the index pages are not specs: no finding, no toctree warning."""
    assert structure_warnings == ALL_WARNINGS


@pytest.mark.sphinx('html', testroot='structure', confoverrides={'specs_rules': {}})
def test_strict_rules_are_off_by_default(app: SphinxTestApp) -> None:
    app.build()
    strict = ('section-order', 'extra-subsection', 'title-case')
    assert warning_lines(app) == [
        line for spec in sorted(EXPECTED) if spec not in strict for line in EXPECTED[spec]
    ]


@pytest.mark.sphinx('html', testroot='structure', parallel=2)
def test_parallel_build_reports_the_same_lines(app: SphinxTestApp) -> None:
    """``-j 2`` reads the specs in two processes and reports what ``-j 1`` does."""
    assert app.is_parallel_allowed('read')
    app.build()
    assert warning_lines(app) == ALL_WARNINGS
    assert ' .. ' in app.status.getvalue(), 'documents were not read in chunks'


@pytest.mark.sphinx(
    'html',
    testroot='structure',
    parallel=2,
    confoverrides={'extensions': ['sphinxcontrib_specs', 'serial_extension']},
)
def test_a_serial_read_asked_for_in_parallel_is_warned_of_once(app: SphinxTestApp) -> None:
    """With ``-j 2`` and an extension that does not say it is safe for
    parallel reading, Sphinx reads serially and says so; the extension,
    which checks the specs at once or at the end of reading accordingly,
    asks Sphinx nothing that would say it again."""
    app.build()
    lines = warning_lines(app)
    serial = [line for line in lines if 'serial_extension' in line or 'doing serial' in line]
    assert serial == [
        (
            'WARNING: the serial_extension extension does not declare if it is safe for '
            "parallel reading, assuming it isn't - please ask the extension author to check "
            'and make it explicit'
        ),
        'WARNING: doing serial read',
    ]
    assert [line for line in lines if line not in serial] == ALL_WARNINGS
