"""What the generated index pages cost under furo, against hand-written pages.

Usage::

    python tests/benchmarks/furo_navigation.py [--specs 150,300] [--rounds 3]
        [--sides generated,hand-written,release-pages,collapsed] [--workdir DIR]

furo puts the whole navigation tree in every page, so the time it takes to
write a page grows with the number of documents in the tree, and a build
with the number of documents squared.  For each ``--specs`` size, this
writes a synthetic repository (``synthetic.py``) and builds it under furo,
with the extension checking every spec and adding its metadata box on every
side, in these arrangements of the index pages:

``generated``
    the site index: one ``.. spec-index::`` on the root page, and the
    release, status and project pages the extension writes;
``hand-written``
    the same pages written by hand (``specs_index_dir = None``): a root
    page with the same captioned toctrees, a page per release with a
    toctree per status, a page per status and per project listing its
    specs as links;
``release-pages``
    what a repository without the extension keeps: a page per release
    with a glob toctree per status, and nothing else;
``collapsed``
    ``generated``, with the navigation collapsed to the current page's
    branch (:data:`COLLAPSED_NAVIGATION`, the recipe of
    ``doc/performance.rst``).

First, one build of each side counts the navigation's work: the nodes
Sphinx copies to resolve the navigation of every page, and the size of
the navigation furo writes.  The counts are the same on every run, however
busy the machine.  Then come the timed builds (``--rounds 0`` skips
them), each a fresh ``sphinx-build`` in a subprocess; the sides alternate,
their order reversed every other round.  The report gives each side's
pages and counts, the median of its times and CPU times, and its ratios
against ``hand-written``: of the counts, and the median of the rounds'
ratios.  It never asserts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Run, alternate, compile_extension, machine, run, sphinx_build
from synthetic import CONF, RELEASES, SyntheticSpec, generate, write_manual_index

from sphinxcontrib_specs.core.releases import ReleaseTable

SIDES = ('generated', 'hand-written', 'release-pages', 'collapsed')
BASELINE = 'hand-written'

#: Every side: furo, and no publishing (nothing to do with navigation).
FURO = """\
html_theme = 'furo'
specs_feed = False
specs_json = False
specs_redirect_files = False
"""

#: The recipe of doc/performance.rst: furo asks for the whole tree on every
#: page (``collapse=False``); collapsed, a page's navigation holds the root
#: page's entries and the branch that leads to the page.
COLLAPSED_NAVIGATION = """\
def _collapsed_navigation(app, pagename, templatename, context, doctree):
    toctree = context.get('toctree')
    if toctree is not None:
        context['toctree'] = lambda **options: toctree(**{**options, 'collapse': True})


def setup(app):
    # Before furo's own handler (priority 500) builds the navigation.
    app.connect('html-page-context', _collapsed_navigation, priority=400)
"""


def _heading(title: str, underline: str, over: bool = False) -> list[str]:
    line = underline * len(title)
    return [*([line] if over else []), title, line, '']


def _toctree(entries: list[str], caption: str = '') -> list[str]:
    options = [f'   :caption: {caption}'] if caption else []
    return ['.. toctree::', *options, '   :maxdepth: 1', '', *(f'   {e}' for e in entries), '']


def _links(specs: list[SyntheticSpec]) -> list[str]:
    return [*(f'* :doc:`/{s.path[: -len(".rst")]}`' for s in specs), '']


def write_hand_written_index(target: Path, specs: list[SyntheticSpec]) -> None:
    """The generated pages' equivalent, written by hand into ``target/pages``.

    A toctree holds each spec once (its release's page), as on the
    generated pages; the status and project pages link their specs.
    """
    labels = ReleaseTable({})
    releases = [r for r in reversed(RELEASES) if any(s.release == r for s in specs)]
    statuses = sorted({s.status for s in specs})
    projects = sorted({s.project for s in specs})
    pages = target / 'pages'
    for kind in ('release', 'status', 'project'):
        (pages / kind).mkdir(parents=True, exist_ok=True)
    by_release: dict[str, list[SyntheticSpec]] = defaultdict(list)
    for spec in sorted(specs, key=lambda s: s.name):
        by_release[spec.release].append(spec)
    for release in releases:
        page = _heading(f'{labels.parse(release).label} specifications', '=', over=True)
        for status in statuses:
            chosen = [s for s in by_release[release] if s.status == status]
            if chosen:
                page += _heading(status.capitalize(), '-')
                page += _toctree([f'/{s.path[: -len(".rst")]}' for s in chosen])
        (pages / 'release' / f'{release}.rst').write_text('\n'.join(page))
    for field, values in (('status', statuses), ('project', projects)):
        for value in values:
            title = value.capitalize() if field == 'status' else value
            page = _heading(f'{title} specifications', '=', over=True)
            for release in releases:
                chosen = [s for s in by_release[release] if getattr(s, field) == value]
                if chosen:
                    page += _heading(labels.parse(release).label, '-')
                    page += _links(chosen)
            (pages / field / f'{value}.rst').write_text('\n'.join(page))
    root = _heading('Synthetic Specs', '=', over=True)
    root += _toctree([f'pages/release/{r}' for r in releases], 'Releases')
    root += _toctree([f'pages/status/{s}' for s in statuses], 'Statuses')
    root += _toctree([f'pages/project/{p}' for p in projects], 'Projects')
    root += _toctree(['specs/template'], 'Templates')
    (target / 'index.rst').write_text('\n'.join(root))


def prepare(workdir: Path, count: int) -> dict[str, Path]:
    """One source directory per side, ``count`` specs each."""
    sources = {}
    for side in SIDES:
        source = workdir / f'{count}-{side}'
        specs = generate(source, count)
        conf = CONF + FURO
        if side == 'hand-written':
            write_hand_written_index(source, specs)
            conf += 'specs_index_dir = None\n'
        elif side == 'release-pages':
            write_manual_index(source, specs)
            conf += 'specs_index_dir = None\n'
        elif side == 'collapsed':
            conf += COLLAPSED_NAVIGATION
        (source / 'conf.py').write_text(conf)
        sources[side] = source
    return sources


def counted_build(source: Path, out: Path) -> int:
    """Build ``source`` in this process, counting the navigation's work.

    Sphinx resolves the navigation of every page by copying the table of
    contents of every document in it (``_toctree_copy_seq``, called once
    per node); furo then parses the result again.  The number of calls and
    the size of the navigation written are the same on every run, however
    busy the machine: they compare sides exactly where times cannot.
    Prints them as JSON on the last line.
    """
    import furo
    from sphinx.cmd.build import main as sphinx_main
    from sphinx.environment.adapters import toctree

    counts = {'toctree_copies': 0, 'navigation_bytes': 0, 'navigations': 0}
    # Private functions of Sphinx 7.4-9 and furo 2024-2025, wrapped to count.
    copy_seq = toctree._toctree_copy_seq  # noqa: SLF001

    def counting_copy_seq(*args: Any, **kwargs: Any) -> Any:
        counts['toctree_copies'] += 1
        return copy_seq(*args, **kwargs)

    compute = furo._compute_navigation_tree  # noqa: SLF001

    def counting_compute(context: dict[str, Any]) -> str:
        navigation = compute(context)
        counts['navigations'] += 1
        counts['navigation_bytes'] += len(navigation)
        return navigation

    toctree._toctree_copy_seq = counting_copy_seq  # noqa: SLF001
    furo._compute_navigation_tree = counting_compute  # noqa: SLF001
    status = sphinx_main(['-q', '-b', 'html', str(source), str(out)])
    print(json.dumps(counts))
    return status


def count_work(source: Path, out: Path) -> dict[str, int]:
    shutil.rmtree(out, ignore_errors=True)
    result = run([sys.executable, __file__, '--counted-build', str(source), str(out)])
    if result.returncode:
        sys.exit(f'the counted build of {source} failed:\n{result.stderr[-3000:]}')
    return json.loads(result.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--specs', default='150,300', help='sizes, comma-separated')
    parser.add_argument('--rounds', type=int, default=3, help='0: count the work only')
    parser.add_argument('--sides', default=','.join(SIDES))
    parser.add_argument('--workdir', type=Path)
    parser.add_argument('--counted-build', nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.counted_build:
        return counted_build(*args.counted_build)
    sides = args.sides.split(',')
    if BASELINE not in sides or not set(sides) <= set(SIDES):
        parser.error(f'--sides: some of {", ".join(SIDES)}, with {BASELINE}')
    compile_extension()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-furo-'))
    print(f'machine: {machine()}; work directory {workdir}')
    results: dict[str, object] = {}
    for count in (int(size) for size in args.specs.split(',')):
        sources = prepare(workdir, count)
        print(f'{count} specs:')
        summary: dict[str, dict[str, Any]] = {}
        for side in sides:
            summary[side] = count_work(sources[side], workdir / 'out' / f'{count}-{side}')
        if args.rounds:

            def one(side: str, count: int = count, sources: dict[str, Path] = sources) -> Run:
                result = sphinx_build(sources[side], workdir / 'out' / f'{count}-{side}')
                if 'WARNING' in result.stderr:
                    sys.exit(f'the {side} build of {count} specs warned:\n{result.stderr[-3000:]}')
                return result

            runs = alternate(sides, one, args.rounds)
            for side in sides:
                summary[side].update(
                    seconds=runs.median(side),
                    cpu_seconds=runs.median(side, 'cpu_seconds'),
                    ratio=runs.round_ratio(side, BASELINE),
                    cpu_ratio=runs.round_ratio(side, BASELINE, 'cpu_seconds'),
                )
        base = summary[BASELINE]
        for side in sides:
            row = summary[side]
            timed = (
                f'  median {row["seconds"]:7.2f} s (cpu {row["cpu_seconds"]:7.2f} s), '
                f'against {BASELINE} {row["ratio"]:.3f} (cpu {row["cpu_ratio"]:.3f})'
                if 'seconds' in row
                else ''
            )
            print(
                f'  {side:14} {row["navigations"]:5} pages, '
                f'{row["toctree_copies"]:10,} toctree copies '
                f'({row["toctree_copies"] / base["toctree_copies"]:.3f}), '
                f'{row["navigation_bytes"] / 2**20:6.1f} MiB of navigation '
                f'({row["navigation_bytes"] / base["navigation_bytes"]:.3f}){timed}'
            )
        results[str(count)] = summary
    (workdir / 'furo_navigation.json').write_text(json.dumps(results, indent=2) + '\n')
    print(f'results: {workdir / "furo_navigation.json"}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
