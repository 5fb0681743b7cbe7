"""The templates of their time for the command line (see ``checking/dated.py``).

``sphinx-specs check`` reads the git history as the build does, so both
check each spec against the same versions of its template.  The build keeps
the history in its doctree directory; the command has none, and keeps it in
the user's cache directory instead, one file per project, valid while the
commit checked out is the same: a check of one spec, what the pre-commit
hook runs, then skips the ``git log`` pass (a tenth of a second on a
history of 5,000 commits).
"""

from __future__ import annotations

import hashlib
import os

from sphinxcontrib_specs.checking.dated import DatedTemplates
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.history import read_history

__all__ = ['dated_templates', 'history_cache']


def history_cache(srcdir: str) -> str:
    """Where the command keeps the history of the project in ``srcdir``:
    ``$XDG_CACHE_HOME/sphinx-specs`` (by default ``~/.cache/sphinx-specs``)."""
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    project = hashlib.sha256(os.path.realpath(srcdir).encode()).hexdigest()[:16]
    return os.path.join(base, 'sphinx-specs', f'history-{project}.json')


def dated_templates(settings: Settings, specs: list[str], documents: list[str]) -> DatedTemplates:
    """The templates of their time for the specs at ``specs`` (relative to
    the source directory): one ``git log`` pass over the directories that
    hold the ``documents``, as the build's, and the old versions the specs
    need, read before worker processes start (and restricted to these
    specs, so that what each worker is handed stays small)."""
    history = (
        read_history(
            settings.srcdir,
            sorted(settings.template_files),
            history_cache(settings.srcdir),
            files=documents,
        )
        if settings.history
        else None
    )
    dated = DatedTemplates(settings, history).restricted(specs)
    dated.prefetch(specs)
    return dated
