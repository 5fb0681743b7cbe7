"""No false findings found on real repositories (nova, cinder, neutron).

Support files a spec includes, directories ``exclude_patterns`` leaves
out, umbrella blueprints, questionnaire templates, short bug links and
links in comments; ``sphinx-specs check`` reports what the build reports,
the file rules included.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from test_cli_check import build_lines, copy_root, run
from test_duplicates import PORT_AUDIT_BY_NAME
from test_text_rules import RELEASES, TEMPLATE, check

from sphinxcontrib_specs.core.outline import scan_outline
from sphinxcontrib_specs.core.template import build_template

# -- File rules: support files, excluded directories, the command line --------

STRAY = (
    "specs/2025.1/approved/stray.txt:1: WARNING: 'stray.txt' is in a spec directory but does "
    'not end in .rst, so Sphinx never reads it; rename it, or move it out of '
    'specs/2025.1/approved [specs.file_extension]'
)


def test_included_files_and_excluded_directories_are_no_findings(tmp_path: Path) -> None:
    """The ``.json`` and ``.txt`` the spec includes are support files, and
    ``**/abandoned`` leaves out ``specs/2025.1/abandoned/README``."""
    assert build_lines(copy_root('support-files', tmp_path)) == [STRAY]


@pytest.mark.parametrize(
    ('given', 'lines', 'summary'),
    [
        ([], [STRAY], '1 spec checked, 1 finding'),
        (['specs/2025.1'], [STRAY], '1 spec checked, 1 finding'),
        (['specs/2025.1/approved/stray.txt'], [STRAY], '0 specs checked, 1 finding'),
        (['specs/2025.1/approved/quota-schema.json'], [], '0 specs checked, 0 findings'),
    ],
)
def test_check_runs_the_file_rules_as_the_build_does(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    given: list[str],
    lines: list[str],
    summary: str,
) -> None:
    srcdir = copy_root('support-files', tmp_path)
    status, output, err = run(['check', *given], srcdir, capsys, monkeypatch)
    assert (status, output, err) == (1 if lines else 0, lines, f'sphinx-specs: {summary}\n')


# -- duplicate_spec: umbrella blueprints --------------------------------------


def test_duplicate_spec_compares_names_only_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two specs for one blueprint are no duplicate unless ``blueprints`` is on."""
    srcdir = copy_root('index-duplicates', tmp_path)
    conf = srcdir / 'conf.py'
    conf.write_text(conf.read_text().replace('specs_rules', 'unused_rules'))
    assert build_lines(srcdir) == [PORT_AUDIT_BY_NAME]
    _status, lines, _err = run(['check'], srcdir, capsys, monkeypatch)
    assert lines == [PORT_AUDIT_BY_NAME]


# -- template_text: questionnaire templates -----------------------------------

SCORECARD = build_template(
    'template.rst',
    scan_outline(
        'Scorecard\n'
        '=========\n\n'
        'Neutron integration\n'
        '===================\n\n'
        'N1. Does the project integrate/use neutron-lib?\n\n'
        'N2. Does the project have proper release notes?\n\n'
        'Describe each answer in a paragraph or two of your own words.\n'
    ),
    {},
    RELEASES,
)


def test_template_text_leaves_questions_the_spec_answers() -> None:
    """The questions are kept and answered; an unanswered question, and
    guidance that asks nothing, are still the template's text."""
    text = (
        'Networking-foo\n'
        '==============\n\n'
        'Neutron integration\n'
        '===================\n\n'
        'N1. Does the project integrate/use neutron-lib?\n\n'
        'Yes, since the Zed release.\n\n'
        'N2. Does the project have proper release notes?\n\n'
        'Describe each answer in a paragraph or two of your own words.\n'
    )
    assert check('template_text', text, template=SCORECARD) == [
        (11, _left_in('N2. Does the project have proper release notes?')),
        (13, _left_in('Describe each answer in a paragraph or two of your own wo...')),
    ]


def _left_in(shown: str) -> str:
    return (
        f"the template's guidance for 'Neutron integration' is left in: '{shown}'; "
        'replace it with what the spec proposes'
    )


# -- tracker_link and filename: the record's tracker links --------------------

#: The test template, with the example link its preamble shows.
EXAMPLE_TEMPLATE = copy.copy(TEMPLATE)
EXAMPLE_TEMPLATE.trackers = frozenset({'https://blueprints.launchpad.net/nova/+spec/example'})

NO_TRACKER = (
    'no tracker link above the first section; add the URL of the blueprint, bug or story '
    'this spec is for'
)


def _spec(preamble: str) -> str:
    return (
        f'=============\nCache weigher\n=============\n\n{preamble}\n\nProblem\n=======\n\nText.\n'
    )


@pytest.mark.parametrize(
    'url',
    [
        'https://launchpad.net/bugs/1921126',
        'https://bugs.launchpad.net/bugs/1921126',
    ],
)
def test_short_launchpad_bug_links_are_tracker_links(url: str) -> None:
    assert check('tracker_link', _spec(url)) == []


@pytest.mark.parametrize(
    'preamble',
    [
        '.. https://blueprints.launchpad.net/nova/+spec/cache-weigher',
        'https://blueprints.launchpad.net/nova/+spec/example',
    ],
    ids=['comment', 'example'],
)
def test_links_in_comments_and_the_example_link_are_no_tracker(preamble: str) -> None:
    assert check('tracker_link', _spec(preamble), template=EXAMPLE_TEMPLATE) == [(2, NO_TRACKER)]


def test_filename_reads_blueprints_from_the_record() -> None:
    """A blueprint in a comment, or the example link, names no blueprint."""
    preamble = (
        '.. https://blueprints.launchpad.net/nova/+spec/other-name\n\n'
        'https://blueprints.launchpad.net/nova/+spec/example'
    )
    assert check('filename', _spec(preamble), template=EXAMPLE_TEMPLATE) == []
