"""``sphinx-specs new`` and ``move`` on bad input: one clear error, and nothing half done.

``test-cli-bad-input`` keeps specs in ``{project}/{release}/{status}/{name}``,
with one template, one approved spec of nova 2025.1 and its release's
``redirects`` file.  Every error exits 2 with one line that names the file
or the value and says what to do; a command that refuses changes nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOTS

from sphinxcontrib_specs import cli
from sphinxcontrib_specs.cli.new import retitle

SPEC = Path('nova/2025.1/approved/quota-cache.rst')
REDIRECTS = Path('nova/2025.1/redirects')
FIELDS = (
    'each field of the pattern {project}/{release}/{status}/{name} is one directory or '
    'file name, without spaces, slashes or control characters, and not . or ..; give another'
)


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    srcdir = tmp_path / 'layout'
    shutil.copytree(ROOTS / 'test-cli-bad-input', srcdir)
    monkeypatch.chdir(srcdir)
    return srcdir


def files(root: Path) -> dict[str, bytes | str]:
    """Every file and link under ``root``: path -> bytes, or '-> target' for a link."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob('*')):
        name = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[name] = f'-> {path.readlink()}'
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(args)
    out, err = capsys.readouterr()
    return status, out, err


# new --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('args', 'message'),
    [
        (['foo', '--project', '..', '--release', '2025.1'], f"--project '..': {FIELDS}"),
        (['foo', '--project', '.', '--release', '2025.1'], f"--project '.': {FIELDS}"),
        (['foo', '--project', 'a\nb', '--release', '2025.1'], f"--project 'a\\nb': {FIELDS}"),
        (['foo', '--project', 'a/b', '--release', '2025.1'], f"--project 'a/b': {FIELDS}"),
        (
            ['.', '--project', 'nova', '--release', '2025.1'],
            "'.': a spec name is one file name, without spaces",
        ),
        (
            ['..', '--project', 'nova', '--release', '2025.1'],
            "'..': a spec name is one file name, without spaces",
        ),
        (
            ['a\x00b', '--project', 'nova', '--release', '2025.1'],
            "'a\\x00b': a spec name is one file name, without spaces",
        ),
        (
            ['x' * 300, '--project', 'nova', '--release', '2025.1'],
            (
                f'nova/2025.1/approved/{"x" * 20}...: a name of 304 bytes, and file systems '
                'hold names of at most 255; give a shorter one'
            ),
        ),
        (
            ['foo', '--project', 'ü' * 200, '--release', '2025.1'],
            (
                f'{"ü" * 20}...: a name of 400 bytes, and file systems hold names of at most '
                '255; give a shorter one'
            ),
        ),
        (
            ['foo', '--project', 'nova', '--release', '2025.1', '--title', 'Two\nlines'],
            "--title 'Two\\nlines': a title is one line of text, without spaces around it",
        ),
    ],
)
def test_new_refuses_what_is_not_one_name(
    layout: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Every value is a name in the spec's path: none leaves the source directory."""
    before = files(layout.parent)
    assert run(['new', *args], capsys) == (2, '', f'sphinx-specs new: error: {message}\n')
    assert files(layout.parent) == before


def test_new_follows_links_only_inside_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Specs kept beside the source directory and linked into it, as nova keeps
    them, are created; a link out of the repository is not followed."""
    repo = tmp_path / 'repo'
    (repo / '.git').mkdir(parents=True)
    shutil.copytree(ROOTS / 'test-cli-bad-input', repo / 'doc/source')
    (repo / 'specs').mkdir()
    (repo / 'doc/source/nova/2025.2').mkdir()
    (repo / 'doc/source/nova/2025.2/approved').symlink_to(repo / 'specs')
    elsewhere = tmp_path / 'elsewhere'
    elsewhere.mkdir()
    (repo / 'doc/source/nova/2026.1').mkdir()
    (repo / 'doc/source/nova/2026.1/approved').symlink_to(elsewhere)
    monkeypatch.chdir(repo / 'doc/source')
    assert run(['new', 'foo', '--project', 'nova', '--release', '2025.2'], capsys) == (
        0,
        'created ../../specs/foo.rst from template.rst\n',
        '',
    )
    assert run(['new', 'foo', '--project', 'nova', '--release', '2026.1'], capsys) == (
        2,
        '',
        (
            'sphinx-specs new: error: nova/2026.1/approved/foo.rst leads through a symbolic '
            f'link to {elsewhere}/foo.rst, outside {repo}; nothing was changed: replace the '
            'link, or run the command in the repository that holds its target\n'
        ),
    )
    assert list(elsewhere.iterdir()) == []


def test_new_with_a_template_that_is_not_utf8(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (layout / 'template.rst').write_bytes(b'Title\n=====\n\nCaf\xe9\n----\n')
    before = files(layout)
    assert run(['new', 'foo', '--project', 'nova', '--release', '2025.1'], capsys) == (
        2,
        '',
        (
            "sphinx-specs new: error: template.rst:4: the template is not UTF-8 (byte b'\\xe9'); "
            'save it as UTF-8\n'
        ),
    )
    assert files(layout) == before


def test_new_where_a_file_holds_the_place_of_the_status_directory(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (layout / 'nova/2024.2').mkdir()
    (layout / 'nova/2024.2/approved').write_text('Not a directory.\n')
    before = files(layout)
    assert run(['new', 'foo', '--project', 'nova', '--release', '2024.2'], capsys) == (
        2,
        '',
        (
            'sphinx-specs new: error: nova/2024.2/approved is not a directory, and the spec '
            'goes in it; nothing was changed: move it away or rename it\n'
        ),
    )
    assert files(layout) == before


def test_a_wide_title_gets_adornments_as_wide() -> None:
    """A CJK character takes two columns: docutils wants the rule that long."""
    template = '=====\nTitle\n=====\n\nBody\n====\n'
    assert retitle(template, '配额缓存') == '========\n配额缓存\n========\n\nBody\n====\n'


# move -------------------------------------------------------------------------


def move(capsys: pytest.CaptureFixture[str], spec: Path = SPEC) -> tuple[int, str, str]:
    return run(['move', str(spec), 'implemented'], capsys)


def test_move_refuses_a_name_a_redirects_file_cannot_hold(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = SPEC.with_name('quota cache.rst')
    (layout / SPEC).rename(layout / spec)
    before = files(layout)
    assert move(capsys, spec) == (
        2,
        '',
        (
            'sphinx-specs move: error: nova/2025.1/approved/quota cache.rst: a redirects file '
            'cannot name a path with spaces, control characters or backslashes, so the move '
            'could not be redirected; nothing was changed: rename the spec without them first\n'
        ),
    )
    assert files(layout) == before


def test_move_refuses_a_redirects_file_that_is_not_utf8(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (layout / REDIRECTS).write_bytes(b'approved/old.rst ../implemented/old.rst\napproved/\xe9\n')
    before = files(layout)
    assert move(capsys) == (
        2,
        '',
        (
            'sphinx-specs move: error: nova/2025.1/redirects:2: the redirects file is not UTF-8 '
            "(byte b'\\xe9'); nothing was changed: save it as UTF-8\n"
        ),
    )
    assert files(layout) == before


def test_move_refuses_a_redirects_directory(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (layout / REDIRECTS).unlink()
    (layout / REDIRECTS).mkdir()
    before = files(layout)
    assert move(capsys) == (
        2,
        '',
        (
            'sphinx-specs move: error: nova/2025.1/redirects is a directory, where the '
            'redirects file of the release goes; nothing was changed: move it away\n'
        ),
    )
    assert files(layout) == before


def test_a_spec_is_moved_back_when_its_redirect_cannot_be_written(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The redirects file is a link into a directory that is not there."""
    (layout / REDIRECTS).unlink()
    (layout / REDIRECTS).symlink_to('missing/redirects')
    before = files(layout)
    assert move(capsys) == (
        2,
        '',
        (
            'sphinx-specs move: error: cannot write nova/2025.1/missing/redirects: No such '
            'file or directory, so the moved spec would have no redirect: '
            'nova/2025.1/approved/quota-cache.rst was moved back. Fix the file, then run the '
            'command again\n'
        ),
    )
    assert files(layout) == before


def test_move_does_not_follow_a_link_out_of_the_repository(
    layout: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / 'elsewhere'
    elsewhere.mkdir()
    shutil.rmtree(layout / 'nova/2025.1/implemented')
    (layout / 'nova/2025.1/implemented').symlink_to(elsewhere)
    before = files(layout)
    assert move(capsys) == (
        2,
        '',
        (
            'sphinx-specs move: error: nova/2025.1/implemented leads through a symbolic link '
            f'to {elsewhere}, outside {layout}; nothing was changed: replace the link, or run '
            'the command in the repository that holds its target\n'
        ),
    )
    assert files(layout) == before
    assert list(elsewhere.iterdir()) == []


def test_move_where_a_file_holds_the_place_of_the_status_directory(
    layout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(layout / 'nova/2025.1/implemented')
    (layout / 'nova/2025.1/implemented').write_text('Not a directory.\n')
    before = files(layout)
    assert move(capsys) == (
        2,
        '',
        (
            'sphinx-specs move: error: nova/2025.1/implemented is not a directory, and the '
            'spec goes in it; nothing was changed: move it away or rename it\n'
        ),
    )
    assert files(layout) == before
