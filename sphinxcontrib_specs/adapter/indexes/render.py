"""Filling the placeholders: lists, tables and the overview, as doctree nodes."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from sphinxcontrib_specs.adapter.domain import SpecsDomain, get_domain
from sphinxcontrib_specs.adapter.indexes.directive import Query, spec_index
from sphinxcontrib_specs.adapter.indexes.scan import _ordering
from sphinxcontrib_specs.adapter.locale import _, label
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.chart import overview_svg
from sphinxcontrib_specs.core.grouping import (
    Group,
    IndexEntry,
    Ordering,
    group_entries,
    sort_entries,
)
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
    that value would list none of the specs its toctree holds.
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
            )
        )
    return entries


def _link(entry: IndexEntry, refdoc: str) -> nodes.Node:
    xref = addnodes.pending_xref(
        '',
        refdomain='std',
        reftype='doc',
        reftarget=f'/{entry.docname}',
        refexplicit=True,
        refwarn=True,
        refdoc=refdoc,
    )
    xref += nodes.inline(entry.title, entry.title)
    return xref


def _tracker_label(url: str) -> str:
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
        result.append(nodes.reference(url, _tracker_label(url), refuri=url))
    return result


def _cell_nodes(
    entry: IndexEntry, column: str, refdoc: str, ordering: Ordering
) -> list[nodes.Node]:
    if column == 'title':
        return [_link(entry, refdoc)]
    if column == 'status':
        return [nodes.Text(label(ordering, 'status', entry.status))]
    if column == 'release':
        return [nodes.Text(label(ordering, 'release', entry.release) if entry.release else '')]
    if column == 'project':
        return [nodes.Text(entry.project)]
    if column == 'assignees':
        return [nodes.Text(', '.join(entry.assignees))]
    return _trackers(entry)


def _list(entries: list[IndexEntry], query: Query, refdoc: str, ordering: Ordering) -> nodes.Node:
    bullets = nodes.bullet_list(classes=['specs-list'])
    for entry in entries:
        paragraph = nodes.paragraph()
        paragraph += _link(entry, refdoc)
        extra = [c for c in query.columns if c != 'title']
        details: list[nodes.Node] = []
        for column in extra:
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


def _table(
    header: Sequence[str],
    rows: list[list[list[nodes.Node]]],
    classes: list[str],
    column_classes: Sequence[str],
) -> nodes.container:
    # Left, like the lists and the chart (themes centre tables by default).
    table = nodes.table(classes=classes, align='left')
    group = nodes.tgroup(cols=len(header))
    table += group
    # The text builder wraps each column to its width in characters (a
    # width of 1 makes it wrap forever); HTML and LaTeX size columns to fit.
    for column, text in enumerate(header):
        texts = [text, *(''.join(n.astext() for n in cells[column]) for cells in rows)]
        group += nodes.colspec(colwidth=min(max(len(t) for t in texts), _MAX_COLUMN_WIDTH))
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
    box = nodes.container(classes=['specs-scroll'])
    box += table
    return box


def _entries_node(
    entries: list[IndexEntry], query: Query, refdoc: str, ordering: Ordering
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
        header = [names.get(c, c.title()) for c in query.columns]
        rows = [[_cell_nodes(e, c, refdoc, ordering) for c in query.columns] for e in entries]
        columns = [f'specs-column-{c}' for c in query.columns]
        return _table(header, rows, ['specs-table'], columns)
    return _list(entries, query, refdoc, ordering)


def _groups_nodes(
    groups: list[Group], query: Query, refdoc: str, ordering: Ordering, depth: int
) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for group in groups:
        container = nodes.container(classes=['specs-group', f'specs-group-{group.dimension}'])
        shown = label(ordering, group.dimension, group.value)
        heading = nodes.rubric(shown, '', classes=[f'specs-level-{depth}'])
        heading += nodes.Text(f'{shown} ')
        heading += nodes.inline(
            f'({group.count()})', f'({group.count()})', classes=['specs-count']
        )
        container += heading
        if group.groups:
            container.extend(_groups_nodes(group.groups, query, refdoc, ordering, depth + 1))
        else:
            container += _entries_node(group.entries, query, refdoc, ordering)
        result.append(container)
    return result


def overview_nodes(entries: list[IndexEntry], settings: Settings) -> list[nodes.Node]:
    """Counts per release and status: a table, and a chart that HTML writers show."""
    ordering = _ordering(settings)
    releases = sorted({e.release for e in entries}, key=ordering.sort_key('release'))
    statuses = sorted({e.status for e in entries}, key=ordering.sort_key('status'))
    counts = {(e.release, e.status): 0 for e in entries}
    for e in entries:
        counts[e.release, e.status] += 1
    shown = partial(label, ordering)
    total = _('Total')
    header = [_('Release'), *(shown('status', s) for s in statuses), total]
    rows: list[list[list[nodes.Node]]] = []
    for release in releases:
        numbers = [counts.get((release, s), 0) for s in statuses]
        row: list[list[nodes.Node]] = [[nodes.Text(shown('release', release))]]
        row.extend([nodes.Text(str(n) if n else '')] for n in numbers)
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
        chart = overview_svg(
            releases,
            statuses,
            counts,
            ordering,
            title=_('Specs per release and status'),
            label=shown,
        )
        result.append(nodes.raw('', chart, format='html'))
    columns = ['specs-column-release', *(['specs-column-count'] * (len(statuses) + 1))]
    result.append(_table(header, rows, ['specs-overview'], columns))
    return result


class FillSpecIndexes(SphinxPostTransform):
    """Replace each placeholder with the index it asks for."""

    default_priority = 5  # before references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(spec_index))
        if not placeholders:
            # Most pages hold no index: the list of every spec is built for
            # those that do, or a build would cost the square of the specs.
            return
        domain = get_domain(self.env)
        settings = domain.settings
        everything = _entries(domain)
        for placeholder in placeholders:
            query: Query = placeholder['query']
            ordering = _ordering(settings, query.newest_first)
            entries = query.matching(everything)
            content: list[nodes.Node] = []
            if query.overview:
                content.extend(overview_nodes(entries, settings))
            if not query.pages:
                groups = group_entries(entries, query.group_by, ordering)
                if groups:
                    content.extend(_groups_nodes(groups, query, self.env.docname, ordering, 1))
                elif entries:
                    content.append(
                        _entries_node(sort_entries(entries), query, self.env.docname, ordering)
                    )
            if not entries and not query.pages:
                content.append(nodes.paragraph('', _('No specs.'), classes=['specs-empty']))
            placeholder.replace_self(content or [nodes.comment()])
