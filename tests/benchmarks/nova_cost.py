"""What the extension adds to a full build of a real corpus.

Usage::

    python tests/benchmarks/nova_cost.py PATH/TO/nova-specs [--rounds 3] [-b html]

Builds the corpus with ``doc/recipes/nova_conf.py`` and with the same
configuration minus the extension, ``--rounds`` times each in one run on
this machine, the order reversed every other round, and reports the median
of each, each round's ratio and the median of those, in wall-clock and in
CPU time, of a fresh ``sphinx-build`` in a subprocess.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import materialize
from measure import Run, alternate, compile_extension, conf_dir, sphinx_build

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / 'doc' / 'recipes' / 'nova_conf.py'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('-b', '--builder', default='html')
    parser.add_argument('-j', '--jobs', type=int, default=1)
    parser.add_argument('--workdir', type=Path)
    args = parser.parse_args()
    compile_extension()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-bench-'))
    tree = workdir / 'nova-specs'
    materialize(args.corpus, tree)
    source = tree / 'doc' / 'source'
    recipe = RECIPE.read_text()
    with_ext = conf_dir(workdir / 'conf-with', recipe, source)
    without_ext = conf_dir(
        workdir / 'conf-without', recipe.replace("    'sphinxcontrib_specs',\n", ''), source
    )
    confdirs = {'without': without_ext, 'with': with_ext}

    def one(label: str) -> Run:
        return sphinx_build(
            source, workdir / f'out-{label}', args.builder, jobs=args.jobs, confdir=confdirs[label]
        )

    runs = alternate(('without', 'with'), one, args.rounds)
    for key, name in (('seconds', 'time'), ('cpu_seconds', 'CPU time')):
        pairs = zip(runs.values('with', key), runs.values('without', key), strict=True)
        rounds = [w / b for w, b in pairs]
        print(
            f'{name}: median without {runs.median("without", key):.2f} s, '
            f'with {runs.median("with", key):.2f} s; round ratios '
            f'{", ".join(f"{r:.3f}" for r in rounds)}; median '
            f'{runs.round_ratio("with", "without", key):.3f} '
            f'({(runs.round_ratio("with", "without", key) - 1) * 100:+.1f} %)'
        )
    return 0


if __name__ == '__main__':
    sys.exit(main())
