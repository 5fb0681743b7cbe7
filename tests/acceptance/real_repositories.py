"""Acceptance run on the real corpora: build and CLI findings (not part of the default tests).

Usage::

    python tests/acceptance/real_repositories.py PATH/TO/corpora [CORPUS ...]
        [--workdir DIR] [-j N] [--package DIR]

``PATH/TO/corpora`` holds ``<corpus>-specs/`` snapshots (and, for some,
``history/<corpus>-specs.bundle``); the corpora default to all four,
``nova neutron glance cinder``.  For each, the script

1. clones ``history/<corpus>-specs.bundle`` to ``DIR/<corpus>-specs`` where
   the bundle exists (its real history: each spec is checked against its
   template as it stood when the spec was written), else copies the
   snapshot there (stored link placeholders become links again) and
   commits the copy to a fresh git repository (openstackdocstheme and the
   feed read git); then drops ``doc/recipes/<corpus>_conf.py`` in as
   ``doc/source/conf.py`` and commits it;
2. builds it with ``sphinx-build -b html -j N`` (not ``-W``), keeping the
   warnings (``-w``);
3. runs ``sphinx-specs check`` from the top of the copy, with no paths, and
   for one spec (one with findings, if any) with its path as the
   repository stores it and with its path through the source directory,
   where they differ;
4. writes ``DIR/<corpus>-findings.txt``: every finding grouped by code,
   the findings build and CLI disagree on, and Sphinx's own warnings.

It prints, per corpus, the number of ``[specs.<code>]`` findings per code
in the build and in the CLI, the findings that differ (paths resolved to
the files they name; ``specs.redirect``, about the published site, is the
build's alone) and the number of Sphinx's own warnings, and writes the
same to ``DIR/report.txt``.  Exit status 0 when build and CLI agree on
every corpus.

``--package DIR`` runs the build and the CLI with the copy of
``sphinxcontrib_specs`` in ``DIR`` instead of the installed one, for
instance a commit's (``git archive HEAD sphinxcontrib_specs | tar -x -C
DIR``) while the working tree is being changed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'benchmarks'))
from corpus import materialize

ROOT = Path(__file__).resolve().parents[2]
RECIPES = ROOT / 'doc' / 'recipes'
CORPORA = ('nova', 'neutron', 'glance', 'cinder')
#: Codes about the published site, which only the build reports.
SITE = frozenset({'redirect'})
WARNING = re.compile(
    r'^(?:(?P<path>.+?):(?:(?P<line>\d+):)? )?(?P<level>WARNING|ERROR|CRITICAL): (?P<msg>.*)$'
)
CODE = re.compile(r' \[specs\.(?P<code>\w+)\]$')
ESCAPE = re.compile(r'\x1b\[[0-9;]*m')
#: The environment of the build and the CLI (``--package`` changes it).
ENV = dict(os.environ)
#: Every line the script prints, written to ``DIR/report.txt`` at the end.
REPORT: list[str] = []
GIT = ['git', '-c', 'user.name=acceptance', '-c', 'user.email=acceptance@example.org']


@dataclass(frozen=True, order=True)
class Finding:
    """One ``[specs.<code>]`` line, its path resolved to the file it names."""

    path: str
    line: int
    code: str
    message: str

    def show(self, tree: Path) -> str:
        return f'{_relative(self.path, tree)}:{self.line}: {self.message} [specs.{self.code}]'


@dataclass
class Output:
    """What one run printed: its findings and every other warning."""

    findings: list[Finding] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    #: The paths as printed.
    shown: set[str] = field(default_factory=set)


@dataclass
class Result:
    name: str
    tree: Path
    build: Output
    cli: Output
    summary: str
    seconds: dict[str, float]
    singles: list[tuple[str, str, set[Finding], set[Finding]]]

    @property
    def differ(self) -> tuple[set[Finding], set[Finding]]:
        built = {f for f in self.build.findings if f.code not in SITE}
        checked = set(self.cli.findings)
        return built - checked, checked - built

    @property
    def agree(self) -> bool:
        only_build, only_cli = self.differ
        return not only_build and not only_cli and all(b == c for _, _, b, c in self.singles)


def say(text: str = '') -> None:
    print(text, flush=True)
    REPORT.append(text)


def _relative(path: str, tree: Path) -> str:
    try:
        return str(Path(path).relative_to(tree.resolve()))
    except ValueError:
        return path


def parse(text: str, base: Path) -> Output:
    """The findings and other warnings in Sphinx-style output.

    A line that continues a warning (a message over several lines) goes
    with it.
    """
    out = Output()
    last_other = False
    for raw in ESCAPE.sub('', text).splitlines():
        match = WARNING.match(raw)
        if match is None:
            if last_other and raw.strip():
                out.others[-1] += '\n' + raw
            continue
        code = CODE.search(raw)
        if code is None or match.group('path') is None:
            out.others.append(raw)
            last_other = True
            continue
        last_other = False
        message = match.group('msg')[: code.start() - match.start('msg')]
        out.shown.add(match.group('path'))
        path = os.path.realpath(base / match.group('path'))
        line = int(match.group('line') or 0)
        out.findings.append(Finding(path, line, code.group('code'), message))
    return out


# -- preparing a copy -----------------------------------------------------------


def prepare(corpora: Path, name: str, tree: Path) -> None:
    bundle = corpora / 'history' / f'{name}-specs.bundle'
    shutil.rmtree(tree, ignore_errors=True)
    if bundle.exists():
        # The tip equals the snapshot, Python files aside.
        subprocess.run([*GIT, 'clone', '-q', str(bundle), str(tree)], check=True)
    else:
        materialize(corpora / f'{name}-specs', tree)
        subprocess.run([*GIT, 'init', '-q'], cwd=tree, check=True)
    shutil.copy(RECIPES / f'{name}_conf.py', tree / 'doc' / 'source' / 'conf.py')
    subprocess.run([*GIT, 'add', '-A'], cwd=tree, check=True)
    subprocess.run([*GIT, 'commit', '-q', '-m', 'sphinx-specs'], cwd=tree, check=True)


# -- running --------------------------------------------------------------------


def build(tree: Path, out: Path, jobs: int) -> Output:
    shutil.rmtree(out, ignore_errors=True)
    log = out.parent / f'{tree.name}-build-warnings.txt'
    result = subprocess.run(
        [
            sys.executable,
            '-m',
            'sphinx',
            '-q',
            '-j',
            str(jobs),
            '-b',
            'html',
            '-w',
            str(log),
            'doc/source',
            str(out),
        ],
        cwd=tree,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f'{tree.name}: build failed:\n{result.stderr[-3000:]}')
    return parse(log.read_text(), tree)


def check(tree: Path, jobs: int, *paths: str) -> tuple[Output, str]:
    result = subprocess.run(
        [sys.executable, '-m', 'sphinxcontrib_specs', 'check', '-j', str(jobs), *paths],
        cwd=tree,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in {0, 1}:
        sys.exit(f'{tree.name}: sphinx-specs check {" ".join(paths)} failed:\n{result.stderr}')
    return parse(result.stdout, tree), result.stderr.strip()


def single_specs(
    tree: Path, out: Path, built: Output, jobs: int
) -> list[tuple[str, str, set[Finding], set[Finding]]]:
    """One spec, checked by its path as the repository stores it and by its
    path through the source directory, where that differs.

    The spec is one with findings if there is one (else any), from the
    build's ``specs.json``.  duplicate_spec is left out: with paths, the CLI
    compares only the specs given.
    """
    source = tree / 'doc' / 'source'
    specs = json.loads((out / 'specs.json').read_text())['specs']
    with_findings = [s for s in specs if any(f['code'] != 'duplicate_spec' for f in s['findings'])]
    chosen = sorted(with_findings or specs, key=lambda s: s['docname'])
    if not chosen:
        return []
    spec = chosen[len(chosen) // 2]
    link = source / spec['source']
    real = Path(os.path.realpath(link))
    paths = [str(real.relative_to(tree.resolve()))]
    if str(link.relative_to(tree)) != paths[0]:
        paths.append(str(link.relative_to(tree)))
    expected = {f for f in built.findings if f.path == str(real) and f.code != 'duplicate_spec'}
    runs = []
    for path in paths:
        output, _ = check(tree, jobs, path)
        got = {f for f in output.findings if f.code != 'duplicate_spec'}
        if output.shown - {path}:
            say(f'  check {path} reports at {sorted(output.shown)}')
        runs.append((path, str(real), expected, got))
    return runs


def run(corpora: Path, name: str, workdir: Path, jobs: int) -> Result:
    tree = workdir / f'{name}-specs'
    seconds = {}
    start = time.monotonic()
    prepare(corpora, name, tree)
    seconds['copy'] = time.monotonic() - start
    start = time.monotonic()
    out = workdir / f'{name}-html'
    built = build(tree, out, jobs)
    seconds['build'] = time.monotonic() - start
    start = time.monotonic()
    checked, summary = check(tree, jobs)
    seconds['check'] = time.monotonic() - start
    singles = single_specs(tree, out, built, jobs)
    return Result(name, tree, built, checked, summary, seconds, singles)


# -- reporting ------------------------------------------------------------------


def counts_table(result: Result) -> list[str]:
    built = Counter(f.code for f in result.build.findings)
    checked = Counter(f.code for f in result.cli.findings)
    lines = [f'  {"code":<22} {"build":>6} {"cli":>6}']
    for code in sorted(set(built) | set(checked)):
        same = built[code] == checked[code] or code in SITE
        mark = '' if same else '   DIFFER'
        lines.append(f'  {code:<22} {built[code]:>6} {checked[code]:>6}{mark}')
    lines.append(f'  {"total":<22} {sum(built.values()):>6} {sum(checked.values()):>6}')
    return lines


def write_findings(result: Result, path: Path) -> None:
    tree = result.tree
    lines = [f'# {result.name}-specs: findings of the build (sphinx-build -b html), by code', '']
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.build.findings:
        by_code[finding.code].append(finding)
    for code in sorted(by_code):
        found = sorted(by_code[code])
        lines.append(f'== specs.{code} ({len(found)})')
        lines.extend(f.show(tree) for f in found)
        lines.append('')
    only_build, only_cli = result.differ
    lines.append(f'== build only ({len(only_build)})')
    lines.extend(f.show(tree) for f in sorted(only_build))
    lines.append('')
    lines.append(f'== CLI only ({len(only_cli)})')
    lines.extend(f.show(tree) for f in sorted(only_cli))
    lines.append('')
    lines.append(f"== Sphinx's own warnings in the build ({len(result.build.others)})")
    lines.extend(result.build.others)
    lines.append('')
    lines.append(f'== other lines of the CLI ({len(result.cli.others)})')
    lines.extend(result.cli.others)
    path.write_text('\n'.join(lines) + '\n')


def report(result: Result, workdir: Path) -> None:
    findings = workdir / f'{result.name}-findings.txt'
    write_findings(result, findings)
    timing = ', '.join(f'{k} {v:.0f} s' for k, v in result.seconds.items())
    say(f'{result.name}-specs ({timing}); {result.summary}')
    say('\n'.join(counts_table(result)))
    only_build, only_cli = result.differ
    for finding in sorted(only_build)[:20]:
        say(f'  build only: {finding.show(result.tree)}')
    for finding in sorted(only_cli)[:20]:
        say(f'  CLI only:   {finding.show(result.tree)}')
    if len(only_build) + len(only_cli) > 40:
        say(f'  ... {len(only_build)} build only, {len(only_cli)} CLI only in all')
    for path, _real, expected, got in result.singles:
        state = 'same as the build' if expected == got else 'DIFFERS from the build'
        say(f'  check {path}: {len(got)} findings, {state}')
        for finding in sorted(expected - got):
            say(f'      build only: {finding.show(result.tree)}')
        for finding in sorted(got - expected):
            say(f'      CLI only:   {finding.show(result.tree)}')
    kinds = Counter(_warning_kind(line) for line in result.build.others)
    say(f"  Sphinx's own warnings: {len(result.build.others)}")
    for kind, number in kinds.most_common():
        say(f'      {number:>5}  {kind}')
    say(f'  all findings: {findings}')
    say('  build and CLI ' + ('agree' if result.agree else 'DIFFER'))
    say()


def _warning_kind(line: str) -> str:
    """A warning without its path and quoted names, to count alike warnings."""
    match = WARNING.match(line.splitlines()[0])
    text = match.group('msg') if match else line.splitlines()[0]
    text = re.sub(r"'[^']*'|\"[^\"]*\"|\d+", '…', text)
    return text[:110]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpora', type=Path, help='the directory that holds <corpus>-specs/')
    parser.add_argument('names', nargs='*', metavar='CORPUS', help=f'any of {", ".join(CORPORA)}')
    parser.add_argument('--workdir', type=Path)
    parser.add_argument('-j', '--jobs', type=int, default=2)
    parser.add_argument(
        '--package', type=Path, help='a directory holding the sphinxcontrib_specs to run'
    )
    args = parser.parse_args()
    if args.package:
        package = args.package.resolve()
        if not (package / 'sphinxcontrib_specs' / '__init__.py').exists():
            parser.error(f'{package} holds no sphinxcontrib_specs package')
        ENV['PYTHONPATH'] = os.pathsep.join(filter(None, [str(package), ENV.get('PYTHONPATH')]))
    names = args.names or list(CORPORA)
    unknown = sorted(set(names) - set(CORPORA))
    if unknown:
        parser.error(f'unknown corpus {", ".join(unknown)}; choose from {", ".join(CORPORA)}')
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix='specs-corpora-'))).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    corpora = args.corpora.resolve()
    where = subprocess.run(
        [sys.executable, '-c', 'import sphinxcontrib_specs; print(sphinxcontrib_specs.__file__)'],
        env=ENV,
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    say(f'work directory: {workdir}; package: {Path(where).parent}\n')
    start = time.monotonic()
    agree = True
    for name in names:
        result = run(corpora, name, workdir, args.jobs)
        report(result, workdir)
        agree &= result.agree
    say(
        f'{len(names)} corpora in {time.monotonic() - start:.0f} s; build and CLI '
        + ('agree' if agree else 'DIFFER')
    )
    (workdir / 'report.txt').write_text('\n'.join(REPORT) + '\n')
    return 0 if agree else 1


if __name__ == '__main__':
    sys.exit(main())
