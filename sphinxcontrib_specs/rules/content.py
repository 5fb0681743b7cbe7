"""Content rules: a spec's text compared with its template's.

Off by default; they find guidance left unchanged, empty sections and
placeholders such as ``<launchpad-id>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sphinxcontrib_specs.core.metadata import find_trackers
from sphinxcontrib_specs.core.outline import normalize_text
from sphinxcontrib_specs.core.records import Finding
from sphinxcontrib_specs.rules.context import Context
from sphinxcontrib_specs.rules.registry import rule
from sphinxcontrib_specs.rules.text import _BULLET, _EXPLICIT, LITERAL, _content, block_kinds

# Content rules ---------------------------------------------------------------

#: Template paragraphs shorter than this are prompts ("Specification for the
#: method") that a spec may keep on purpose, not guidance to replace.
_MIN_GUIDANCE_WORDS = 5
_PLACEHOLDER = re.compile(r'<(?!/)[^<>\n]+>')


def _placeholders(ctx: Context) -> set[str]:
    """The ``<...>`` placeholders of the template's sections."""
    if ctx.template is None:
        return set()
    found: set[str] = set()
    for top in ctx.template.sections:
        for section in top.walk():
            for paragraph in section.paragraphs:
                found.update(
                    token
                    for token in _PLACEHOLDER.findall(paragraph)
                    if '://' not in token and '@' not in token
                )
    return found


def _section_ranges(ctx: Context) -> dict[int, tuple[int, int]]:
    """For each section (by id), the 0-based range of its own body lines."""
    every = sorted((s for top in ctx.outline.tops for s in top.walk()), key=lambda s: s.line)
    total = len(ctx.lines)
    ranges = {}
    for position, section in enumerate(every):
        end = every[position + 1].line - 2 if position + 1 < len(every) else total
        ranges[id(section)] = (section.line + 1, max(end, section.line + 1))
    return ranges


def _paragraphs(
    lines: Sequence[str], kinds: Sequence[str | None], start: int, end: int
) -> Iterator[tuple[int, str]]:
    """(1-based line, normalized text) of each paragraph in ``lines[start:end]``.

    Paragraphs are read as the template's are: consecutive non-blank lines,
    a list item's bullet dropped; literal blocks, tables and explicit markup
    are skipped.
    """
    block: list[str] = []
    first = 0
    for index in range(start, min(end, len(lines)) + 1):
        line = _content(lines[index]).strip() if index < min(end, len(lines)) else ''
        if line and kinds[index] is None:
            if not block:
                first = index
            block.append(line)
            continue
        if block and not _EXPLICIT.match(block[0]):
            # Only a leading bullet: ``N1. Does ...`` keeps its ``1.``.
            bullet = _BULLET.match(block[0])
            head = block[0][bullet.end() :] if bullet else block[0]
            yield first + 1, normalize_text(' '.join([head, *block[1:]]))
        block = []


@rule('template_text', default=False, group='content')
def template_text(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A paragraph of the template's guidance is left unchanged in a section.

    A paragraph of the spec's section equal to one of the same template
    section's (ignoring line breaks, spacing and inline markup) is reported
    at its first line.  Short template paragraphs (under five words) are
    prompts a spec may keep, and paragraphs holding a template placeholder
    are ``placeholder``'s.  So is a question (a paragraph ending in ``?``)
    that the spec answers below it, in text of its own: a questionnaire
    template (neutron's stadium scorecard) asks each spec to keep its
    questions and answer each one.

    Bad::

        Alternatives
        ------------

        What other ways could we do this thing? Why aren't we using those?

    Good::

        Alternatives
        ------------

        Weighing by image size was considered; it favours hosts that cached
        one large image over hosts that cached many.
    """
    if ctx.template is None or not ctx.source:
        return
    lines = ctx.lines
    kinds = block_kinds(lines)
    ranges = _section_ranges(ctx)
    placeholders = _placeholders(ctx)
    for section, wanted in ctx.comparison.matched:
        guidance = {
            paragraph
            for paragraph in wanted.paragraphs
            if len(paragraph.split()) >= _MIN_GUIDANCE_WORDS
            and not any(token in paragraph for token in placeholders)
        }
        if not guidance or id(section) not in ranges:
            continue
        start, end = ranges[id(section)]
        found = list(_paragraphs(lines, kinds, start, end))
        for position, (number, paragraph) in enumerate(found):
            if paragraph.endswith('?') and (
                any(later not in wanted.paragraphs for _, later in found[position + 1 :])
                or any(kind is not None for kind in kinds[number:end])
            ):
                # A question the spec keeps and answers below: a prompt.
                continue
            if paragraph in guidance:
                shown = paragraph if len(paragraph) <= 60 else f'{paragraph[:57]}...'
                yield Finding(
                    'template_text',
                    number,
                    f"the template's guidance for '{wanted.title}' is left in: "
                    f"'{shown}'; replace it with what the spec proposes",
                )


@rule('empty_section', default=False, group='content')
def empty_section(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A section has neither body text nor subsections.

    A comment is not body text.  Templates usually ask for "None" where
    there is nothing to say; a section the template makes optional can be
    removed instead.

    Bad::

        Dependencies
        ============

        Testing
        =======

    Good::

        Dependencies
        ============

        None.

        Testing
        =======
    """
    optional = {
        id(section): not wanted.required_for(ctx.release)
        for section, wanted in ctx.comparison.matched
    }
    for level_one in ctx.outline.sections:
        for section in level_one.walk():
            if section.has_body or section.children:
                continue
            fix = "write its content, or 'None' if there is nothing to say"
            if optional.get(id(section)):
                fix += '; the template makes it optional, so it can also be removed'
            yield Finding(
                'empty_section', section.line, f"section '{section.title}' is empty; {fix}"
            )


@rule('placeholder', default=False, group='content')
def placeholder(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A placeholder of the template, such as ``<launchpad-id or None>``, is left in.

    Placeholders are the ``<...>`` phrases of the template's sections (URLs
    and e-mail addresses in angle brackets are not), and the tracker links
    of the template's preamble (the example link,
    ``https://blueprints.launchpad.net/nova/+spec/example``), which are no
    spec's tracker.  Literal blocks are not searched, nor comments for
    links.  A title left as the template's is ``title``'s finding.

    Bad::

        https://blueprints.launchpad.net/nova/+spec/example

        Primary assignee:
          <launchpad-id or None>

    Good::

        https://blueprints.launchpad.net/nova/+spec/cache-weigher

        Primary assignee:
          jdoe
    """
    tokens = _placeholders(ctx)
    examples = ctx.template.trackers if ctx.template is not None else frozenset()
    if not (tokens or examples) or not ctx.source:
        return
    lines = ctx.lines
    kinds = block_kinds(lines)
    links: dict[int, list[tuple[int, str]]] = {}
    for index, _kind, match in find_trackers(lines) if examples else ():
        if match.group(0) in examples:
            links.setdefault(index, []).append((match.start(), match.group(0)))
    for number, (line, kind) in enumerate(zip(lines, kinds, strict=True), start=1):
        if kind == LITERAL:
            continue
        hits = sorted((line.find(token), token) for token in tokens if token in line)
        for column, token in hits:
            yield Finding(
                'placeholder',
                number,
                f"template placeholder '{token}' at column {column + 1} is left in; replace it",
            )
        for column, url in links.get(number - 1, ()):
            yield Finding(
                'placeholder',
                number,
                f"the template's example tracker link '{url}' at column {column + 1} is left "
                "in; replace it with the link of this spec's blueprint, bug or story",
            )
