"""The ``spec`` role, and the names of this site's specs it resolves.

``:spec:`live-migration-with-vtpm``` is a ``pending_xref`` of the
``specs`` domain, resolved when its page is written
(:meth:`.domain.SpecsDomain.resolve_xref`) against a
:class:`~sphinxcontrib_specs.core.citations.NameTable` of the specs as they
are then, with the redirects of moved specs; a target ``<source>:<name>``
names a spec of a ``specs_external`` site.  What no table resolves is left
to intersphinx (``missing-reference``); what nothing resolves is reported
by :mod:`.citing`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.nodes import Element, Node, system_message
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from sphinxcontrib_specs.checking.redirect_files import RedirectFiles, read_redirects
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core import redirects
from sphinxcontrib_specs.core.citations import Citable, NameTable, Resolution, blueprint_project
from sphinxcontrib_specs.core.records import SpecRecord, digest

if TYPE_CHECKING:
    from sphinxcontrib_specs.adapter.domain import SpecsDomain
    from sphinxcontrib_specs.adapter.external import ExternalSite

__all__ = ['Citations', 'SpecReferenceRole', 'citable', 'local_names']

logger = logging.getLogger(__name__)


class SpecReferenceRole(XRefRole):
    """``:spec:`name```, ``:spec:`text <name>```: a link to a spec, by name.

    Registered in the ``specs`` domain and in the standard one, so that
    ``:spec:`` needs no domain prefix, and ``:external+<inventory>:spec:``
    finds it.  Whatever name it is called by, it makes a reference of the
    ``specs`` domain, and notes the target for its page, so that the page
    is written again when what the target names changes.
    """

    def __init__(self) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=True)

    def run(self) -> tuple[list[Node], list[system_message]]:
        self.refdomain, self.reftype = 'specs', 'spec'
        self.classes = ['xref', 'specs', 'specs-spec']
        if self.disabled:
            return self.create_non_xref_node()
        return self.create_xref_node()

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: Element, is_ref: bool
    ) -> tuple[list[Node], list[system_message]]:
        if is_ref:
            references: dict[str, list[str]] = env.domaindata['specs']['references']
            cited = references.setdefault(env.docname, [])
            if node['reftarget'] not in cited:
                cited.append(node['reftarget'])
        return [node], []


def citable(record: SpecRecord, settings: Settings) -> Citable:
    """``record`` as references name it."""
    release, status, project = record.release or '', record.status, record.project or ''
    qualifiers = {
        *record.docname.split('/')[:-1],
        status,
        project,
        blueprint_project(record.trackers),
        *(settings.releases.spellings(release) if release else ()),
    }
    return Citable(
        docname=record.docname,
        title=record.title,
        name=record.metadata.get('name') or record.docname.rsplit('/', 1)[-1],
        blueprint=record.metadata.get('blueprint', ''),
        release=release,
        status=status,
        project=project,
        qualifiers=frozenset(q.casefold() for q in qualifiers if q),
    )


def local_names(
    env: BuildEnvironment,
    settings: Settings,
    specs: Iterable[SpecRecord],
    files: RedirectFiles | None = None,
) -> NameTable:
    """The names of this site's specs, old ones of moved specs included
    (``files``: the ``redirects`` files, if read already)."""
    specs = list(specs)
    moved: dict[str, str] = {}
    if _moves(settings):
        entries, _problems = read_redirects(
            settings, str(env.srcdir), env.config.exclude_patterns, files=files
        )
        # The refresh pages report what cannot be followed; here it is left out.
        resolved, _unresolved = redirects.resolve(entries, set(env.found_docs))
        moved = {r.source: r.target for r in resolved if not r.is_url}
    return NameTable(
        [citable(record, settings) for record in specs], moved, settings.source_suffixes
    )


#: An object of ``objects.inv``: name, shown name, type, docname, anchor, priority.
InventoryObject = tuple[str, str, str, str, str, int]


class Citations:
    """What the domain's references are resolved against, in this process.

    The names of this site's specs are worked out again once reading is
    over (:meth:`refresh`, on ``env-get-updated``), and the other sites'
    specs when the builder starts (:mod:`.citing`); neither is kept in the
    environment.
    """

    def __init__(self, domain: SpecsDomain) -> None:
        self.domain = domain
        self._names: NameTable | None = None
        self._objects: list[InventoryObject] | None = None
        #: The ``specs_external`` sites read in this build, by name.
        self.external: dict[str, ExternalSite] = {}
        #: Pages written in this build with a reference that names no spec.
        self.broken: set[str] = set()
        #: Page -> the digest of what its references name: in this build,
        #: and when the page in the output directory was written (see
        #: :mod:`.citing`).
        self.digests: dict[str, str] = {}
        self.written: dict[str, str] = {}

    def refresh(self) -> None:
        """Work the names out again, from the records and redirects as they are now."""
        self._names = None
        self._objects = None

    @property
    def names(self) -> NameTable:
        """The names of this site's specs."""
        if self._names is None:
            env = self.domain.env
            records = [r for d, r in sorted(self.domain.specs.items()) if d in env.found_docs]
            self._names = local_names(
                env, self.domain.settings, records, self.domain.redirect_files()
            )
        return self._names

    def lookup(self, target: str) -> tuple[ExternalSite | None, Resolution]:
        """The site (None: this one) and what ``target`` names there."""
        source, colon, rest = target.partition(':')
        if colon and source in self.external:
            site = self.external[source]
            return site, site.names.resolve(rest)
        return None, self.names.resolve(target)

    def resolve_xref(
        self,
        builder: Builder,
        fromdocname: str,
        target: str,
        node: Element,
        contnode: Element,
    ) -> nodes.reference | None:
        """The link ``target`` makes, if it names one spec (see the domain's method)."""
        site, resolution = self.lookup(target)
        spec = resolution.spec
        if spec is None:
            return None
        content = self.content(spec, node, contnode)
        if site is None:
            title = spec.title or spec.docname
            return make_refnode(builder, fromdocname, spec.docname, '', content, title)
        return site.reference(site.specs[spec.docname], builder, fromdocname, content)

    def content(self, spec: Citable, node: Element, contnode: Element) -> Element:
        """What a reference to ``spec`` shows: the text given, or the spec's title."""
        if node.get('refexplicit'):
            return contnode
        title = spec.title or spec.docname
        return nodes.inline(title, title, classes=contnode.get('classes', []))

    def settle(self, node: Element) -> Node | None:
        """What stands for a reference that names a spec it cannot link, else None.

        A target that names several specs is reported and left as text:
        linking any one of them could be the wrong one, and neither
        intersphinx nor another site should link it instead.  A spec of a
        site whose pages have no known address is shown by its title.
        """
        contnode = node[0] if node.children else nodes.inline()
        assert isinstance(contnode, Element)
        site, resolution = self.lookup(node['reftarget'])
        if len(resolution.matches) > 1:
            table = self.names if site is None else site.names
            where = '' if site is None else f' in {site.name}'
            self.warn(table.problem(resolution, where), node)
            return contnode
        spec = resolution.spec
        if site is not None and spec is not None and not site.base_url:
            return self.content(spec, node, contnode)
        return None

    def warn(self, message: str, node: Element) -> None:
        """Report a reference that names no spec, and note its page."""
        self.broken.add(node.get('refdoc', self.domain.env.docname))
        if self.domain.settings.rules.get('ref') is not None:
            logger.warning(message, type='specs', subtype='ref', location=node)

    def objects(self) -> list[InventoryObject]:
        """The specs as ``objects.inv`` and the search index have them.

        Each spec under the shortest target that names it alone; under its
        other usual targets, and the old names of a moved spec, with
        priority -1, which intersphinx resolves and the search leaves out.
        """
        if self._objects is not None:
            return self._objects
        # Kept in the environment with what they are made from: a rebuild
        # in which no record changed works none of the names out again.
        domain = self.domain
        key: tuple[str, ...] = (domain.generation, domain.found_digest())
        if _moves(domain.settings):
            key += (digest(domain.redirect_files()),)
        kept = domain.data.get('objects')
        if kept is not None and kept[0] == key:
            self._objects = kept[1]
            return self._objects
        names = self.names
        self._objects = [
            (form, spec.title or spec.docname, 'spec', spec.docname, '', -1 if index else 1)
            for spec in names.specs.values()
            for index, form in enumerate(names.citations(spec))
        ]
        self._objects += [
            (old, spec.title or spec.docname, 'spec', spec.docname, '', -1)
            for old, spec in names.moved.items()
        ]
        domain.data['objects'] = (key, self._objects)
        return self._objects


def _moves(settings: Settings) -> bool:
    """Whether the site names moved specs (``redirects`` files or ``specs_redirects``)."""
    return bool(settings.publishing.redirect_patterns or settings.publishing.redirects)
