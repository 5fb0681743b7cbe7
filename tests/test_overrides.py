"""``specs_rule_overrides``: rules per status, per release range and per kind.

``test-overrides/conf.py`` holds the overrides; the specs repeat the same
faults under different statuses, releases and kinds.
"""

from __future__ import annotations

import pytest
from conftest import warning_lines
from sphinx.testing.util import SphinxTestApp


def _missing_use_cases(path: str) -> str:
    return (
        f'{path}:7: WARNING: missing required subsection '
        "'Use Cases' under 'Problem description' (template specs/template.rst:10); "
        "add it under 'Problem description' [specs.missing_subsection]"
    )


def _missing_implementation(path: str) -> str:
    return (
        f"{path}:17: WARNING: missing required section 'Implementation' "
        "(template specs/template.rst:20); add it after 'Proposed change' "
        '[specs.missing_section]'
    )


def _missing_testing(path: str) -> str:
    return (
        f"{path}:22: WARNING: missing required section 'Testing' "
        "(template specs/template.rst:25); add it after 'Implementation' "
        '[specs.missing_section]'
    )


@pytest.mark.sphinx('html', testroot='overrides')
def test_overrides(app: SphinxTestApp) -> None:
    app.build()
    assert warning_lines(app) == [
        # extra_section is off from antelope until 2024.1, both included.
        _missing_testing('specs/2023.2/approved/port-notes.rst'),
        _missing_testing('specs/2024.2/approved/port-notes.rst'),
        (
            "specs/2024.2/approved/port-notes.rst:27: WARNING: section 'Notes' is not in "
            'the template (specs/template.rst); remove it, or make it a subsection of the '
            'section it belongs to [specs.extra_section]'
        ),
        # Abandoned (and superseded) specs are not checked at all.
        # A spec without a title is reported; a policy without one is not.
        (
            'specs/2025.1/approved/no-title.rst:1: WARNING: the spec has no title: '
            "'Problem description' is a section of the template (template "
            'specs/template.rst:5); add a title above it, adorned above and below '
            '[specs.title]'
        ),
        _missing_use_cases('specs/2025.1/approved/port-cleanup.rst'),
        _missing_implementation('specs/2025.1/approved/port-cleanup.rst'),
        # section_order is on from 2025.1: the 2024.2 port-order is not reported.
        (
            "specs/2025.1/approved/port-order.rst:17: WARNING: section 'Testing' is out of "
            "order; the template has it after 'Implementation' (template "
            'specs/template.rst:25) [specs.section_order]'
        ),
        # Implemented specs are not held to missing sections.
        _missing_use_cases('specs/2025.1/implemented/port-audit.rst'),
        # missing_subsection is off until zed.
        _missing_implementation('specs/zed/approved/port-cleanup.rst'),
    ]
