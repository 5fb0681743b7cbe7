"""Index pages against what a source tree may hold: a ``spec-index`` in a spec,
and odd things in the index directory.  Each is reported as ``specs.config``
and the build goes on, but for an index directory that is a file, which the
configuration refuses.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from index_helpers import Snapshot, build, copy_root, generated_files, write
from sphinx.errors import ConfigError
from test_indexes_site import GENERATED

# ---------------------------------------------------------------------------
# A spec-index in a spec

IN_SPEC_WARNINGS = [
    (
        'specs/2025.1/approved/cells.rst:7: WARNING: spec-index in a spec: its table of '
        'contents is left out, as it would hold this spec itself or other specs, which makes '
        'a loop in the navigation or gives them a second place in it; the specs are listed '
        'as links only. Remove :toctree:, or move the directive to a page that is not a spec '
        '[specs.config]'
    ),
    (
        'specs/2025.1/approved/quotas.rst:7: WARNING: spec-index without options in a spec: '
        'its tables of contents are left out, as they would hold this spec itself or the page '
        'that holds it, a loop in the navigation. Give the directive an option such as '
        ':release: to list specs, or move it to a page that is not a spec [specs.config]'
    ),
]
SPECS = [
    'specs/2025.1/approved/cells',
    'specs/2025.1/approved/quotas',
    'specs/2025.1/implemented/backups',
]


def test_a_spec_index_in_a_spec_holds_no_toctree(tmp_path: Path) -> None:
    # Sphinx used to recurse forever on the loop: quotas holds the site's
    # tables of contents, one of which holds the release page holding quotas.
    shot, _app = build(copy_root('index-in-spec', tmp_path))
    assert shot.warnings == IN_SPEC_WARNINGS
    assert shot.toctrees == {
        'by/release/2025.1': SPECS,
        'index': ['by/release/2025.1', 'by/status/approved', 'by/status/implemented'],
    }
    # The indexes in the specs still list the specs, as links.
    assert {doc: items for doc, items in shot.pages.items() if doc.startswith('specs/')} == {
        'specs/2025.1/approved/cells': [
            (
                '2025.1 Epoxy (3)',
                [
                    ('Approved (2)', ['Cells', 'Quotas']),
                    ('Implemented (1)', ['Backups']),
                ],
            )
        ],
        'specs/2025.1/approved/quotas': [
            [
                ['Release', 'Approved', 'Implemented', 'Total'],
                ['2025.1 Epoxy', '2', '1', '3'],
                ['Total', '2', '1', '3'],
            ]
        ],
    }


def test_a_spec_index_in_a_spec_holds_no_toctree_without_generated_pages(
    tmp_path: Path,
) -> None:
    # cells and quotas each held the other, a loop Sphinx recursed on forever.
    shot, _app = build(
        copy_root('index-in-spec', tmp_path), confoverrides={'specs_index_dir': None}
    )
    assert shot.warnings == IN_SPEC_WARNINGS
    assert shot.toctrees == {'index': SPECS}


# ---------------------------------------------------------------------------
# Odd things in the index directory


def _config_warnings(shot: Snapshot) -> list[str]:
    # Sphinx's own warnings follow (toctrees naming pages not written,
    # specs in no toctree); they differ from one Sphinx to the next.
    return [w for w in shot.warnings if '[specs.config]' in w]


def _unusable(path: str, problem: str) -> str:
    return (
        f'WARNING: {path} is where generated index pages go (specs_index_dir), but it '
        f'{problem}, so no generated page in it is written or removed; remove or move it, or '
        'make it a readable directory, or set specs_index_dir to another directory '
        '[specs.config]'
    )


def test_the_index_directory_being_a_file(tmp_path: Path) -> None:
    # A configuration error: the file is not touched, and nothing is built.
    srcdir = copy_root('index-nova', tmp_path)
    write(srcdir / 'by', 'Not a directory.\n')
    with pytest.raises(ConfigError) as raised:
        build(srcdir, 'dummy')
    assert str(raised.value).splitlines()[1:] == [
        (
            "specs_index_dir: 'by' is a file; generated pages need a directory of their own: "
            "set it to one such as 'by', or to None"
        )
    ]
    assert (srcdir / 'by').read_text() == 'Not a directory.\n'


def test_a_file_link_or_loop_where_a_folder_of_pages_belongs(tmp_path: Path) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    write(srcdir / 'by/release', 'Not a directory.\n')
    (srcdir / 'by/status').symlink_to(srcdir / 'nowhere')
    (srcdir / 'by/project').symlink_to(srcdir / 'by/project')
    shot, _app = build(srcdir, 'dummy')
    assert _config_warnings(shot) == [
        _unusable('by/release', 'is not a directory'),
        _unusable('by/status', 'is a link to nowhere'),
        _unusable('by/project', 'cannot be read (Too many levels of symbolic links)'),
    ]
    assert generated_files(srcdir) == {'release': 'Not a directory.\n'}


@contextmanager
def _undeletable(path: Path) -> Iterator[str]:
    """Make ``path`` impossible to remove; yield why removing it fails.

    Its directory made read-only, or, for root, who removes files from any
    directory, the file made immutable.
    """
    if os.geteuid() != 0:
        path.parent.chmod(0o555)
        try:
            yield 'Permission denied'
        finally:
            path.parent.chmod(0o755)
        return
    if subprocess.run(['chattr', '+i', str(path)], check=False).returncode != 0:
        pytest.skip('cannot make a file immutable here')
    try:
        yield 'Operation not permitted'
    finally:
        subprocess.run(['chattr', '-i', str(path)], check=True)


def test_a_stale_page_that_cannot_be_removed(tmp_path: Path) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    build(srcdir, 'dummy')
    (srcdir / 'specs/2024.2/implemented/image-metrics.rst').unlink()
    stale = srcdir / 'by/release/2024.2.rst'
    with _undeletable(stale) as reason:
        shot, _app = build(srcdir, 'dummy')
    assert _config_warnings(shot) == [
        (
            'by/release/2024.2.rst:1: WARNING: this generated index page is no longer needed, '
            f'but it cannot be removed ({reason}); remove it, or make its directory writable '
            '[specs.config]'
        )
    ]
    assert generated_files(srcdir) == GENERATED


def test_named_pipes_in_the_index_directory_are_not_read(tmp_path: Path) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    (srcdir / 'by/release').mkdir(parents=True)
    # Reading either would wait for a writer forever.
    os.mkfifo(srcdir / 'by/release/2025.1.rst')
    os.mkfifo(srcdir / 'by/release/old.rst')
    exclude = ['_build', 'by/release/2025.1.rst', 'by/release/old.rst']
    shots: list[Snapshot] = []
    thread = threading.Thread(
        target=lambda: shots.append(
            build(srcdir, 'dummy', confoverrides={'exclude_patterns': exclude})[0]
        ),
        daemon=True,
    )
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), 'the build waits on a named pipe'
    assert _config_warnings(shots[0]) == [
        (
            'by/release/2025.1.rst:1: WARNING: this file is where a generated index page '
            'belongs, but it cannot be read (not a regular file), so it is left as it is and '
            'the generated page is not written; move the file, or set specs_index_dir to a '
            'directory of generated pages only [specs.config]'
        )
    ]
    assert (srcdir / 'by/release/old.rst').is_fifo()
