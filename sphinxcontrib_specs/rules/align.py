"""The alignment of a spec's outline with its template's.

Worked out once per document (``Context.comparison``) and read by every
structure rule: which template sections the spec has, at which level and
in which order, which it lacks and which it adds.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from sphinxcontrib_specs.core.outline import Outline, Section
from sphinxcontrib_specs.core.releases import Release
from sphinxcontrib_specs.core.template import Template, TemplateSection


def _ordinal(level: int) -> str:
    return 'section' if level <= 1 else 'subsection'


class Extra(NamedTuple):
    """A spec section the template does not have where it stands."""

    section: Section
    parent: Section | None
    depth: int
    #: For a heading written twice: its first copy, and the template's section.
    repeats: tuple[Section, TemplateSection] | None = None
    #: Whether it is the only section at its level under its parent.
    alone: bool = False


class Missing(NamedTuple):
    """A template section the spec lacks.

    ``misspelt`` is the spec's section that stands for it under another
    title: a near miss, or a section holding its subsections (a rename).
    """

    section: TemplateSection
    parent: Section | None
    line: int
    hint: str
    misspelt: Section | None = None


class Misplaced(NamedTuple):
    """A template section found at another depth or under another parent."""

    section: Section
    depth: int
    parent: Section | None
    wanted: TemplateSection
    wanted_parent: TemplateSection | None


class Nested(NamedTuple):
    """A heading the template does not have, holding template sections a level too deep.

    One heading adorned unlike the sections (a label underlined as a
    title, above the first section) makes every section after it its
    subsection: the heading is the mistake, not each section.
    """

    section: Section
    parent: Section | None
    depth: int
    sections: list[Section]


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
    nested: list[Nested] = field(default_factory=list)
    #: Each section out of order: the section, its depth, its template
    #: section, and the template section it should follow (None: first).
    out_of_order: list[tuple[Section, int, TemplateSection, TemplateSection | None]] = field(
        default_factory=list
    )
    #: When the spec has no section at all (a stub), the template's required
    #: level-1 sections, reported together instead of one by one.
    all_missing: list[TemplateSection] = field(default_factory=list)
    checked: bool = False


def compare(outline: Outline, template: Template | None, release: Release | None) -> Comparison:
    """Line the document's section tree up with the template's.

    Sections are first paired by title (ignoring case and spacing, honouring
    aliases) level by level; the subsections of a heading written twice
    count as the first copy's.  A spec section whose title the template has
    nowhere is then paired with a template section the spec has nowhere, at
    the same level, when their titles are close or the spec's section holds
    the template section's subsections (a typo or a rename): its
    subsections are compared with the template section's.  Of what is
    left, a spec section whose title is a template section's elsewhere is
    *misplaced* (one problem, not a missing plus an extra section; what it
    holds moved with it and is not reported again), unless a heading the
    template does not have holds it a level too deep (:class:`Nested`).  A
    section the template lacks but accepts for the spec's release
    (:meth:`Template.accepts`) is no extra section, at any level.
    """
    result = Comparison()
    if template is None or not template.sections or outline.title is None:
        return result
    result.checked = True
    tops = outline.tops
    if len(tops) > 1 and any(tops[0].key in s.keys for s in template.sections):
        # The author left the title out: every section is at the top.
        sections = tops
    else:
        result.title = tops[0]
        sections = outline.sections
    if not sections:
        # A stub (a placeholder that keeps a directory, a page pointing
        # elsewhere) lacks every section for one reason.
        result.all_missing = [s for s in template.sections if s.required_for(release)]
        return result
    quick: list[Extra] = []
    if _in_order(
        sections,
        template.sections,
        template.places,
        _Fast(template, release, result.matched, quick),
        parent=result.title,
        depth=1,
    ):
        # Most specs: every section where the template has it, and any
        # other (most often a subsection of the author's) nowhere in it.
        result.extra = sorted(quick, key=lambda e: e.section.line)
        return result
    result.matched.clear()
    spec_keys = {s.key for top in tops for s in top.walk()}
    # Titles the configuration accepts although the template lacks them
    # (specs_sections extra, until): never extra, and never a misspelling.
    accepted = {key for key in spec_keys if template.accepts(key, release)}
    aligner = _Aligner(
        result,
        template_keys=template.keys | accepted,
        spec_keys=spec_keys,
    )
    anchor = result.title.line if result.title else 1
    aligner.align(sections, template.sections, result.title, anchor, 1)
    levels = aligner.levels

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
        for extra in [e for e in level.extra if e.alone and e.repeats is None]:
            expected = aligner.partners.get(id(extra.parent))
            nested = [
                m
                for m in result.misplaced
                if m.parent is extra.section
                and m.wanted.level == extra.depth
                and m.wanted_parent is expected
            ]
            if not nested:
                continue
            level.extra.remove(extra)
            for found in nested:
                result.misplaced.remove(found)
            result.nested.append(
                Nested(extra.section, extra.parent, extra.depth, [m.section for m in nested])
            )

    for level in levels:
        result.missing.extend(m for m in level.missing if m.section.required_for(release))
        result.extra.extend(e for e in level.extra if e.section.key not in accepted)
    result.missing.sort(key=lambda m: m.line)
    result.extra.sort(key=lambda e: e.section.line)
    return result


@dataclass
class _Aligner:
    """The state of one alignment: what is found, and the titles on each side."""

    result: Comparison
    #: The folded titles and aliases of every template section, and the
    #: folded titles of every spec section: a title found on the other side
    #: anywhere is a misplaced section, never a near miss.
    template_keys: frozenset[str]
    spec_keys: set[str]
    levels: list[_Level] = field(default_factory=list)
    #: The template section each spec section stands for, by ``id``.
    partners: dict[int, TemplateSection] = field(default_factory=dict)
    #: The ``id`` of the sections under a heading's second copy.
    copies: set[int] = field(default_factory=set)

    def align(
        self,
        sections: list[Section],
        wanted: list[TemplateSection],
        parent: Section | None,
        parent_line: int,
        depth: int,
    ) -> None:
        if not sections and not wanted:
            # A leaf on both sides (most sections): nothing to pair or report.
            return
        level = _Level()
        self.levels.append(level)
        taken: dict[int, Section] = {}
        held: dict[int, list[Section]] = {}
        order: list[tuple[Section, int]] = []
        for section in sections:
            index = next(
                (i for i, t in enumerate(wanted) if i not in taken and section.key in t.keys),
                None,
            )
            if index is not None:
                taken[index] = section
                held[index] = list(section.children)
                order.append((section, index))
                self.result.matched.append((section, wanted[index]))
                continue
            again = next((i for i in taken if section.key in wanted[i].keys), None)
            if again is None:
                level.extra.append(Extra(section, parent, depth, alone=len(sections) == 1))
                continue
            # A heading written twice: what its second copy holds is the
            # section's, and is not missing from the first.  A heading that
            # repeats one under the first copy is the same mistake, reported
            # at the copy alone.
            held[again].extend(section.children)
            self.copies.update(id(child) for child in section.children)
            if id(section) not in self.copies:
                level.extra.append(
                    Extra(section, parent, depth, repeats=(taken[again], wanted[again]))
                )
        renamed = self._pair_near_misses(level, wanted, taken)
        for index in renamed:
            held[index] = list(taken[index].children)
            self.result.missing.append(
                Missing(wanted[index], parent, taken[index].line, '', misspelt=taken[index])
            )

        in_order = _longest_increasing([index for _, index in order])
        kept = sorted(order[position][1] for position in in_order)
        for position, (section, index) in enumerate(order):
            if position not in in_order:
                before = max((i for i in kept if i < index), default=None)
                self.result.out_of_order.append(
                    (section, depth, wanted[index], wanted[before] if before is not None else None)
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
        for index, section in sorted(taken.items(), key=lambda item: item[1].line):
            self.partners[id(section)] = wanted[index]
            self.align(held[index], wanted[index].children, section, section.line, depth + 1)

    def _pair_near_misses(
        self, level: _Level, wanted: list[TemplateSection], taken: dict[int, Section]
    ) -> list[int]:
        """Pair what is left at a level by close titles, then by shared subsections.

        Returns the indexes of the template sections paired, now in ``taken``.
        """
        candidates = {
            id(e.section): e
            for e in level.extra
            if e.repeats is None and e.section.key not in self.template_keys
        }
        absent = [
            i for i, t in enumerate(wanted) if i not in taken and not t.keys & self.spec_keys
        ]
        paired: list[int] = []
        for match in (_close_title, _shared_subsections):
            for index in [i for i in absent if i not in taken]:
                found = match(wanted[index], [e.section for e in candidates.values()])
                if found is None:
                    continue
                level.extra.remove(candidates.pop(id(found)))
                taken[index] = found
                paired.append(index)
        return paired


def _close_title(wanted: TemplateSection, sections: list[Section]) -> Section | None:
    """The section whose title is a near miss of the template section's."""
    titles = {s.spelling: s for s in sections}
    close = difflib.get_close_matches(wanted.title, list(titles), 1, 0.75)
    if close:
        return titles[close[0]]
    folded = {t.casefold(): s for t, s in titles.items()}
    close = difflib.get_close_matches(wanted.title.casefold(), list(folded), 1, 0.75)
    return folded[close[0]] if close else None


def _shared_subsections(wanted: TemplateSection, sections: list[Section]) -> Section | None:
    """The section holding the most of the template section's subsections, if any."""
    keys = {k for child in wanted.children for k in child.keys}
    shared = {id(s): sum(child.key in keys for child in s.children) for s in sections}
    best = max(sections, key=lambda s: shared[id(s)], default=None)
    return best if best is not None and shared[id(best)] else None


def _below(section: Section, depth: int) -> Iterator[tuple[Section, Section, int]]:
    for child in section.children:
        yield child, section, depth + 1
        yield from _below(child, depth + 1)


class _Fast(NamedTuple):
    """What :func:`_in_order` compares with, and what it finds."""

    template: Template
    release: Release | None
    matched: list[tuple[Section, TemplateSection]]
    extra: list[Extra]


def _in_order(
    sections: list[Section],
    wanted: list[TemplateSection],
    places: Mapping[str, list[int]],
    fast: _Fast,
    *,
    parent: Section | None,
    depth: int,
) -> bool:
    """Pair ``sections`` with ``wanted`` (whose titles stand at ``places``,
    :func:`~sphinxcontrib_specs.core.template.title_places`), and their
    subsections, into ``fast.matched`` as :meth:`_Aligner.align` does, when
    that is all it would find, besides extra sections (``fast.extra``,
    those the template does not accept):
    every section is the template's, at its level and in its order, what
    the spec leaves out is optional, and a section the template lacks is
    one whose title, and those of all it holds, the template has nowhere
    (no misplaced section), at a level where the spec leaves nothing out
    (no near miss to pair it with).  False (``fast`` then holds part of
    the findings) when anything else is found, for align to work out."""
    if not sections and not wanted:
        return True
    taken: set[int] = set()
    pairs: list[tuple[Section, TemplateSection]] = []
    position = 0
    extras = len(fast.extra)
    keys = fast.template.keys
    for section in sections:
        # The first template section not taken with this title, as align pairs.
        index = next((i for i in places.get(section.key, ()) if i not in taken), None)
        if index is None:
            if section.key in keys or any(s.key in keys for s in section.walk()[1:]):
                return False
            if not fast.template.accepts(section.key, fast.release):
                fast.extra.append(Extra(section, parent, depth, alone=len(sections) == 1))
            continue
        if index < position:
            return False
        taken.add(index)
        pairs.append((section, wanted[index]))
        position = index + 1
    # An extra section at a level that leaves a template section out may
    # be that section misspelt: align pairs near misses.
    if len(taken) < len(wanted) and (
        len(fast.extra) > extras
        or any(t.required_for(fast.release) for i, t in enumerate(wanted) if i not in taken)
    ):
        return False
    fast.matched.extend(pairs)
    return all(
        _in_order(
            section.children,
            template_section.children,
            template_section.places,
            fast,
            parent=section,
            depth=depth + 1,
        )
        for section, template_section in sorted(pairs, key=lambda pair: pair[0].line)
    )


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence."""
    if all(a < b for a, b in itertools.pairwise(values)):
        return set(range(len(values)))
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
