"""What the extension's own work costs in a real build, phase by phase.

Usage::

    python tests/benchmarks/phases.py [PATH/TO/nova-specs | --specs 300]
        [--rounds 3] [--builder html] [--workdir DIR] [--json FILE]
        [--baseline N] [--compare DIR]

Whole builds measure what users wait for, but on a busy 2-core machine
their noise (a few percent between rounds) is as large as everything the
extension does.  This script builds the corpus with every entry point of
the extension timed (``account.py``: its import and setup, each event
listener, directive, transform, domain method and node visitor, what they
call included, the garbage collector's pauses charged by share of
allocations), so the extension's part is measured inside the build it
belongs to.  Each build runs in a process of its own, as each
``sphinx-build`` does: a rebuild pays for importing the extension as a
user's does, and its collector does not walk the heap of the build before
it (in one process, a rebuild took twice the CPU time it takes alone, and
the extension's share looked half what it is).  A real corpus is built with
``doc/recipes/nova_conf.py`` and a synthetic history of 5,001 commits, as
the suite does.

``--baseline N`` first gives N specs (spread over the corpus) a line that
ends in a space, and records them with ``sphinx-specs baseline``: every
build then checks N known findings against the baseline, as a repository
that adopted the extension with old deviations does.

Each round makes a full build (fresh output directory), then a rebuild
after one spec's body is edited (a paragraph added, as a user would), and
reports each phase's CPU time.  The best round (noise only ever adds) is
the one reported, for each of the two builds: the extension's share of
that build's CPU time, and each phase.

``--compare DIR`` builds another version too, the copy of
``sphinxcontrib_specs`` in ``DIR`` (``git archive COMMIT
sphinxcontrib_specs | tar -x -C DIR``), in alternate rounds on the same
copy of the corpus, each side first in every other round: the two are
measured under the same drift of the machine, and each round's phases
are kept (``rounds_summaries``), for each phase's best across rounds.
``--json`` keeps the numbers.
"""

from __future__ import annotations

import argparse
import compileall
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from account import Account, report
from measure import compile_extension
from suite import Corpus, _Changes, _spec_to_change, real, synthetic

_HERE = Path(__file__).resolve().parent


def _summary(account: Account) -> dict[str, Any]:
    return {
        'build': account.build,
        'own': account.own,
        'collector': account.collector,
        'ours': account.ours,
        'share': account.share,
        'phases': dict(account.seconds.most_common()),
        'features': account.feature_seconds(),
        'calls': dict(account.calls),
    }


def _record_baseline(source: Path, count: int) -> int:
    """Give ``count`` specs under ``source`` a known finding, and record the
    baseline; the number of entries recorded."""
    # glob.glob follows the linked directories nova-specs reaches its specs by.
    specs = sorted(
        path
        for path in map(Path, glob.glob(str(source / '**' / '*.rst'), recursive=True))
        if '/specs/' in f'/{path.relative_to(source).as_posix()}'
        and not path.name.endswith('template.rst')
        and path.name != 'index.rst'
    )
    step = max(len(specs) // max(count, 1), 1)
    for path in specs[::step][:count]:
        with path.open('a', encoding='utf-8') as stream:
            stream.write('\nA line the benchmark ends with a space. \n')
    command = [sys.executable, '-m', 'sphinxcontrib_specs', 'baseline', '--conf', str(source)]
    subprocess.run(command, check=True, capture_output=True)
    baseline = source / 'specs-baseline.txt'
    lines = baseline.read_text(encoding='utf-8').splitlines() if baseline.exists() else []
    return sum(1 for line in lines if line and not line.startswith('#'))


def _build(arguments: list[str], package: Path | None) -> Account:
    """One build, timed (``account.py``) in a new process, as each
    ``sphinx-build`` a user runs is: the imports cost what they cost a
    user, and neither build's heap (the collector walks it) is the other's;
    with ``package``, of the copy of the extension there."""
    env = dict(os.environ)
    if package is not None:
        env['PYTHONPATH'] = os.pathsep.join(filter(None, [str(package), env.get('PYTHONPATH')]))
    with tempfile.TemporaryDirectory(prefix='specs-account-') as directory:
        kept = Path(directory) / 'account.json'
        command = [sys.executable, str(_HERE / 'account.py'), '--json', str(kept), *arguments]
        subprocess.run(command, env=env, check=False)
        if not kept.exists():
            sys.exit(f'the build {" ".join(arguments)} did not finish')
        return Account.from_json(json.loads(kept.read_text(encoding='utf-8')))


def _rounds(
    site: Any, changes: _Changes | None, builder: str, number: int, package: Path | None
) -> dict[str, Account]:
    """One round: a full build, then (on nova-specs) a rebuild after one spec's
    body is edited, each in a new process; with ``package``, of the copy of
    the extension there."""
    arguments = ['-q', '-b', builder, str(site.source), str(site.out)]
    shutil.rmtree(site.out, ignore_errors=True)
    side = f' ({package})' if package is not None else ''
    full = _build(arguments, package)
    if full.returncode:
        sys.exit(f'the build of {site.source} failed')
    print(f'round {number}{side}, full build: {report(full, top=0)}', flush=True)
    accounts = {'full': full}
    if changes is not None:
        changes.edit()
        edit = _build(arguments, package)
        accounts['edit'] = edit
        print(f'round {number}{side}, one spec edited: {report(edit, top=0)}', flush=True)
        changes.edit()
    return accounts


def _results(results: dict[str, list[Account]]) -> dict[str, Any]:
    best = {step: min(runs, key=lambda a: a.share) for step, runs in results.items() if runs}
    return {
        'best': {step: _summary(account) for step, account in best.items()},
        'shares': {
            step: [account.share for account in accounts] for step, accounts in results.items()
        },
        # Every round, for each phase's best across them (noise only adds).
        'rounds_summaries': {
            step: [_summary(account) for account in accounts] for step, accounts in results.items()
        },
    }


def measure(
    corpus: Corpus,
    workdir: Path,
    rounds: int,
    builder: str,
    *,
    baseline: int = 0,
    compare: Path | None = None,
) -> dict[str, Any]:
    """The best round of each build on ``corpus`` (built in ``workdir``); with
    ``compare``, of the copy of the extension there too, in alternate rounds."""
    site = corpus.site(workdir, 'full')
    entries = _record_baseline(site.source, baseline) if baseline else 0
    if baseline:
        print(f'baseline: {entries} entries', flush=True)
    spec = _spec_to_change(site) if corpus.key.startswith('nova') else None
    changes = _Changes(site, spec) if spec else None
    sides: list[Path | None] = [compare, None] if compare is not None else [None]
    results: dict[Path | None, dict[str, list[Account]]] = {
        side: {'full': [], 'edit': []} for side in sides
    }
    for number in range(1, rounds + 1):
        # Alternate which side goes first: a drifting machine favours neither.
        for side in sides if number % 2 else sides[::-1]:
            for step, account in _rounds(site, changes, builder, number, side).items():
                results[side][step].append(account)
    this = _results(results[None])
    print(f'\n{corpus.name}: {corpus.specs} specs, {builder}, best of {rounds} rounds')
    for step in this['best']:
        account = min(results[None][step], key=lambda a: a.share)
        print(f'\n{step}: {report(account, top=25)}')
    measured = {
        'corpus': corpus.name,
        'specs': corpus.specs,
        'builder': builder,
        'rounds': rounds,
        'baseline_entries': entries,
        'version': metadata.version('sphinx-specs'),
        **this,
    }
    if compare is not None:
        measured['compared'] = {'package': str(compare), **_results(results[compare])}
        for step, runs in results[compare].items():
            if runs:
                account = min(runs, key=lambda a: a.share)
                print(f'\n{step}, {compare}: {report(account, top=25)}')
    return measured


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path, nargs='?', help='a nova-specs checkout or snapshot')
    parser.add_argument('--specs', type=int, default=300, help='without a corpus: synthetic size')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--builder', default='html')
    parser.add_argument('--workdir', type=Path)
    parser.add_argument('--baseline', type=int, default=0, help='specs given a known finding')
    parser.add_argument('--json', type=Path, help='write the results to this file')
    parser.add_argument(
        '--compare',
        type=Path,
        help='a directory holding another copy of sphinxcontrib_specs, built in alternate rounds',
    )
    args = parser.parse_args()
    compile_extension()
    if args.compare:
        compileall.compile_dir(str(args.compare / 'sphinxcontrib_specs'), quiet=1)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-phases-'))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.corpus:
        corpus = real(workdir, args.corpus.resolve())
    else:
        corpus = synthetic(workdir, args.specs)
    compare = args.compare.resolve() if args.compare else None
    results = measure(
        corpus, workdir, args.rounds, args.builder, baseline=args.baseline, compare=compare
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
