"""What each phase of the extension costs, timed in one process.

Usage::

    python tests/benchmarks/phases.py [PATH/TO/nova-specs | --specs 300]
        [--repeat 7] [--workdir DIR]

Whole builds measure what users wait for, but on a busy 2-core machine
their noise (a few percent between rounds) is as large as the parts of the
extension worth fixing.  This script builds the corpus once (html, with
every part of the extension; a real corpus with ``doc/recipes/nova_conf.py``
and a synthetic history of 5,001 commits, as the suite does), then loads
that build's environment in this process and times each phase on its own,
the best of ``--repeat`` runs (noise only ever adds):

``header scan, fresh``
    finding every spec's release, status and project for the generated
    pages, before Sphinx reads anything, with nothing known yet (a full
    build);
``header scan, rebuild``
    the same with every file unchanged since the last build (every
    rebuild);
``checks``
    checking every spec against its template and the text rules, from the
    doctrees the build saved (what the ``doctree-read`` handler does, less
    storing the record);
``file rules``
    listing the spec directories and judging what they hold (every build);
``publishing, rebuild``
    writing the redirect pages, ``specs.json`` and the feed when they are
    there already and the feed's git dates are cached (every rebuild);
``publishing, new commit``
    the same after the commit checked out changed (the feed's dates are
    read from ``git log`` again).

To compare two versions, run it from each checkout (or with
``PYTHONPATH`` pointing at the other one) on the same corpus.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import compile_extension, sphinx_build
from suite import Corpus, real, synthetic


def _best(function: Callable[[], object], repeat: int) -> float:
    return min(timeit.repeat(function, number=1, repeat=repeat))


def measure(corpus: Corpus, workdir: Path, repeat: int) -> dict[str, float]:
    """Seconds of each phase on ``corpus``, built once in ``workdir``."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    try:
        from sphinxcontrib_specs.adapter.domain import get_domain
        from sphinxcontrib_specs.adapter.indexes.scan import scan_sources
        from sphinxcontrib_specs.adapter.publish import write_outputs
        from sphinxcontrib_specs.checking.document import check_spec
    except ImportError:  # the flat layout of versions before 0.2, to compare with
        from sphinxcontrib_specs.check import check_spec  # type: ignore[no-redef]
        from sphinxcontrib_specs.domain import get_domain  # type: ignore[no-redef]
        from sphinxcontrib_specs.indexes import scan_sources  # type: ignore[no-redef]
        from sphinxcontrib_specs.publish import write_outputs  # type: ignore[no-redef]
    try:
        from sphinxcontrib_specs.adapter.events import tree_findings as file_rules
    except ImportError:  # versions that reported the file rules' findings by themselves
        try:
            from sphinxcontrib_specs.adapter.events import (  # type: ignore[attr-defined,no-redef]
                report_tree as file_rules,
            )
        except ImportError:
            from sphinxcontrib_specs.tree_check import (  # type: ignore[no-redef]
                report_tree as file_rules,
            )

    site = corpus.site(workdir, 'full')
    sphinx_build(site.source, site.out)
    source, out = str(site.source), str(site.out)
    doctrees = os.path.join(out, '.doctrees')
    with patch_docutils(source), docutils_namespace():
        app = Sphinx(
            source, source, out, doctrees, 'html', status=io.StringIO(), warning=io.StringIO()
        )
        env = app.env
        domain = get_domain(env)
        settings = domain.settings
        specs = sorted(domain.specs)
        trees = {docname: env.get_doctree(docname) for docname in specs}
        paths = {docname: str(env.doc2path(docname)) for docname in specs}
        sources = {docname: Path(paths[docname]).read_bytes() for docname in specs}

        def fresh_scan() -> None:
            domain.data['scanned'] = {}
            scan_sources(app)

        def checks() -> None:
            for docname in specs:
                check_spec(
                    settings,
                    docname,
                    trees[docname],
                    path=os.path.relpath(paths[docname], source).replace(os.sep, '/'),
                    source=sources[docname],
                    docinfo=env.metadata[docname],
                    load_template=domain.template,
                )

        # Versions before the cache of git dates read the history every time.
        cache = os.path.join(doctrees, 'sphinx-specs-gitdates.json')

        def new_commit() -> None:
            if os.path.exists(cache):
                os.remove(cache)
            write_outputs(app, None)

        scan_sources(app)
        write_outputs(app, None)
        times = {
            'header scan, fresh': _best(fresh_scan, repeat),
            'header scan, rebuild': _best(lambda: scan_sources(app), repeat),
            'checks': _best(checks, repeat),
            'file rules': _best(lambda: file_rules(app, env), repeat),
        }
        write_outputs(app, None)
        times['publishing, rebuild'] = _best(lambda: write_outputs(app, None), repeat)
        times['publishing, new commit'] = _best(new_commit, repeat)
    print(f'{corpus.name}: {corpus.specs} specs, best of {repeat}')
    for phase, seconds in times.items():
        print(f'  {phase:24} {seconds * 1000:8.1f} ms')
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path, nargs='?', help='a nova-specs checkout or snapshot')
    parser.add_argument('--specs', type=int, default=300, help='without a corpus: synthetic size')
    parser.add_argument('--repeat', type=int, default=7)
    parser.add_argument('--workdir', type=Path)
    args = parser.parse_args()
    compile_extension()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-phases-'))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.corpus:
        corpus = real(workdir, args.corpus.resolve())
    else:
        corpus = synthetic(workdir, args.specs)
    measure(corpus, workdir, args.repeat)
    return 0


if __name__ == '__main__':
    sys.exit(main())
