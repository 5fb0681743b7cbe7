"""Keeping index pages right on incremental builds, and untouched when nothing changed.

An index page is read again when what was worked out as it was read (its
groups, the order of its specs, its toctrees: its plan) would now differ,
and written again when what it shows changed since the page in the output
directory was written: its digest (the specs each of its ``spec-index``
directives shows, and their plans) differs from the one kept for that
page.  The kept digests are saved when a build has written
its pages (``build-finished``), into a file of the doctree directory, not
into the environment: Sphinx saves the environment once reading is over,
before writing, so a build killed while writing would leave it saying that
pages are written which are not.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.indexes.directive import Query, plan_for
from sphinxcontrib_specs.adapter.indexes.render import _entries
from sphinxcontrib_specs.adapter.indexes.templates import places_of, stale_template_titles
from sphinxcontrib_specs.core.files import remove_temporaries, write_if_changed
from sphinxcontrib_specs.core.grouping import IndexEntry
from sphinxcontrib_specs.core.records import digest

#: In the doctree directory: output directory -> index page -> the digest
#: of what the page, as last written there, shows.
WRITTEN_DIGESTS = 'specs-index-pages.json'

# ---------------------------------------------------------------------------
# Incremental builds


def _digest(query: Query, entries: list[IndexEntry]) -> str:
    shown = sorted(query.matching(entries), key=lambda e: e.docname)
    return digest(shown)


def _page_digest(noted: list[tuple[Any, Any]], entries: list[IndexEntry]) -> str:
    # The plans too: a page read again for its toctrees alone must be
    # written again after a build that read it but was killed before
    # writing it.
    parts = (_digest(query, entries) + repr(plan) for query, plan in noted)
    return hashlib.sha256(''.join(parts).encode()).hexdigest()


def outdated_indexes(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read the index pages whose plans would change, and the templates
    whose title in the navigation would."""
    domain = get_domain(env)
    # Plans come from the specs' scan, from which documents exist and from
    # other sites' specs: worked out again on every build (0.1 s for
    # nova-specs' 813 specs and 60 index pages) rather than tracked.
    places = places_of(env)
    stale = [
        docname
        for docname, noted in domain.index_docs.items()
        if docname not in removed
        and any(plan_for(query, env, docname, places) != plan for query, plan in noted)
    ]
    stale.extend(stale_template_titles(env, places))
    return sorted(set(stale) - added - changed)


def load_written(app: Sphinx, name: str = WRITTEN_DIGESTS) -> dict[str, dict[str, str]]:
    """The kept digests of every output directory, from the file ``name`` in
    the doctree directory; none if the file is unusable."""
    try:
        with open(os.path.join(str(app.doctreedir), name), 'rb') as stream:
            kept = json.load(stream)
    except (OSError, ValueError):
        return {}
    return kept if isinstance(kept, dict) else {}


def updated_indexes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the index pages whose content differs from what the output directory holds."""
    domain = get_domain(env)
    entries = _entries(domain)
    domain.index_digests = {
        docname: _page_digest(noted, entries)
        for docname, noted in sorted(domain.index_docs.items())
    }
    written = load_written(app).get(str(app.outdir))
    domain.written_digests = dict(written) if isinstance(written, dict) else {}
    return [
        docname
        for docname, digest in domain.index_digests.items()
        if domain.written_digests.get(docname) != digest
    ]


def note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Note that an index page is written now, with what it shows (``doctree-resolved``)."""
    domain = get_domain(app.env)
    digest = domain.index_digests.get(docname)
    if digest is not None:
        domain.written_digests[docname] = digest


def save_written(app: Sphinx, exception: Exception | None) -> None:
    """Keep the digests of the pages written, once the build has written them all.

    A build that failed, or was killed, keeps nothing: the next one writes
    the pages whose digests it did not keep.
    """
    if exception is not None:
        return
    domain = get_domain(app.env)
    kept = load_written(app)
    kept[str(app.outdir)] = {
        docname: domain.written_digests[docname]
        for docname in domain.index_digests
        if docname in domain.written_digests
    }
    doctreedir = str(app.doctreedir)
    remove_temporaries(doctreedir)
    data = json.dumps(kept, indent=1, sort_keys=True).encode()
    # A file that cannot be written only makes the next build write every
    # index page again.
    with contextlib.suppress(OSError):
        write_if_changed(os.path.join(doctreedir, WRITTEN_DIGESTS), data)
