"""``sphinx-specs new``: a spec from the template that applies, where the patterns put it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOTS

from sphinxcontrib_specs import cli
from sphinxcontrib_specs.cli.new import retitle

TEMPLATE_BODY = """
https://blueprints.launchpad.net/demo/+spec/example

Problem description
===================

What is the problem?

Proposed change
===============

What changes?

Testing
=======

How is it tested?
"""

LICENSE = """..
  This work is licensed under a Creative Commons Attribution 3.0 Unported
  License.

"""


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    srcdir = tmp_path / 'layout'
    shutil.copytree(ROOTS / 'test-cli-layout', srcdir)
    monkeypatch.chdir(srcdir)
    return srcdir


def new(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(['new', *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_new_spec_from_the_template_with_its_title(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = new(['vtpm-live-migration', '--release', '2025.1'], capsys)
    assert (status, err) == (0, '')
    assert out == (
        'created specs/2025.1/approved/vtpm-live-migration.rst from specs/template.rst\n'
    )
    created = (layout / 'specs/2025.1/approved/vtpm-live-migration.rst').read_text()
    assert created == (
        f'{LICENSE}===================\nVtpm live migration\n===================\n{TEMPLATE_BODY}'
    )
    assert cli.main(['check', 'specs/2025.1/approved/vtpm-live-migration.rst']) == 0


def test_new_spec_with_status_and_title(layout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = new(
        ['cells.rst', '--release', 'epoxy', '--status', 'in_progress', '--title', 'Cells v3'],
        capsys,
    )
    assert status == 0
    assert out == 'created specs/epoxy/in-progress/cells.rst from specs/template.rst\n'
    text = (layout / 'specs/epoxy/in-progress/cells.rst').read_text()
    assert text.startswith(f'{LICENSE}========\nCells v3\n========\n')


def test_new_uses_the_first_pattern_that_can_be_filled_in(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a release, ``specs/{status}/{name}`` is the first that can be."""
    status, out, _err = new(['someday'], capsys)
    assert (status, out) == (0, 'created specs/approved/someday.rst from specs/template.rst\n')


def test_new_of_another_kind_with_an_underlined_title(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = new(
        ['api-review', '--kind', 'policy', '--title', 'Review policy for API changes'], capsys
    )
    assert (status, out) == (0, 'created policies/api-review.rst from policies/template.rst\n')
    assert (layout / 'policies/api-review.rst').read_text() == (
        'Review policy for API changes\n#############################\n\n'
        'Rationale\n*********\n\nWhy.\n'
    )


def test_new_keeps_an_inset_title_inset() -> None:
    template = '=============\n  Old title  \n=============\n\nBody\n====\n'
    assert retitle(template, 'A longer new title') == (
        '======================\n  A longer new title\n======================\n\nBody\n====\n'
    )


def test_new_keeps_line_endings() -> None:
    template = '=====\r\nTitle\r\n=====\r\n\r\nBody\r\n====\r\n'
    assert retitle(template, 'New one') == (
        '=======\r\nNew one\r\n=======\r\n\r\nBody\r\n====\r\n'
    )


def test_new_refuses_to_overwrite(layout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = layout / 'specs/2025.1/approved/quota-cache.rst'
    before = spec.read_text()
    status, out, err = new(['quota-cache', '--release', '2025.1'], capsys)
    assert (status, out) == (2, '')
    assert err == (
        'sphinx-specs new: error: specs/2025.1/approved/quota-cache.rst exists; not overwritten\n'
    )
    assert spec.read_text() == before


@pytest.mark.parametrize(
    ('args', 'message'),
    [
        (
            ['x', '--status', 'maybe'],
            (
                "unknown status 'maybe'; the statuses are: approved, implemented, in-progress, "
                'ongoing, done, backlog, ideas, untargeted, release_independent, '
                'not-implemented, superseded, retired, abandoned'
            ),
        ),
        (['x', '--kind', 'postmortem'], "unknown kind 'postmortem'; the kinds are: policy, spec"),
        (
            ['x', '--release', 'someday'],
            (
                "unknown release 'someday'; use a series name or number such as 2025.1, a "
                'version number, or one of the buckets: backlog, untargeted'
            ),
        ),
        (['a/b'], "'a/b': a spec name is one file name, without spaces"),
    ],
)
def test_new_says_what_is_wrong(
    layout: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert new(args, capsys) == (2, '', f'sphinx-specs new: error: {message}\n')


def test_new_without_a_template_that_applies(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conf = layout / 'conf.py'
    conf.write_text(
        conf.read_text().replace(
            "specs_templates = ['specs/{release}-template.rst', 'specs/template.rst']",
            "specs_templates = ['specs/{release}-template.rst']\nspecs_rules = {'config': False}",
        )
    )
    (layout / 'specs/2025.1-template.rst').write_text('Title\n=====\n\nA\n-\n')
    status, out, err = new(['x', '--release', '2024.2'], capsys)
    assert (status, out) == (2, '')
    assert err == (
        "sphinx-specs new: error: no template applies to 'specs/2024.2/approved/x': tried "
        'specs/2024.2-template.rst, specs/dalmatian-template.rst; add a template or give '
        '--release\n'
    )
