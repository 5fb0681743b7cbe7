"""``sphinx-specs move``: a spec to another status, with its redirect; safe to re-run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOTS

from sphinxcontrib_specs import cli

NOVA_CONF = """\
extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_patterns = ['specs/{release}/{status}/{name}', 'specs/{status}/{name}']
specs_templates = ['../../specs/{release}-template.rst']
specs_exclude = ['specs/*/template']
"""

TEMPLATE = """\
========================
Example Spec - The title
========================

Problem description
===================

Testing
=======
"""

SPEC = """\
===========
Quota cache
===========

Problem description
===================

Counted on every request.

Testing
=======

Unit tests.
"""


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    srcdir = tmp_path / 'layout'
    shutil.copytree(ROOTS / 'test-cli-layout', srcdir)
    monkeypatch.chdir(srcdir)
    return srcdir


def move(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    status = cli.main(['move', *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_move_renames_and_adds_the_redirect(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = move(['specs/2025.1/approved/quota-cache.rst', 'implemented'], capsys)
    assert (status, err) == (0, '')
    assert out == [
        (
            'move specs/2025.1/approved/quota-cache.rst to '
            'specs/2025.1/implemented/quota-cache.rst (rename)'
        ),
        'add to specs/2025.1/redirects: approved/quota-cache.rst ../implemented/quota-cache.rst',
    ]
    assert not (layout / 'specs/2025.1/approved/quota-cache.rst').exists()
    assert (layout / 'specs/2025.1/implemented/quota-cache.rst').is_file()
    # The file had no final line break: the new line is a line of its own.
    assert (layout / 'specs/2025.1/redirects').read_text() == (
        'approved/old-name.rst ../implemented/new-name.rst\n'
        'approved/quota-cache.rst ../implemented/quota-cache.rst\n'
    )


def test_move_is_safe_to_run_again(layout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ['specs/2025.1/approved/quota-cache.rst', 'implemented']
    move(args, capsys)
    redirects = (layout / 'specs/2025.1/redirects').read_text()
    status, out, err = move(args, capsys)
    assert (status, err) == (0, '')
    assert out == [
        'specs/2025.1/implemented/quota-cache.rst: already moved',
        (
            'specs/2025.1/redirects already has: '
            'approved/quota-cache.rst ../implemented/quota-cache.rst'
        ),
    ]
    assert (layout / 'specs/2025.1/redirects').read_text() == redirects
    status, out, _err = move(['specs/2025.1/implemented/quota-cache.rst', 'implemented'], capsys)
    assert (status, out) == (
        0,
        ['specs/2025.1/implemented/quota-cache.rst is already implemented'],
    )


def test_dry_run_changes_nothing(layout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (layout / 'specs/2025.1/redirects').read_text()
    status, out, _err = move(
        ['specs/2025.1/approved/quota-cache.rst', 'abandoned', '--dry-run'], capsys
    )
    assert status == 0
    assert out == [
        (
            'would move specs/2025.1/approved/quota-cache.rst to '
            'specs/2025.1/abandoned/quota-cache.rst (rename)'
        ),
        (
            'would add to specs/2025.1/redirects: '
            'approved/quota-cache.rst ../abandoned/quota-cache.rst'
        ),
    ]
    assert (layout / 'specs/2025.1/approved/quota-cache.rst').is_file()
    assert not (layout / 'specs/2025.1/abandoned').exists()
    assert (layout / 'specs/2025.1/redirects').read_text() == before


def test_moving_back_drops_the_redirect_that_would_hide_the_spec(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    move(['specs/2025.1/approved/quota-cache.rst', 'implemented'], capsys)
    status, out, _err = move(['specs/2025.1/implemented/quota-cache.rst', 'approved'], capsys)
    assert status == 0
    assert out[1:] == [
        (
            'remove from specs/2025.1/redirects: '
            'approved/quota-cache.rst ../implemented/quota-cache.rst'
        ),
        'add to specs/2025.1/redirects: implemented/quota-cache.rst ../approved/quota-cache.rst',
    ]
    assert (layout / 'specs/2025.1/redirects').read_text() == (
        'approved/old-name.rst ../implemented/new-name.rst\n'
        'implemented/quota-cache.rst ../approved/quota-cache.rst\n'
    )


def test_a_status_field_is_pointed_out(layout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = layout / 'specs/2025.1/approved/quota-cache.rst'
    spec.write_text(':status: approved\n\n' + spec.read_text())
    status, _out, err = move([str(spec), 'implemented'], capsys)
    assert status == 0
    assert err == (
        'sphinx-specs move: warning: specs/2025.1/implemented/quota-cache.rst says '
        '":status: approved", which wins over its directory; change it to implemented\n'
    )


@pytest.mark.parametrize(
    ('args', 'message'),
    [
        (
            ['specs/2025.1/approved/quota-cache.rst', 'merged'],
            (
                "unknown status 'merged'; the statuses are: approved, implemented, in-progress, "
                'ongoing, done, backlog, ideas, untargeted, release_independent, '
                'not-implemented, superseded, retired, abandoned'
            ),
        ),
        (
            ['policies/template.rst', 'implemented'],
            'policies/template.rst is not a spec: it is a template',
        ),
        (
            ['specs/2025.1/approved/nothing.rst', 'implemented'],
            (
                'specs/2025.1/approved/nothing.rst: no such file, and no '
                'specs/2025.1/implemented/nothing.rst either'
            ),
        ),
        (
            ['conf.py', 'implemented'],
            'conf.py is not a source document of the Sphinx project in .',
        ),
    ],
)
def test_move_says_what_is_wrong(
    layout: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert move(args, capsys) == (2, [], f'sphinx-specs move: error: {message}\n')


def test_a_layout_without_status_directories(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (layout / 'policies/review.rst').write_text('Review\n######\n\nRationale\n*********\n')
    assert move(['policies/review.rst', 'retired'], capsys) == (
        2,
        [],
        (
            'sphinx-specs move: error: policies/review.rst: its layout (policies/{name}) has no '
            'status directory; change its :status: field instead\n'
        ),
    )


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        'GIT_AUTHOR_NAME': 'Test',
        'GIT_AUTHOR_EMAIL': 'test@example.org',
        'GIT_COMMITTER_NAME': 'Test',
        'GIT_COMMITTER_EMAIL': 'test@example.org',
    }
    return subprocess.run(
        ['git', *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    ).stdout


def _nova_repo(tmp_path: Path) -> Path:
    """specs/ holds the specs and redirects; doc/source links to them; one commit."""
    repo = tmp_path / 'nova-specs'
    for status in ('approved', 'implemented'):
        (repo / 'specs/2025.1' / status).mkdir(parents=True)
        link = repo / 'doc/source/specs/2025.1' / status
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(f'../../../../specs/2025.1/{status}')
    (repo / 'doc/source/conf.py').write_text(NOVA_CONF)
    (repo / 'doc/source/index.rst').write_text('Specs\n=====\n')
    (repo / 'specs/2025.1-template.rst').write_text(TEMPLATE)
    (repo / 'specs/2025.1/approved/quota-cache.rst').write_text(SPEC)
    (repo / 'specs/2025.1/redirects').write_text('approved/a.rst ../implemented/a.rst\n')
    (repo / 'doc/source/specs/2025.1/redirects').symlink_to('../../../../specs/2025.1/redirects')
    git(repo, 'init', '-q')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'Specs')
    return repo


@pytest.mark.skipif(shutil.which('git') is None, reason='needs git')
def test_nova_layout_in_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Specs live in specs/; doc/source links to them; paths as the repository has them."""
    repo = _nova_repo(tmp_path)
    monkeypatch.chdir(repo)

    assert cli.main(['check', 'specs/2025.1/approved/quota-cache.rst']) == 0
    capsys.readouterr()
    status, out, err = move(['specs/2025.1/approved/quota-cache.rst', 'implemented'], capsys)
    assert (status, err) == (0, '')
    assert out == [
        (
            'move specs/2025.1/approved/quota-cache.rst to '
            'specs/2025.1/implemented/quota-cache.rst (git mv)'
        ),
        'add to specs/2025.1/redirects: approved/quota-cache.rst ../implemented/quota-cache.rst',
    ]
    assert sorted(git(repo, 'status', '--porcelain').splitlines()) == [
        ' M specs/2025.1/redirects',
        'R  specs/2025.1/approved/quota-cache.rst -> specs/2025.1/implemented/quota-cache.rst',
    ]
    assert (repo / 'specs/2025.1/redirects').read_text() == (
        'approved/a.rst ../implemented/a.rst\n'
        'approved/quota-cache.rst ../implemented/quota-cache.rst\n'
    )
    status, out, _err = move(['specs/2025.1/approved/quota-cache.rst', 'implemented'], capsys)
    assert status == 0
    assert out[0] == 'specs/2025.1/implemented/quota-cache.rst: already moved'
    # The same spec, named through the source directory's links.
    status, out, _err = move(
        ['doc/source/specs/2025.1/implemented/quota-cache.rst', 'implemented'], capsys
    )
    assert (status, out) == (
        0,
        ['specs/2025.1/implemented/quota-cache.rst is already implemented'],
    )
    assert cli.main(['check', 'specs/2025.1/implemented/quota-cache.rst']) == 0


@pytest.mark.skipif(shutil.which('git') is None, reason='needs git')
def test_a_linked_redirects_file_is_written_through_its_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _nova_repo(tmp_path)
    # The release's redirects file is itself a link to a file kept elsewhere.
    kept = repo / 'specs/redirects-2025.1'
    (repo / 'specs/2025.1/redirects').rename(kept)
    (repo / 'specs/2025.1/redirects').symlink_to('../redirects-2025.1')
    monkeypatch.chdir(repo)
    status, _out, err = move(['specs/2025.1/approved/quota-cache.rst', 'implemented'], capsys)
    assert (status, err) == (0, '')
    assert (repo / 'specs/2025.1/redirects').is_symlink()
    assert kept.read_text() == (
        'approved/a.rst ../implemented/a.rst\n'
        'approved/quota-cache.rst ../implemented/quota-cache.rst\n'
    )
