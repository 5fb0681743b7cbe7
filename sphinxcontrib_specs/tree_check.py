"""The file rules in a build: list the directories that hold specs, report.

Sphinx never reads a file that is not a source document, so the files a
spec directory should not hold are found by listing the directories the
patterns put specs in (:func:`sphinxcontrib_specs.text_rules.tree_globs`)
on every build, and judged by
:func:`sphinxcontrib_specs.text_rules.check_tree`.  Listing a few
directories is cheap, and doing it every build means an unchanged faulty
tree fails every ``-W`` build.
"""

from __future__ import annotations

import glob
import os

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.matching import Matcher

from sphinxcontrib_specs.domain import get_domain
from sphinxcontrib_specs.settings import Settings
from sphinxcontrib_specs.text_rules import TreeEntry, check_tree, tree_globs, tree_layout

__all__ = ['list_tree', 'report_tree', 'setup']

logger = logging.getLogger(__name__)


def _list(directory: str, logical: str, entries: dict[str, TreeEntry]) -> None:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return
    for name in names:
        path = os.path.join(directory, name)
        shown = f'{logical}/{name}'
        entries.setdefault(shown, TreeEntry(shown, os.path.isdir(path), path))


def list_tree(settings: Settings, exclude: Matcher | None = None) -> list[TreeEntry]:
    """Everything in the directories that hold specs, and in release directories.

    Symbolic links are followed.  When a release directory links its spec
    directories from elsewhere (nova-specs links
    ``doc/source/specs/<release>/approved`` to ``specs/<release>/approved``),
    the directory they link into is listed too, its entries shown as if in
    the release directory and reported where they are.  Paths matching
    ``exclude`` (Sphinx's ``exclude_patterns``) are left out.
    """
    srcdir = settings.srcdir
    entries: dict[str, TreeEntry] = {}
    for pattern in tree_globs(settings):
        for directory in sorted(glob.glob(os.path.join(glob.escape(srcdir), pattern))):
            if os.path.isdir(directory):
                logical = os.path.relpath(directory, srcdir).replace(os.sep, '/')
                _list(directory, logical, entries)

    layout = tree_layout(entries.values(), settings)
    linked_into: set[str] = set()
    for spec_dir in sorted(layout.spec_dirs):
        release_dir = spec_dir.rpartition('/')[0]
        link = os.path.join(srcdir, spec_dir)
        if release_dir not in layout.release_dirs or not os.path.islink(link):
            continue
        real_parent = os.path.dirname(os.path.realpath(link))
        if real_parent == os.path.realpath(os.path.join(srcdir, release_dir)) or (
            real_parent in linked_into
        ):
            continue
        linked_into.add(real_parent)
        shown_already = {
            os.path.realpath(entry.location)
            for entry in entries.values()
            if entry.path.rpartition('/')[0] == release_dir
        }
        for name in sorted(os.listdir(real_parent)):
            path = os.path.join(real_parent, name)
            shown = f'{release_dir}/{name}'
            if os.path.realpath(path) not in shown_already:
                entries.setdefault(shown, TreeEntry(shown, os.path.isdir(path), path))
    return [entry for entry in entries.values() if exclude is None or not exclude(entry.path)]


def report_tree(app: Sphinx, env: BuildEnvironment) -> None:
    """Report the file rules' findings; connected to ``env-updated``."""
    settings = get_domain(env).settings
    exclude = Matcher(list(app.config.exclude_patterns))
    for location, finding in check_tree(list_tree(settings, exclude), settings):
        where = f'{os.path.normpath(location)}:{finding.line}'
        logger.warning(finding.message, type='specs', subtype=finding.code, location=where)


def setup(app: Sphinx) -> None:
    """Connect the file rules; called from the extension's ``setup()``.

    Connecting twice (a ``conf.py`` that calls it too) reports once.
    """
    listeners = app.events.listeners.get('env-updated', [])
    if not any(listener.handler is report_tree for listener in listeners):
        app.connect('env-updated', report_tree)
