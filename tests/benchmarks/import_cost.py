"""What importing the extension costs a build, against another version.

Usage::

    python tests/benchmarks/import_cost.py DIR [--rounds 12]

Every build pays for ``import sphinxcontrib_specs.adapter`` (what
``setup()`` imports), a rebuild after one edit as much as a full build.
Each round imports this version and the copy of ``sphinxcontrib_specs``
in ``DIR`` (``git archive COMMIT sphinxcontrib_specs | tar -x -C DIR``),
each in a fresh process, after the Sphinx modules an html build has
loaded by then, with the garbage collector off (its pauses land wherever
the allocations cross its threshold, which is chance); the order is
reversed every other round.  Prints the CPU milliseconds of every import
and the median of each side.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Imports the package in ``sys.argv[1]`` and prints the CPU milliseconds.
PROBE = """
import gc, sys, time
sys.path.insert(0, sys.argv[1])
import sphinx.application, sphinx.builders.html, sphinx.cmd.build, sphinx.domains
import sphinx.environment.collectors, sphinx.jinja2glue, sphinx.transforms.post_transforms
import sphinx.util.docutils, docutils.parsers.rst
gc.disable()
started = time.process_time()
import sphinxcontrib_specs.adapter
spent = time.process_time() - started
assert sphinxcontrib_specs.__file__.startswith(sys.argv[1]), sphinxcontrib_specs.__file__
print(spent * 1000)
"""


def _import(package: Path) -> float:
    result = subprocess.run(
        [sys.executable, '-c', PROBE, str(package)], capture_output=True, text=True, check=True
    )
    return float(result.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('other', type=Path, help='a directory holding another sphinxcontrib_specs')
    parser.add_argument('--rounds', type=int, default=12)
    args = parser.parse_args()
    sides = {'this version': ROOT, str(args.other): args.other.resolve()}
    for package in sides.values():
        compileall.compile_dir(str(package / 'sphinxcontrib_specs'), quiet=1)
    times: dict[str, list[float]] = {name: [] for name in sides}
    for number in range(args.rounds):
        order = list(sides.items())
        for name, package in order if number % 2 else order[::-1]:
            times[name].append(_import(package))
    for name, values in times.items():
        shown = ', '.join(f'{value:.1f}' for value in values)
        print(f'{name}: median {statistics.median(values):.1f} ms CPU ({shown})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
