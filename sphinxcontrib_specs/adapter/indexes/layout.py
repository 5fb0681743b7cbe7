"""The shape of an index on its page, made when the page is read.

The directive leaves a ``pending`` node with its plan (:mod:`.plan`); this
transform, which runs before Sphinx collects the page's contents, turns it
into the group headings, a jump list on long indexes, and placeholders that
are filled when the page is written (:mod:`.render`).

Group headings are sections, so that they are in the page's contents ("on
this page"), in its table of contents and in screen readers' list of
headings, wherever a section may stand: where the index ends its section
(nothing but sections after it, as on the generated pages).  Elsewhere,
as in the middle of a page's text, a section would swallow the text after
it, and the headings are rubrics (headings outside the contents).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import make_id

from sphinxcontrib_specs.adapter.indexes.plan import GroupPlan, IndexPlan
from sphinxcontrib_specs.adapter.locale import _
from sphinxcontrib_specs.core.grouping import DIMENSIONS

if TYPE_CHECKING:
    from sphinxcontrib_specs.adapter.indexes.directive import Query

__all__ = ['JUMP_LIST_FROM', 'IndexLayout', 'spec_index']

#: An index that lists more specs than this, in several groups, starts with
#: links to its groups.
JUMP_LIST_FROM = 20


class spec_index(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for part of an index, filled when the page is written.

    ``part`` is ``'overview'`` or ``'entries'``; entries are ``docnames``,
    in order, shown as ``query`` asks without the columns in ``fixed``
    (what a heading or a filter already says).
    """


def _ends_its_section(node: nodes.Node) -> bool:
    """Whether only sections (and invisible nodes: targets, comments) follow
    ``node`` in its section.  A pending node is not invisible for long: it
    becomes content, such as another index."""
    parent = node.parent
    if not isinstance(parent, nodes.section):
        return False
    return all(
        isinstance(n, nodes.section)
        or (isinstance(n, nodes.Invisible) and not isinstance(n, nodes.pending))
        for n in parent.children[parent.index(node) + 1 :]
    )


class IndexLayout(SphinxTransform):
    """Replace a ``spec-index``'s pending node with its headings and placeholders."""

    # Before the doctree-read event (880), where Sphinx collects the contents.
    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        pending = self.startnode
        assert isinstance(pending, nodes.pending)
        query: Query = pending.details['query']
        plan: IndexPlan = pending.details['plan']
        content: list[nodes.Node] = []
        if plan.template is not None:
            content.append(self._template_link(*plan.template))
        if query.overview:
            content.append(spec_index(query=query, part='overview'))
        fixed = frozenset(dim for dim, values in query.filters if len(values) == 1)
        if plan.groups:
            sections = _ends_its_section(pending)
            groups = [
                self._group(group, query, fixed, sections=sections, depth=1, prefix='')
                for group in plan.groups
            ]
            if plan.count() > JUMP_LIST_FROM and len(groups) > 1:
                content.append(_jump_list(plan.groups, groups))
            content.extend(groups)
        elif not query.pages:
            content.append(
                spec_index(query=query, part='entries', docnames=plan.docnames, fixed=fixed)
            )
        pending.replace_self(content or [nodes.comment()])

    def _template_link(self, title: str, docname: str) -> nodes.Node:
        xref = addnodes.pending_xref(
            '',
            refdomain='std',
            reftype='doc',
            reftarget=f'/{docname}',
            refexplicit=True,
            refwarn=True,
            refdoc=self.env.docname,
        )
        xref += nodes.inline(title, title)
        return nodes.paragraph('', '', xref, classes=['specs-template'])

    def _group(
        self,
        group: GroupPlan,
        query: Query,
        fixed: frozenset[str],
        *,
        sections: bool,
        depth: int,
        prefix: str,
    ) -> nodes.Element:
        """The heading of ``group`` and what is under it, as a section or a
        block with a rubric."""
        name = f'{prefix}-{group.dimension}' if prefix else group.dimension
        node_id = make_id(self.env, self.document, name, group.value or 'none')
        classes = ['specs-group', f'specs-group-{group.dimension}']
        heading_class = [f'specs-level-{depth}']
        count = f'({group.count})'
        heading: list[nodes.Node] = [
            nodes.Text(f'{group.label} '),
            nodes.inline(count, count, classes=['specs-count']),
        ]
        node: nodes.Element
        if sections:
            node = nodes.section('', nodes.title('', '', *heading, classes=heading_class))
        else:
            rubric = nodes.rubric(group.label, '', *heading, classes=heading_class)
            node = nodes.container('', rubric)
        node['classes'] = classes
        node['ids'] = [node_id]
        self.document.ids[node_id] = node
        if group.dimension in DIMENSIONS:
            fixed = fixed | {group.dimension}
        if group.groups:
            for child in group.groups:
                node.append(
                    self._group(
                        child, query, fixed, sections=sections, depth=depth + 1, prefix=node_id
                    )
                )
        else:
            node.append(
                spec_index(
                    query=query._replace(overview=False),
                    part='entries',
                    docnames=group.docnames,
                    fixed=fixed,
                    label=group.label,
                )
            )
        return node


def _jump_list(plan: tuple[GroupPlan, ...], groups: list[nodes.Element]) -> nodes.Node:
    """Links to the top groups of a long index, under a label that says so."""
    items = nodes.bullet_list(classes=['specs-jump-links'])
    for group, node in zip(plan, groups, strict=True):
        text = f'{group.label} ({group.count})'
        reference = nodes.reference(text, text, internal=True, refid=node['ids'][0])
        items += nodes.list_item('', nodes.paragraph('', '', reference))
    box = nodes.container(classes=['specs-jump'])
    box += nodes.paragraph('', _('Jump to:'), classes=['specs-jump-label'])
    box += items
    return box
