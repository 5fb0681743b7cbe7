"""The ``spec-index`` directive: its query, its toctrees and its layout to come."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.indexes.layout import IndexLayout
from sphinxcontrib_specs.adapter.indexes.plan import (
    IndexPlan,
    Toctree,
    entries_before_reading,
    plan_index,
)
from sphinxcontrib_specs.adapter.indexes.scan import page_value
from sphinxcontrib_specs.adapter.indexes.templates import TemplatePlaces, places_of
from sphinxcontrib_specs.config.common import did_you_mean
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.grouping import DIMENSIONS, IndexEntry, filter_entries

__all__ = ['SpecIndexDirective']

logger = logging.getLogger(__name__)

COLUMNS = ('title', 'status', 'release', 'project', 'assignees', 'tracker')


class Query(NamedTuple):
    """What one ``spec-index`` directive asks for."""

    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    group_by: tuple[str, ...] = ('release', 'status')
    format: str = 'list'
    columns: tuple[str, ...] = ('title', 'status', 'assignees')
    toctree: bool = False
    newest_first: bool = True
    overview: bool = False
    pages: bool = False
    #: The sites listed: '' for this one, names of ``specs_external``, '*' for all.
    sources: tuple[str, ...] = ('',)

    def matching(self, entries: Iterable[IndexEntry]) -> list[IndexEntry]:
        chosen = filter_entries(entries, dict(self.filters))
        return chosen if '*' in self.sources else [e for e in chosen if e.source in self.sources]


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
        'source': directives.unchanged,
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
                elif dimension == 'project':
                    values = tuple(settings.project_name(v) if v != '""' else v for v in values)
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
            sources=self._sources(settings),
        )
        if self.env.docname in light and (query.toctree or query.pages):
            self._warn_toctree_in_spec()
        plan = plan_for(query, self.env, self.env.docname)
        domain.note_index(self.env.docname, query, plan)
        # The layout is made once the whole page is read: whether the
        # groups can be sections depends on what follows the directive.
        pending = nodes.pending(IndexLayout, {'query': query, 'plan': plan})
        self.set_source_info(pending)
        self.state.document.note_pending(pending)
        # Hidden toctrees first, so that the index may end its section; the
        # site index's visible ones under its overview.
        hidden = [self._toctree(t) for t in plan.toctrees if t[0] is None]
        shown = [self._toctree(t) for t in plan.toctrees if t[0] is not None]
        return [*hidden, pending, *shown]

    def _sources(self, settings: Settings) -> tuple[str, ...]:
        """The sites of ``:source:``; a name that is none is reported."""
        if 'source' not in self.options:
            return ('',)
        sources = tuple('' if v == '""' else v for v in _csv(self.options['source'])) or ('',)
        known = [source.name for source in settings.references.external]
        for source in sources:
            if source in ('', '*', *known) or settings.rules.get('external') is None:
                continue
            hint = did_you_mean(source, known) or (
                f'; the sites are {", ".join(known)}' if known else '; specs_external names none'
            )
            logger.warning(
                f'unknown source {source!r}: it is no site of specs_external{hint}',
                type='specs',
                subtype='external',
                location=(self.env.docname, self.lineno),
            )
        return sources

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

    def _toctree(self, table: Toctree) -> nodes.Node:
        caption, entries = table
        toctree = addnodes.toctree()
        toctree['parent'] = self.env.docname
        toctree['entries'] = list(entries)
        toctree['includefiles'] = [name for _title, name in entries]
        toctree['maxdepth'] = 1
        toctree['caption'] = caption
        toctree['glob'] = False
        toctree['hidden'] = caption is None
        toctree['includehidden'] = False
        toctree['numbered'] = 0
        toctree['titlesonly'] = False
        self.set_source_info(toctree)
        wrapper = nodes.compound(classes=['toctree-wrapper', 'specs-toctree'])
        wrapper += toctree
        return wrapper


def plan_for(
    query: Query, env: BuildEnvironment, docname: str, places: TemplatePlaces | None = None
) -> IndexPlan:
    """The plan of ``query`` on the page ``docname``, from what is known now."""
    domain = get_domain(env)
    if places is None:
        places = places_of(env)
    return plan_index(query, entries_before_reading(domain), domain.settings, docname, places)
