"""What checking each spec against the template of its time costs.

Usage::

    python tests/benchmarks/template_history_cost.py PATH/TO/nova-specs [--pairs 2500]
        [--rounds 5]
    python tests/benchmarks/template_history_cost.py --bundle PATH/TO/cinder-specs.bundle
        [--recipe doc/recipes/cinder_conf.py] [--rounds 5]

A snapshot (nova-specs has no history) gets a synthetic git history of
``1 + 2 * pairs`` commits (``history.py``), then one more commit that
appends a comment to every template: so every spec was written against an
older version of its template, which must be read from git and parsed (the
most the feature can cost).  A bundle is cloned with its real history.
The recipe goes in as ``doc/source/conf.py``.

Measured in one process, best of ``rounds``, CPU time (this process and
the git processes it runs), so the load of other work on the machine
counts little:

* the ``git log`` pass, without a cache and from the cache;
* reading the old versions every spec may need (``git cat-file``);
* ``sphinx-specs check`` of every spec with ``specs_history`` on and off,
  in subprocesses, alternating, ``-j 1``: the difference is what the
  feature adds to the command (the pass, the versions, the parsing and
  the candidates checked).
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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import materialize
from history import make_history

from sphinxcontrib_specs.checking.dated import DatedTemplates
from sphinxcontrib_specs.cli.project import Project, find_conf
from sphinxcontrib_specs.core.history import read_history

ROOT = Path(__file__).resolve().parents[2]


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _best(work: Callable[[], object], rounds: int) -> float:
    best = float('inf')
    for _ in range(rounds):
        start = _cpu()
        work()
        best = min(best, _cpu() - start)
    return best


def prepare(args: argparse.Namespace, tree: Path) -> None:
    env = {**os.environ, 'GIT_CONFIG_GLOBAL': os.devnull, 'GIT_CONFIG_NOSYSTEM': '1'}
    if args.bundle:
        subprocess.run(['git', 'clone', '-q', str(args.bundle), str(tree)], check=True)
    else:
        materialize(args.corpus, tree)
        make_history(tree, pairs=args.pairs)
        templates = sorted(tree.glob('specs/*template.rst'))
        for template in templates:
            template.write_text(template.read_text() + '\n.. edited\n')
        subprocess.run(['git', 'add', '-A'], cwd=tree, check=True, env=env)
        subprocess.run(
            [
                'git',
                '-c',
                'user.name=b',
                '-c',
                'user.email=b@example.org',
                'commit',
                '-q',
                '-m',
                'edit the templates',
            ],
            cwd=tree,
            check=True,
            env=env,
        )
    shutil.copy(args.recipe, tree / 'doc' / 'source' / 'conf.py')


def check_cpu(tree: Path, history: bool) -> float:
    conf = tree / 'doc' / 'source' / 'conf.py'
    text = conf.read_text().replace('\nspecs_history = False\n', '\n')
    conf.write_text(text if history else text + '\nspecs_history = False\n')
    start = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, '-m', 'sphinxcontrib_specs', 'check', '-j', '1'],
        cwd=tree,
        capture_output=True,
        check=False,
    )
    end = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (end.ru_utime + end.ru_stime) - (start.ru_utime + start.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path, nargs='?')
    parser.add_argument('--bundle', type=Path)
    parser.add_argument('--recipe', type=Path, default=ROOT / 'doc' / 'recipes' / 'nova_conf.py')
    parser.add_argument('--pairs', type=int, default=2500)
    parser.add_argument('--rounds', type=int, default=5)
    args = parser.parse_args()
    if (args.corpus is None) == (args.bundle is None):
        parser.error('give a corpus snapshot or --bundle')
    with tempfile.TemporaryDirectory(prefix='specs-history-') as work:
        tree = Path(work) / 'tree'
        prepare(args, tree)
        commits = subprocess.run(
            ['git', 'rev-list', '--count', 'HEAD'],
            cwd=tree,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        os.chdir(tree)
        project = Project.load(find_conf(tree))
        settings = project.settings
        templates = sorted(settings.template_files)
        specs = [project.source(docname) for docname in project.specs()]
        cache = str(Path(work) / 'cache.json')
        found = read_history(settings.srcdir, templates)
        assert found is not None
        versions = sum(len(v) for v in found.versions.values())
        read_history(settings.srcdir, templates, cache)
        timings = {
            'git log pass': _best(lambda: read_history(settings.srcdir, templates), args.rounds),
            'from the cache': _best(
                lambda: read_history(settings.srcdir, templates, cache), args.rounds
            ),
        }

        needed: set[str] = set()

        def versions_needed() -> None:
            history = read_history(settings.srcdir, templates, cache)
            DatedTemplates(settings, history).prefetch(specs)
            # What was read: the versions a spec may need that differ from the file.
            needed.update(history.texts_read if history else ())

        timings['old versions read'] = (
            _best(versions_needed, args.rounds) - timings['from the cache']
        )
        texts = len(needed)
        on: list[float] = []
        off: list[float] = []
        for number in range(args.rounds):
            for history in (True, False) if number % 2 else (False, True):
                (on if history else off).append(check_cpu(tree, history))
        print(
            f'{len(specs)} specs, {len(templates)} templates ({versions} versions, {texts} '
            f'old ones needed), {commits} commits; CPU seconds, best of {args.rounds}:'
        )
        for label, seconds in timings.items():
            print(f'  {label:<22} {seconds * 1000:8.0f} ms')
        print(
            f'  sphinx-specs check: {statistics.median(on):.2f} s with history, '
            f'{statistics.median(off):.2f} s without (medians), '
            f'{statistics.median(on) / statistics.median(off):.3f}'
        )
        print(f'  measured {time.strftime("%Y-%m-%d")}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
