"""Writing files: whole files or none, only on change, never over what is not ours."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sphinxcontrib_specs.core.files import (
    RealPaths,
    existing_bytes,
    write_atomically,
    write_if_changed,
)


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    path = tmp_path / 'new.txt'
    old_umask = os.umask(0o022)
    try:
        write_atomically(str(path), b'one\n')
    finally:
        os.umask(old_umask)
    assert path.read_bytes() == b'one\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ['new.txt']


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / 'redirects'
    path.write_bytes(b'old\n')
    path.chmod(0o600)
    write_atomically(str(path), b'new\n')
    assert path.read_bytes() == b'new\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_link_is_replaced_not_followed(tmp_path: Path) -> None:
    target = tmp_path / 'target.txt'
    target.write_bytes(b'target\n')
    link = tmp_path / 'link.txt'
    link.symlink_to(target)
    write_atomically(str(link), b'new\n')
    assert not link.is_symlink()
    assert (link.read_bytes(), target.read_bytes()) == (b'new\n', b'target\n')


def test_a_failed_write_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / 'page.html'
    path.write_bytes(b'old\n')

    def refuse(source: str, destination: str) -> None:
        raise OSError('disk full')

    monkeypatch.setattr(os, 'replace', refuse)
    with pytest.raises(OSError, match='disk full'):
        write_atomically(str(path), b'new\n')
    assert path.read_bytes() == b'old\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ['page.html']


def test_write_if_changed_writes_new_and_changed_files_only(tmp_path: Path) -> None:
    path = tmp_path / 'by' / 'release' / '2025.1.rst'
    assert write_if_changed(str(path), b'one\n') is True
    before = path.stat().st_mtime_ns
    assert write_if_changed(str(path), b'one\n') is False
    assert path.stat().st_mtime_ns == before
    assert write_if_changed(str(path), b'two\n') is True
    assert path.read_bytes() == b'two\n'


def test_write_if_changed_keeps_what_it_may_not_replace(tmp_path: Path) -> None:
    path = tmp_path / 'page.rst'
    path.write_bytes(b'by hand\n')
    assert write_if_changed(str(path), b'new\n', replaceable=lambda old: False) is None
    assert path.read_bytes() == b'by hand\n'


def test_write_if_changed_never_writes_over_a_dangling_link_or_a_directory(
    tmp_path: Path,
) -> None:
    link = tmp_path / 'link.rst'
    link.symlink_to(tmp_path / 'nowhere.rst')
    directory = tmp_path / 'directory.rst'
    directory.mkdir()
    with pytest.raises(FileNotFoundError):
        write_if_changed(str(link), b'new\n')
    with pytest.raises(IsADirectoryError):
        write_if_changed(str(directory), b'new\n')
    assert (link.is_symlink(), directory.is_dir()) == (True, True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ['directory.rst', 'link.rst']


def test_existing_bytes_tells_nothing_from_unreadable(tmp_path: Path) -> None:
    assert existing_bytes(str(tmp_path / 'missing')) is None
    (tmp_path / 'dangling').symlink_to(tmp_path / 'missing')
    with pytest.raises(FileNotFoundError):
        existing_bytes(str(tmp_path / 'dangling'))


def test_real_paths_are_what_realpath_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / 'real' / 'specs' / '2025.1'
    (real / 'approved').mkdir(parents=True)
    (real / 'approved' / 'a.rst').write_text('')
    (real / 'approved' / 'b.rst').symlink_to('a.rst')
    (real / 'linked').symlink_to('approved')
    (tmp_path / 'src' / 'doc').mkdir(parents=True)
    (tmp_path / 'src' / 'doc' / 'specs').symlink_to(tmp_path / 'real' / 'specs')
    (tmp_path / 'src' / 'up').symlink_to('../real')
    monkeypatch.chdir(tmp_path / 'src')
    paths = [
        f'{tmp_path}/src/doc/specs/2025.1/approved/a.rst',
        f'{tmp_path}/src/doc/specs/2025.1/approved/b.rst',
        f'{tmp_path}/src/doc/specs/2025.1/linked/a.rst',
        f'{tmp_path}/src/doc/../doc/specs/2025.1/approved/a.rst',
        f'{tmp_path}/src/doc/specs/../specs/2025.1/approved/a.rst',
        f'{tmp_path}/src/./doc//specs/2025.1/approved/a.rst',
        f'{tmp_path}/src/up/specs/2025.1/approved/a.rst',
        f'{tmp_path}/src/doc/specs/2025.1/missing/a.rst',
        'doc/specs/2025.1/approved/a.rst',
        'up/../doc/specs/2025.1/approved/a.rst',
    ]
    real_paths = RealPaths()
    assert [real_paths(p) for p in paths] == [os.path.realpath(p) for p in paths]
    # Asked again, from what it resolved before.
    assert [real_paths(p) for p in paths] == [os.path.realpath(p) for p in paths]
