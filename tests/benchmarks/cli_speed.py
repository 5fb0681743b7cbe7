"""How fast ``sphinx-specs check`` is, against parsing every spec with bare docutils.

Usage::

    python tests/benchmarks/cli_speed.py PATH/TO/nova-specs [--rounds 3] [--workdir DIR]

Copies the corpus, drops ``doc/recipes/nova_conf.py`` in as
``doc/source/conf.py``, then, in one run on this machine, alternating the
two ``--rounds`` times:

* the baseline: one process parsing each spec once with
  ``docutils.core.publish_doctree`` (what nova's ``tests/test_titles.py``
  does), on one core; the time of the parsing loop only;
* the command: ``python -m sphinxcontrib_specs check`` from the top of the
  copy, every spec of the project, with its default number of processes;
  the wall-clock time of the whole command (start-up, ``conf.py``, file
  discovery and all).

Reports the median of each and their ratio (the target is at most 0.6),
the median of the ratios of each round (the two runs of a round see much
the same load from other work on the machine), the CPU seconds each side
used (all processes of the command), and the time of checking one file.
Never asserts: it reports.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import materialize
from measure import compile_extension

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / 'doc' / 'recipes' / 'nova_conf.py'

# Run in a fresh interpreter so that neither side profits from the other's
# imports or caches; prints the seconds spent parsing.
BASELINE = """
import io, sys, time
import docutils.core
paths = sys.stdin.read().split('\\n')
started = time.perf_counter()
cpu = time.process_time()
for path in paths:
    with open(path, encoding='utf-8', errors='replace') as stream:
        text = stream.read()
    docutils.core.publish_doctree(text, settings_overrides={'warning_stream': io.StringIO()})
print(time.perf_counter() - started, time.process_time() - cpu)
"""

# The specs the command checks, one path per line.
SPEC_PATHS = """
import os, sys
from pathlib import Path
from sphinxcontrib_specs.project import Project
project = Project.load(Path(sys.argv[1]))
print('\\n'.join(project.path(d) for d in project.specs()))
"""


def spec_paths(conf: Path) -> str:
    """The path of every spec of the project of ``conf``, one a line."""
    return subprocess.run(
        [sys.executable, '-c', SPEC_PATHS, str(conf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def baseline(paths: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of the parsing loop."""
    result = subprocess.run(
        [sys.executable, '-c', BASELINE],
        input=paths,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu = result.stdout.split()
    return float(wall), float(cpu)


def command(tree: Path, *paths: str) -> tuple[float, str, float]:
    """Wall-clock seconds, summary line and CPU seconds of one check."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, '-m', 'sphinxcontrib_specs', 'check', *paths],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if result.returncode not in {0, 1}:
        sys.exit(f'sphinx-specs check failed:\n{result.stderr[-3000:]}')
    return elapsed, result.stderr.strip().splitlines()[-1], cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--workdir', type=Path)
    args = parser.parse_args()
    compile_extension()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-cli-bench-'))
    tree = workdir / 'nova-specs'
    materialize(args.corpus, tree)
    shutil.copy(RECIPE, tree / 'doc' / 'source' / 'conf.py')
    paths = spec_paths(tree / 'doc' / 'source' / 'conf.py')
    count = len(paths.splitlines())
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    print(f'{count} specs, {cpus} CPUs', flush=True)
    times: dict[str, list[float]] = {'docutils': [], 'check': [], 'ratio': []}
    cpu: dict[str, list[float]] = {'docutils': [], 'check': []}
    summary = ''
    for round_ in range(args.rounds):
        wall, used = baseline(paths)
        times['docutils'].append(wall)
        cpu['docutils'].append(used)
        wall, summary, used = command(tree)
        times['check'].append(wall)
        cpu['check'].append(used)
        times['ratio'].append(times['check'][-1] / times['docutils'][-1])
        print(
            f'round {round_ + 1}: bare docutils {times["docutils"][-1]:6.2f} s '
            f'(cpu {cpu["docutils"][-1]:6.2f} s); sphinx-specs check '
            f'{times["check"][-1]:6.2f} s (cpu {cpu["check"][-1]:6.2f} s); '
            f'ratio {times["ratio"][-1]:.3f}',
            flush=True,
        )
    print(f'sphinx-specs check said: {summary}')
    one = paths.splitlines()[0]
    single, said, _used = command(tree, os.path.relpath(os.path.realpath(one), tree))
    print(f'one file: {single:.2f} s ({said})')
    base = statistics.median(times['docutils'])
    ours = statistics.median(times['check'])
    print(
        f'median bare docutils (one core): {base:.2f} s; sphinx-specs check: {ours:.2f} s; '
        f'ratio of medians {ours / base:.3f}; median ratio of a round '
        f'{statistics.median(times["ratio"]):.3f} (target <= 0.6); CPU seconds: '
        f'{statistics.median(cpu["docutils"]):.2f} and {statistics.median(cpu["check"]):.2f}'
    )
    return 0


if __name__ == '__main__':
    sys.exit(main())
