"""``sphinx-specs init --write --migrate``: hand-written index pages replaced by generated ones.

:func:`plan_migration` reads the project and works out every change,
writing nothing, so that ``init`` can show the plan; :func:`apply_migration`
makes the changes.  What it does, and why, is in the how-to guide on index
pages ("Replace hand-written index pages"):

* a page that only lists specs (its title, toctrees and the lines that
  introduce them) is removed, and a line in the ``redirects`` file of the
  source directory sends its readers to the generated page that lists the
  same specs;
* a page with text of its own keeps it, in place: each of its toctrees of
  specs becomes a ``spec-index`` directive that lists the same specs;
* the root page's toctree of release pages (or of specs) becomes the site
  index, a ``spec-index`` with no options;
* a document that only removed pages listed is listed where they were;
* ``:doc:`` links to a removed page point at its generated page.

Specs are never touched.  A second run finds nothing to do.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field

from sphinxcontrib_specs.cli.common import UsageError, check_inside, display, writable_root
from sphinxcontrib_specs.cli.migrate_pages import PageEdit, plan_pages
from sphinxcontrib_specs.cli.migrate_read import Listing, SpecFacts
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.core.files import existing_bytes, write_atomically
from sphinxcontrib_specs.core.redirects import parse_file, parse_mapping

__all__ = ['FileChange', 'Migration', 'apply_migration', 'plan_migration']

#: The file the redirects of removed pages are added to, in the source directory.
REDIRECTS = 'redirects'


@dataclass(frozen=True)
class FileChange:
    """One file the migration writes or removes (``after`` None)."""

    path: str
    #: What the file held when the migration was planned (None: no file).
    before: bytes | None
    after: bytes | None


@dataclass
class Migration:
    """The changes that replace a project's hand-written index pages."""

    srcdir: str
    #: One line per change, for people.
    changes: list[str] = field(default_factory=list)
    #: What was left as it is, and why, for people.
    notes: list[str] = field(default_factory=list)
    #: In the order they are made: the redirects first, then the pages
    #: that replace the removed ones, then the removals, so that a run cut
    #: short never leaves a removed page without its redirect.
    files: list[FileChange] = field(default_factory=list)


def plan_migration(project: Project) -> Migration:
    """Work out the migration of ``project``'s index pages; write nothing."""
    settings = project.settings
    facts = SpecFacts.of(project)
    listing = Listing.read(project, facts)
    migration = Migration(project.srcdir)
    if settings.index_dir is None:
        migration.notes.append(
            'specs_index_dir is None: no pages are generated, so the hand-written index '
            'pages are left as they are; list specs on them with spec-index directives'
        )
        return migration
    plan = plan_pages(listing)
    migration.notes.extend(plan.notes)
    for docname, edit in sorted(plan.edits.items(), key=lambda item: item[0] != listing.root):
        _add_page_edit(project, listing, docname, edit, migration)
    for docname in sorted(plan.removed):
        path = project.path(docname)
        migration.files.append(FileChange(path, listing.sources[docname], None))
        target = plan.removed[docname]
        migration.changes.append(
            f'remove {display(path)}: it only lists specs, which {target} lists'
            if target != listing.root
            else f'remove {display(path)}: it lists no spec; the site index is on {target}'
        )
    migration.files[:0] = _redirects(project, plan.removed, migration)
    _refuse_outside(project, migration)
    return migration


def _add_page_edit(
    project: Project, listing: Listing, docname: str, edit: PageEdit, migration: Migration
) -> None:
    path = project.path(docname)
    shown = display(path)
    for line, change in edit.changes:
        migration.changes.append(f'edit {shown}:{line}: {change}')
    migration.files.append(FileChange(path, listing.sources[docname], edit.text.encode('utf-8')))


def _redirects(
    project: Project, removed: dict[str, str], migration: Migration
) -> list[FileChange]:
    """The redirects file with a line for each removed page not redirected yet."""
    if not removed:
        return []
    path = os.path.join(project.srcdir, REDIRECTS)
    from sphinx.util.matching import Matcher

    patterns = project.settings.publishing.redirect_patterns
    if not Matcher(list(patterns))(REDIRECTS):
        migration.notes.append(
            f'specs_redirect_files does not read {display(path)}, so the removed pages get '
            'no refresh page; add their redirects where it reads them'
        )
    try:
        data = existing_bytes(os.path.realpath(path))
        text = '' if data is None else data.decode('utf-8')
    except (OSError, UnicodeDecodeError) as exc:
        problem = exc.strerror if isinstance(exc, OSError) else 'it is not UTF-8'
        raise UsageError(
            f'cannot read {display(path)} ({problem}); nothing was changed: fix it, or '
            'move it away, and run the command again'
        ) from None
    suffixes = project.settings.source_suffixes
    known = _redirected(project) | {e.source for e in parse_file(text, REDIRECTS, suffixes)[0]}
    added = []
    for old, new in sorted(removed.items()):
        if old in known:
            continue
        old_file = project.source(old).replace(os.sep, '/')
        new_file = f'{new}{suffixes[0]}'
        added.append(
            f'{old_file} {posixpath.relpath(new_file, posixpath.dirname(old_file) or ".")}'
        )
        migration.changes.append(f'add to {display(path)}: {added[-1]}')
    if not added:
        return []
    if text and not text.endswith('\n'):
        text += '\n'
    after = text + ''.join(f'{line}\n' for line in added)
    return [FileChange(path, data, after.encode('utf-8'))]


def _redirected(project: Project) -> set[str]:
    """The pages the build redirects already: in any ``redirects`` file it
    reads, or in ``specs_redirects``."""
    from sphinx.util.matching import get_matching_files

    settings = project.settings
    options = settings.publishing
    found = {e.source for e in parse_mapping(options.redirects, '', settings.source_suffixes)[0]}
    for path in get_matching_files(
        project.srcdir, options.redirect_patterns, tuple(project.exclude_patterns)
    ):
        try:
            with open(os.path.join(project.srcdir, path), encoding='utf-8', errors='replace') as f:
                text = f.read()
        except OSError:
            continue
        lines, _problems = parse_file(text, path.replace(os.sep, '/'), settings.source_suffixes)
        found.update(line.source for line in lines)
    return found


def _refuse_outside(project: Project, migration: Migration) -> None:
    """Refuse, before anything is written, a path that links lead out of the repository."""
    root = writable_root(project.srcdir)
    for change in migration.files:
        check_inside(change.path, root)


def apply_migration(migration: Migration) -> None:
    """Make the changes of ``migration``.

    Each file is replaced atomically (through a symbolic link to it, the
    file it links to).  A file that changed since the migration was planned
    stops the migration before anything is written.
    """
    for change in migration.files:
        try:
            current = existing_bytes(os.path.realpath(change.path))
        except OSError as exc:
            current = f'unreadable: {exc}'.encode()
        if current != change.before:
            raise UsageError(
                f'{display(change.path)} changed since the migration was planned; nothing '
                'was changed: run the command again'
            )
    for change in migration.files:
        if change.after is None:
            os.remove(change.path)
        else:
            write_atomically(os.path.realpath(change.path), change.after)
