"""The template of its time in the build (see ``checking/dated.py``).

The git history is read once per build, in the main process before any
document is read (worker processes of ``-j N`` inherit it), from the cache
in the doctree directory when the commit checked out is the same.  Each
spec's record notes which version of its template it was checked against;
a spec whose version changes (it was committed, the history was fetched or
rewritten, git went away) is read again, although its file did not change.
When some specs cannot be dated, one info line says so.
"""

from __future__ import annotations

from collections.abc import Set

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.checking.dated import history_note
from sphinxcontrib_specs.core.files import relative_path
from sphinxcontrib_specs.core.githead import head_commit

__all__ = ['read_history', 'report_history', 'versions_changed']

logger = logging.getLogger(__name__)


def versions_changed(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """The specs whose template of its time is another version now;
    connected to ``env-get-outdated``, once per build."""
    domain = get_domain(env)
    domain.refresh_history()
    # Which versions apply follows from the commits alone: with the same
    # commit checked out as at the last build, none changed (and working
    # each one out again cost 60 ms of every nova-specs rebuild).  A
    # shallow clone can be deepened under the same commit: always checked.
    known = domain.data.get('history_head')
    if known and domain.settings.history and head_commit(domain.settings.srcdir) == known:
        # Told by the repository's files: no history read, unless a spec
        # read again in this build needs it.
        domain.keep_versions()
        return []
    history = domain.history if domain.settings.history else None
    head = None if history is None else (None if history.shallow else history.head)
    domain.data['history_head'] = head
    if not domain.template_versions or (head is not None and head == known):
        return []
    dated = domain.dated
    return sorted(
        docname
        for docname, (template, spec, version) in domain.template_versions.items()
        if docname not in removed and dated.version(template, spec) != version
    )


def read_history(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read the history and the old template versions the documents to read
    may need, once, before ``-j N`` starts its worker processes; connected
    to ``env-before-read-docs``."""
    domain = get_domain(env)
    if not docnames or not domain.settings.history:
        return
    srcdir = domain.settings.srcdir
    specs = [relative_path(domain.source_path(docname), srcdir) for docname in docnames]
    # Those checked against the template as it is at the same commit need none.
    specs = [spec for spec in specs if domain.needs_history(spec)]
    if specs:
        domain.dated.prefetch(specs)


def report_history(app: Sphinx, env: BuildEnvironment) -> None:
    """Say once when specs are checked against the current template for want
    of history; connected to ``env-updated``."""
    domain = get_domain(env)
    note = history_note(
        version
        for docname, (_template, _spec, version) in sorted(domain.template_versions.items())
        if docname in env.found_docs
    )
    if note is not None:
        logger.info('sphinxcontrib_specs: %s', note)
