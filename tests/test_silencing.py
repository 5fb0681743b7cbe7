"""Silencing findings: ``suppress_warnings`` and the per-file opt-out comment.

The specs of ``test-opt-out`` have the same two problems: *Testing* is
missing and *Rollout* is not in the template.
"""

from __future__ import annotations

import pytest
from conftest import warning_lines
from sphinx.testing.util import SphinxTestApp

NO_OPT_OUT = [
    (
        "specs/2025.1/no-opt-out.rst:12: WARNING: missing required section 'Testing' "
        "(template specs/template.rst:17); add it after 'Proposed change' "
        '[specs.missing_section]'
    ),
    (
        "specs/2025.1/no-opt-out.rst:17: WARNING: section 'Rollout' is not in the "
        'template (specs/template.rst); remove it, or make it a subsection of the section '
        'it belongs to [specs.extra_section]'
    ),
]
OPT_OUT_ONE = [
    (
        "specs/2025.1/opt-out-one.rst:19: WARNING: section 'Rollout' is not in the "
        'template (specs/template.rst); remove it, or make it a subsection of the section '
        'it belongs to [specs.extra_section]'
    ),
]


OPT_OUT_TYPO = [
    (
        "specs/2025.1/opt-out-typo.rst:1: WARNING: 'specs-lint: disable' names no rule "
        "'missing_sectoin'; did you mean 'missing_section'? [specs.config]"
    ),
    (
        "specs/2025.1/opt-out-typo.rst:14: WARNING: missing required section 'Testing' "
        "(template specs/template.rst:17); add it after 'Proposed change' "
        '[specs.missing_section]'
    ),
    (
        "specs/2025.1/opt-out-typo.rst:19: WARNING: section 'Rollout' is not in the "
        'template (specs/template.rst); remove it, or make it a subsection of the section '
        'it belongs to [specs.extra_section]'
    ),
]


def not_typo(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.startswith('specs/2025.1/opt-out-typo.rst:')]


@pytest.mark.sphinx('html', testroot='opt-out')
def test_opt_out_comment(app: SphinxTestApp) -> None:
    """``.. specs-lint: disable=missing_section`` and ``disable=all``."""
    app.build()
    assert not_typo(warning_lines(app)) == NO_OPT_OUT + OPT_OUT_ONE


@pytest.mark.sphinx('html', testroot='opt-out')
def test_opt_out_typo_is_reported_at_the_comment(app: SphinxTestApp) -> None:
    """A rule name that is no rule is reported; the other rules still run."""
    app.build()
    typo = [line for line in warning_lines(app) if line.startswith('specs/2025.1/opt-out-typo')]
    assert typo == OPT_OUT_TYPO


@pytest.mark.sphinx(
    'html', testroot='opt-out', confoverrides={'suppress_warnings': ['specs.missing_section']}
)
def test_suppress_one_kind(app: SphinxTestApp) -> None:
    app.build()
    assert not_typo(warning_lines(app)) == NO_OPT_OUT[1:] + OPT_OUT_ONE


@pytest.mark.sphinx('html', testroot='opt-out', confoverrides={'suppress_warnings': ['specs']})
def test_suppress_every_kind(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
