"""The rules: one pure function per warning code, registered by name.

A rule takes a :class:`Context` (one document, its outline, the template
that applies, its metadata) and its options, and yields findings.  Its name
is the warning subtype (``specs.<name>``) and its docstring, with a bad and
a good example, is its documentation in the warning reference.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sphinxcontrib_specs.findings import Finding
from sphinxcontrib_specs.outline import Outline, Section
from sphinxcontrib_specs.releases import Release
from sphinxcontrib_specs.template import Template, TemplateSection

__all__ = ['RULES', 'Context', 'Rule', 'rule']

RuleFunction = Callable[['Context', Mapping[str, Any]], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule."""

    name: str
    check: RuleFunction | None
    default: bool
    options: Mapping[str, Any]
    doc: str
    group: str


#: Every warning code, by name, in the order of the warning reference.
RULES: dict[str, Rule] = {}


def rule(
    name: str, *, default: bool, group: str, **options: Any
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the rule ``name``."""

    def register(func: RuleFunction) -> RuleFunction:
        RULES[name] = Rule(name, func, default, options, func.__doc__ or '', group)
        return func

    return register


def register_code(name: str, doc: str, group: str) -> None:
    """Register a warning code that is reported by the adapter, not a rule."""
    RULES[name] = Rule(name, None, True, {}, doc, group)


@dataclass
class Context:
    """What rules look at for one document."""

    outline: Outline
    template: Template | None
    release: Release | None

    @cached_property
    def comparison(self) -> Comparison:
        return compare(self.outline, self.template, self.release)


def _ordinal(level: int) -> str:
    return 'section' if level <= 1 else 'subsection'


@dataclass
class Missing:
    section: TemplateSection
    parent: Section | None
    line: int
    hint: str


@dataclass
class Comparison:
    """How a document's sections line up with its template's."""

    title: Section | None = None
    matched: list[tuple[Section, TemplateSection]] = field(default_factory=list)
    extra: list[tuple[Section, Section | None, str | None]] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    misplaced: list[tuple[Section, int, TemplateSection, TemplateSection | None]] = field(
        default_factory=list
    )
    out_of_order: list[tuple[Section, int, TemplateSection | None]] = field(
        default_factory=list
    )
    checked: bool = False


def compare(outline: Outline, template: Template | None, release: Release | None) -> Comparison:
    """Line the document's section tree up with the template's."""
    result = Comparison()
    if template is None or not template.sections or outline.title is None:
        return result
    result.checked = True
    tops = outline.tops
    template_keys = {k for s in template.sections for k in s.keys}
    if tops[0].key in template_keys:
        # The author left the title out: every section is at the top.
        sections = tops
    else:
        result.title = tops[0]
        sections = outline.sections
    parents: dict[int, TemplateSection | None] = {}
    for top in template.sections:
        parents[id(top)] = None
        for node in top.walk():
            for child in node.children:
                parents[id(child)] = node
    unmatched_spec: list[tuple[Section, int, bool]] = []
    unmatched_template: list[tuple[TemplateSection, Section | None, int, str]] = []
    anchor = result.title.line if result.title else 1
    _compare_level(
        sections, template.sections, result.title, anchor, 1,
        result, unmatched_spec, unmatched_template,
    )
    # A section found at another depth than the template's is one problem,
    # not a missing section plus an extra one.
    for spec_section, depth, reported in unmatched_spec:
        for index, (wanted, _, _, _) in enumerate(unmatched_template):
            if spec_section.key in wanted.keys:
                result.misplaced.append(
                    (spec_section, depth, wanted, parents.get(id(wanted)))
                )
                del unmatched_template[index]
                if reported:
                    result.extra = [e for e in result.extra if e[0] is not spec_section]
                break
    for wanted, parent, line, hint in unmatched_template:
        if wanted.required_for(release):
            result.missing.append(Missing(wanted, parent, line, hint))
    return result


def _compare_level(
    sections: list[Section],
    wanted: list[TemplateSection],
    parent: Section | None,
    parent_line: int,
    depth: int,
    result: Comparison,
    unmatched_spec: list[tuple[Section, int, bool]],
    unmatched_template: list[tuple[TemplateSection, Section | None, int, str]],
) -> None:
    taken: dict[int, Section] = {}
    order: list[tuple[Section, int]] = []
    for section in sections:
        index = next(
            (i for i, t in enumerate(wanted) if i not in taken and section.key in t.keys),
            None,
        )
        if index is None:
            free = [t.title for i, t in enumerate(wanted) if i not in taken]
            close = difflib.get_close_matches(section.title, free, n=1, cutoff=0.75)
            if not close:
                lowered = {t.casefold(): t for t in free}
                close = difflib.get_close_matches(
                    section.key, list(lowered), n=1, cutoff=0.75
                )
                close = [lowered[c] for c in close]
            result.extra.append((section, parent, close[0] if close else None))
            unmatched_spec.append((section, depth, True))
            unmatched_spec.extend(_below(section, depth))
            continue
        taken[index] = section
        order.append((section, index))
        result.matched.append((section, wanted[index]))
        _compare_level(
            section.children, wanted[index].children, section, section.line, depth + 1,
            result, unmatched_spec, unmatched_template,
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
        line = following[0].line if following else (
            max((s.line for s in taken.values()), default=parent_line)
        )
        unmatched_template.append((template_section, parent, line, hint))


def _below(section: Section, depth: int) -> Iterator[tuple[Section, int, bool]]:
    for child in section.children:
        yield child, depth + 1, False
        yield from _below(child, depth + 1)


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence."""
    best: list[list[int]] = []
    for position, value in enumerate(values):
        candidates = [chain for chain in best if values[chain[-1]] < value]
        longest = max(candidates, key=len, default=[])
        best.append([*longest, position])
    return set(max(best, key=len, default=[]))


def _describe(section: TemplateSection, parent: TemplateSection | None) -> str:
    where = f" under '{parent.title}'" if parent is not None else ''
    return f'level {section.level}{where}'


@rule('title', default=True, group='structure')
def title(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The spec has one title, of its own.

    Reported when the document has no title, when it has several top-level
    titles (a section adorned like the title), or when it keeps the
    template's placeholder title.

    Bad::

        =====================================
        Example Spec - The title of your spec
        =====================================

    Good::

        ==========================
        Live-migrate with vTPM
        ==========================
    """
    tops = ctx.outline.tops
    if not tops:
        yield Finding('title', 1, 'the spec has no title and no sections; '
                      'start it from the template')
        return
    comparison = ctx.comparison
    if comparison.checked and comparison.title is None:
        yield Finding('title', tops[0].line,
                      f"the spec has no title: '{tops[0].title}' is a section of the "
                      'template; add a title above it, adorned above and below')
        return
    for extra in tops[1:]:
        yield Finding('title', extra.line,
                      f"'{extra.title}' is adorned like the title '{tops[0].title}', "
                      'so the spec has several top-level titles; adorn sections '
                      'as the template does')
    if ctx.template is not None and ctx.template.title is not None and (
        tops[0].key == Section(ctx.template.title, 0, 0).key
    ):
        yield Finding('title', tops[0].line,
                      f"the title is the template's placeholder '{tops[0].title}'; "
                      "give the spec a title of its own")


def _missing(ctx: Context, level_one: bool) -> Iterator[Finding]:
    if ctx.template is None:
        return
    for missing in ctx.comparison.missing:
        wanted = missing.section
        if (wanted.level <= 1) != level_one:
            continue
        kind = _ordinal(wanted.level)
        under = f" under '{missing.parent.title}'" if missing.parent is not None and not level_one else ''
        yield Finding(
            f'missing_{kind}', missing.line,
            f"missing required {kind} '{wanted.title}'{under} "
            f'(template {ctx.template.where(wanted)}); {missing.hint}',
        )


@rule('missing_section', default=True, group='structure')
def missing_section(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A level-1 section of the template is missing.

    Sections marked optional in the template, and sections required only from
    a later release than the spec's, are not reported.  The warning stands at
    the section that follows the place where the missing one belongs.

    Bad (the template has *Problem description*, *Proposed change*,
    *Testing*)::

        Problem description
        ===================

        Testing
        =======

    Good::

        Problem description
        ===================

        Proposed change
        ===============

        Testing
        =======
    """
    yield from _missing(ctx, level_one=True)


@rule('missing_subsection', default=True, group='structure')
def missing_subsection(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A level-2 (or deeper) section of the template is missing under its parent.

    Not reported when the parent section itself is missing.

    Bad (the template has *Use Cases* under *Problem description*)::

        Problem description
        ===================

        Proposed change
        ===============

    Good::

        Problem description
        ===================

        Use Cases
        ---------

        Proposed change
        ===============
    """
    yield from _missing(ctx, level_one=False)


def _extra(ctx: Context, level_one: bool) -> Iterator[Finding]:
    for section, parent, suggestion in ctx.comparison.extra:
        if (parent is None or parent is ctx.comparison.title) != level_one:
            continue
        kind = _ordinal(1 if level_one else 2)
        under = f" under '{parent.title}'" if not level_one and parent is not None else ''
        fix = f"did you mean '{suggestion}'?" if suggestion else (
            f'remove it or make it a subsection' if level_one else 'remove it or rename it'
        )
        yield Finding(
            f'extra_{kind}', section.line,
            f"{kind} '{section.title}'{under} is not in the template; {fix}",
        )


@rule('extra_section', default=True, group='structure')
def extra_section(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A level-1 section that the template does not have.

    Titles are compared ignoring case and repeated spaces, and the template's
    aliases are accepted.  A near miss gets a suggestion.

    Bad::

        Proposed Changes
        ================

    Good::

        Proposed change
        ===============
    """
    yield from _extra(ctx, level_one=True)


@rule('extra_subsection', default=False, group='structure')
def extra_subsection(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A level-2 (or deeper) section that the template does not have there.

    Off by default: most specs repositories let authors add subsections.

    Bad (the template has no *Background* under *Problem description*)::

        Problem description
        ===================

        Background
        ----------

    Good::

        Problem description
        ===================

        Use Cases
        ---------
    """
    yield from _extra(ctx, level_one=False)


@rule('section_order', default=False, group='structure')
def section_order(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """Sections appear in another order than the template's.

    The fewest sections that, moved, restore the template's order are
    reported.  Off by default.

    Bad::

        Testing
        =======

        Dependencies
        ============

    Good::

        Dependencies
        ============

        Testing
        =======
    """
    for section, depth, after in ctx.comparison.out_of_order:
        kind = _ordinal(depth)
        where = f"after '{after.title}'" if after is not None else 'first'
        yield Finding(
            'section_order', section.line,
            f"{kind} '{section.title}' is out of order; the template has it {where}",
        )


@rule('heading_level', default=True, group='structure')
def heading_level(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A template section appears at another depth than in the template.

    Usually the wrong adornment character.  Reported once, instead of a
    missing section plus an extra one.

    Bad (*Use Cases* is a subsection of *Problem description*)::

        Use Cases
        =========

    Good::

        Use Cases
        ---------
    """
    for section, depth, wanted, parent in ctx.comparison.misplaced:
        yield Finding(
            'heading_level', section.line,
            f"section '{section.title}' is at level {depth}; the template "
            f'has it at {_describe(wanted, parent)}; change its adornment',
        )


@rule('title_case', default=False, group='structure')
def title_case(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A section title matches the template's except for case or spacing.

    Off by default (titles are matched ignoring case); switch it on for
    repositories that compare titles exactly.

    Bad::

        Problem Description
        ===================

    Good::

        Problem description
        ===================
    """
    for section, wanted in ctx.comparison.matched:
        spelled = ' '.join(section.title.split())
        accepted = [' '.join(t.split()) for t in (wanted.title, *wanted.aliases)]
        if spelled not in accepted:
            yield Finding(
                'title_case', section.line,
                f"'{spelled}' matches template section '{wanted.title}' except for "
                'case; use the template\'s spelling',
            )


_OPT_OUT = re.compile(r'^specs-lint:\s*disable\s*=\s*(.+)$')


def disabled_rules(comments: list[str]) -> set[str]:
    """Rules a document opts out of with ``.. specs-lint: disable=a, b``.

    ``disable=all`` opts out of every rule.
    """
    disabled: set[str] = set()
    for comment in comments:
        for line in comment.splitlines():
            found = _OPT_OUT.match(line.strip())
            if found:
                names = {n.strip() for n in found.group(1).split(',') if n.strip()}
                disabled |= set(RULES) if 'all' in names else names
    return disabled


def run_rules(
    ctx: Context,
    settings: Mapping[str, Mapping[str, Any] | None],
    disabled: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[Finding]:
    """Every finding of the enabled rules, in line order."""
    findings: list[Finding] = []
    for name, registered in RULES.items():
        options = settings.get(name)
        if registered.check is None or options is None or name in disabled:
            continue
        findings.extend(registered.check(ctx, options))
    return sorted(findings, key=lambda f: f.line)


register_code('template', """The template itself cannot be used.

Reported at the template: it cannot be read, it has no sections below its
title, or a ``specs:`` annotation in it is not understood.  Specs that use
such a template are not checked for structure.

Bad::

    .. specs: requierd

Good::

    .. specs: optional
""", 'structure')

register_code('config', """The configuration cannot serve this document.

Reported at a spec for which none of the candidate template paths exists
(the message lists the paths tried and the configuration value to change).

Bad: ``specs_templates = ['specs/{release}-template.rst']`` and no
``specs/juno-template.rst`` for a juno spec.

Good: add the template, or a fallback such as ``'specs/template.rst'``.
""", 'metadata')
