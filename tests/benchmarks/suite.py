"""The benchmark suite: what each part of the extension costs, and how it grows.

Usage::

    python tests/benchmarks/suite.py [--specs 300] [--rounds 3]
        [--scaling 100,1000,5000] [--scaling-rounds 3,2,1] [--scaling-baseline 100,1000]
        [--corpus ../shared/corpora/nova-specs] [--corpus-rounds 2]
        [--sections full,check,incremental,scaling] [--workdir DIR] [--docs]

In one run on this machine, for a synthetic repository of ``--specs``
specs (``synthetic.py``) and, with ``--corpus``, for a copy of a real
nova-specs snapshot built with ``doc/recipes/nova_conf.py``:

``full``
    fresh builds in four configurations, html and dummy: ``without`` the
    extension (and, for the synthetic repository, the index pages kept by
    hand), ``validation`` only (no generated index pages, no metadata box,
    no publishing), ``indexes`` (validation, generated index pages and the
    metadata box; no publishing) and ``full`` (also redirects, ``specs.json``
    and the feed, over a synthetic git history); with and without the
    extension also at ``-j 2`` (for a real corpus, which builds slowly:
    without, full and full at ``-j 2`` only);
``check``
    ``sphinx-specs check`` of the whole project against parsing every spec
    with bare docutils (``cli_speed.py``);
``incremental``
    after a full html build, with and without the extension: a rebuild with
    nothing changed, after one spec's body is edited, and after one spec's
    status changes (the file moves from ``approved/`` to ``implemented/``
    and a redirect is added, or back);
``scaling``
    fresh dummy builds of synthetic repositories of each ``--scaling``
    size, with the extension (and without, for the ``--scaling-baseline``
    sizes): time and peak memory.

Every build is ``python -m sphinx`` in its own subprocess with fresh output
directories (incremental builds reuse their side's); the sides of each
comparison alternate, and each is measured once per round (``--rounds``,
``--corpus-rounds``, and one count per size for ``--scaling-rounds``).
The report gives medians, the ratio of medians and the median of each
round's ratio, and which of the issue's targets the numbers meet.  It
never asserts.  Results go to ``results.json`` in the work directory;
``--docs`` also merges them into ``doc/performance/`` and writes the
tables and the scaling plot that ``doc/performance.rst`` shows.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli_speed import baseline, command, spec_paths
from corpus import materialize
from history import make_history
from measure import Comparison, Run, alternate, compile_extension, machine, sphinx_build
from report import DOCS, render
from synthetic import CONF, generate, write_manual_index

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / 'doc' / 'recipes' / 'nova_conf.py'
EXTENSION_LINE = "    'sphinxcontrib_specs',\n"


@dataclass(frozen=True)
class Config:
    """Which parts of the extension a build uses."""

    extension: bool = True
    indexes: bool = True
    publishing: bool = True

    def apply(self, conf: str) -> str:
        """``conf`` (which uses every part) changed to use only these parts."""
        if EXTENSION_LINE not in conf:
            sys.exit(f'conf.py lists no {EXTENSION_LINE.strip()} line')
        if not self.extension:
            return conf.replace(EXTENSION_LINE, '')
        settings = []
        if not self.indexes:
            settings += ['specs_index_dir = None', 'specs_metadata_box = False']
        if not self.publishing:
            settings += [
                'specs_redirect_files = False',
                'specs_json = False',
                'specs_feed = False',
            ]
        return conf + ''.join(f'{line}\n' for line in settings)


CONFIGS = {
    'without': Config(extension=False, indexes=False, publishing=False),
    'validation': Config(indexes=False, publishing=False),
    'indexes': Config(publishing=False),
    'full': Config(),
}
HTML_SIDES = ('without', 'validation', 'indexes', 'full', 'without -j 2', 'full -j 2')
#: A real corpus builds slowly: the headline comparisons only.
REAL_HTML_SIDES = ('without', 'full', 'full -j 2')
DUMMY_SIDES = ('without', 'full')
INCREMENTAL_SIDES = ('without', 'full')
STEPS = ('no-op', 'edit', 'status')


@dataclass(frozen=True)
class Site:
    """One configuration's copy of a corpus."""

    root: Path
    source: Path
    out: Path


@dataclass
class Corpus:
    """A specs repository to measure, and how to set each configuration up."""

    key: str
    name: str
    base: Path
    source: str
    conf: str
    specs: int
    lines: int
    manual_index: Callable[[Path], None] | None = None
    html_sides: tuple[str, ...] = HTML_SIDES
    #: The real corpus has a few broken redirects (see the recipe).
    clean: bool = True

    def site(self, workdir: Path, label: str) -> Site:
        config = CONFIGS[label]
        root = workdir / f'{self.key}-{label}'
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(self.base, root, symlinks=True)
        source = root / self.source
        if not config.indexes and self.manual_index is not None:
            self.manual_index(source)
        (source / 'conf.py').write_text(config.apply(self.conf))
        return Site(root=root, source=source, out=workdir / 'out' / f'{self.key}-{label}')


def synthetic(workdir: Path, count: int, history: bool = True) -> Corpus:
    base = workdir / f'synthetic-{count}'
    specs = generate(base, count)
    if history:
        # Real repositories have thousands of commits; the feed's dates come
        # from one pass over them.
        make_history(base, pairs=min(count, 2000))
    lines = sum(len((base / spec.path).read_text().splitlines()) for spec in specs)
    return Corpus(
        key=f'synthetic-{count}',
        name=f'synthetic, {count} specs',
        base=base,
        source='.',
        conf=CONF,
        specs=count,
        lines=lines,
        manual_index=lambda source: write_manual_index(source, specs),
    )


def real(workdir: Path, path: Path) -> Corpus:
    base = workdir / path.name
    materialize(path, base)
    make_history(base, pairs=2500)
    specs = [p for p in (base / 'specs').glob('*/*/*.rst') if not p.name.endswith('template.rst')]
    specs += [p for p in (base / 'specs').glob('abandoned/*.rst') if p.name != 'index.rst']
    return Corpus(
        key=path.name,
        name=f'{path.name} with doc/recipes/nova_conf.py',
        base=base,
        source='doc/source',
        # openstackdocstheme takes the version from git tags by default, and
        # the status-change step (a commit-less rename) would change it and
        # so re-read every document on both sides.
        conf=RECIPE.read_text() + 'openstackdocs_auto_version = False\n',
        specs=len(specs),
        lines=sum(len(p.read_text(errors='replace').splitlines()) for p in specs),
        html_sides=REAL_HTML_SIDES,
        clean=False,
    )


def _side(side: str) -> tuple[str, int]:
    label, _, jobs = side.partition(' -j ')
    return label, int(jobs or 1)


def _checked(corpus: Corpus, result: Run, warnings: dict[str, int], side: str) -> Run:
    found = [line for line in result.stderr.splitlines() if 'WARNING' in line or 'ERROR' in line]
    if corpus.clean and result.stderr.strip():
        sys.exit(f'{corpus.name}, {side}: the build is not clean:\n{result.stderr[-3000:]}')
    warnings[side] = len(found)
    return result


def _summary(comparison: Comparison) -> dict[str, Any]:
    return {
        side: {
            'seconds': [round(r.seconds, 3) for r in runs],
            'cpu_seconds': [round(r.cpu_seconds, 3) for r in runs],
            'max_rss_mib': [round(r.max_rss_mib, 1) for r in runs],
        }
        for side, runs in comparison.runs.items()
    }


def full_builds(corpus: Corpus, sites: dict[str, Site], rounds: int) -> dict[str, Any]:
    warnings: dict[str, int] = {}
    results: dict[str, Any] = {}
    for builder, sides in (('html', corpus.html_sides), ('dummy', DUMMY_SIDES)):
        print(f'{corpus.name}: full {builder} builds', flush=True)

        def one(side: str, builder: str = builder) -> Run:
            label, jobs = _side(side)
            site = sites[label]
            # A fresh checkout has no generated index pages yet.
            shutil.rmtree(site.source / 'by', ignore_errors=True)
            out = site.out.with_name(f'{site.out.name}-{builder}-j{jobs}')
            result = sphinx_build(site.source, out, builder, jobs=jobs)
            return _checked(corpus, result, warnings, f'{builder} {side}')

        results[builder] = _summary(alternate(sides, one, rounds))
    results['warnings'] = warnings
    return results


def check_speed(corpus: Corpus, site: Site, rounds: int) -> dict[str, Any]:
    print(f'{corpus.name}: sphinx-specs check and bare docutils', flush=True)
    paths = spec_paths(site.source / 'conf.py')
    said: list[str] = []

    def one(side: str) -> Run:
        if side == 'docutils':
            wall, cpu = baseline(paths)
            return Run(seconds=wall, cpu_seconds=cpu)
        seconds, summary, cpu = command(site.root)
        said.append(summary)
        return Run(seconds=seconds, cpu_seconds=cpu)

    results = _summary(alternate(('docutils', 'check'), one, rounds))
    results['said'] = said[-1]
    results['files'] = len(paths.splitlines())
    return results


class _Changes:
    """The edits of the incremental builds, each undone by the next of its kind."""

    PARAGRAPH = '\nA paragraph the benchmark adds, and removes again on the next round.\n'

    def __init__(self, site: Site, spec: str) -> None:
        self.source = site.source
        release, _status, name = spec.split('/')[1:]
        self.release = release
        self.name = name
        self.edited = False
        self.moved = False

    def _path(self) -> Path:
        status = 'implemented' if self.moved else 'approved'
        return self.source / 'specs' / self.release / status / self.name

    def edit(self) -> None:
        path = self._path()
        text = path.read_text()
        path.write_text(text.replace(self.PARAGRAPH, '') if self.edited else text + self.PARAGRAPH)
        self.edited = not self.edited

    def move(self) -> None:
        old = self._path()
        redirects = self.source / 'specs' / self.release / 'redirects'
        line = f'approved/{self.name} ../implemented/{self.name}\n'
        lines = redirects.read_text() if redirects.exists() else ''
        self.moved = not self.moved
        new = self._path()
        new.parent.mkdir(exist_ok=True)
        old.rename(new)
        redirects.write_text(lines + line if self.moved else lines.replace(line, ''))


def _spec_to_change(site: Site) -> str:
    """An approved spec that no redirect names, with approved and implemented neighbours."""
    candidates = []
    for path in sorted(site.source.glob('specs/*/approved/*.rst')):
        release = path.parent.parent
        redirects = release / 'redirects'
        mentioned = redirects.exists() and path.name in redirects.read_text()
        # Hand-written glob toctrees must match something before and after.
        others = len(list(release.glob('approved/*.rst'))) > 1
        if others and any(release.glob('implemented/*.rst')) and not mentioned:
            candidates.append(path.relative_to(site.source).as_posix())
    if not candidates:
        sys.exit('no approved spec to edit and move')
    return candidates[len(candidates) // 2]


def incremental(corpus: Corpus, sites: dict[str, Site], rounds: int) -> dict[str, Any]:
    print(f'{corpus.name}: incremental html builds', flush=True)
    spec = _spec_to_change(sites['full'])
    changes = {side: _Changes(sites[side], spec) for side in INCREMENTAL_SIDES}
    warnings: dict[str, int] = {}
    read: dict[str, dict[str, str]] = {}
    for side in INCREMENTAL_SIDES:
        site = sites[side]
        shutil.rmtree(site.source / 'by', ignore_errors=True)
        _checked(corpus, sphinx_build(site.source, site.out), warnings, f'fresh {side}')
        # Settles anything a first rebuild does once (nothing, normally).
        sphinx_build(site.source, site.out, fresh=False)
    results: dict[str, Any] = {'spec': spec}
    for step in STEPS:

        def one(side: str, step: str = step) -> Run:
            if step == 'edit':
                changes[side].edit()
            elif step == 'status':
                changes[side].move()
            result = sphinx_build(sites[side].source, sites[side].out, fresh=False, quiet=False)
            counts = re.search(r'(\d+) added, (\d+) changed, (\d+) removed', result.stdout)
            read.setdefault(step, {})[side] = counts.group(0) if counts else 'nothing to read'
            return _checked(corpus, result, warnings, f'{step} {side}')

        results[step] = _summary(alternate(INCREMENTAL_SIDES, one, rounds))
    results['read'] = read
    results['warnings'] = warnings
    for change in changes.values():
        if change.moved:
            change.move()
        if change.edited:
            change.edit()
    return results


def scaling(
    workdir: Path, sizes: list[int], rounds: list[int], baseline_sizes: list[int]
) -> list[dict[str, Any]]:
    points = []
    for count, count_rounds in zip(sizes, rounds, strict=True):
        sides = DUMMY_SIDES if count in baseline_sizes else ('full',)
        corpus = synthetic(workdir, count, history=False)
        sites = {label: corpus.site(workdir, label) for label in sides}
        print(f'{corpus.name}: scaling, fresh dummy builds', flush=True)

        def one(side: str, corpus: Corpus = corpus, sites: dict[str, Site] = sites) -> Run:
            site = sites[side]
            result = sphinx_build(site.source, site.out, 'dummy')
            return _checked(corpus, result, {}, side)

        point = {'specs': count, 'lines': corpus.lines, 'rounds': count_rounds}
        point['sides'] = _summary(alternate(sides, one, count_rounds))
        points.append(point)
        for site in sites.values():
            shutil.rmtree(site.root)
            shutil.rmtree(site.out)
        shutil.rmtree(corpus.base)
    return points


def measure_corpus(
    corpus: Corpus, workdir: Path, sections: set[str], rounds: int, run: dict[str, Any]
) -> dict[str, Any]:
    started = time.perf_counter()
    labels = {_side(side)[0] for side in corpus.html_sides} | set(INCREMENTAL_SIDES)
    sites = {label: corpus.site(workdir, label) for label in CONFIGS if label in labels}
    results: dict[str, Any] = {
        **run,
        'name': corpus.name,
        'specs': corpus.specs,
        'lines': corpus.lines,
        'rounds': rounds,
        'machine': machine(),
    }
    if 'full' in sections:
        results['full'] = full_builds(corpus, sites, rounds)
    if 'check' in sections:
        results['check'] = check_speed(corpus, sites['full'], rounds)
    if 'incremental' in sections:
        results['incremental'] = incremental(corpus, sites, rounds)
    results['machine_after'] = machine()
    results['minutes'] = _minutes(started)
    return results


def _minutes(started: float) -> float:
    return round((time.perf_counter() - started) / 60, 1)


def _numbers(text: str) -> list[int]:
    return [int(value) for value in text.split(',') if value]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--specs', type=int, default=300, help='0: no synthetic repository')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--scaling', type=_numbers, default=[100, 1000, 5000])
    parser.add_argument('--scaling-rounds', type=_numbers, default=[3, 2, 1])
    parser.add_argument(
        '--scaling-baseline',
        type=_numbers,
        default=[100, 1000],
        help='the sizes also built without the extension',
    )
    parser.add_argument('--corpus', type=Path)
    parser.add_argument('--corpus-rounds', type=int, default=2)
    parser.add_argument('--sections', default='full,check,incremental,scaling')
    parser.add_argument(
        '--html-sides',
        type=lambda text: tuple(text.split(',')),
        help=f'the full html builds to compare (default: {",".join(HTML_SIDES)})',
    )
    parser.add_argument('--workdir', type=Path)
    parser.add_argument('--docs', action='store_true', help='update doc/performance/')
    args = parser.parse_args()
    sections = set(args.sections.split(','))
    if len(args.scaling) != len(args.scaling_rounds):
        parser.error('give --scaling-rounds one count per --scaling size')
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-suite-'))
    workdir.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    run = {
        'command': shlex.join(['python', os.path.relpath(__file__, ROOT), *sys.argv[1:]]),
        'started': started.isoformat(timespec='seconds'),
    }
    results: dict[str, Any] = {'corpora': {}}
    print(f'work directory {workdir}; machine {machine()}', flush=True)
    compile_extension()
    if args.specs:
        corpus = synthetic(workdir, args.specs)
        corpus.html_sides = args.html_sides or corpus.html_sides
        results['corpora']['synthetic'] = measure_corpus(
            corpus, workdir, sections, args.rounds, run
        )
    if args.corpus:
        corpus = real(workdir, args.corpus.resolve())
        corpus.html_sides = args.html_sides or corpus.html_sides
        results['corpora']['real'] = measure_corpus(
            corpus, workdir, sections, args.corpus_rounds, run
        )
    if 'scaling' in sections:
        scaling_started = time.perf_counter()
        results['scaling'] = {**run, 'builder': 'dummy', 'machine': machine()}
        results['scaling']['points'] = scaling(
            workdir, args.scaling, args.scaling_rounds, args.scaling_baseline
        )
        results['scaling']['machine_after'] = machine()
        results['scaling']['minutes'] = _minutes(scaling_started)
    minutes = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds() / 60
    print(f'{minutes:.1f} minutes in all', flush=True)
    (workdir / 'results.json').write_text(json.dumps(results, indent=1) + '\n')
    if args.docs:
        results = _merge(DOCS / 'results.json', results)
    print(render(results, DOCS if args.docs else None))
    return 0


def _merge(path: Path, results: dict[str, Any]) -> dict[str, Any]:
    """The results at ``path`` with the parts this run measured replaced; saved."""
    merged: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {'corpora': {}}
    merged['corpora'].update(results['corpora'])
    if 'scaling' in results:
        merged['scaling'] = results['scaling']
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, indent=1) + '\n')
    return merged


if __name__ == '__main__':
    sys.exit(main())
