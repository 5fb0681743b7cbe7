"""The box under a spec's title: status, release, project, trackers, assignees."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.indexes.render import _trackers
from sphinxcontrib_specs.adapter.indexes.scan import _ordering
from sphinxcontrib_specs.adapter.locale import _, label
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.grouping import IndexEntry
from sphinxcontrib_specs.core.records import SpecRecord

__all__ = ['InsertMetadataBoxes', 'insert_metadata_box']


# ---------------------------------------------------------------------------
# The metadata box


class InsertMetadataBoxes(SphinxPostTransform):
    """Put each spec's metadata box under its title, as its page is written.

    Added when a page is written, not when it is read: the box shows the
    record as it is then, it takes no room in the pickled doctrees, and
    its nodes live only while the page is written (a build that keeps them
    in every doctree allocates some 150 objects per spec that the garbage
    collector then walks again and again).
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        settings = domain.settings
        if not settings.metadata_box:
            return
        specs = domain.specs
        docname = self.env.docname
        record = specs.get(docname)
        if record is not None:
            insert_metadata_box(self.document, record, settings)
        elif docname in self.env.toctree_includes:
            # A document that lists others may be written with them inlined
            # (singlehtml, LaTeX, Texinfo): each one's box goes in its part.
            for part in self.document.findall(addnodes.start_of_file):
                record = specs.get(part.get('docname', ''))
                if record is not None:
                    insert_metadata_box(part, record, settings)


def insert_metadata_box(doctree: nodes.Element, record: SpecRecord, settings: Settings) -> None:
    """Put a box with the spec's metadata right under its title."""
    title_section = next((n for n in doctree.children if isinstance(n, nodes.section)), None)
    if title_section is None:
        return
    second = title_section.children[1] if len(title_section) > 1 else None
    if isinstance(second, nodes.Element) and 'specs-metadata' in second['classes']:
        return
    ordering = _ordering(settings)
    fields = nodes.field_list(classes=['specs-metadata-fields'])

    def add(name: str, *body: nodes.Node) -> None:
        if not any(n.astext() for n in body):
            return
        field = nodes.field()
        field += nodes.field_name(name, name)
        paragraph = nodes.paragraph()
        paragraph.extend(body)
        value = nodes.field_body()
        value += paragraph
        field += value
        fields.append(field)

    if record.status:
        # A kind without statuses (specs_kinds 'status': False) shows none.
        add(_('Status'), nodes.Text(label(ordering, 'status', record.status)))
    if record.release:
        add(_('Release'), nodes.Text(label(ordering, 'release', record.release)))
    if record.project:
        add(_('Project'), nodes.Text(record.project))
    entry = IndexEntry(record.docname, record.title, trackers=record.trackers)
    add(_('Tracker'), *_trackers(entry))
    add(_('Assignees'), nodes.Text(', '.join(record.assignees)))
    box = nodes.container(classes=['specs-metadata'])
    box += fields
    title_section.insert(1, box)
