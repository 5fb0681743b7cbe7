"""What the extension adds to a full build of a real corpus.

Usage::

    python tests/benchmarks/nova_cost.py PATH/TO/nova-specs [--rounds 3] [-b html]

Builds the corpus with ``doc/recipes/nova_conf.py`` and with the same
configuration minus the extension, alternating the two, ``--rounds`` times
each, in one run on this machine, and reports the median of each and their
ratio.  Times are wall-clock seconds of a fresh ``sphinx-build -E`` in a
subprocess.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import materialize
from measure import compile_extension, conf_dir, sphinx_build

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
    times: dict[str, list[float]] = {'without': [], 'with': []}
    for round_ in range(args.rounds):
        for label, confdir in (('without', without_ext), ('with', with_ext)):
            elapsed = sphinx_build(
                source, workdir / f'out-{label}', args.builder, jobs=args.jobs, confdir=confdir
            ).seconds
            times[label].append(elapsed)
            print(f'round {round_ + 1}: {label:7} extension {elapsed:7.2f} s', flush=True)
    base = statistics.median(times['without'])
    ext = statistics.median(times['with'])
    print(
        f'median without: {base:.2f} s; with: {ext:.2f} s; '
        f'ratio {ext / base:.3f} ({(ext / base - 1) * 100:+.1f} %)'
    )
    return 0


if __name__ == '__main__':
    sys.exit(main())
