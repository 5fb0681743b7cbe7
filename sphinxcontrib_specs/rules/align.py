"""The alignment of a spec's outline with its template's.

Worked out once per document (``Context.comparison``) and read by every
structure rule: which template sections the spec has, at which level and
in which order, which it lacks and which it adds.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field

from sphinxcontrib_specs.core.outline import Outline, Section
from sphinxcontrib_specs.core.releases import Release
from sphinxcontrib_specs.core.template import Template, TemplateSection


def _ordinal(level: int) -> str:
    return 'section' if level <= 1 else 'subsection'


@dataclass
class Extra:
    """A spec section the template does not have where it stands."""

    section: Section
    parent: Section | None
    depth: int
    suggestion: str | None = None
    repeats: Section | None = None


@dataclass
class Missing:
    """A template section the spec lacks; ``misspelt`` is a near miss."""

    section: TemplateSection
    parent: Section | None
    line: int
    hint: str
    misspelt: Section | None = None


@dataclass
class Misplaced:
    """A template section found at another depth or under another parent."""

    section: Section
    depth: int
    parent: Section | None
    wanted: TemplateSection
    wanted_parent: TemplateSection | None


@dataclass
class _Level:
    """The sections of one level that found no partner there."""

    extra: list[Extra] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)


@dataclass
class Comparison:
    """How a document's sections line up with its template's."""

    title: Section | None = None
    matched: list[tuple[Section, TemplateSection]] = field(default_factory=list)
    extra: list[Extra] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    misplaced: list[Misplaced] = field(default_factory=list)
    out_of_order: list[tuple[Section, int, TemplateSection | None]] = field(default_factory=list)
    checked: bool = False


def compare(outline: Outline, template: Template | None, release: Release | None) -> Comparison:
    """Line the document's section tree up with the template's.

    Sections are first paired by title (ignoring case and spacing, honouring
    aliases) level by level.  Of what is left, a spec section whose title is
    a template section's elsewhere is *misplaced* (one problem, not a missing
    plus an extra section; what it holds moved with it and is not reported
    again); then a spec section whose title is close to a missing one at the
    same level is taken as a misspelling of it.
    """
    result = Comparison()
    if template is None or not template.sections or outline.title is None:
        return result
    result.checked = True
    tops = outline.tops
    if len(tops) > 1 and tops[0].key in {k for s in template.sections for k in s.keys}:
        # The author left the title out: every section is at the top.
        sections = tops
    else:
        result.title = tops[0]
        sections = outline.sections
    levels: list[_Level] = []
    anchor = result.title.line if result.title else 1
    _compare_level(
        sections, template.sections, result.title, anchor, 1, result=result, levels=levels
    )

    template_parents: dict[int, TemplateSection | None] = {}
    for top in template.sections:
        template_parents[id(top)] = None
        for node in top.walk():
            for child in node.children:
                template_parents[id(child)] = node
    unmatched = [m for level in levels for m in level.missing]
    moved: set[int] = set()
    for level in levels:
        for extra in [e for e in level.extra if e.repeats is None]:
            for below, parent, depth in [
                (extra.section, extra.parent, extra.depth),
                *_below(extra.section, extra.depth),
            ]:
                wanted = next((m for m in unmatched if below.key in m.section.keys), None)
                if wanted is None:
                    continue
                unmatched.remove(wanted)
                for other in levels:
                    if wanted in other.missing:
                        other.missing.remove(wanted)
                if below is extra.section:
                    level.extra.remove(extra)
                if id(parent) not in moved:
                    result.misplaced.append(
                        Misplaced(
                            below,
                            depth,
                            parent,
                            wanted.section,
                            template_parents.get(id(wanted.section)),
                        )
                    )
                moved.add(id(below))

    for level in levels:
        for missing in level.missing:
            if not missing.section.required_for(release):
                continue
            titles = {e.section.title: e for e in level.extra if e.repeats is None}
            close = difflib.get_close_matches(missing.section.title, list(titles), 1, 0.75)
            if not close:
                folded = {t.casefold(): t for t in titles}
                close = [
                    folded[c]
                    for c in difflib.get_close_matches(
                        missing.section.title.casefold(), list(folded), 1, 0.75
                    )
                ]
            if close:
                misspelt = titles[close[0]]
                level.extra.remove(misspelt)
                missing.misspelt = misspelt.section
                missing.line = misspelt.section.line
            result.missing.append(missing)
        for extra in level.extra:
            optional = [
                m.section.title for m in level.missing if not m.section.required_for(release)
            ]
            close = difflib.get_close_matches(extra.section.title, optional, 1, 0.75)
            extra.suggestion = close[0] if close else None
            result.extra.append(extra)
    result.missing.sort(key=lambda m: m.line)
    result.extra.sort(key=lambda e: e.section.line)
    return result


def _compare_level(
    sections: list[Section],
    wanted: list[TemplateSection],
    parent: Section | None,
    parent_line: int,
    depth: int,
    *,
    result: Comparison,
    levels: list[_Level],
) -> None:
    if not sections and not wanted:
        # A leaf on both sides (most sections): nothing to pair or report.
        return
    level = _Level()
    levels.append(level)
    taken: dict[int, Section] = {}
    order: list[tuple[Section, int]] = []
    for section in sections:
        index = next(
            (i for i, t in enumerate(wanted) if i not in taken and section.key in t.keys),
            None,
        )
        if index is None:
            first = next((s for s in taken.values() if s.key == section.key), None)
            level.extra.append(Extra(section, parent, depth, repeats=first))
            continue
        taken[index] = section
        order.append((section, index))
        result.matched.append((section, wanted[index]))
        _compare_level(
            section.children,
            wanted[index].children,
            section,
            section.line,
            depth + 1,
            result=result,
            levels=levels,
        )
    in_order = _longest_increasing([index for _, index in order])
    kept = sorted(order[position][1] for position in in_order)
    for position, (section, index) in enumerate(order):
        if position not in in_order:
            before = max((i for i in kept if i < index), default=None)
            result.out_of_order.append(
                (section, depth, wanted[before] if before is not None else None)
            )
    for index, template_section in enumerate(wanted):
        if index in taken:
            continue
        following = [taken[i] for i in sorted(taken) if i > index]
        preceding = [wanted[i].title for i in sorted(taken) if i < index]
        if preceding:
            hint = f"add it after '{preceding[-1]}'"
        elif following:
            hint = f"add it before '{following[0].title}'"
        elif parent is not None:
            hint = f"add it under '{parent.title}'"
        else:
            hint = 'add it after the title'
        line = (
            following[0].line
            if following
            else (max((s.line for s in taken.values()), default=parent_line))
        )
        level.missing.append(Missing(template_section, parent, line, hint))


def _below(section: Section, depth: int) -> Iterator[tuple[Section, Section, int]]:
    for child in section.children:
        yield child, section, depth + 1
        yield from _below(child, depth + 1)


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence."""
    chains: list[list[int]] = []
    for position, value in enumerate(values):
        longest: list[int] = []
        for chain in chains:
            if values[chain[-1]] < value and len(chain) > len(longest):
                longest = chain
        chains.append([*longest, position])
    best: list[int] = []
    for chain in chains:
        if len(chain) > len(best):
            best = chain
    return set(best)
