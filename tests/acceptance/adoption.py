"""Adoption of the real corpora: ``sphinx-specs init``, then ``sphinx-build -W`` (no default test).

Usage::

    python tests/acceptance/adoption.py PATH/TO/corpora [CORPUS ...] [--workdir DIR] [-j N]

``PATH/TO/corpora`` holds ``<corpus>-specs/`` snapshots (and, for some,
``history/<corpus>-specs.bundle``); the corpora default to all four,
``nova neutron glance cinder``.  For each, the script

1. clones the history bundle to ``DIR/<corpus>-specs`` (else copies the
   snapshot, its links made again), writes the ``conf.py`` the repository
   had before adopting the extension (its theme, its extensions, its
   ``exclude_patterns``; :data:`BEFORE`) and commits it in a new
   commit (the theme and the templates of their time read git);
2. runs ``sphinx-specs init`` (which must write nothing), then
   ``sphinx-specs init --write --migrate``, then the latter again (which
   must change nothing);
3. removes the redirect lines init lists as leading nowhere, as it asks
   (the build reports them, and no baseline holds them), then builds the
   copy with ``sphinx-build -W -b html``;
4. checks, in the build's environment, that every spec is in the
   navigation once (in exactly one toctree);
5. deletes a section from one spec that has no finding, builds again and
   checks that the build fails with ``specs.missing_section`` at that
   spec, at the line of the section before the one deleted.

It prints, per corpus, the settings init wrote (and how many lines of
settings, comments left out), the seconds each step took, and each check's
outcome, and writes the same to ``DIR/adoption.txt``; ``DIR/<corpus>-init.txt``
holds init's whole output.  Exit status 0 when every corpus passes.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'benchmarks'))
from corpus import materialize
from real_repositories import GIT

CORPORA = ('nova', 'neutron', 'glance', 'cinder')
#: Lines of settings init may write for a corpus (comments left out).
MOST_LINES = 15
#: Each repository's conf.py before it adopted the extension: its theme and
#: extensions, its name, and the files its build leaves out.
BEFORE = {
    'nova': """\
extensions = ['openstackdocstheme', 'sphinx.ext.todo']
project = 'Nova Specs'
html_theme = 'openstackdocs'
openstackdocs_repo_name = 'openstack/nova-specs'
todo_include_todos = True
exclude_patterns = ['_build']
""",
    'neutron': """\
extensions = ['openstackdocstheme', 'sphinx.ext.todo']
project = 'Neutron Specs'
html_theme = 'openstackdocs'
openstackdocs_repo_name = 'openstack/neutron-specs'
todo_include_todos = True
exclude_patterns = [
    '_build',
    '**/example.rst',
    '**/*template.rst',
    '**/skeleton.rst',
    '**/archive',
]
""",
    'glance': """\
extensions = ['openstackdocstheme', 'sphinx.ext.todo']
project = 'Glance Specs'
html_theme = 'openstackdocs'
openstackdocs_repo_name = 'openstack/glance-specs'
todo_include_todos = True
html_extra_path = ['_extra']
exclude_patterns = ['_build', '**/template.rst', '**/spec-lite-template.rst']
""",
    'cinder': """\
extensions = ['openstackdocstheme', 'sphinx.ext.todo']
project = 'Cinder Specs'
html_theme = 'openstackdocs'
openstackdocs_repo_name = 'openstack/cinder-specs'
todo_include_todos = True
html_extra_path = ['_extra']
exclude_patterns = ['_build', '**/template.rst']
""",
}
BLOCK = re.compile(
    r'^# -- sphinx-specs .*?^# -- end of sphinx-specs --$', re.MULTILINE | re.DOTALL
)
#: A redirect line init says leads nowhere: its file and line.
BROKEN_REDIRECT = re.compile(
    r'^  (\S+):(\d+): redirect target .* is no page of this site', re.MULTILINE
)
ESCAPE = re.compile(r'\x1b\[[0-9;]*m')
#: Every line the script prints, written to ``DIR/adoption.txt`` at the end.
REPORT: list[str] = []


def say(text: str = '') -> None:
    print(text, flush=True)
    REPORT.append(text)


@dataclass
class Outcome:
    name: str
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def check(self, ok: bool, text: str) -> None:
        (self.passed if ok else self.failed).append(text)
        say(f'  {"ok  " if ok else "FAIL"} {text}')


def prepare(corpora: Path, name: str, tree: Path) -> None:
    """A copy of the corpus with its history where there is one, and its
    conf.py as it was, committed."""
    bundle = corpora / 'history' / f'{name}-specs.bundle'
    shutil.rmtree(tree, ignore_errors=True)
    if bundle.exists():
        # The tip equals the snapshot, Python files aside.
        subprocess.run([*GIT, 'clone', '-q', str(bundle), str(tree)], check=True)
    else:
        materialize(corpora / f'{name}-specs', tree)
        git(tree, 'init', '-q')
    (tree / 'doc' / 'source' / 'conf.py').write_text(BEFORE[name])
    git(tree, 'add', '-A')
    git(tree, 'commit', '-q', '-m', 'before adopting sphinx-specs')


def git(tree: Path, *args: str) -> str:
    return subprocess.run(
        [*GIT, *args], cwd=tree, check=True, capture_output=True, text=True
    ).stdout


def run(tree: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False)


def init(tree: Path, jobs: int, *options: str) -> subprocess.CompletedProcess[str]:
    return run(
        tree, sys.executable, '-m', 'sphinxcontrib_specs', 'init', '-j', str(jobs), *options
    )


def build(tree: Path, out: Path, jobs: int) -> subprocess.CompletedProcess[str]:
    return run(
        tree,
        sys.executable,
        '-m',
        'sphinx',
        '-W',
        '--keep-going',
        '-q',
        '-j',
        str(jobs),
        '-b',
        'html',
        'doc/source',
        str(out),
    )


def settings_lines(conf: str) -> tuple[str, int]:
    """The block init wrote, and its lines that are no comment."""
    found = BLOCK.search(conf)
    if found is None:
        return '', 0
    block = found.group(0)
    return block, sum(
        1 for line in block.splitlines() if line.strip() and not line.startswith('#')
    )


def listed(out: Path, specs: list[str]) -> tuple[Counter[str], list[str]]:
    """How many toctrees list each spec, and the specs no toctree lists."""
    with open(out / '.doctrees' / 'environment.pickle', 'rb') as stream:
        env = pickle.load(stream)
    counts: Counter[str] = Counter()
    for included in env.toctree_includes.values():
        counts.update(docname for docname in set(included) if docname in specs)
    return counts, [spec for spec in specs if not counts[spec]]


def spec_docnames(tree: Path) -> list[str]:
    """The specs and documents of other kinds, as the build found them (specs.json)."""
    import json

    out = tree.parent / f'{tree.name}-html'
    data = json.loads((out / 'specs.json').read_text())
    return sorted(s['docname'] for s in data['specs'])


def inject_defect(tree: Path, out: Path, jobs: int, outcome: Outcome) -> None:
    """Delete a section from a spec without findings; the build must fail there."""
    import json

    source = tree / 'doc' / 'source'
    data = json.loads((out / 'specs.json').read_text())
    clean = sorted(
        s['docname'] for s in data['specs'] if not s['findings'] and s.get('kind') == 'spec'
    )
    for docname in clean:
        path = Path(os.path.realpath(source / f'{docname}.rst'))
        lines = path.read_text().splitlines(keepends=True)
        titles = [
            i
            for i in range(1, len(lines) - 1)
            if lines[i].strip() == 'Testing' and set(lines[i + 1].strip()) == {'='}
        ]
        if not titles:
            continue
        start = titles[0]
        end = next(
            (
                j
                for j in range(start + 2, len(lines) - 1)
                if lines[j].strip()
                and lines[j + 1].strip()
                and set(lines[j + 1].strip()) == {'='}
                and len(lines[j + 1].strip()) >= len(lines[j].strip())
            ),
            len(lines),
        )
        original = path.read_bytes()
        path.write_text(''.join(lines[:start] + lines[end:]))
        try:
            result = build(tree, out, jobs)
        finally:
            path.write_bytes(original)
        warnings = [
            ESCAPE.sub('', line) for line in result.stderr.splitlines() if 'WARNING' in line
        ]
        hits = [
            line
            for line in warnings
            if line.endswith('[specs.missing_section]') and f'{docname}.rst:' in line
        ]
        outcome.check(
            result.returncode != 0 and len(hits) == 1,
            f"section 'Testing' deleted from {docname}.rst: build "
            f'{"fails" if result.returncode else "passes"}, {len(warnings)} warning(s)'
            + (f': {hits[0].split(str(tree) + "/", 1)[-1]}' if hits else ''),
        )
        return
    outcome.check(False, 'no spec without findings has a Testing section to delete')


def fix_redirects(tree: Path, said: str, outcome: Outcome) -> None:
    """Remove the redirect lines init lists as leading nowhere, as it asks:
    the one fix by hand that adoption may need (no baseline holds them)."""
    lines = [found.groups() for found in BROKEN_REDIRECT.finditer(said)]
    for path, number in sorted(lines, key=lambda item: -int(item[1])):
        file = Path(os.path.realpath(tree / path))
        text = file.read_text().splitlines(keepends=True)
        del text[int(number) - 1]
        file.write_text(''.join(text))
    if lines:
        say(f'  fixed by hand, as init asks: removed {len(lines)} redirect line(s)')
        for path, number in lines:
            say(f'      {path}:{number}')


def adopt(corpora: Path, name: str, workdir: Path, jobs: int) -> Outcome:
    outcome = Outcome(name)
    tree = workdir / f'{name}-specs'
    out = workdir / f'{name}-specs-html'
    say(f'{name}-specs')
    start = time.monotonic()
    prepare(corpora, name, tree)
    outcome.seconds['copy'] = time.monotonic() - start

    start = time.monotonic()
    dry = init(tree, jobs)
    outcome.seconds['init'] = time.monotonic() - start
    (workdir / f'{name}-init.txt').write_text(dry.stdout + dry.stderr)
    changed = git(tree, 'status', '--porcelain')
    outcome.check(
        dry.returncode == 0 and not changed,
        f'init: exit status {dry.returncode}, '
        + ('nothing written' if not changed else f'wrote {changed.split()}'),
    )
    start = time.monotonic()
    wrote = init(tree, jobs, '--write', '--migrate')
    outcome.seconds['init --write --migrate'] = time.monotonic() - start
    with open(workdir / f'{name}-init.txt', 'a') as stream:
        stream.write('\n$ sphinx-specs init --write --migrate\n' + wrote.stdout + wrote.stderr)
    outcome.check(wrote.returncode == 0, f'init --write --migrate: exit status {wrote.returncode}')
    conf = (tree / 'doc' / 'source' / 'conf.py').read_text()
    block, count = settings_lines(conf)
    outcome.check(count <= MOST_LINES, f'{count} lines of settings (at most {MOST_LINES})')
    for line in block.splitlines():
        say(f'      {line}')
    again = init(tree, jobs, '--write', '--migrate')
    outcome.check(
        again.returncode == 0 and again.stdout.rstrip().endswith('Nothing to change.'),
        'init --write --migrate again: ' + again.stdout.rstrip().splitlines()[-1],
    )

    fix_redirects(tree, dry.stdout, outcome)

    start = time.monotonic()
    built = build(tree, out, jobs)
    outcome.seconds['build'] = time.monotonic() - start
    problems = [ESCAPE.sub('', line) for line in built.stderr.splitlines() if line.strip()]
    outcome.check(
        built.returncode == 0,
        f'sphinx-build -W: exit status {built.returncode}'
        + ''.join(f'\n           {line}' for line in problems[:10]),
    )
    if built.returncode == 0:
        specs = spec_docnames(tree)
        counts, missing = listed(out, specs)
        twice = sorted(spec for spec, count in counts.items() if count > 1)
        outcome.check(
            not missing and not twice,
            f'{len(specs)} specs, each in one toctree: {len(missing)} in none, '
            f'{len(twice)} in several'
            + (f' ({", ".join((missing + twice)[:5])})' if missing or twice else ''),
        )
        start = time.monotonic()
        inject_defect(tree, out, jobs, outcome)
        outcome.seconds['build with a defect'] = time.monotonic() - start
    say(
        '  seconds: ' + ', '.join(f'{step} {value:.0f}' for step, value in outcome.seconds.items())
    )
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpora', type=Path, help='the directory that holds <corpus>-specs/')
    parser.add_argument('names', nargs='*', metavar='CORPUS', help=f'any of {", ".join(CORPORA)}')
    parser.add_argument('--workdir', type=Path)
    parser.add_argument('-j', '--jobs', type=int, default=2)
    args = parser.parse_args()
    names = args.names or list(CORPORA)
    unknown = sorted(set(names) - set(CORPORA))
    if unknown:
        parser.error(f'unknown corpus {", ".join(unknown)}; choose from {", ".join(CORPORA)}')
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-adoption-'))
    workdir.mkdir(parents=True, exist_ok=True)
    outcomes = [adopt(args.corpora, name, workdir.resolve(), args.jobs) for name in names]
    say()
    for outcome in outcomes:
        say(f'{outcome.name}: {len(outcome.passed)} passed, {len(outcome.failed)} failed')
    (workdir / 'adoption.txt').write_text('\n'.join(REPORT) + '\n')
    return 1 if any(outcome.failed for outcome in outcomes) else 0


if __name__ == '__main__':
    sys.exit(main())
