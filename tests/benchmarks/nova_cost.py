"""What the extension adds to a full build of a real corpus.

Usage::

    python tests/benchmarks/nova_cost.py PATH/TO/nova-specs [--rounds 3] [-b html]
        [--same] [--warm-up] [--json FILE]

Builds the corpus with ``doc/recipes/nova_conf.py`` and with the same
configuration minus the extension, ``--rounds`` times each in one run on
this machine, the order reversed every other round, and reports the median
of each, each round's ratio, their spread and the median of those, in
wall-clock and in CPU time, of a fresh ``sphinx-build`` in a subprocess.

``--same`` adds a third side, the build with the extension again, in the
same rounds: the ratio of the build to itself (an A/A comparison) shows
how far this machine's noise alone moves a ratio, beside the A/B one.
``--warm-up`` makes one round first that is not counted (the file cache
and the CPU's clock settle).
"""

from __future__ import annotations

import argparse
import json
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
    parser.add_argument('--same', action='store_true', help='also the build against itself')
    parser.add_argument('--warm-up', action='store_true', help='one uncounted round first')
    parser.add_argument('--json', type=Path, help='write every run to this file')
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
    confdirs = {'without': without_ext, 'with': with_ext, 'with, again': with_ext}
    sides = ('without', 'with', 'with, again') if args.same else ('without', 'with')

    def one(label: str) -> Run:
        name = label.replace(', ', '-')
        return sphinx_build(
            source, workdir / f'out-{name}', args.builder, jobs=args.jobs, confdir=confdirs[label]
        )

    if args.warm_up:
        print('warm-up (not counted):')
        alternate(sides, one, 1)
    runs = alternate(sides, one, args.rounds)
    comparisons = [('with', 'without')]
    if args.same:
        comparisons.append(('with, again', 'with'))
    results: dict[str, object] = {
        side: [{'seconds': r.seconds, 'cpu_seconds': r.cpu_seconds} for r in runs.runs[side]]
        for side in sides
    }
    for key, name in (('seconds', 'time'), ('cpu_seconds', 'CPU time')):
        for side, baseline in comparisons:
            pairs = zip(runs.values(side, key), runs.values(baseline, key), strict=True)
            rounds = [s / b for s, b in pairs]
            median = runs.round_ratio(side, baseline, key)
            print(
                f'{name}, {side!r} against {baseline!r}: medians '
                f'{runs.median(side, key):.2f} s and {runs.median(baseline, key):.2f} s; '
                f'round ratios {", ".join(f"{r:.3f}" for r in rounds)} '
                f'(from {min(rounds):.3f} to {max(rounds):.3f}); median {median:.3f} '
                f'({(median - 1) * 100:+.1f} %)'
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
