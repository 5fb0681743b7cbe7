"""Silencing findings: ``suppress_warnings`` and the per-file opt-out comment.

The three specs of ``test-opt-out`` have the same two problems: *Testing*
is missing and *Rollout* is not in the template.
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
        'template; remove it or make it a subsection [specs.extra_section]'
    ),
]
OPT_OUT_ONE = [
    (
        "specs/2025.1/opt-out-one.rst:19: WARNING: section 'Rollout' is not in the "
        'template; remove it or make it a subsection [specs.extra_section]'
    ),
]


@pytest.mark.sphinx('html', testroot='opt-out')
def test_opt_out_comment(app: SphinxTestApp) -> None:
    """``.. specs-lint: disable=missing_section`` and ``disable=all``."""
    app.build()
    assert warning_lines(app) == NO_OPT_OUT + OPT_OUT_ONE


@pytest.mark.sphinx(
    'html', testroot='opt-out', confoverrides={'suppress_warnings': ['specs.missing_section']}
)
def test_suppress_one_kind(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == NO_OPT_OUT[1:] + OPT_OUT_ONE


@pytest.mark.sphinx('html', testroot='opt-out', confoverrides={'suppress_warnings': ['specs']})
def test_suppress_every_kind(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == []
