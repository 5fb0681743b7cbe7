"""The box under a spec's title: status, release, project, trackers, assignees."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.indexes.render import tracker_label
from sphinxcontrib_specs.adapter.indexes.scan import _ordering
from sphinxcontrib_specs.adapter.locale import N_, _, label
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.grouping import Ordering
from sphinxcontrib_specs.core.records import SpecRecord

__all__ = ['InsertMetadataBoxes', 'insert_metadata_box', 'make_box', 'note_builder_format']


# ---------------------------------------------------------------------------
# The metadata box


class InsertMetadataBoxes(SphinxPostTransform):
    """Put each spec's metadata box under its title, as its page is written.

    Added when a page is written, not when it is read: the box shows the
    record as it is then, it takes no room in the pickled doctrees, and
    its nodes live only while the page is written (a build that keeps them
    in every doctree allocates some 150 objects per spec that the garbage
    collector then walks again and again).  For HTML builders, the box is
    one node of ready markup (see :func:`insert_metadata_box`).
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
        html = domain.writes_html
        record = specs.get(docname)
        if record is not None:
            made = domain.box_markup.pop(docname, None)
            markup = made[1] if made is not None and made[0] is record else None
            insert_metadata_box(self.document, record, settings, labels, html=html, markup=markup)
        elif docname in self.env.toctree_includes:
            # A document that lists others may be written with them inlined
            # (singlehtml, LaTeX, Texinfo): each one's box goes in its part.
            for part in self.document.findall(addnodes.start_of_file):
                record = specs.get(part.get('docname', ''))
                if record is not None:
                    insert_metadata_box(part, record, settings, labels, html=html)


def make_box(app: Sphinx, record: SpecRecord) -> None:
    """Make the markup of the spec's box for an HTML builder now, as the spec
    is checked, with the others: at write time, between two of Sphinx's
    pages, the same work took twice as long (see reading.py)."""
    domain = get_domain(app.env)
    settings = domain.settings
    if settings.metadata_box and domain.writes_html:
        fields = _fields(record, settings, domain.box_labels)
        domain.box_markup[record.docname] = (record, _html_markup(fields))


def note_builder_format(app: Sphinx) -> None:
    """Note whether the builder writes HTML: its boxes are written as markup."""
    get_domain(app.env).writes_html = app.builder.format == 'html'


def insert_metadata_box(
    doctree: nodes.Element,
    record: SpecRecord,
    settings: Settings,
    labels: dict[tuple[str, str], str] | None = None,
    *,
    html: bool = False,
    markup: str | None = None,
) -> None:
    """Put a box with the spec's metadata right under its title.

    ``labels`` keeps the translated field names and values between calls
    (every spec page of a build shows the same few).  With ``html`` (a
    builder that writes HTML), the box is one ``raw`` node holding the
    markup Sphinx's HTML writer makes of the field list: the same page,
    without a few dozen nodes per spec for the writer to walk; ``markup``
    is that markup, if it is made already (:func:`make_box`).
    """
    title_section = next((n for n in doctree.children if isinstance(n, nodes.section)), None)
    if title_section is None:
        return
    second = title_section.children[1] if len(title_section) > 1 else None
    if isinstance(second, nodes.Element) and (
        'specs-metadata' in second['classes'] or second.get('specs_metadata')
    ):
        return
    if html and markup is not None:
        box: nodes.Element = _raw(markup)
    else:
        fields = _fields(record, settings, {} if labels is None else labels)
        box = _raw(_html_markup(fields)) if html else _node_box(fields)
    title_section.insert(1, box)


#: (field name, value): the value as (text, URL or None) parts.
_Field = tuple[str, list[tuple[str, str | None]]]


def _fields(
    record: SpecRecord, settings: Settings, labels: dict[tuple[str, str], str]
) -> list[_Field]:
    """The box's fields as pages show them, the empty ones left out."""
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

    fields: list[_Field] = []

    def add(name: str, *parts: tuple[str, str | None]) -> None:
        if any(text for text, _url in parts):
            fields.append((shown('', name), list(parts)))

    if record.status:
        # A kind without statuses (specs_kinds 'status': False) shows none.
        add(N_('Status'), (shown('status', record.status), None))
    if record.release:
        add(N_('Release'), (shown('release', record.release), None))
    if record.project:
        add(N_('Project'), (record.project, None))
    if record.trackers:
        trackers: list[tuple[str, str | None]] = []
        for url in record.trackers:
            if trackers:
                trackers.append((', ', None))
            trackers.append((tracker_label(url), url))
        add(N_('Tracker'), *trackers)
    if record.assignees:
        add(N_('Assignees'), (', '.join(record.assignees), None))
    return fields


def _node_box(fields: list[_Field]) -> nodes.container:
    field_list = nodes.field_list(classes=['specs-metadata-fields'])
    for name, parts in fields:
        paragraph = nodes.paragraph()
        for text, url in parts:
            paragraph += (
                nodes.Text(text) if url is None else nodes.reference(url, text, refuri=url)
            )
        value = nodes.field_body()
        value += paragraph
        field = nodes.field()
        field += nodes.field_name(name, name)
        field += value
        field_list += field
    box = nodes.container(classes=['specs-metadata'])
    box += field_list
    return box


#: What Sphinx's HTML writer escapes in text and attribute values.
_ESCAPES = {
    ord('&'): '&amp;',
    ord('<'): '&lt;',
    ord('"'): '&quot;',
    ord('>'): '&gt;',
    ord('@'): '&#64;',
}


def _html_markup(fields: list[_Field]) -> str:
    """The box as the HTML Sphinx writes for :func:`_node_box`'s nodes."""
    markup = ['<div class="specs-metadata docutils container">\n']
    markup.append('<dl class="specs-metadata-fields field-list simple">\n')
    for number, (name, parts) in enumerate(fields):
        parity = 'field-even' if number % 2 else 'field-odd'
        value = ''.join(
            text.translate(_ESCAPES)
            if url is None
            else f'<a class="reference external" href="{url.translate(_ESCAPES)}">'
            f'{text.translate(_ESCAPES)}</a>'
            for text, url in parts
        )
        markup.append(
            f'<dt class="{parity}">{name.translate(_ESCAPES)}<span class="colon">:</span></dt>\n'
            f'<dd class="{parity}"><p>{value}</p>\n</dd>\n'
        )
    markup.append('</dl>\n</div>\n')
    return ''.join(markup)


def _raw(markup: str) -> nodes.raw:
    # Marked by an attribute no writer shows: a class would wrap it in a <div>.
    return nodes.raw('', markup, format='html', specs_metadata=True)
