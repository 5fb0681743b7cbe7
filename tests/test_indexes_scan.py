"""The scan for generated pages reads again only what changed since the last build.

Before every build the extension learns each spec's release, status and
project from its path and header.  A rebuild reads only the files whose
modification time or size changed; these tests check that what it then
knows is what reading everything would give.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from index_helpers import build, copy_root, edit, generated_files

SPEC = 'specs/2025.1/approved/cache-weigher.rst'


def _add_project_field(srcdir: Path) -> None:
    edit(
        srcdir / SPEC,
        lambda text: text.replace(
            '=============\nCache weigher\n=============\n',
            '=============\nCache weigher\n=============\n\n:project: placement\n',
        ),
    )


@pytest.mark.sphinx
def test_edited_header_is_read_again(tmp_path: Path) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    build(srcdir)
    assert 'project/placement.rst' not in generated_files(srcdir)

    _add_project_field(srcdir)
    build(srcdir)
    after_edit = generated_files(srcdir)
    build(srcdir)

    assert ':project: placement' in after_edit['project/placement.rst']
    assert generated_files(srcdir) == after_edit


@pytest.mark.sphinx
def test_changed_settings_read_every_file_again(tmp_path: Path) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    build(srcdir)
    before = generated_files(srcdir)
    assert 'status/implemented.rst' in before

    build(srcdir, confoverrides={'specs_exclude': ['specs/*/implemented/*']})
    after = generated_files(srcdir)

    assert 'status/implemented.rst' not in after
    assert set(after) < set(before)
