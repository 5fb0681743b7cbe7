"""What a ``spec-index`` shows, worked out when its page is read.

The groups, the order of the specs and the toctrees all come from what is
known before reading (the scan of every spec, the other sites' specs), so
that the page's headings are real sections, in the page's contents, and its
toctrees hold the specs in the very order its lists show them: the
sidebar and the previous and next links follow the page.  When the page is
written, the lists are filled in with the specs as Sphinx read them
(:mod:`.render`), in this order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sphinxcontrib_specs.adapter.domain import SpecsDomain
from sphinxcontrib_specs.adapter.indexes.scan import (
    _ordering,
    generated_page_names,
    page_value,
    toctree_owner,
)
from sphinxcontrib_specs.adapter.indexes.templates import TemplatePlaces, link_title
from sphinxcontrib_specs.adapter.locale import _, label
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.grouping import Group, IndexEntry, group_entries, sort_entries

if TYPE_CHECKING:
    from sphinxcontrib_specs.adapter.indexes.directive import Query

__all__ = ['GroupPlan', 'IndexPlan', 'entries_before_reading', 'plan_index']

#: One toctree: its caption (None: hidden), then (title or None, docname).
Toctree = tuple[str | None, tuple[tuple[str | None, str], ...]]


@dataclass(frozen=True)
class GroupPlan:
    """A group heading and what is under it: groups, or specs in order."""

    dimension: str
    value: str
    label: str
    count: int
    groups: tuple[GroupPlan, ...] = ()
    docnames: tuple[str, ...] = ()

    def in_order(self) -> list[str]:
        return [*self.docnames, *(d for group in self.groups for d in group.in_order())]


@dataclass(frozen=True)
class IndexPlan:
    """What one ``spec-index`` shows: its toctrees, the link to its release's
    template, its groups (or, ungrouped, its specs in order)."""

    toctrees: tuple[Toctree, ...] = ()
    #: (link text, docname) of the template of the index's release.
    template: tuple[str, str] | None = None
    groups: tuple[GroupPlan, ...] = ()
    docnames: tuple[str, ...] = ()

    def in_order(self) -> list[str]:
        return [*self.docnames, *(d for group in self.groups for d in group.in_order())]

    def count(self) -> int:
        return len(self.docnames) + sum(group.count for group in self.groups)


def entries_before_reading(domain: SpecsDomain) -> list[IndexEntry]:
    """Every spec an index can list, as known before reading: this site's
    from the scan, other sites' from their ``specs.json``."""
    light: dict[str, IndexEntry] = domain.data['light']
    entries = list(light.values())
    for site in domain.citations.external.values():
        entries.extend(site.entries())
    return entries


def _group_plan(group: Group, settings: Settings, newest_first: bool) -> GroupPlan:
    ordering = _ordering(settings, newest_first)
    return GroupPlan(
        dimension=group.dimension,
        value=group.value,
        label=label(ordering, group.dimension, group.value),
        count=group.count(),
        groups=tuple(_group_plan(g, settings, newest_first) for g in group.groups),
        docnames=tuple(e.docname for e in group.entries),
    )


def plan_index(
    query: Query,
    entries: Iterable[IndexEntry],
    settings: Settings,
    docname: str,
    places: TemplatePlaces,
) -> IndexPlan:
    """What the ``spec-index`` of ``query`` on ``docname`` shows.

    Every spec and every template is in one toctree at most: a generated
    page holds only the specs it owns (:func:`toctree_owner`), a release's
    index the template only it uses, the site index the current template
    and those several releases share (:mod:`.templates`).  A spec holds
    none: its toctree would hold the spec itself, or a page or spec above
    it.
    """
    everything = list(entries)
    local = {e.docname: e for e in everything if not e.source}
    chosen = query.matching(everything)
    ordering = _ordering(settings, query.newest_first)
    groups = tuple(
        _group_plan(g, settings, query.newest_first)
        for g in group_entries(chosen, query.group_by, ordering)
    )
    # The site index lists no specs, only its pages.
    flat = not groups and not query.pages
    plan = IndexPlan(
        groups=groups, docnames=tuple(e.docname for e in sort_entries(chosen)) if flat else ()
    )
    if docname in local:
        return plan
    releases = dict(query.filters).get('release', ())
    release = releases[0] if len(releases) == 1 and releases[0] else None
    toctrees: list[Toctree] = []
    template = None
    if release is not None:
        own = page_value(settings, list(local.values()), docname)
        held = places.of_release.get(release)
        if held is not None and (query.toctree or own == ('release', release)):
            template = (link_title(settings, release), held)
    if query.toctree:
        listed = [d for d in plan.in_order() if d in local]
        if any(toctree_owner(settings, e) == docname for e in local.values()):
            listed = [d for d in listed if toctree_owner(settings, local[d]) == docname]
        table: list[tuple[str | None, str]] = [(None, d) for d in listed]
        if template is not None and places.owner(template[1]) == release:
            table.insert(0, (places.titles[template[1]], template[1]))
        toctrees.append((None, tuple(table)))
    if query.pages and settings.index_dir:
        pages = generated_page_names(settings, list(local.values()))
        for dimension, caption in (
            ('release', _('Releases')),
            ('status', _('Statuses')),
            ('project', _('Projects')),
        ):
            prefix = f'{settings.index_dir}/{dimension}/'
            names = tuple((None, name) for name in pages if name.startswith(prefix))
            if names:
                toctrees.append((caption, names))
        templates = tuple(places.site_templates())
        if templates:
            toctrees.append((_('Templates'), templates))
    return IndexPlan(
        toctrees=tuple(toctrees), template=template, groups=plan.groups, docnames=plan.docnames
    )
