"""The ``spec-index`` directive: its query, its toctrees and its placeholder."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.indexes.scan import (
    _ordering,
    generated_page_names,
    page_value,
    toctree_owner,
)
from sphinxcontrib_specs.adapter.locale import _
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.grouping import (
    DIMENSIONS,
    Group,
    IndexEntry,
    filter_entries,
    group_entries,
    sort_entries,
)

__all__ = ['SpecIndexDirective']

logger = logging.getLogger(__name__)

COLUMNS = ('title', 'status', 'release', 'project', 'assignees', 'tracker')


class spec_index(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for an index, filled when the page is written."""


@dataclass(frozen=True)
class Query:
    """What one ``spec-index`` directive asks for."""

    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    group_by: tuple[str, ...] = ('release', 'status')
    format: str = 'list'
    columns: tuple[str, ...] = ('title', 'status', 'assignees')
    toctree: bool = False
    newest_first: bool = True
    overview: bool = False
    pages: bool = False

    def matching(self, entries: Iterable[IndexEntry]) -> list[IndexEntry]:
        return filter_entries(entries, dict(self.filters))


def _csv(argument: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (argument or '').split(',') if a.strip())


def _choices(allowed: Sequence[str]) -> Any:
    def check(argument: str | None) -> tuple[str, ...]:
        values = _csv(argument)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            msg = f'unknown value(s) {", ".join(unknown)}; choose from {", ".join(allowed)}'
            raise ValueError(msg)
        return values

    return check


# ---------------------------------------------------------------------------
# The directive


class SpecIndexDirective(SphinxDirective):
    """List specs grouped by release, status or project.

    With no options, on a site with generated pages: an overview and the
    tables of contents of the generated pages.  On a generated page, the
    option of the page's own dimension stands for the page's value as it
    is: the option holds it as text, which commas, line breaks and escapes
    would change.
    """

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        'release': directives.unchanged,
        'status': directives.unchanged,
        'project': directives.unchanged,
        'kind': directives.unchanged,
        'group-by': _choices(DIMENSIONS),
        'format': lambda a: directives.choice(a, ('list', 'table')),
        'columns': _choices(COLUMNS),
        'toctree': directives.flag,
        'oldest-first': directives.flag,
        'overview': directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        domain = get_domain(self.env)
        settings = domain.settings
        options = self.options
        site = not options and bool(settings.index_dir)
        light: dict[str, IndexEntry] = domain.data['light']
        own = page_value(settings, list(light.values()), self.env.docname)
        filters: list[tuple[str, tuple[str, ...]]] = []
        for dimension in (*DIMENSIONS, 'kind'):
            if own is not None and own[0] == dimension and dimension in options:
                filters.append((dimension, (own[1],)))
            elif dimension in options:
                values = _csv(options[dimension]) or ('',)
                if dimension == 'release':
                    values = tuple(settings.releases.parse(v).name if v else v for v in values)
                elif dimension == 'status':
                    values = tuple(settings.statuses.canonical(v) or v for v in values)
                filters.append((dimension, tuple('' if v == '""' else v for v in values)))
        query = Query(
            filters=tuple(filters),
            group_by=options.get('group-by', ('release', 'status')) if not site else (),
            format=options.get('format', 'list'),
            columns=options.get('columns', ('title', 'status', 'assignees')),
            toctree='toctree' in options or (not options and not settings.index_dir),
            newest_first='oldest-first' not in options,
            overview='overview' in options or site,
            pages=site,
        )
        placeholder = spec_index(query=query)
        self.set_source_info(placeholder)
        result: list[nodes.Node] = [placeholder]
        if self.env.docname in light and (query.toctree or query.pages):
            self._warn_toctree_in_spec()
        tables = toctree_docnames(query, light, settings, self.env.found_docs, self.env.docname)
        domain.note_index(self.env.docname, query, tables)
        for caption, docnames in tables:
            result.append(self._toctree(list(docnames), hidden=caption is None, caption=caption))
        return result

    def _warn_toctree_in_spec(self) -> None:
        # specs.config, as for the other index pages a build cannot make as
        # asked: a code every entry point knows, which silences them all.
        if 'toctree' in self.options:
            message = (
                'spec-index in a spec: its table of contents is left out, as it would hold '
                'this spec itself or other specs, which makes a loop in the navigation or '
                'gives them a second place in it; the specs are listed as links only. '
                'Remove :toctree:, or move the directive to a page that is not a spec'
            )
        else:
            message = (
                'spec-index without options in a spec: its tables of contents are left out, '
                'as they would hold this spec itself or the page that holds it, a loop in '
                'the navigation. Give the directive an option such as :release: to list '
                'specs, or move it to a page that is not a spec'
            )
        logger.warning(
            message, type='specs', subtype='config', location=(self.env.docname, self.lineno)
        )

    def _toctree(
        self, docnames: list[str], *, hidden: bool, caption: str | None = None
    ) -> nodes.Node:
        toctree = addnodes.toctree()
        toctree['parent'] = self.env.docname
        toctree['entries'] = [(None, name) for name in docnames]
        toctree['includefiles'] = list(docnames)
        toctree['maxdepth'] = 1
        toctree['caption'] = caption
        toctree['glob'] = False
        toctree['hidden'] = hidden
        toctree['includehidden'] = False
        toctree['numbered'] = 0
        toctree['titlesonly'] = False
        self.set_source_info(toctree)
        wrapper = nodes.compound(classes=['toctree-wrapper', 'specs-toctree'])
        wrapper += toctree
        return wrapper


Toctrees = tuple[tuple[str | None, tuple[str, ...]], ...]


def toctree_docnames(
    query: Query,
    light: dict[str, IndexEntry],
    settings: Settings,
    found_docs: set[str],
    docname: str,
) -> Toctrees:
    """The toctrees a directive of ``docname`` emits: (caption or None if hidden, docnames).

    Every spec and every template is in one toctree at most: a generated
    page holds only the specs it owns (:func:`toctree_owner`), a release
    page only a template no other release uses, and the site index the
    templates several releases share.  A spec emits none: its toctree would
    hold the spec itself, or a page or spec above it.
    """
    if docname in light:
        return ()
    tables: list[tuple[str | None, tuple[str, ...]]] = []
    if query.toctree:
        entries = query.matching(light.values())
        if any(toctree_owner(settings, e) == docname for e in light.values()):
            entries = [e for e in entries if toctree_owner(settings, e) == docname]
        docnames = [e.docname for e in _in_order(entries, query, settings)]
        releases = dict(query.filters).get('release', ())
        if len(releases) == 1 and releases[0]:
            template = _template_doc(settings, releases[0])
            if template is not None and template in found_docs:
                served = _template_releases(settings, light, found_docs).get(template, ())
                if set(served) <= {releases[0]}:
                    docnames.insert(0, template)
        tables.append((None, tuple(docnames)))
    if query.pages and settings.index_dir:
        pages = generated_page_names(settings, list(light.values()))
        for dimension, caption in (
            ('release', _('Releases')),
            ('status', _('Statuses')),
            ('project', _('Projects')),
        ):
            prefix = f'{settings.index_dir}/{dimension}/'
            names = tuple(name for name in pages if name.startswith(prefix))
            if names:
                tables.append((caption, names))
        shared = _template_releases(settings, light, found_docs)
        names = tuple(sorted(t for t, served in shared.items() if len(served) > 1))
        if names:
            tables.append((_('Templates'), names))
    return tuple(tables)


def _template_releases(
    settings: Settings, light: dict[str, IndexEntry], found_docs: set[str]
) -> dict[str, tuple[str, ...]]:
    """Each template that is a page: the releases (with specs) it serves, sorted."""
    served: dict[str, list[str]] = {}
    for release in sorted({e.release for e in light.values() if e.release}):
        template = _template_doc(settings, release)
        if template is not None and template in found_docs:
            served.setdefault(template, []).append(release)
    return {template: tuple(releases) for template, releases in served.items()}


def _template_doc(settings: Settings, release: str) -> str | None:
    kind = settings.kind('spec')
    path, _tried = settings.find_template(kind, {'release': release})
    if path is None:
        return None
    for suffix in settings.source_suffixes:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return None


def _in_order(entries: list[IndexEntry], query: Query, settings: Settings) -> list[IndexEntry]:
    groups = group_entries(entries, query.group_by, _ordering(settings, query.newest_first))
    if not groups:
        return sort_entries(entries)
    ordered: list[IndexEntry] = []

    def collect(group: Group) -> None:
        ordered.extend(group.entries)
        for child in group.groups:
            collect(child)

    for group in groups:
        collect(group)
    return ordered
