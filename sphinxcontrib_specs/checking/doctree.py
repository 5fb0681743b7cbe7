"""Outlines from docutils doctrees (a spec as Sphinx parsed it)."""

from __future__ import annotations

from docutils import nodes

from sphinxcontrib_specs.core.outline import Outline, Section

__all__ = ['outline_from_doctree']


_NOT_BODY = (
    nodes.title,
    nodes.section,
    nodes.comment,
    nodes.system_message,
    nodes.target,
    nodes.substitution_definition,
    nodes.docinfo,
)


def _title_line(section: nodes.section) -> int:
    title = section[0] if len(section) and isinstance(section[0], nodes.title) else None
    if title is None or title.line is None:
        return section.line or 1
    # docutils gives a title the line of its underline.
    return max(title.line - 1, 1)


def _section(node: nodes.section, level: int) -> Section:
    section = Section(
        title=node[0].astext() if len(node) and isinstance(node[0], nodes.title) else '',
        line=_title_line(node),
        level=level,
    )
    for child in node.children:
        if isinstance(child, nodes.section):
            section.children.append(_section(child, level + 1))
        elif isinstance(child, nodes.comment):
            section.comments.append(child.astext())
        elif not isinstance(child, _NOT_BODY):
            section.has_body = True
    return section


def outline_from_doctree(document: nodes.Node) -> Outline:
    """The section tree of a parsed document.

    Sphinx keeps the document title as a top-level section, so a spec's
    title is level 0 and its sections level 1.  Paragraph texts are left
    out: only a template's paragraphs are compared as such (the content
    rules read a spec's paragraphs from its source, at their lines), and
    turning every paragraph of every spec into text cost a quarter of the
    checks.
    """
    outline = Outline()
    for child in document.children:
        if isinstance(child, nodes.section):
            outline.tops.append(_section(child, 0))
        elif isinstance(child, nodes.comment):
            outline.comments.append(child.astext())
    return outline


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


def title_fields(document: nodes.Node) -> dict[str, str]:
    """Fields of a field list that opens the title section.

    Sphinx takes a field list placed before the title as the document's
    metadata; many specs put theirs right below the title instead.
    """
    for child in document.children:
        if not isinstance(child, nodes.section):
            continue
        body = [c for c in child.children[1:] if not isinstance(c, _BEFORE_FIELDS)]
        if not body or not isinstance(body[0], nodes.field_list):
            return {}
        fields = {}
        for field in body[0].findall(nodes.field):
            fields[field[0].astext().strip().lower()] = field[1].astext().strip()
        return fields
    return {}
