"""What references to specs cost: resolving a site's, and reading another site's.

Usage::

    python tests/benchmarks/references.py PATH/TO/nova-specs [--refs 2000]
        [--external 5000] [--rounds 3] [--repeat 7] [--workdir DIR] [--no-builds]

On a copy of the corpus, with ``doc/recipes/nova_conf.py``, one page
(``references.rst``) cites ``--refs`` specs, picked with a fixed seed in
three forms (a name no other spec has, ``release/name``, the document
name), none of which is ambiguous:

``whole builds``
    fresh ``html`` builds in subprocesses, the page holding the targets as
    ``:spec:`` references on one side and as literals on the other, in
    alternating rounds: the difference is what the references cost, from
    the role to the written links and ``objects.inv``; then one rebuild
    with nothing changed on each side.
``phases``
    in one process, on the environment of the references build, the best
    of ``--repeat`` runs of each step: working out the names of every spec
    (redirects included), resolving every target, the digests that decide
    which pages to write again, and the inventory's entries.
``another site``
    a ``specs.json`` of ``--external`` specs (the corpus's own, repeated
    under other names), read as ``specs_external`` does: from a file, over
    HTTP from a server on 127.0.0.1 with nothing kept, and over HTTP when
    the kept copy is current (``304 Not Modified``).

Seconds on this machine, in one run; read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sys
import tempfile
import threading
import timeit
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import materialize
from measure import alternate, compile_extension, sphinx_build

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / 'doc' / 'recipes' / 'nova_conf.py'


def _best(function: Callable[[], object], repeat: int) -> float:
    return min(timeit.repeat(function, number=1, repeat=repeat))


def targets(base: Path, count: int) -> list[str]:
    """``count`` targets naming specs of the corpus alone, in three forms."""
    docnames = sorted(
        str(p.relative_to(base).with_suffix(''))
        for p in (base / 'specs').glob('*/*/*.rst')
        if not p.name.endswith('template.rst')
    )
    names: dict[str, int] = {}
    in_release: dict[tuple[str, str], int] = {}
    for docname in docnames:
        _specs, release, _status, name = docname.split('/')
        names[name] = names.get(name, 0) + 1
        in_release[release, name] = in_release.get((release, name), 0) + 1
    rng = random.Random(0)
    chosen = []
    for index in range(count):
        docname = rng.choice(docnames)
        _specs, release, _status, name = docname.split('/')
        if index % 3 == 0 and names[name] == 1:
            chosen.append(name)
        elif index % 3 != 2 and in_release[release, name] == 1:
            chosen.append(f'{release}/{name}')
        else:
            chosen.append(docname)
    return chosen


def prepare(corpus: Path, workdir: Path, cited: list[str], side: str) -> Path:
    """A copy of the corpus whose ``references.rst`` cites ``cited`` (or shows them)."""
    root = workdir / f'nova-{side}'
    if not root.exists():
        materialize(corpus, root)
    source = root / 'doc' / 'source'
    (source / 'conf.py').write_text(RECIPE.read_text() + 'openstackdocs_auto_version = False\n')
    shown = (f':spec:`{t}`' if side == 'references' else f'``{t}``' for t in cited)
    lines = [':orphan:', '', 'References', '==========', '']
    lines += [f'* {item}' for item in shown]
    (source / 'references.rst').write_text('\n'.join(lines) + '\n')
    return source


def builds(corpus: Path, workdir: Path, cited: list[str], rounds: int) -> dict[str, Any]:
    sources = {side: prepare(corpus, workdir, cited, side) for side in ('literals', 'references')}
    outs = {side: workdir / 'out' / side for side in sources}

    def measure(side: str) -> Any:
        result = sphinx_build(sources[side], outs[side])
        if 'specs.ref' in result.stderr:
            sys.exit(f'a reference names no spec:\n{result.stderr[-2000:]}')
        return result

    print(f'whole builds, {len(cited)} targets')
    comparison = alternate(sources, measure, rounds)
    rebuilds = {side: sphinx_build(sources[side], outs[side], fresh=False) for side in sources}
    for side, result in rebuilds.items():
        print(f'  rebuild, nothing changed: {side:12} {result.seconds:8.2f} s')
    return {
        'literals': comparison.median('literals'),
        'references': comparison.median('references'),
        'ratio': comparison.round_ratio('references', 'literals'),
        'rebuild literals': rebuilds['literals'].seconds,
        'rebuild references': rebuilds['references'].seconds,
        'source': str(sources['references']),
        'out': str(outs['references']),
    }


def _many(export: dict[str, Any], count: int) -> dict[str, Any]:
    """``export`` with its specs repeated, under new names, up to ``count``."""
    specs = []
    copy = 0
    while len(specs) < count:
        for original in export['specs']:
            if len(specs) == count:
                break
            spec = dict(original)
            if copy:
                spec['docname'] = f'{spec["docname"]}-{copy}'
                spec['url'] = spec['url'].replace('.html', f'-{copy}.html')
                spec['metadata'] = {**spec['metadata'], 'name': spec['docname'].rsplit('/')[-1]}
            specs.append(spec)
        copy += 1
    return {**export, 'specs': specs}


class _Quiet(BaseHTTPRequestHandler):
    body = b''

    def do_GET(self) -> None:
        if self.headers.get('If-None-Match') == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header('Content-Length', str(len(self.body)))
        self.send_header('ETag', '"v1"')
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def phases(
    source: Path, out: Path, cited: list[str], external: int, repeat: int
) -> dict[str, Any]:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from sphinxcontrib_specs.adapter.citing import _reference_digests
    from sphinxcontrib_specs.adapter.domain import get_domain
    from sphinxcontrib_specs.adapter.external import load_source
    from sphinxcontrib_specs.config.references import ExternalSource

    doctrees = out / '.doctrees'
    times: dict[str, Any] = {}
    with patch_docutils(str(source)), docutils_namespace():
        app = Sphinx(
            str(source), str(source), str(out), str(doctrees), 'html',
            status=io.StringIO(), warning=io.StringIO(),
        )  # fmt: skip
        env = app.env
        domain = get_domain(env)
        citations = domain.citations
        settings = domain.settings

        def names() -> object:
            citations.refresh()
            return citations.names

        table = citations.names
        times['specs'] = len(table)
        times['moved'] = len(table.moved)
        times['names of every spec'] = _best(names, repeat)
        times['resolving every target'] = _best(lambda: [table.resolve(t) for t in cited], repeat)
        times['digests of the pages'] = _best(lambda: _reference_digests(domain), repeat)
        times['inventory entries'] = _best(
            lambda: [table.citations(spec) for spec in table.specs.values()], repeat
        )

        export = json.loads((out / 'specs.json').read_text())
        with tempfile.TemporaryDirectory() as scratch:
            big = Path(scratch) / 'specs.json'
            big.write_text(json.dumps(_many(export, external), indent=1, sort_keys=True))
            times['external specs'] = external
            times['external size MiB'] = big.stat().st_size / 2**20
            from_file = ExternalSource('big', str(big))
            times['read from a file'] = _best(
                lambda: load_source(from_file, settings, scratch, scratch), repeat
            )
            _Quiet.body = big.read_bytes()
            server = ThreadingHTTPServer(('127.0.0.1', 0), _Quiet)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            url = ExternalSource('big', f'http://127.0.0.1:{server.server_address[1]}/specs.json')
            kept = Path(scratch) / 'kept'

            def fetch() -> None:
                shutil.rmtree(kept, ignore_errors=True)
                load_source(url, settings, scratch, str(kept))

            times['fetched over HTTP'] = _best(fetch, repeat)
            fetch()
            times['over HTTP, kept copy current'] = _best(
                lambda: load_source(url, settings, scratch, str(kept)), repeat
            )
            server.shutdown()
            server.server_close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('corpus', type=Path, help='a nova-specs checkout or snapshot')
    parser.add_argument('--refs', type=int, default=2000)
    parser.add_argument('--external', type=int, default=5000)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--repeat', type=int, default=7)
    parser.add_argument('--workdir', type=Path)
    parser.add_argument(
        '--no-builds',
        action='store_true',
        help='skip the whole builds: one build for the phases only',
    )
    args = parser.parse_args()
    compile_extension()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-references-'))
    base = workdir / 'corpus'
    if not base.exists():
        materialize(args.corpus, base)
    cited = targets(base, args.refs)
    if args.no_builds:
        source = prepare(args.corpus, workdir, cited, 'references')
        out = workdir / 'out' / 'references'
        sphinx_build(source, out)
        results: dict[str, Any] = {'source': str(source), 'out': str(out)}
    else:
        results = builds(args.corpus, workdir, cited, args.rounds)
    results.update(
        phases(Path(results['source']), Path(results['out']), cited, args.external, args.repeat)
    )
    print(f'phases, best of {args.repeat}')
    for key, value in results.items():
        if isinstance(value, float):
            print(f'  {key:32} {value:10.4f}')
        elif isinstance(value, int):
            print(f'  {key:32} {value:10d}')
    (workdir / 'references.json').write_text(json.dumps(results, indent=1))
    print(f'results in {workdir / "references.json"}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
