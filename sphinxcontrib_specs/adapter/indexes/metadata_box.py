"""The box under a spec's title: status, release, project, trackers, assignees."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.indexes.render import _trackers
from sphinxcontrib_specs.adapter.indexes.scan import _ordering
from sphinxcontrib_specs.adapter.locale import N_, _, label
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.grouping import IndexEntry, Ordering
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
        labels = domain.box_labels
        record = specs.get(docname)
        if record is not None:
            insert_metadata_box(self.document, record, settings, labels)
        elif docname in self.env.toctree_includes:
            # A document that lists others may be written with them inlined
            # (singlehtml, LaTeX, Texinfo): each one's box goes in its part.
            for part in self.document.findall(addnodes.start_of_file):
                record = specs.get(part.get('docname', ''))
                if record is not None:
                    insert_metadata_box(part, record, settings, labels)


def insert_metadata_box(
    doctree: nodes.Element,
    record: SpecRecord,
    settings: Settings,
    labels: dict[tuple[str, str], str] | None = None,
) -> None:
    """Put a box with the spec's metadata right under its title.

    ``labels`` keeps the translated field names and values between calls
    (every spec page of a build shows the same few).
    """
    title_section = next((n for n in doctree.children if isinstance(n, nodes.section)), None)
    if title_section is None:
        return
    second = title_section.children[1] if len(title_section) > 1 else None
    if isinstance(second, nodes.Element) and 'specs-metadata' in second['classes']:
        return
    if labels is None:
        labels = {}
    ordering: Ordering | None = None

    def shown(dimension: str, value: str) -> str:
        nonlocal ordering
        key = (dimension, value)
        text = labels.get(key)
        if text is None:
            if not dimension:
                text = _(value)
            else:
                if ordering is None:
                    ordering = _ordering(settings)
                text = label(ordering, dimension, value)
            labels[key] = text
        return text

    fields = nodes.field_list(classes=['specs-metadata-fields'])

    def add(name: str, *body: nodes.Node) -> None:
        if not any(n.astext() for n in body):
            return
        name = shown('', name)
        paragraph = nodes.paragraph()
        paragraph.extend(body)
        value = nodes.field_body()
        value += paragraph
        field = nodes.field()
        field += nodes.field_name(name, name)
        field += value
        fields.append(field)

    if record.status:
        # A kind without statuses (specs_kinds 'status': False) shows none.
        add(N_('Status'), nodes.Text(shown('status', record.status)))
    if record.release:
        add(N_('Release'), nodes.Text(shown('release', record.release)))
    if record.project:
        add(N_('Project'), nodes.Text(record.project))
    if record.trackers:
        entry = IndexEntry(record.docname, record.title, trackers=record.trackers)
        add(N_('Tracker'), *_trackers(entry))
    if record.assignees:
        add(N_('Assignees'), nodes.Text(', '.join(record.assignees)))
    box = nodes.container(classes=['specs-metadata'])
    box += fields
    title_section.insert(1, box)
