"""``write_atomically``: whole files or none, permissions kept, links not followed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sphinxcontrib_specs.core.files import write_atomically


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
