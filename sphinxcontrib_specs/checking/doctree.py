"""Outlines from docutils doctrees (a spec as Sphinx parsed it)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from docutils import nodes

from sphinxcontrib_specs.core.metadata import METADATA_FIELDS
from sphinxcontrib_specs.core.outline import FrozenOutline, Outline, plain_title, thaw_outline

__all__ = ['frozen_outline_from_doctree', 'outline_from_doctree']


_NOT_BODY = (
    nodes.title,
    nodes.section,
    nodes.comment,
    nodes.system_message,
    nodes.target,
    nodes.substitution_definition,
    nodes.docinfo,
)


def _is_section_number(node: nodes.Node) -> bool:
    """The number ``.. sectnum::`` puts in a title, which is no part of it."""
    return isinstance(node, nodes.generated) and 'sectnum' in node['classes']


def _section(node: nodes.section, level: int) -> tuple[Any, ...]:
    """The section ``node`` as :func:`~sphinxcontrib_specs.core.outline.freeze_outline`
    gives a section."""
    # Every section of every spec comes here on every build: docutils'
    # indexing and ``astext`` are bypassed where a title is one plain text.
    children = node.children
    title = children[0] if children and isinstance(children[0], nodes.title) else None
    if title is None:
        text, line, raw = '', node.line or 1, ''
    else:
        parts = title.children
        if len(parts) == 1 and isinstance(parts[0], nodes.Text):
            # Text.astext() takes out escape marks (NUL characters) with three
            # splits and joins; a title without one is its own text.
            text = str(parts[0])
            if '\x00' in text:
                text = parts[0].astext()
        elif any(isinstance(c, nodes.generated) for c in parts):
            text = ''.join(c.astext() for c in parts if not _is_section_number(c))
        else:
            text = title.astext()
        # docutils gives a title the line of its underline.
        line = max(title.line - 1, 1) if title.line is not None else (node.line or 1)
        raw = title.rawsource
    sections = []
    comments = []
    has_body = False
    for child in children:
        if isinstance(child, nodes.section):
            sections.append(_section(child, level + 1))
        elif isinstance(child, nodes.comment):
            comments.append(child.astext())
        elif not has_body and not isinstance(child, _NOT_BODY):
            has_body = True
    # Compared as written: smart quotes, substitutions and roles change the
    # text of a spec's titles but not of its template's, which is read from
    # source.
    return (text, line, level, plain_title(raw), has_body, tuple(comments), tuple(sections))


def frozen_outline_from_doctree(document: nodes.Node) -> FrozenOutline:
    """The section tree of a parsed document, frozen
    (:func:`~sphinxcontrib_specs.core.outline.freeze_outline`): made as
    tuples at once, as the build keeps it until its checks run.

    Sphinx keeps the document title as a top-level section, so a spec's
    title is level 0 and its sections level 1.  Paragraph texts are left
    out: only a template's paragraphs are compared as such (the content
    rules read a spec's paragraphs from its source, at their lines), and
    turning every paragraph of every spec into text cost a quarter of the
    checks.
    """
    tops = []
    comments = []
    for child in document.children:
        if isinstance(child, nodes.section):
            tops.append(_section(child, 0))
        elif isinstance(child, nodes.comment):
            comments.append(child.astext())
    return tuple(tops), tuple(comments)


def outline_from_doctree(document: nodes.Node) -> Outline:
    """The section tree of a parsed document (:func:`frozen_outline_from_doctree`)."""
    return thaw_outline(frozen_outline_from_doctree(document))


def comments_of(document: nodes.Node) -> list[tuple[int, str]]:
    """The first line and the text of every comment in the document."""
    found = []
    for comment in document.findall(nodes.comment):
        text = comment.astext()
        # docutils gives a comment the line that follows it.
        line = (comment.line or 1) - len(text.splitlines())
        found.append((max(line, 1), text))
    return found


#: What may stand between a title and the field list below it.
_BEFORE_FIELDS = (nodes.comment, nodes.target, nodes.substitution_definition)


def title_fields(document: nodes.Node, names: Collection[str] = METADATA_FIELDS) -> dict[str, str]:
    """The fields of ``names`` of a field list that opens the title section.

    Sphinx takes a field list placed before the title as the document's
    metadata; many specs put theirs right below the title instead.  Other
    names there are the spec's content, as the ``:problem:`` and
    ``:solution:`` of a spec lite are.
    """
    for child in document.children:
        if not isinstance(child, nodes.section):
            continue
        body = [c for c in child.children[1:] if not isinstance(c, _BEFORE_FIELDS)]
        if not body or not isinstance(body[0], nodes.field_list):
            return {}
        fields = {}
        for field in body[0].findall(nodes.field):
            name = field[0].astext().strip().lower()
            if name in names:
                fields[name] = field[1].astext().strip()
        return fields
    return {}
