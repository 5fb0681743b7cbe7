"""A build killed at any moment leaves nothing wrong for the next build.

``test-killed-builds`` holds four specs and a site index.  For each phase of
a build (reading, writing, publishing), a copy of it is built, a spec is
moved from ``approved/`` to ``implemented/``, and ``sphinx-build`` is run in
a subprocess that kills itself (SIGKILL) in that phase; its ``conf.py``
holds the harness, which also leaves the temporary file a build killed
while writing a file of the extension leaves.  The next, ordinary, build
must give what a clean build of the same sources gives: the content of the
index pages, ``specs.json`` and the generated sources, and no temporary
file anywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from index_helpers import build, copy_root, generated_files, page_content, write

PHASES = ('reading', 'writing', 'publishing')
TEMPORARY = re.compile(r'\..+\.[0-9a-f]{32}\.tmp')


def _move_cells(srcdir: Path) -> None:
    old = srcdir / 'specs/2025.1/approved/cells.rst'
    text = old.read_text()
    old.unlink()
    (srcdir / 'specs/2025.1/implemented/cells.rst').write_text(text)


def _build_all(srcdirs: list[Path], kill: dict[Path, str] | None = None) -> list[int]:
    """Build each source directory in its own ``sphinx-build``, all at once;
    their exit statuses (negative: killed by that signal)."""
    processes = []
    for srcdir in srcdirs:
        env = dict(os.environ)
        env.pop('SPECS_TEST_KILL', None)
        if kill and srcdir in kill:
            env['SPECS_TEST_KILL'] = kill[srcdir]
        command = [sys.executable, '-m', 'sphinx', '-q', '-b', 'html']
        command += [str(srcdir), str(srcdir / '_build/html')]
        processes.append(
            subprocess.Popen(
                command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
    return [process.wait(timeout=300) for process in processes]


@dataclass
class Output:
    """What a build left."""

    #: index page -> its content in HTML, without the navigation.
    pages: dict[str, str]
    specs_json: str
    #: The generated sources: path in the index directory -> text.
    generated: dict[str, str]
    #: Temporary files, anywhere in the source or the output directory.
    temporaries: list[str]


def _output(srcdir: Path) -> Output:
    html = srcdir / '_build/html'
    pages = [
        'index',
        *(p.relative_to(html).with_suffix('').as_posix() for p in html.glob('by/*/*.html')),
    ]
    return Output(
        pages={page: page_content(srcdir, page) for page in sorted(pages)},
        specs_json=(html / 'specs.json').read_text(),
        generated=generated_files(srcdir),
        temporaries=sorted(
            path.relative_to(srcdir).as_posix()
            for path in srcdir.rglob('*')
            if TEMPORARY.fullmatch(path.name)
        ),
    )


@pytest.fixture(scope='module')
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Output]:
    work = tmp_path_factory.mktemp('killed')
    srcdirs = {phase: copy_root('killed-builds', work / phase) for phase in PHASES}
    clean = copy_root('killed-builds', work / 'clean')
    _move_cells(clean)
    assert _build_all(list(srcdirs.values())) == [0, 0, 0]
    for srcdir in srcdirs.values():
        _move_cells(srcdir)
    killed = {srcdir: phase for phase, srcdir in srcdirs.items()}
    statuses = _build_all([*srcdirs.values(), clean], kill=killed)
    assert statuses == [-signal.SIGKILL, -signal.SIGKILL, -signal.SIGKILL, 0]
    assert _build_all(list(srcdirs.values())) == [0, 0, 0]
    results = {phase: _output(srcdir) for phase, srcdir in srcdirs.items()}
    results['clean'] = _output(clean)
    # What the builds are compared with shows the move.
    assert sorted(results['clean'].pages) == [
        'by/release/2024.2',
        'by/release/2025.1',
        'by/status/approved',
        'by/status/implemented',
        'index',
    ]
    assert '"docname": "specs/2025.1/implemented/cells"' in results['clean'].specs_json
    shutil.rmtree(work)
    return results


@pytest.mark.parametrize('phase', PHASES)
def test_the_build_after_a_killed_one_gives_what_a_clean_one_does(
    outputs: dict[str, Output], phase: str
) -> None:
    assert outputs[phase] == outputs['clean']


def test_only_the_temporary_files_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    srcdir = copy_root('killed-builds', tmp_path)
    build(srcdir)
    temporary = f'{"0123456789abcdef" * 2}.tmp'
    removed = [
        f'by/.old.rst.{temporary}',
        f'by/release/.2025.1.rst.{temporary}',
        f'_build/html/.specs.json.{temporary}',
        f'_build/doctrees/.specs-index-pages.json.{temporary}',
    ]
    kept = [
        'by/release/.notes.tmp',
        f'by/release/.2025.1.rst.{temporary[1:]}',
        f'by/status/.approved.rst.{temporary}/README',
        '_build/html/.specs.json.tmp',
        f'_build/html/specs.json.{temporary}',
    ]
    for name in [*removed, *kept]:
        write(srcdir / name, 'half a file')
    build(srcdir)
    assert [name for name in [*removed, *kept] if (srcdir / name).exists()] == kept
