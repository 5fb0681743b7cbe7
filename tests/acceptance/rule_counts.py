"""How often each warning code fires on a nova-specs checkout (not part of the tests).

Usage::

    python tests/acceptance/rule_counts.py PATH/TO/nova-specs [--commit SHA]
        [--snapshot DATE] [--output doc/rule_counts.json] [--workdir DIR] [-j N]

Copies the corpus and builds it twice with the layout of
``doc/recipes/nova_conf.py`` (patterns, templates, sections), leaving out
its rule settings: once with every rule at its default, once with every
rule on (default options, no overrides).  Writes the number of warnings per
code, with the corpus commit and dates, as JSON (the warning reference in
``doc/`` shows it) and prints them as an rST table.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from sphinxcontrib_specs.rules.registry import RULES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'benchmarks'))
from corpus import materialize

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / 'doc' / 'recipes' / 'nova_conf.py'
CODE = re.compile(r'WARNING: .* \[specs\.(?P<code>\w+)\]$')

#: What each build appends to the recipe.  The setup() connects the file
#: rules until the extension's own setup() does (connecting twice reports
#: once).
SETTINGS = {
    'default': 'specs_rules = {}\nspecs_rule_overrides = []\n',
    'strict': "specs_rules = {'*': True}\nspecs_rule_overrides = []\n",
}


def count(tree: Path, settings: str, jobs: int) -> Counter[str]:
    source = tree / 'doc' / 'source'
    (source / 'conf.py').write_text(f'{RECIPE.read_text()}\n{settings}')
    result = subprocess.run(
        [
            sys.executable,
            '-m',
            'sphinx',
            '-q',
            '-E',
            '-j',
            str(jobs),
            '-b',
            'dummy',
            str(source),
            str(tree / 'doc' / 'build'),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f'build failed:\n{result.stderr[-3000:]}')
    return Counter(
        match.group('code')
        for match in map(CODE.search, result.stderr.splitlines())
        if match is not None
    )


def corpus_commit(corpus: Path) -> str | None:
    result = subprocess.run(
        ['git', '-C', str(corpus), 'rev-parse', '--short', 'HEAD'],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or None


def table(counts: dict[str, dict[str, int]]) -> str:
    rows = [('Code', 'Default', 'Every rule on')]
    rows += [(f'specs.{code}', str(c['default']), str(c['strict'])) for code, c in counts.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    border = '  '.join('=' * w for w in widths)
    lines = [border, '  '.join(t.ljust(w) for t, w in zip(rows[0], widths, strict=True)), border]
    lines += ['  '.join(t.ljust(w) for t, w in zip(row, widths, strict=True)) for row in rows[1:]]
    return '\n'.join([*lines, border])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path)
    parser.add_argument('--commit', help='the corpus commit, when it is not a git checkout')
    parser.add_argument('--snapshot', help='the date of that commit, when it is not one')
    parser.add_argument('--output', type=Path, default=ROOT / 'doc' / 'rule_counts.json')
    parser.add_argument('--workdir', type=Path)
    parser.add_argument('-j', '--jobs', type=int, default=2)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-counts-'))
    tree = workdir / 'nova-specs'
    materialize(args.corpus, tree)

    found = {name: count(tree, settings, args.jobs) for name, settings in SETTINGS.items()}
    counts = {
        code: {name: found[name][code] for name in SETTINGS}
        for code in [*RULES, *sorted(set().union(*found.values()) - set(RULES))]
    }
    data = {
        'corpus': 'openstack/nova-specs',
        'commit': args.commit or corpus_commit(args.corpus) or 'unknown',
        'snapshot': args.snapshot,
        'counted': datetime.datetime.now(tz=datetime.timezone.utc).date().isoformat(),
        'command': 'python tests/acceptance/rule_counts.py PATH/TO/nova-specs',
        'settings': {
            'default': 'the layout of doc/recipes/nova_conf.py, every rule at its default',
            'strict': 'the layout of doc/recipes/nova_conf.py, every rule on',
        },
        'counts': counts,
    }
    args.output.write_text(json.dumps(data, indent=2) + '\n')
    print(table(counts))
    print(f'written to {args.output}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
