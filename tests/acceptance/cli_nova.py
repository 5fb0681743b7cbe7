"""Acceptance run: ``sphinx-specs check`` and the build agree on nova-specs.

Usage::

    python tests/acceptance/cli_nova.py PATH/TO/nova-specs [--workdir DIR] [--defects]

Copies the corpus with ``doc/recipes/nova_conf.py`` as its
``doc/source/conf.py`` (``--defects`` first breaks a few specs in ways
every rule family notices), builds it with ``sphinx-build -b dummy`` and
runs ``sphinx-specs check`` from the top of the copy, and compares the
findings line by line, paths resolved to the files they name.  Findings
about the site (``specs.redirect``) are the build's alone.  Exit status 0
when both report the same.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'benchmarks'))
from corpus import materialize

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / 'doc' / 'recipes' / 'nova_conf.py'
LINE = re.compile(r'^(?P<path>[^:]+):(?P<rest>\d+: WARNING: .*)$')
SITE = ('[specs.redirect]',)
ESCAPE = re.compile(r'\x1b\[[0-9;]*m')


def break_specs(tree: Path) -> None:
    """Structure, text and metadata defects in three real specs."""
    specs = sorted((tree / 'specs' / '2025.1' / 'implemented').glob('*.rst'))[:3]
    first = (
        specs[0]
        .read_text()
        .replace('Proposed change\n===============', 'Proposed Change\n---------------')
    )
    specs[0].write_text(first)
    second = specs[1].read_text().replace('\nTesting\n', '\nTesting \n', 1)
    specs[1].write_text(
        second + '\nA line that is far too long for the limit of seventy-nine characters '
        'that nova keeps.\n'
    )
    specs[2].write_text(':status: implemented-ish\n\n' + specs[2].read_text())


def resolved(lines: list[str], base: Path) -> set[str]:
    found = set()
    for line in lines:
        match = LINE.match(line)
        if match is None or (
            '[specs.' not in line and 'undecodable source characters' not in line
        ):
            continue
        if line.endswith(SITE):
            continue
        path = os.path.realpath(base / match.group('path'))
        found.add(f'{path}:{match.group("rest")}')
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path)
    parser.add_argument('--workdir', type=Path)
    parser.add_argument('--defects', action='store_true')
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-cli-nova-'))
    tree = workdir / 'nova-specs'
    materialize(args.corpus, tree)
    shutil.copy(RECIPE, tree / 'doc' / 'source' / 'conf.py')
    if args.defects:
        break_specs(tree)
    source = tree / 'doc' / 'source'
    build = subprocess.run(
        [
            sys.executable,
            '-m',
            'sphinx',
            '-q',
            '-E',
            '-b',
            'dummy',
            str(source),
            str(workdir / 'out'),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode:
        sys.exit(f'build failed:\n{build.stderr[-3000:]}')
    check = subprocess.run(
        [sys.executable, '-m', 'sphinxcontrib_specs', 'check'],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode not in {0, 1}:
        sys.exit(f'sphinx-specs check failed:\n{check.stderr[-3000:]}')
    built = resolved(ESCAPE.sub('', build.stderr).splitlines(), Path.cwd())
    checked = resolved(check.stdout.splitlines(), tree)
    print(f'build: {len(built)} findings; check: {len(checked)} findings; {check.stderr.strip()}')
    for line in sorted(built - checked):
        print(f'build only: {line}')
    for line in sorted(checked - built):
        print(f'check only: {line}')
    return 0 if built == checked else 1


if __name__ == '__main__':
    sys.exit(main())
