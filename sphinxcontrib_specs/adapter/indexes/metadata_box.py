"""The box under a spec's title: status, release, project, trackers, assignees."""

from __future__ import annotations

from docutils import nodes

from sphinxcontrib_specs.adapter.indexes.render import _trackers
from sphinxcontrib_specs.adapter.indexes.scan import _ordering
from sphinxcontrib_specs.adapter.locale import _, label
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.grouping import IndexEntry
from sphinxcontrib_specs.core.records import SpecRecord

__all__ = ['insert_metadata_box']


# ---------------------------------------------------------------------------
# The metadata box


def insert_metadata_box(doctree: nodes.document, record: SpecRecord, settings: Settings) -> None:
    """Put a box with the spec's metadata right under its title."""
    title_section = next((n for n in doctree.children if isinstance(n, nodes.section)), None)
    if title_section is None:
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
