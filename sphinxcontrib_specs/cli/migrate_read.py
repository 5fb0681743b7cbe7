"""What the migration of index pages reads: the specs' metadata and the pages that list them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from sphinxcontrib_specs.checking.document import resolve_header
from sphinxcontrib_specs.cli.common import display
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.cli.rst_pages import (
    Page,
    TocEntry,
    doc_targets,
    parse_page,
    resolve_entries,
)
from sphinxcontrib_specs.core.template import Template, load_template

__all__ = ['DIMENSIONS', 'Listing', 'SpecFacts']

#: What a spec-index filters by; the generated pages are by the first three.
DIMENSIONS = ('release', 'status', 'project', 'kind')


@dataclass
class SpecFacts:
    """Each spec's release, status, project and kind, as the generated pages
    see them; and the documents the specs link to with ``:doc:``."""

    specs: dict[str, dict[str, str]]
    #: A document a spec links to -> the first spec that does.
    linked: dict[str, str]
    #: The specs of kinds that are not listed (``specs_kinds[kind]['listed']``):
    #: on no generated page, so in the toctrees of the pages that list them.
    unlisted: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, project: Project) -> SpecFacts:
        settings = project.settings
        templates: dict[tuple[str, str], Template] = {}

        def template(path: str, kind: str) -> Template:
            if (path, kind) not in templates:
                templates[path, kind] = load_template(
                    os.path.join(settings.srcdir, path),
                    path,
                    settings.kind(kind).sections,
                    settings.releases,
                )
            return templates[path, kind]

        specs: dict[str, dict[str, str]] = {}
        linked: dict[str, str] = {}
        unlisted: set[str] = set()
        for docname in project.specs():
            try:
                with open(project.path(docname), encoding='utf-8', errors='replace') as stream:
                    text = stream.read()
            except OSError:
                continue
            # As the generated pages read it, so that both agree.
            _header, applicable = resolve_header(
                settings, docname, text, outline=None, written=None, load_template=template
            )
            if applicable is None:
                continue
            metadata = applicable.metadata
            specs[docname] = {
                'release': metadata.get('release', ''),
                'status': metadata.get('status', ''),
                'project': metadata.get('project', ''),
                'kind': applicable.kind.name,
            }
            if not applicable.kind.listed:
                unlisted.add(docname)
            for target in doc_targets(text.splitlines(), docname):
                linked.setdefault(target, docname)
        return cls(specs, linked, unlisted)


#: What each entry of a toctree lists (see :func:`resolve_entries`).
Resolved = list[tuple[TocEntry, 'list[str] | None']]


@dataclass
class Listing:
    """The pages that are not specs, their toctrees, and what those list."""

    project: Project
    facts: SpecFacts
    root: str
    documents: frozenset[str]
    templates: frozenset[str]
    pages: dict[str, Page] = field(default_factory=dict)
    #: The bytes of each page, as read.
    sources: dict[str, bytes] = field(default_factory=dict)
    #: Per page, per toctree, what each entry lists.
    toctrees: dict[str, list[Resolved]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def shown(self, docname: str) -> str:
        """The file of ``docname``, as the command shows paths."""
        return display(self.project.path(docname))

    @classmethod
    def read(cls, project: Project, facts: SpecFacts) -> Listing:
        settings = project.settings
        listing = cls(
            project,
            facts,
            _root_doc(project),
            frozenset(project.documents),
            settings.template_docnames,
        )
        rst = tuple(s for s, parser in project.source_suffixes.items() if parser == _RST)
        generated = f'{settings.index_dir}/' if settings.index_dir else None
        for docname, source in project.documents.items():
            if docname in facts.specs or docname in settings.template_docnames:
                continue
            if generated and docname.startswith(generated):
                continue
            if not source.endswith(rst):
                continue
            try:
                with open(project.path(docname), 'rb') as stream:
                    data = stream.read()
                text = data.decode('utf-8')
            except (OSError, UnicodeDecodeError):
                listing.notes.append(
                    f'{listing.shown(docname)} cannot be read as UTF-8 text, so it is left '
                    'as it is'
                )
                continue
            page = parse_page(text)
            listing.pages[docname] = page
            listing.sources[docname] = data
            listing.toctrees[docname] = [
                resolve_entries(
                    toctree, docname, listing.documents, tuple(project.source_suffixes)
                )
                for toctree in page.toctrees
            ]
        return listing


_RST = 'restructuredtext'


def _root_doc(project: Project) -> str:
    """The project's root document (``root_doc``, or ``master_doc`` in older
    configurations), read as Sphinx reads ``conf.py``."""
    from sphinx.config import Config
    from sphinx.util.tags import Tags

    config = Config.read(str(project.conf.parent), overrides={}, tags=Tags())
    # The raw values: Sphinx copies master_doc to root_doc only once it starts.
    raw = getattr(config, '_raw_config', {})
    if 'root_doc' not in raw and isinstance(raw.get('master_doc'), str):
        return str(raw['master_doc'])
    return str(config.root_doc)
