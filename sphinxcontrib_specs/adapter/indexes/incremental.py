"""Keeping index pages right on incremental builds, and untouched when nothing changed."""

from __future__ import annotations

import hashlib

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.indexes.directive import Query, toctree_docnames
from sphinxcontrib_specs.adapter.indexes.render import _entries
from sphinxcontrib_specs.core.grouping import IndexEntry

# ---------------------------------------------------------------------------
# Incremental builds


def _digest(query: Query, entries: list[IndexEntry]) -> str:
    shown = sorted(query.matching(entries), key=lambda e: e.docname)
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def outdated_indexes(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read the index pages whose toctrees would change."""
    domain = get_domain(env)
    if not domain.light_changed:
        return []
    settings = domain.settings
    light = domain.data['light']
    found = set(env.found_docs)
    stale = []
    for docname, noted in domain.index_docs.items():
        if docname in removed:
            continue
        if any(toctree_docnames(q, light, settings, found, docname) != t for q, t in noted):
            stale.append(docname)
    return sorted(stale)


def updated_indexes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the index pages whose content would change."""
    domain = get_domain(env)
    entries = _entries(domain)
    digests: dict[str, str] = domain.data['digests']
    changed = []
    for docname, noted in sorted(domain.index_docs.items()):
        digest = hashlib.sha256(
            ''.join(_digest(query, entries) for query, _toc in noted).encode()
        ).hexdigest()
        if digests.get(docname) != digest:
            digests[docname] = digest
            changed.append(docname)
    for docname in set(digests) - set(domain.index_docs):
        del digests[docname]
    return changed
