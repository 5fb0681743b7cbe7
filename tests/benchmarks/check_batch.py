"""Why the build checks its specs when reading is over: the checks, one
after the other, against the same checks with Sphinx's work between them.

Usage::

    python tests/benchmarks/check_batch.py SOURCE OUTPUT [--rounds 2]

``SOURCE`` is a site's source (and configuration) directory and
``OUTPUT`` the html output directory of a finished build of it, whose
environment and doctrees are loaded.  Every spec's doctree is then
handed to the extension's ``doctree-read`` handler and checked at once
(the handler with checks not deferred), in two ways: the specs one after
the other, and with three doctrees unpickled before each spec (what
Sphinx's own work does to the processor's caches between two specs in a
build).  Only the handler's CPU time is counted, with the garbage
collector off.
"""

from __future__ import annotations

import argparse
import gc
import io
import pickle
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('source', type=Path)
    parser.add_argument('output', type=Path)
    parser.add_argument('--rounds', type=int, default=2)
    args = parser.parse_args()
    from sphinx.application import Sphinx

    from sphinxcontrib_specs.adapter import doctree_read
    from sphinxcontrib_specs.adapter.domain import get_domain

    doctrees = args.output / '.doctrees'
    app = Sphinx(
        args.source, args.source, args.output, doctrees, 'html',
        status=None, warning=io.StringIO(), freshenv=False,
    )  # fmt: skip
    env = app.env
    domain = get_domain(env)
    docnames = sorted(d for d in env.found_docs if domain.settings.classify(d) is not None)
    trees = {d: env.get_doctree(d) for d in docnames}
    raw = {d: (doctrees / f'{d}.doctree').read_bytes() for d in docnames}

    def check_all(between: bool) -> float:
        spent = 0.0
        for docname in docnames:
            if between:
                for _ in range(3):
                    pickle.loads(raw[docname])
            env.prepare_settings(docname)
            domain.defer_checks = False
            started = time.process_time()
            doctree_read(app, trees[docname])
            spent += time.process_time() - started
        return spent

    gc.disable()
    check_all(between=False)
    print(f'{len(docnames)} specs, CPU ms of the checks:')
    for _ in range(args.rounds):
        alone, between = check_all(between=False), check_all(between=True)
        print(f'  one after the other {alone * 1000:.1f}, doctrees between {between * 1000:.1f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
