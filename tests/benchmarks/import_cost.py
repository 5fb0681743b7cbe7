"""What importing the extension costs a build, against another version.

Usage::

    python tests/benchmarks/import_cost.py DIR [--rounds 12] [--stand-ins]

Every build pays for ``import sphinxcontrib_specs.adapter`` (what
``setup()`` imports), a rebuild after one edit as much as a full build.
Each round imports this version and the copy of ``sphinxcontrib_specs``
in ``DIR`` (``git archive COMMIT sphinxcontrib_specs | tar -x -C DIR``),
each in a fresh process, after the Sphinx modules an html build has
loaded by then, with the garbage collector off (its pauses land wherever
the allocations cross its threshold, which is chance); the order is
reversed every other round.  Prints the CPU milliseconds of every import
and the median of each side.

``--stand-ins`` adds a third side: this version imported with
``dataclasses.dataclass``, ``typing.NamedTuple`` and ``re.compile``
replaced by stand-ins that do almost nothing (the class as written, a
plain ``collections.namedtuple``, an uncompiled pattern).  What it
imports is no working extension; its time is the part of the import that
no other way of writing the record classes and the patterns could take
away (the modules found, read and run, their functions and plain classes
made).
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Loads what an html build has loaded before the extension.
BEFORE = """
import gc, sys, time
sys.path.insert(0, sys.argv[1])
import sphinx.application, sphinx.builders.html, sphinx.cmd.build, sphinx.domains
import sphinx.environment.collectors, sphinx.jinja2glue, sphinx.transforms.post_transforms
import sphinx.util.docutils, docutils.parsers.rst
"""

#: Imports the package in ``sys.argv[1]`` and prints the CPU milliseconds.
PROBE = """
gc.disable()
started = time.process_time()
import sphinxcontrib_specs.adapter
spent = time.process_time() - started
assert sphinxcontrib_specs.__file__.startswith(sys.argv[1]), sphinxcontrib_specs.__file__
print(spent * 1000)
"""

#: Run between :data:`BEFORE` and :data:`PROBE`, for ``--stand-ins``.
STAND_INS = """
import collections, dataclasses, re, typing

def _dataclass(cls=None, **options):
    return (lambda made: made) if cls is None else cls

class _NamedTupleMeta(type):
    def __new__(meta, name, bases, namespace):
        if not bases:
            return super().__new__(meta, name, bases, namespace)
        fields = list(namespace.get('__annotations__', {}))
        defaults = [namespace[field] for field in fields if field in namespace]
        base = collections.namedtuple(name, fields, defaults=defaults)
        kept = {k: v for k, v in namespace.items() if k != '__annotations__' and k not in fields}
        return type(name, (base,), kept)

class _NamedTuple(metaclass=_NamedTupleMeta):
    pass

class _Pattern:
    def __init__(self, *arguments, **options):
        self.arguments = arguments

dataclasses.dataclass = _dataclass
typing.NamedTuple = _NamedTuple
re.compile = _Pattern
"""


def _import(package: Path, stand_ins: bool = False) -> float:
    probe = BEFORE + (STAND_INS if stand_ins else '') + PROBE
    result = subprocess.run(
        [sys.executable, '-c', probe, str(package)], capture_output=True, text=True, check=True
    )
    return float(result.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('other', type=Path, help='a directory holding another sphinxcontrib_specs')
    parser.add_argument('--rounds', type=int, default=12)
    parser.add_argument(
        '--stand-ins',
        action='store_true',
        help='also import this version with its record classes and patterns made by stand-ins',
    )
    args = parser.parse_args()
    sides = {'this version': (ROOT, False), str(args.other): (args.other.resolve(), False)}
    if args.stand_ins:
        sides['this version, with stand-ins'] = (ROOT, True)
    for package, _ in sides.values():
        compileall.compile_dir(str(package / 'sphinxcontrib_specs'), quiet=1)
    times: dict[str, list[float]] = {name: [] for name in sides}
    for number in range(args.rounds):
        order = list(sides.items())
        for name, (package, stand_ins) in order if number % 2 else order[::-1]:
            times[name].append(_import(package, stand_ins))
    for name, values in times.items():
        shown = ', '.join(f'{value:.1f}' for value in values)
        print(f'{name}: median {statistics.median(values):.1f} ms CPU ({shown})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
