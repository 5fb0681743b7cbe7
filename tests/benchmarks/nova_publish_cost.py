"""What publishing (redirects, specs.json, the feed) adds to a full build.

Usage::

    python tests/benchmarks/nova_publish_cost.py PATH/TO/nova-specs [--rounds 3]
        [--pairs 2500] [-j 1]

Copies the corpus, gives it a synthetic git history of ``1 + 2 * pairs``
commits (nova-specs has a few thousand; see ``history.py``) so the feed's
one ``git log`` pass walks a realistic history, then builds it with the html
builder and ``doc/recipes/nova_conf.py`` twice per round, alternating:

* ``without``: the recipe with the three features switched off;
* ``with``: the recipe as it is (redirects files, ``specs.json``, the feed).

Both load the same extensions, so the difference is the features' work.
Reports each build, the median of each and their ratio; then, since the
difference is close to the noise of a loaded machine, the time of the
``git log`` pass alone and of the whole publishing step alone (run again
on the finished build).  Wall-clock seconds of a fresh ``sphinx-build -E``
in a subprocess, on this machine, in one run.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import materialize
from history import make_history
from measure import compile_extension, conf_dir, sphinx_build

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / 'doc' / 'recipes' / 'nova_conf.py'
DISABLE = '\nspecs_redirect_files = False\nspecs_json = False\nspecs_feed = False\n'


def git_pass(source: Path) -> float:
    """Seconds for the feed's date lookup over every spec, alone."""
    from sphinxcontrib_specs.core.gitdates import last_changed

    files = [str(p) for p in source.glob('specs/*/*/*.rst')]
    started = time.perf_counter()
    dates = last_changed(files, str(source))
    elapsed = time.perf_counter() - started
    print(f'git pass: {len(dates)} of {len(files)} files dated in {elapsed:.2f} s')
    return elapsed


def publishing_step(source: Path, confdir: Path, out: Path) -> float:
    """Seconds of the build-finished step alone, on the finished ``with`` build.

    Loads the saved environment into an application (nothing is read
    again), removes what publishing wrote, and times writing it anew, as at
    the end of a fresh build.
    """
    from sphinx.application import Sphinx

    from sphinxcontrib_specs.adapter.publish import write_outputs

    for page in out.rglob('*.html'):
        if b'<meta http-equiv="refresh"' in page.read_bytes()[:400]:
            page.unlink()
    for name in ('specs.json', 'specs.atom'):
        (out / name).unlink()
    app = Sphinx(
        str(source),
        str(confdir),
        str(out),
        str(out / '.doctrees'),
        'html',
        status=None,
        warning=io.StringIO(),
    )
    started = time.perf_counter()
    write_outputs(app, None)
    elapsed = time.perf_counter() - started
    refresh = sum(b'http-equiv="refresh"' in p.read_bytes()[:400] for p in out.rglob('*.html'))
    print(f'publishing step alone: {elapsed:.2f} s ({refresh} refresh pages, JSON, feed)')
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--pairs', type=int, default=2500)
    parser.add_argument('-j', '--jobs', type=int, default=1)
    parser.add_argument('--workdir', type=Path)
    args = parser.parse_args()
    compile_extension()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-publish-bench-'))
    tree = workdir / 'nova-specs'
    materialize(args.corpus, tree)
    make_history(tree, pairs=args.pairs)
    source = tree / 'doc' / 'source'
    recipe = RECIPE.read_text()
    confs = {'without': recipe + DISABLE, 'with': recipe}
    for label, text in confs.items():
        conf_dir(workdir / f'conf-{label}', text, source)
    git_pass(source)
    times: dict[str, list[float]] = {label: [] for label in confs}
    for round_ in range(args.rounds):
        for label in confs:
            elapsed = sphinx_build(
                source,
                workdir / f'out-{label}',
                jobs=args.jobs,
                confdir=workdir / f'conf-{label}',
            ).seconds
            times[label].append(elapsed)
            print(f'round {round_ + 1}: {label:7} publishing {elapsed:7.2f} s', flush=True)
    published = workdir / 'out-with'
    print(
        f'with publishing: {len(list(published.rglob("*.html")))} html files, '
        f'specs.json {(published / "specs.json").stat().st_size} bytes, '
        f'specs.atom {(published / "specs.atom").stat().st_size} bytes; without: '
        f'{len(list((workdir / "out-without").rglob("*.html")))} html files'
    )
    base = statistics.median(times['without'])
    ext = statistics.median(times['with'])
    print(
        f'median without: {base:.2f} s; with: {ext:.2f} s; '
        f'ratio {ext / base:.3f} ({(ext / base - 1) * 100:+.1f} %)'
    )
    # Each round's two builds ran back to back, under much the same load.
    paired = statistics.median(
        w / wo for w, wo in zip(times['with'], times['without'], strict=True)
    )
    print(f"median of the rounds' ratios: {paired:.3f} ({(paired - 1) * 100:+.1f} %)")
    step = publishing_step(source, workdir / 'conf-with', published)
    print(f'publishing step / median build without: {step / base * 100:.2f} %')
    return 0


if __name__ == '__main__':
    sys.exit(main())
