"""How long ``sphinx-specs check FILE`` takes, against ``sphinx-lint FILE`` on the same spec.

Usage::

    python tests/benchmarks/cli_vs_lint.py [PATH/TO/nova-specs] [--spec PATH] [--rounds 15]
        [--recipe CONF] [--specs 100] [--workdir DIR] [--compare-with DIR]

Both are what a pre-commit hook runs on a changed spec, in a fresh process
each time, so their start-up is most of their time.  The command is run
from the top of the repository, where it finds ``conf.py``, with the path
of the spec relative to it, as pre-commit passes it.

With a corpus (read-only: it is copied, and its stored link placeholders
become links again), ``--recipe`` (default ``doc/recipes/nova_conf.py``)
goes in as ``doc/source/conf.py`` unless the corpus has one, and
``--spec`` (default a nova spec of typical size) is checked.  Without one,
a synthetic repository of ``--specs`` specs is written
(``synthetic.py``) and its spec of median size is checked.

``--compare-with DIR`` times a third side: ``sphinx-specs check`` with
``PYTHONPATH=DIR``, where DIR holds another version of the package (say
``git archive HEAD sphinxcontrib_specs | tar -x -C DIR``), to compare a
change with what it changes.

The commands run alternately, ``--rounds`` times each, the order reversed
every other round, so that the load of other work on the machine falls on
all of them.  They run as the console scripts installed beside this
Python (no shim in between), after the extension and sphinx-lint are
compiled to bytecode.  Reports the minimum, median and maximum wall-clock
time of each, and against sphinx-lint the ratio of the medians and the
median of each round's ratio.  Never asserts: it reports.  Needs
sphinx-lint (``pip install sphinx-lint``, or the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import statistics
import sys
import sysconfig
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import materialize
from measure import Run, alternate, compile_extension, machine, run
from synthetic import generate

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / 'doc' / 'recipes' / 'nova_conf.py'
#: A nova spec of about the median size of nova's specs (7 to 9 kB).
DEFAULT_SPEC = 'specs/2024.1/implemented/libvirt-maxphysaddr-support.rst'
CHECK, LINT, OTHER = 'sphinx-specs check', 'sphinx-lint', 'sphinx-specs check (other)'


def script(name: str, module: str) -> list[str]:
    """The console script ``name`` installed for this Python, else ``python -m module``."""
    path = Path(sysconfig.get_path('scripts')) / name
    if path.is_file() and os.access(path, os.X_OK):
        return [str(path)]
    return [sys.executable, '-m', module]


def compile_sphinx_lint() -> None:
    """Compile sphinx-lint to bytecode, as the extension is (see compile_extension)."""
    spec = importlib.util.find_spec('sphinxlint')
    if spec is None or spec.origin is None:
        sys.exit('sphinx-lint is not installed: pip install sphinx-lint')
    compileall.compile_dir(os.path.dirname(spec.origin), quiet=1)


def corpus_tree(corpus: Path, workdir: Path, recipe: Path) -> Path:
    """A copy of ``corpus`` in ``workdir``, with a ``conf.py`` that enables the extension."""
    tree = workdir / corpus.resolve().name
    materialize(corpus, tree)
    conf = tree / 'doc' / 'source' / 'conf.py'
    if not conf.exists():
        shutil.copy(recipe, conf)
    return tree


def synthetic_tree(workdir: Path, count: int) -> tuple[Path, str]:
    """A synthetic repository in ``workdir``, and the path of its spec of median size."""
    tree = workdir / 'synthetic-specs'
    specs = generate(tree, count)
    by_size = sorted(specs, key=lambda spec: ((tree / spec.path).stat().st_size, spec.path))
    return tree, by_size[len(by_size) // 2].path


def commands_for(spec: str, other: Path | None) -> dict[str, list[str]]:
    """The command line of each side."""
    check = [*script('sphinx-specs', 'sphinxcontrib_specs'), 'check', spec]
    commands = {CHECK: check, LINT: [*script('sphinx-lint', 'sphinxlint'), spec]}
    if other is not None:
        if not (other / 'sphinxcontrib_specs').is_dir():
            sys.exit(f'--compare-with {other}: no sphinxcontrib_specs there')
        compileall.compile_dir(str(other / 'sphinxcontrib_specs'), quiet=1)
        commands[OTHER] = ['env', f'PYTHONPATH={other.resolve()}', *check]
    return commands


def said(result: Run) -> str:
    """The last line a command wrote, for the report."""
    lines = (result.stderr + result.stdout).strip().splitlines()
    return lines[-1] if lines else '(nothing)'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path, nargs='?', help='a specs repository (read-only)')
    parser.add_argument(
        '--spec', help=f'the spec, relative to the corpus (default {DEFAULT_SPEC})'
    )
    parser.add_argument('--rounds', type=int, default=15)
    parser.add_argument('--recipe', type=Path, default=RECIPE, help='conf.py for the corpus')
    parser.add_argument('--specs', type=int, default=100, help='specs of the synthetic repository')
    parser.add_argument('--workdir', type=Path)
    parser.add_argument('--compare-with', type=Path, metavar='DIR', help='another version')
    args = parser.parse_args()
    compile_extension()
    compile_sphinx_lint()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-lint-bench-'))
    if args.corpus is not None:
        tree = corpus_tree(args.corpus, workdir, args.recipe)
        spec = args.spec or DEFAULT_SPEC
    else:
        tree, spec = synthetic_tree(workdir, args.specs)
        spec = args.spec or spec
    if not (tree / spec).is_file():
        sys.exit(f'{spec}: no such file in {tree}')
    commands = commands_for(spec, args.compare_with)
    print(f'{spec} ({(tree / spec).stat().st_size} bytes) in {tree}; {machine()}')
    for side, command in commands.items():
        print(f'  {side}: {" ".join(command)}')

    last: dict[str, Run] = {}

    def once(side: str) -> Run:
        result = run(commands[side], cwd=tree)
        if result.returncode not in {0, 1}:
            sys.exit(f'{side} failed ({result.returncode}):\n{result.stderr[-3000:]}')
        last[side] = result
        return result

    comparison = alternate(commands, once, args.rounds)
    width = max(map(len, commands))
    for side in commands:
        values = comparison.values(side)
        print(
            f'{side:{width}} min {min(values):.3f} s, median {statistics.median(values):.3f} s, '
            f'max {max(values):.3f} s; it said: {said(last[side])}'
        )
    if OTHER in commands:
        print(f'{OTHER} / {CHECK}: ratio of the medians {comparison.ratio(OTHER, CHECK):.3f}')
    for side in (CHECK, OTHER) if OTHER in commands else (CHECK,):
        print(
            f'{side} / {LINT}: ratio of the medians {comparison.ratio(side, LINT):.3f}; '
            f'median ratio of a round {comparison.round_ratio(side, LINT):.3f} (target <= 1)'
        )
    return 0


if __name__ == '__main__':
    sys.exit(main())
