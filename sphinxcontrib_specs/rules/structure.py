"""Structure rules: a spec's outline against its template's.

Each reads the alignment of the two outlines (:mod:`.align`), worked out
once per document.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sphinxcontrib_specs.core.outline import Section
from sphinxcontrib_specs.core.records import Finding
from sphinxcontrib_specs.rules.align import _ordinal
from sphinxcontrib_specs.rules.context import Context
from sphinxcontrib_specs.rules.registry import register, rule


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
        yield Finding(
            'title', 1, 'the spec has no title and no sections; start it from the template'
        )
        return
    comparison = ctx.comparison
    if comparison.checked and comparison.title is None:
        yield Finding(
            'title',
            tops[0].line,
            f"the spec has no title: '{tops[0].title}' is a section of the "
            'template; add a title above it, adorned above and below',
        )
        return
    for extra in tops[1:]:
        yield Finding(
            'title',
            extra.line,
            f"'{extra.title}' is adorned like the title '{tops[0].title}', "
            'so the spec has several top-level titles; adorn sections '
            'as the template does',
        )
    if (
        ctx.template is not None
        and ctx.template.title is not None
        and (tops[0].key == Section(ctx.template.title, 0, 0).key)
    ):
        yield Finding(
            'title',
            tops[0].line,
            f"the title is the template's placeholder '{tops[0].title}'; "
            'give the spec a title of its own',
        )


def _missing(ctx: Context, level_one: bool) -> Iterator[Finding]:
    if ctx.template is None:
        return
    for missing in ctx.comparison.missing:
        wanted = missing.section
        if (wanted.level <= 1) != level_one:
            continue
        kind = _ordinal(wanted.level)
        under = '' if level_one or missing.parent is None else (f" under '{missing.parent.title}'")
        where = f'template {ctx.template.where(wanted)}'
        if missing.misspelt is not None:
            message = (
                f"{kind} '{missing.misspelt.title}'{under} is not in the template; "
                f"did you mean '{wanted.title}' ({where})?"
            )
        else:
            message = f"missing required {kind} '{wanted.title}'{under} ({where}); {missing.hint}"
        yield Finding(f'missing_{kind}', missing.line, message)


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
    for extra in ctx.comparison.extra:
        if (extra.depth <= 1) != level_one:
            continue
        kind = _ordinal(extra.depth)
        under = '' if level_one or extra.parent is None else f" under '{extra.parent.title}'"
        if extra.repeats is not None:
            yield Finding(
                f'extra_{kind}',
                extra.section.line,
                f"{kind} '{extra.section.title}'{under} appears twice (first at line "
                f'{extra.repeats.line}); merge the two',
            )
            continue
        if extra.suggestion:
            fix = f"did you mean '{extra.suggestion}'?"
        elif level_one:
            fix = 'remove it, or make it a subsection of the section it belongs to'
        else:
            fix = 'remove it, or rename it after a template subsection'
        yield Finding(
            f'extra_{kind}',
            extra.section.line,
            f"{kind} '{extra.section.title}'{under} is not in the template; {fix}",
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
            'section_order',
            section.line,
            f"{kind} '{section.title}' is out of order; the template has it {where}",
        )


@rule('heading_level', default=True, group='structure')
def heading_level(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A template section appears at another depth, or under another parent.

    Usually the wrong adornment character.  Reported once, instead of a
    missing section plus an extra one; the sections it holds moved with it
    and are not reported again.

    Bad (*Use Cases* is a subsection of *Problem description*)::

        Use Cases
        =========

    Good::

        Use Cases
        ---------
    """
    for found in ctx.comparison.misplaced:
        section, wanted, parent = found.section, found.wanted, found.wanted_parent
        under = f" under '{parent.title}'" if parent is not None else ''
        if found.depth != wanted.level:
            message = (
                f"section '{section.title}' is at level {found.depth}; the template "
                f'has it at level {wanted.level}{under}; change its adornment'
            )
        else:
            now = f"under '{found.parent.title}'" if found.parent is not None else 'at the top'
            message = (
                f"{_ordinal(found.depth)} '{section.title}' is {now}; the template has it"
                f'{under}; move it there'
            )
        yield Finding('heading_level', section.line, message)


@rule('title_case', default=False, group='structure')
def title_case(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A section title matches the template's except for case.

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
                'title_case',
                section.line,
                f"'{spelled}' matches template section '{wanted.title}' except for "
                "case; use the template's spelling",
            )


register(
    'template',
    """The template itself cannot be used.

Reported at the template: it cannot be read, it has no sections below its
title, or a ``specs:`` annotation in it is not understood.  Specs that use
such a template are not checked for structure.

Bad::

    .. specs: requierd

Good::

    .. specs: optional
""",
    'structure',
)
