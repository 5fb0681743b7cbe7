"""Filling the placeholders when a page is written: lists, tables and the overview."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from sphinxcontrib_specs.adapter.domain import SpecsDomain, get_domain
from sphinxcontrib_specs.adapter.indexes.directive import Query
from sphinxcontrib_specs.adapter.indexes.layout import spec_index
from sphinxcontrib_specs.adapter.indexes.scan import _ordering
from sphinxcontrib_specs.adapter.locale import _, label
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.chart import overview_chart
from sphinxcontrib_specs.core.grouping import IndexEntry, Ordering
from sphinxcontrib_specs.core.metadata import TRACKERS

logger = logging.getLogger(__name__)
_MAX_COLUMN_WIDTH = 40
# ---------------------------------------------------------------------------
# Filling the placeholders


def _entries(domain: SpecsDomain) -> list[IndexEntry]:
    """Every spec as the indexes list it.

    Their release, status and project are those the generated pages and
    their toctrees are made from, read from the source before the build
    (``scan_sources``).  The build reads fields through smart quotes and
    inline markup, which change a value such as ``"nova"``: the page of
    that value would list none of the specs its toctree holds.  Then the
    specs of the ``specs_external`` sites, which only ``:source:`` lists.
    """
    light: dict[str, IndexEntry] = domain.data['light']
    entries = []
    for record in domain.specs.values():
        scanned = light.get(record.docname)
        entries.append(
            IndexEntry(
                docname=record.docname,
                title=record.title or record.docname,
                release=scanned.release if scanned else record.release or '',
                status=scanned.status if scanned else record.status,
                project=scanned.project if scanned else record.project or '',
                kind=record.kind,
                assignees=record.assignees,
                trackers=record.trackers,
                release_alias=scanned.release_alias if scanned else '',
                listed=scanned.listed if scanned else True,
            )
        )
    for site in domain.citations.external.values():
        entries.extend(site.entries())
    return entries


def _link(entry: IndexEntry, refdoc: str) -> nodes.Node:
    # Another site's spec is linked by the spec role, which knows its address.
    xref = addnodes.pending_xref(
        '',
        refdomain='specs' if entry.source else 'std',
        reftype='spec' if entry.source else 'doc',
        reftarget=entry.docname if entry.source else f'/{entry.docname}',
        refexplicit=True,
        refwarn=True,
        refdoc=refdoc,
    )
    xref += nodes.inline(entry.title, entry.title)
    return xref


def tracker_label(url: str) -> str:
    for kind, pattern in TRACKERS:
        found = pattern.search(url)
        if found is None:
            continue
        shown = {
            'blueprint': _('blueprint {name}'),
            'bug': _('bug {id}'),
            'story': _('story {id}'),
        }.get(kind, f'{kind} {{id}}')
        return shown.format(**found.groupdict())
    return url


def _trackers(entry: IndexEntry) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for index, url in enumerate(entry.trackers):
        if index:
            result.append(nodes.Text(', '))
        result.append(nodes.reference(url, tracker_label(url), refuri=url))
    return result


def _cell_nodes(
    entry: IndexEntry, column: str, refdoc: str, ordering: Ordering
) -> list[nodes.Node]:
    if column == 'title':
        return [_link(entry, refdoc)]
    if column == 'status':
        # A kind without statuses (specs_kinds 'status': False) shows none.
        return [nodes.Text(label(ordering, 'status', entry.status) if entry.status else '')]
    if column == 'release':
        return [nodes.Text(label(ordering, 'release', entry.release) if entry.release else '')]
    if column == 'project':
        return [nodes.Text(entry.project)]
    if column == 'assignees':
        return [nodes.Text(', '.join(entry.assignees))]
    return _trackers(entry)


def _list(
    entries: list[IndexEntry], columns: Sequence[str], refdoc: str, ordering: Ordering
) -> nodes.Node:
    bullets = nodes.bullet_list(classes=['specs-list'])
    for entry in entries:
        paragraph = nodes.paragraph()
        paragraph += _link(entry, refdoc)
        details: list[nodes.Node] = []
        for column in columns:
            if column == 'title':
                continue
            cell = _cell_nodes(entry, column, refdoc, ordering)
            if cell and any(n.astext() for n in cell):
                if details:
                    details.append(nodes.Text('; '))
                details.extend(cell)
        if details:
            paragraph += nodes.Text(' (')
            paragraph.extend(details)
            paragraph += nodes.Text(')')
        item = nodes.list_item()
        item += paragraph
        bullets += item
    return bullets


class scroll_box(nodes.container):  # noqa: N801 (docutils node naming)
    """The box around a table, which scrolls sideways when the table is wider
    than the text column.

    In HTML it is a region of its own, named ``label``, that the keyboard
    can reach (and scroll); other writers show it as a plain container.
    """


def visit_scroll_box(translator: Any, node: scroll_box) -> None:
    attributes = {'tabindex': '0', 'role': 'region', 'aria-label': node['label']}
    translator.body.append(
        translator.starttag(node, 'div', CLASS='docutils container', **attributes)
    )


def depart_scroll_box(translator: Any, node: scroll_box) -> None:
    translator.body.append('</div>\n')


def _table(
    header: Sequence[str],
    rows: list[list[list[nodes.Node]]],
    classes: list[str],
    column_classes: Sequence[str],
    *,
    label: str,
    caption: str | None = None,
    stubs: int = 0,
    table_id: str | None = None,
) -> nodes.Element:
    """A table in a :class:`scroll_box` named ``label``; its first ``stubs``
    columns head their rows."""
    # Left, like the lists and the chart (themes centre tables by default).
    table = nodes.table(classes=classes, align='left')
    if table_id is not None:
        table['ids'] = [table_id]
    if caption is not None:
        table += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(header))
    table += group
    # The text builder wraps each column to its width in characters (a
    # width of 1 makes it wrap forever); HTML and LaTeX size columns to fit.
    for column, text in enumerate(header):
        texts = [text, *(''.join(n.astext() for n in cells[column]) for cells in rows)]
        width = min(max(len(t) for t in texts), _MAX_COLUMN_WIDTH)
        colspec = nodes.colspec(colwidth=width)
        if column < stubs:
            colspec['stub'] = 1
        group += colspec
    head = nodes.thead()
    group += head
    row = nodes.row()
    # A class per column lets style sheets align numbers and keep labels whole.
    for text, column_class in zip(header, column_classes, strict=True):
        entry = nodes.entry(classes=[column_class])
        entry += nodes.paragraph(text, text)
        row += entry
    head += row
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        for cell, column_class in zip(cells, column_classes, strict=True):
            entry = nodes.entry(classes=[column_class])
            paragraph = nodes.paragraph()
            paragraph.extend(cell)
            entry += paragraph
            row += entry
        body += row
    # In HTML, a table wider than the text column (many statuses, many
    # columns) scrolls sideways in this box instead of spilling over the page.
    box = scroll_box(classes=['specs-scroll'], label=label)
    box += table
    return box


def _entries_node(
    entries: list[IndexEntry],
    query: Query,
    columns: Sequence[str],
    refdoc: str,
    ordering: Ordering,
    *,
    label: str,
) -> nodes.Node:
    if query.format == 'table':
        names = {
            'title': _('Title'),
            'status': _('Status'),
            'release': _('Release'),
            'project': _('Project'),
            'assignees': _('Assignees'),
            'tracker': _('Tracker'),
        }
        header = [names.get(c, c.title()) for c in columns]
        rows = [[_cell_nodes(e, c, refdoc, ordering) for c in columns] for e in entries]
        classes = [f'specs-column-{c}' for c in columns]
        return _table(header, rows, ['specs-table'], classes, label=label or _('Specs'))
    return _list(entries, columns, refdoc, ordering)


def overview_nodes(
    entries: list[IndexEntry], settings: Settings, anchor: str = 'specs-overview'
) -> list[nodes.Node]:
    """Counts per release and status: a chart that HTML writers show, and a table.

    ``anchor`` is the id of the table's box, which the chart links to; the
    chart's ids start with it.
    """
    ordering = _ordering(settings)
    releases = sorted({e.release for e in entries}, key=ordering.sort_key('release'))
    statuses = sorted({e.status for e in entries}, key=ordering.sort_key('status'))
    counts = {(e.release, e.status): 0 for e in entries}
    for e in entries:
        counts[e.release, e.status] += 1
    shown = partial(label, ordering)
    total = _('Total')
    title = _('Specs per release and status')
    header = [_('Release'), *(shown('status', s) for s in statuses), total]
    rows: list[list[list[nodes.Node]]] = []
    for release in releases:
        numbers = [counts.get((release, s), 0) for s in statuses]
        row: list[list[nodes.Node]] = [[nodes.Text(shown('release', release))]]
        # A zero is written, not left blank: an empty cell reads as unknown.
        row.extend([nodes.Text(str(n))] for n in numbers)
        row.append([nodes.strong(str(sum(numbers)), str(sum(numbers)))])
        rows.append(row)
    totals = [sum(counts.get((r, s), 0) for r in releases) for s in statuses]
    last: list[list[nodes.Node]] = [[nodes.strong(total, total)]]
    last.extend([nodes.strong(str(n), str(n))] for n in totals)
    last.append([nodes.strong(str(len(entries)), str(len(entries)))])
    rows.append(last)
    result: list[nodes.Node] = []
    if entries:
        # Raw HTML: every other writer leaves it out.
        chart = overview_chart(
            releases,
            statuses,
            counts,
            ordering,
            anchor=f'{anchor}-chart',
            title=title,
            description=_(
                'Each bar is a release, split by status in the order of the legend; '
                'each status has its own colour and pattern.'
            ),
            table_link=(anchor, _('The table below gives the numbers.')),
            label=shown,
        )
        result.append(nodes.raw('', chart, format='html'))
    columns = ['specs-column-release', *(['specs-column-count'] * (len(statuses) + 1))]
    box = _table(
        header,
        rows,
        ['specs-overview'],
        columns,
        label=title,
        caption=title,
        stubs=1,
        # A table with a caption needs an id of its own (Sphinx links to it).
        table_id=f'{anchor}-table',
    )
    box['ids'] = [anchor]
    result.append(box)
    return result


def _in_order(entries: list[IndexEntry], docnames: Sequence[str]) -> list[IndexEntry]:
    """The ``entries`` among ``docnames``, in their order."""
    position = {docname: index for index, docname in enumerate(docnames)}
    chosen = [e for e in entries if e.docname in position]
    return sorted(chosen, key=lambda e: position[e.docname])


def _unused_id(document: nodes.document, name: str, used: set[str]) -> str:
    """``name``, or ``name-2``, ``name-3`` ...: the first that no id of
    ``document`` starts with and not in ``used`` (then added to it), so that
    the ids made from it are unique."""
    number = 1
    candidate = name
    while candidate in used or any(i.startswith(candidate) for i in document.ids):
        number += 1
        candidate = f'{name}-{number}'
    used.add(candidate)
    return candidate


class FillSpecIndexes(SphinxPostTransform):
    """Replace each placeholder with the part of the index it stands for."""

    default_priority = 5  # before references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        # Most pages hold no index, and walking each page's whole tree to
        # find none cost a quarter of a second in a nova build: only the
        # pages a spec-index directive noted are looked at.
        if self.env.docname not in domain.index_docs:
            return
        placeholders = list(self.document.findall(spec_index))
        if not placeholders:
            return
        settings = domain.settings
        everything = _entries(domain)
        anchors: set[str] = set()
        for placeholder in placeholders:
            query: Query = placeholder['query']
            entries = query.matching(everything)
            content: list[nodes.Node] = []
            if placeholder['part'] == 'overview':
                anchor = _unused_id(self.document, 'specs-overview', anchors)
                content.extend(overview_nodes(entries, settings, anchor))
            else:
                shown = _in_order(entries, placeholder['docnames'])
                # What the headings or the filters say is not said again on every line.
                columns = [c for c in query.columns if c not in placeholder['fixed']]
                if shown:
                    ordering = _ordering(settings, query.newest_first)
                    label = placeholder.get('label', '')
                    refdoc = self.env.docname
                    content.append(
                        _entries_node(shown, query, columns, refdoc, ordering, label=label)
                    )
                else:
                    content.append(nodes.paragraph('', _('No specs.'), classes=['specs-empty']))
            placeholder.replace_self(content or [nodes.comment()])
