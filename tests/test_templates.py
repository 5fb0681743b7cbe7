"""Templates as real projects write them, and how a spec finds its template."""

from __future__ import annotations

import pytest
from conftest import warning_lines
from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx('html', testroot='optional-prose')
def test_this_section_is_optional_prose(app: SphinxTestApp) -> None:
    """The StoryBoard-era template marks sections optional in their body text.

    ``workflow-timeouts`` leaves out every optional section and passes;
    ``history-pruning`` leaves out a required one.
    """
    app.build()
    assert warning_lines(app) == [
        (
            'specs/2025.1/history-pruning.rst:22: WARNING: missing required section '
            "'Implementation' (template specs/template.rst:42); add it after "
            "'Proposed change' [specs.missing_section]"
        ),
    ]


@pytest.mark.sphinx('html', testroot='text-before-title')
def test_text_before_the_title(app: SphinxTestApp) -> None:
    """Comments, paragraphs and literal blocks before a title are not sections.

    The 2025.1 template keeps its instructions in a comment before the title
    (as oslo's does), with a title-like block inside the comment; the 2025.2
    template opens with a paragraph and a literal block holding adornments.
    The specs open with a comment, or with a paragraph and a literal block.
    """
    app.build()
    assert warning_lines(app) == [
        (
            'specs/2025.2/config-drift.rst:26: WARNING: missing required section '
            "'Implementation' (template specs/2025.2-template.rst:32); add it after "
            "'Proposed change' [specs.missing_section]"
        ),
    ]


ANNOTATED_SECTIONS = [
    (
        'specs/2024.1/approved/cache-limits.rst:22: WARNING: missing required section '
        "'Security review' (template specs/template.rst:38); add it after "
        "'Implementation' [specs.missing_section]"
    ),
    (
        'specs/2025.1/approved/no-upgrade-notes.rst:12: WARNING: missing required '
        "subsection 'Upgrade impact' under 'Proposed change' (template "
        "specs/template.rst:26); add it under 'Proposed change' [specs.missing_subsection]"
    ),
    (
        'specs/2025.1/approved/no-upgrade-notes.rst:17: WARNING: missing required section '
        "'Security review' (template specs/template.rst:38); add it after "
        "'Implementation' [specs.missing_section]"
    ),
    (
        'specs/approved/cache-sharing.rst:12: WARNING: missing required subsection '
        "'Upgrade impact' under 'Proposed change' (template specs/template.rst:26); "
        "add it under 'Proposed change' [specs.missing_subsection]"
    ),
    (
        'specs/approved/cache-sharing.rst:17: WARNING: missing required section '
        "'Security review' (template specs/template.rst:38); add it after "
        "'Implementation' [specs.missing_section]"
    ),
]


@pytest.mark.parametrize(
    'root',
    [
        pytest.param(
            'annotations',
            marks=pytest.mark.sphinx('html', testroot='annotations'),
            id='template-comments',
        ),
        pytest.param(
            'config-sections',
            marks=pytest.mark.sphinx('html', testroot='config-sections'),
            id='specs_sections',
        ),
    ],
)
def test_optional_since_and_aliases(app: SphinxTestApp, root: str) -> None:
    """``.. specs: optional|since|aliases`` and ``specs_sections`` say the same.

    *Data model impact* is optional; *Upgrade impact* and *Security review*
    are required from 2024.1 on (``2024.1`` included; the ``bobcat`` and
    ``zed`` specs are grandfathered); *Problem statement* and *Motivation*
    stand for *Problem description*.  Under ``specs/approved/`` the path
    gives no release: a ``:release: zed`` field (before or below the title)
    gives one; without it, every section is required.  Both roots hold the
    same specs; the plain template has ordinary comments where the other has
    annotations, so its line numbers are the same.
    """
    app.build()
    assert warning_lines(app) == ANNOTATED_SECTIONS


@pytest.mark.sphinx('html', testroot='release-templates')
def test_template_per_release(app: SphinxTestApp) -> None:
    """``specs/{release}-template.rst`` first, ``specs/template.rst`` as fallback.

    The 2024.2 and 2025.1 templates add *Upgrade impact*, the caracal one
    *Caracal notes*; the zed spec falls back to the plain template.  A
    release is looked up under every spelling: ``specs/dalmatian/`` uses
    ``specs/2024.2-template.rst`` and ``specs/caracal/`` uses
    ``specs/caracal-template.rst``.
    """
    app.build()
    assert warning_lines(app) == [
        (
            'specs/2025.1/approved/unified-limits.rst:17: WARNING: missing required section '
            "'Upgrade impact' (template specs/2025.1-template.rst:15); add it after "
            "'Proposed change' [specs.missing_section]"
        ),
        (
            'specs/caracal/approved/quota-cache.rst:17: WARNING: missing required section '
            "'Caracal notes' (template specs/caracal-template.rst:15); add it after "
            "'Proposed change' [specs.missing_section]"
        ),
        (
            'specs/dalmatian/approved/quota-usage.rst:17: WARNING: missing required section '
            "'Upgrade impact' (template specs/2024.2-template.rst:15); add it after "
            "'Proposed change' [specs.missing_section]"
        ),
    ]


@pytest.mark.sphinx(
    'html',
    testroot='release-templates',
    confoverrides={'specs_templates': ['specs/{release}-template.rst']},
)
def test_spec_without_a_template(app: SphinxTestApp) -> None:
    """A spec for which no candidate exists gets one ``specs.config`` warning."""
    app.build()
    assert [line for line in warning_lines(app) if line.endswith('[specs.config]')] == [
        (
            'specs/zed/approved/quota-counting.rst:1: WARNING: no template for this spec: '
            "none of 'specs/zed-template.rst' exists (specs_templates); add a template "
            'there, give the document the missing metadata, or add a candidate path '
            '[specs.config]'
        ),
    ]


@pytest.mark.sphinx('html', testroot='kinds')
def test_kinds_have_their_own_templates(app: SphinxTestApp) -> None:
    """Policies use ``policies/template.rst``; postmortems ``templates/{kind}.rst``.

    The postmortem template lies outside the documents (excluded) and its
    *Action items* are optional through the kind's ``sections``.
    """
    app.build()
    assert warning_lines(app) == [
        (
            "policies/review-etiquette.rst:12: WARNING: missing required section 'Scope' "
            "(template policies/template.rst:15); add it after 'Policy' "
            '[specs.missing_section]'
        ),
        (
            'specs/2025.1/approved/review-days.rst:12: WARNING: missing required section '
            "'Testing' (template specs/template.rst:15); add it after 'Proposed change' "
            '[specs.missing_section]'
        ),
    ]
