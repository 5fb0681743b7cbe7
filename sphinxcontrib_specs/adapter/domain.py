"""The Sphinx adapter's state: small per-document records in a Domain."""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterable, Iterator, Sequence, Set
from typing import Any, ClassVar

from docutils.nodes import Element, reference
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.typing import RoleFunction

from sphinxcontrib_specs.adapter.references import Citations, InventoryObject, SpecReferenceRole
from sphinxcontrib_specs.adapter.validated import settings_from_config, settings_values
from sphinxcontrib_specs.checking.dated import DatedTemplates, WorkingBlobs
from sphinxcontrib_specs.checking.redirect_files import (
    RedirectFiles,
    read_changed_redirect_files,
)
from sphinxcontrib_specs.checking.tree import matching_files, settled, unchanged
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.duplicates import duplicate_findings
from sphinxcontrib_specs.core.history import HIDDEN, NEW, History, read_history
from sphinxcontrib_specs.core.records import (
    Finding,
    SpecRecord,
    TemplateRecord,
    digest,
    in_line_order,
)
from sphinxcontrib_specs.core.template import Template, load_template

__all__ = ['HISTORY_CACHE', 'SpecsDomain']

#: The git history (the feed's dates, the templates' versions), kept in the
#: doctree directory (see core/history.py).
HISTORY_CACHE = 'sphinx-specs-gitdates.json'


class SpecsDomain(Domain):
    """Holds the records; cross-document views are computed from them."""

    name = 'specs'
    label = 'Specs'
    object_types: ClassVar[dict[str, ObjType]] = {'spec': ObjType('spec', 'spec')}
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {'spec': SpecReferenceRole()}
    initial_data: ClassVar[dict[str, Any]] = {
        'specs': {},
        'templates': {},
        'template_users': {},
        # docname -> (template path, spec path, version of the template it
        # was checked against: see checking/dated.py).
        'template_versions': {},
        # docname -> [(query, toctrees)] of its spec-index directives.
        'index_docs': {},
        # What the index pages were last built from (see indexes.py).
        'light': {},
        'site': False,
        # docname -> the targets of its :spec: references (adapter/references.py).
        'references': {},
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        _DOMAINS[env] = weakref.ref(self)
        # Per-process caches, rebuilt from the configuration and the files;
        # never pickled (they are not in ``self.data``).
        self._settings: Settings | None = None
        self._parsed: dict[tuple[str, str, tuple[int, int]], Template] = {}
        # The git history, read once per build (see refresh_history).
        self._history: History | None = None
        self._history_read = False
        self._dated: DatedTemplates | None = None
        # (template, spec) -> the version noted at the last build, at the
        # same commit; spec -> its templates (see keep_versions).
        self._kept_versions: dict[tuple[str, str], str] = {}
        self._kept_templates: dict[str, list[str]] = {}
        self._blobs: WorkingBlobs | None = None
        self._templates: dict[tuple[str, str], Template] = {}
        self._redirect_files: RedirectFiles | None = None
        self.light_changed = False
        self.citations = Citations(self)
        # What each index page shows, as a digest (see indexes/incremental.py):
        # as this build makes it, and as the output directory holds it.
        self.index_digests: dict[str, str] = {}
        #: The feed's <link> for the pages of each directory (see discovery.py).
        self.feed_links: dict[tuple[str, str, bool], str] = {}
        #: The metadata boxes' field names and values as pages show them.
        self.box_labels: dict[tuple[str, str], str] = {}
        #: Whether the builder writes HTML (the boxes are written as markup),
        #: and the markup made when each spec was checked: docname -> (record, markup).
        self.writes_html = False
        self.box_markup: dict[str, tuple[SpecRecord, str]] = {}
        #: docname -> (line, message) of its first undecodable byte, or None,
        #: for the files the header scan of this build read.
        self.decoding: dict[str, tuple[int, str] | None] = {}
        self.written_digests: dict[str, str] = {}
        # The records cleared for reading again, and the documents read:
        # compared once reading is over (see settle_generation).
        self._cleared: dict[str, SpecRecord] = {}
        self._touched: set[str] = set()
        #: The specs read in this build, waiting to be checked (see reading.py).
        self.pending: dict[str, Any] = {}
        #: docname -> (path, (mtime_ns, size), bytes) of the files this build's
        #: header scan read, for the checks to take instead of reading them again.
        self.scanned_sources: dict[str, tuple[str, tuple[int, int], bytes]] = {}
        self.defer_checks = False

    @property
    def settings(self) -> Settings:
        """The validated configuration, loaded once per process."""
        if self._settings is None:
            self._settings = settings_from_config(self.env.config, str(self.env.srcdir))
        return self._settings

    def template(self, path: str, kind_name: str) -> Template:
        """The parsed template at ``path`` (relative to the source directory).

        Parsed once per process and file version: a template edited between
        two builds of one application is read again.
        """
        known = self._templates.get((path, kind_name))
        if known is not None:
            return known
        settings = self.settings
        full = os.path.join(settings.srcdir, path)
        try:
            stat = os.stat(full)
            version = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            version = (0, -1)
        key = (path, kind_name, version)
        if key not in self._parsed:
            self._parsed[key] = load_template(
                full, path, settings.kind(kind_name).sections, settings.releases
            )
        # A template does not change during a build: looked at once a build.
        self._templates[path, kind_name] = self._parsed[key]
        return self._parsed[key]

    def refresh_history(self) -> None:
        """A build starts: the git history, the templates and the files
        around them are looked at again when next needed."""
        self._history_read = False
        self._dated = None
        self._templates.clear()
        self._kept_versions = {}
        self._kept_templates = {}
        self._blobs = None
        self._redirect_files = None
        self.settings.forget_files()

    def matching_files(self, include: Sequence[str], exclude: Sequence[str]) -> list[str]:
        """The files under the source directory as Sphinx's
        ``get_matching_files`` finds them, kept in the environment with the
        times of the directories walked: listed again only when one of
        them changed (a file added, removed or renamed in it)."""
        key = (tuple(include), tuple(exclude))
        listings: dict[Any, Any] = self.data.setdefault('listings', {})
        kept = listings.get(key)
        if kept is not None and unchanged(kept[0]):
            files: list[str] = kept[1]
            return files
        files, seen = matching_files(str(self.env.srcdir), include, exclude)
        listings[key] = (settled(seen), files)
        return files

    def redirect_files(self) -> RedirectFiles:
        """The ``redirects`` files, read once per build (for the old names of
        moved specs and for the refresh pages)."""
        if self._redirect_files is None:
            settings = self.settings
            srcdir = str(self.env.srcdir)
            exclude = tuple(self.env.config.exclude_patterns)
            files = self.matching_files(tuple(settings.publishing.redirect_patterns), exclude)
            # Kept in the environment: most builds change none of the files.
            kept = read_changed_redirect_files(
                settings, srcdir, exclude, files, self.data.get('redirect_files')
            )
            self.data['redirect_files'] = kept
            self._redirect_files = kept[1]
        return self._redirect_files

    def source_path(self, docname: str) -> str:
        """``env.doc2path(docname)`` as a string, kept in the environment
        until the document is read again (Sphinx makes a path object each
        time, and each spec's path is asked for by the checks, the findings,
        the history and publishing, on every build)."""
        paths: dict[str, str] = self.data.setdefault('paths', {})
        path = paths.get(docname)
        if path is None:
            # The header scan's, where it found the document: the same
            # string, joined without a path object.
            scanned = self.data.get('scan_paths')
            path = scanned[1].get(docname) if scanned is not None else None
            if path is None:
                path = str(self.env.doc2path(docname))
            paths[docname] = path
        return path

    @property
    def history(self) -> History | None:
        """The git history of the source directory, read once per build
        for the feed's dates and the templates of their time."""
        if not self._history_read:
            settings = self.settings
            self._history = read_history(
                settings.srcdir,
                sorted(settings.template_files),
                os.path.join(self.env.doctreedir, HISTORY_CACHE),
                # The directories that hold the documents bound the walk.
                files=sorted(self.source_path(d) for d in self.env.found_docs),
            )
            self._history_read = True
        return self._history

    @property
    def dated(self) -> DatedTemplates:
        """Which version of its template each spec is checked against."""
        if self._dated is None:
            settings = self.settings
            self._dated = DatedTemplates(
                settings, self.history if settings.history else None, self.working_blobs
            )
        return self._dated

    @property
    def working_blobs(self) -> WorkingBlobs:
        """Which version each template file holds, worked out once a build."""
        if self._blobs is None:
            self._blobs = WorkingBlobs(self.settings.srcdir)
        return self._blobs

    def keep_versions(self) -> None:
        """The commit checked out is the one of the last build: note which
        template version each spec was checked against, for the specs read
        again in this build (see :meth:`_follows_current`).  Called on
        ``env-get-outdated``, before Sphinx clears what it reads again."""
        self._kept_versions = {}
        self._kept_templates = {}
        for template, spec, version in self.template_versions.values():
            self._kept_versions[template, spec] = version
            self._kept_templates.setdefault(spec, []).append(template)

    def _follows_current(self, template: str, spec: str) -> str | None:
        """The version to note for the spec at ``spec``, if it is checked
        against ``template`` as the file is now, as it was at the last
        build; else None (the history says).

        At the same commit the versions that stood while a spec was
        written are the same; when that was one version and the file
        holds it still (or git cannot date the spec), the current template
        is all the spec follows, and no history is read: a rebuild after
        editing one spec's text reads none.
        """
        version = self._kept_versions.get((template, spec))
        if version is None:
            return None
        if version in {NEW, HIDDEN}:
            return version
        if len(version) not in {40, 64} or ' ' in version:
            return None
        return version if self.working_blobs.blob(template, len(version)) == version else None

    def needs_history(self, spec: str) -> bool:
        """Whether checking the spec at ``spec`` again may need the history
        (see :meth:`_follows_current`)."""
        templates = self._kept_templates.get(spec, [])
        return not templates or any(self._follows_current(t, spec) is None for t in templates)

    def template_of_its_time(self, path: str, kind_name: str, spec: str) -> Sequence[Template]:
        """The versions of the template at ``path`` that stood while the spec
        at ``spec`` was written (both relative to the source directory)."""
        if self._follows_current(path, spec) is not None:
            return (self.template(path, kind_name),)
        return self.dated.templates(path, kind_name, spec, self.template(path, kind_name))

    @property
    def template_versions(self) -> dict[str, tuple[str, str, str]]:
        """docname -> (template path, spec path, template version) of every
        spec checked against a template (see checking/dated.py)."""
        versions: dict[str, tuple[str, str, str]] = self.data.setdefault('template_versions', {})
        return versions

    def note_template_version(self, docname: str, template: str, spec: str) -> None:
        """Keep which version of ``template`` the spec ``docname`` (at
        ``spec``) was checked against, to read it again when that changes."""
        version = self._follows_current(template, spec)
        if version is None:
            version = self.dated.version(template, spec)
        self.template_versions[docname] = (template, spec, version)

    @property
    def specs(self) -> dict[str, SpecRecord]:
        specs: dict[str, SpecRecord] = self.data['specs']
        return specs

    @property
    def templates(self) -> dict[str, TemplateRecord]:
        templates: dict[str, TemplateRecord] = self.data['templates']
        return templates

    @property
    def template_users(self) -> dict[str, str]:
        """docname -> template path, for every spec checked against one."""
        users: dict[str, str] = self.data['template_users']
        return users

    def add_spec(self, record: SpecRecord) -> None:
        self.specs[record.docname] = record
        self._touched.add(record.docname)
        if record.template is not None:
            self.template_users[record.docname] = record.template

    def add_template(self, record: TemplateRecord) -> None:
        self.templates[record.path] = record

    @property
    def index_docs(self) -> dict[str, list[tuple[Any, Any]]]:
        index_docs: dict[str, list[tuple[Any, Any]]] = self.data['index_docs']
        return index_docs

    def note_index(self, docname: str, query: Any, toctrees: Any) -> None:
        """Remember a spec-index directive of ``docname`` and its toctrees."""
        self.index_docs.setdefault(docname, []).append((query, toctrees))

    @property
    def generation(self) -> str:
        """A token that changes whenever any spec's record does (one is
        added, removed, or read again with another result), or a value of
        the configuration the settings are made from: what is made
        from all the records (``objects.inv``, ``specs.json``, the feed) is
        made again only when it changes.  Settled once reading is over, so
        the environment keeps it with the records (:meth:`settle_generation`).
        """
        token: str = self.data.setdefault('generation', os.urandom(16).hex())
        return token

    def found_digest(self) -> str:
        """A digest of the documents of this build (``found_docs``), for what
        is kept with the records."""
        return digest(sorted(self.env.found_docs))

    def settle_generation(self) -> None:
        """Compare the records read in this build with those they replaced;
        connected to ``env-updated``, before Sphinx keeps the environment."""
        changed = any(
            self.specs.get(docname) != self._cleared.get(docname) for docname in self._touched
        )
        # What is made from the records is made with the settings too, and
        # a changed setting need not change a record (specs_redirects reads
        # none again): the token follows the settings' values as well.
        values = settings_values(self.env.config, str(self.env.srcdir))
        configured = digest(sorted(values.items()))
        if changed or 'generation' not in self.data or self.data.get('configured') != configured:
            # A fresh token, not a count: one a killed build made and never
            # kept cannot come back meaning other records.
            self.data['generation'] = os.urandom(16).hex()
            self.data['configured'] = configured
        self._cleared.clear()
        self._touched.clear()

    def clear_doc(self, docname: str) -> None:
        self.pending.pop(docname, None)
        old = self.specs.pop(docname, None)
        if old is not None and docname not in self._touched:
            self._cleared[docname] = old
        self._touched.add(docname)
        self.template_users.pop(docname, None)
        self.template_versions.pop(docname, None)
        self.index_docs.pop(docname, None)
        self.data['references'].pop(docname, None)
        self.data.get('paths', {}).pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._touched.update(docnames)
        for docname in docnames:
            if docname in otherdata['specs']:
                self.specs[docname] = otherdata['specs'][docname]
            if docname in otherdata['template_users']:
                self.template_users[docname] = otherdata['template_users'][docname]
            if docname in otherdata.get('template_versions', {}):
                self.template_versions[docname] = otherdata['template_versions'][docname]
            if docname in otherdata['index_docs']:
                self.index_docs[docname] = otherdata['index_docs'][docname]
            if docname in otherdata['references']:
                self.data['references'][docname] = otherdata['references'][docname]
        # A template is parsed in whichever process reads a spec using it;
        # every process finds the same findings, so any copy will do.
        self.templates.update(otherdata['templates'])

    def findings(self) -> dict[str, tuple[Finding, ...]]:
        """docname -> findings, in line order, of every spec of the project.

        A spec's own findings, and those that compare it with the others
        (``duplicate_spec``), computed anew from the records: right after
        any change to any of them, and with ``-j N`` as with ``-j 1``.
        Kept in the environment while the records and the documents are
        those they were made from (the records settled, see
        :attr:`generation`).
        """
        found = self.env.found_docs
        settled = not self._touched
        key = (self.generation, self.found_digest())
        kept = self.data.get('findings')
        if settled and kept is not None and kept[0] == key:
            findings: dict[str, tuple[Finding, ...]] = kept[1]
            return findings
        specs = {d: r for d, r in sorted(self.specs.items()) if d in found}
        across = duplicate_findings(r.identity for r in specs.values() if r.identity is not None)
        findings = {
            docname: in_line_order([*record.findings, *across.get(docname, ())])
            for docname, record in specs.items()
        }
        if settled:
            self.data['findings'] = (key, findings)
        return findings

    def live_templates(self) -> Iterable[TemplateRecord]:
        """Templates some current spec uses, in path order."""
        used = set(self.template_users.values())
        return [self.templates[p] for p in sorted(used) if p in self.templates]

    def resolve_xref(  # noqa: PLR0917 (Sphinx's signature)
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: Element,
        contnode: Element,
    ) -> reference | None:
        return self.citations.resolve_xref(builder, fromdocname, target, node, contnode)

    def resolve_any_xref(  # noqa: PLR0917 (Sphinx's signature)
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: Element,
        contnode: Element,
    ) -> list[tuple[str, reference]]:
        _site, resolution = self.citations.lookup(target)
        if resolution.spec is None:
            return []
        found = self.citations.resolve_xref(builder, fromdocname, target, node, contnode)
        return [] if found is None else [('specs:spec', found)]

    def get_objects(self) -> Iterator[InventoryObject]:
        # The list's own iterator: Sphinx steps through it for
        # ``objects.inv`` and the search index, ten thousand steps a build.
        return iter(self.citations.objects())


#: The domain of each environment, the one it made last (Sphinx's lookup
#: cost 2 µs, and handlers ask for it 13,000 times in a nova-specs build).
#: Both weakly: a domain holds its environment, which would never go.
_DOMAINS: weakref.WeakKeyDictionary[BuildEnvironment, weakref.ref[SpecsDomain]] = (
    weakref.WeakKeyDictionary()
)


def get_domain(env: BuildEnvironment) -> SpecsDomain:
    known = _DOMAINS.get(env)
    domain = None if known is None else known()
    if domain is None:
        found = env.get_domain(SpecsDomain.name)
        assert isinstance(found, SpecsDomain)
        domain = found
    return domain
