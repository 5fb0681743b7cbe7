"""Structure rules: a spec's outline against its template's.

Each reads the alignment of the two outlines (:mod:`.align`), worked out
once per document.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

from sphinxcontrib_specs.core.outline import fold_title, normalize_title
from sphinxcontrib_specs.core.records import Finding
from sphinxcontrib_specs.core.template import TemplateSection
from sphinxcontrib_specs.rules.align import _ordinal
from sphinxcontrib_specs.rules.context import Context
from sphinxcontrib_specs.rules.registry import register, rule


@rule('title', default=True, group='structure')
def title(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The spec has one title, of its own.

    Reported when the document has no title, when it has several top-level
    titles (a section adorned like the title), or when it keeps the
    template's placeholder title.  A file with neither a title nor a
    section (a page of one sentence pointing elsewhere) is one finding,
    which says how to leave it out if it is not a spec: with
    :confval:`specs_exclude`, or with a ``.. specs-lint: disable=all``
    comment in it.

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
    path = f' ({ctx.template.path})' if ctx.template is not None else ''
    named = f' (template {ctx.template.path})' if ctx.template is not None else ''
    if not tops:
        yield Finding(
            'title',
            1,
            f'the spec has no title and no sections; write it from the template{path}, '
            'or, if the file is not a spec, leave it out with specs_exclude',
        )
        return
    comparison = ctx.comparison
    if comparison.checked and comparison.title is None and ctx.template is not None:
        wanted = next(s for s in ctx.template.sections if tops[0].key in s.keys)
        yield Finding(
            'title',
            tops[0].line,
            f"the spec has no title: '{tops[0].title}' is a section of the "
            f'template (template {ctx.template.where(wanted)}); add a title above it, '
            'adorned above and below',
        )
        return
    for extra in tops[1:]:
        yield Finding(
            'title',
            extra.line,
            f"'{extra.title}' is adorned like the title '{tops[0].title}', "
            'so the spec has several top-level titles; adorn sections '
            f'as the template does{named}',
        )
    if (
        ctx.template is not None
        and ctx.template.title is not None
        and tops[0].key == normalize_title(ctx.template.title)
    ):
        yield Finding(
            'title',
            tops[0].line,
            f"the title is the template's placeholder '{tops[0].title}'{named}; "
            'give the spec a title of its own',
        )


def _missing(ctx: Context, level_one: bool, required: Collection[str] = ()) -> Iterator[Finding]:
    """Missing sections of one level; ``required``, if not empty, the folded
    titles of the only level-1 sections that are still required."""
    template, comparison = ctx.template, ctx.comparison
    if template is None:
        return

    def wanted_here(section: TemplateSection) -> bool:
        return not required or not section.keys.isdisjoint(required)

    all_missing = [s for s in comparison.all_missing if wanted_here(s)]
    if level_one and all_missing:
        titles = ', '.join(f"'{s.title}'" for s in all_missing)
        yield Finding(
            'missing_section',
            comparison.title.line if comparison.title is not None else 1,
            f'the spec has no sections, and the template ({template.path}) requires '
            f'{len(all_missing)}: {titles}; write the spec from the template, '
            'or, if the file is not a spec, leave it out with specs_exclude',
        )
    for missing in comparison.missing:
        wanted = missing.section
        if (wanted.level <= 1) != level_one:
            continue
        if level_one and missing.misspelt is None and not wanted_here(wanted):
            continue
        kind = _ordinal(wanted.level)
        under = '' if level_one or missing.parent is None else (f" under '{missing.parent.title}'")
        where = f'template {template.where(wanted)}'
        if missing.misspelt is not None:
            message = (
                f"{kind} '{missing.misspelt.title}'{under} is not titled as the template's "
                f"'{wanted.title}' ({where}); rename it"
            )
        else:
            message = f"missing required {kind} '{wanted.title}'{under} ({where}); {missing.hint}"
        yield Finding(f'missing_{kind}', missing.line, message)


@rule('missing_section', default=True, group='structure', required=())
def missing_section(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A level-1 section of the template is missing, or is there under another title.

    Sections marked optional in the template, and sections required only from
    a later release than the spec's, are not reported missing.  The warning
    stands at the section that follows the place where the missing one
    belongs.

    A section whose title the template does not have, standing where a
    template section is missing, is that section misspelt or renamed when
    the titles are close or when it holds the template section's
    subsections.  It is reported under this code, at that section, whether
    the template's section is required or optional, as one finding with the
    title to use: it is not an extra section, and its subsections are
    compared with the template section's.

    A spec with a title and no section at all (a placeholder that keeps a
    release directory) is one finding, naming the sections it needs; if the
    file is not a spec, leave it out with :confval:`specs_exclude`, or put a
    ``.. specs-lint: disable=all`` comment in it.

    Option ``required``: the titles of the only level-1 sections a spec
    still needs (of those the template requires of it); empty, the default,
    means all of them.  Set it for some specs through
    :confval:`specs_rule_overrides`, such as backlog specs that need only
    a problem and a proposal::

        specs_rule_overrides = [
            {'status': 'backlog', 'rules': {'missing_section': {
                'required': ['Problem description', 'Proposed change']}}},
        ]

    Bad (the template has *Problem description*, *Proposed change*,
    *Testing*)::

        Problem description
        ===================

        Proposed Changes
        ================

    Good::

        Problem description
        ===================

        Proposed change
        ===============

        Testing
        =======
    """
    yield from _missing(
        ctx, level_one=True, required=frozenset(map(normalize_title, options['required']))
    )


@rule('missing_subsection', default=True, group='structure')
def missing_subsection(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A level-2 (or deeper) section of the template is missing under its parent.

    Not reported when the parent section itself is missing.  As for
    :ref:`specs.missing_section <specs.missing_section>`, a subsection that
    is the template's misspelt (*Use Case* for *Use Cases*) is reported
    under this code, with the title to use.

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
    template = ctx.template
    if template is None:
        return
    for extra in ctx.comparison.extra:
        if (extra.depth <= 1) != level_one:
            continue
        kind = _ordinal(extra.depth)
        under = '' if level_one or extra.parent is None else f" under '{extra.parent.title}'"
        if extra.repeats is not None:
            first, wanted = extra.repeats
            yield Finding(
                f'extra_{kind}',
                extra.section.line,
                f"{kind} '{extra.section.title}'{under} appears twice (first at line "
                f'{first.line}; template {template.where(wanted)}); merge the two',
            )
            continue
        if level_one:
            fix = 'remove it, or make it a subsection of the section it belongs to'
        else:
            fix = 'remove it, or rename it after a template subsection'
        yield Finding(
            f'extra_{kind}',
            extra.section.line,
            f"{kind} '{extra.section.title}'{under} is not in the template "
            f'({template.path}); {fix}',
        )


@rule('extra_section', default=True, group='structure')
def extra_section(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A level-1 section that the template does not have, or a section written twice.

    Titles are compared as written in the source (smart quotes, roles and
    section numbers make no difference), ignoring case and repeated spaces,
    and the template's aliases are accepted.  A title close to a template
    section's that the spec lacks is not an extra section: it is reported
    as :ref:`specs.missing_section <specs.missing_section>`.  A heading
    written twice is reported once, at its second copy, and what the second
    copy holds counts as the section's.  A title the template lacks that
    :confval:`specs_sections` accepts, with ``extra`` (or ``until`` the
    spec's release or a later one), is no extra section, at any level.

    Bad::

        Rollout plan
        ============

    Good (a subsection of the section it belongs to)::

        Implementation
        ==============

        Rollout plan
        ------------
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
    if ctx.template is None:
        return
    for section, depth, wanted, after in ctx.comparison.out_of_order:
        kind = _ordinal(depth)
        place = f"after '{after.title}'" if after is not None else 'first'
        yield Finding(
            'section_order',
            section.line,
            f"{kind} '{section.title}' is out of order; the template has it {place} "
            f'(template {ctx.template.where(wanted)})',
        )


@rule('heading_level', default=True, group='structure')
def heading_level(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """A template section appears at another depth, or under another parent.

    Usually the wrong adornment character.  Reported once, instead of a
    missing section plus an extra one; the sections it holds moved with it
    and are not reported again.

    A heading the template does not have, adorned in a style of its own
    above the first section (a label underlined as if it were a title),
    makes every section after it one of its subsections.  It is reported
    once, at that heading, instead of at each section it holds: make it
    plain text, or adorn it as the sections are.

    Bad (*Use Cases* is a subsection of *Problem description*)::

        Use Cases
        =========

    Good::

        Use Cases
        ---------
    """
    template = ctx.template
    if template is None:
        return
    for found in ctx.comparison.misplaced:
        section, wanted, parent = found.section, found.wanted, found.wanted_parent
        under = f" under '{parent.title}'" if parent is not None else ''
        where = f'template {template.where(wanted)}'
        if found.depth != wanted.level:
            message = (
                f"section '{section.title}' is at level {found.depth}; the template "
                f'has it at level {wanted.level}{under} ({where}); change its adornment'
            )
        else:
            now = f"under '{found.parent.title}'" if found.parent is not None else 'at the top'
            message = (
                f"{_ordinal(found.depth)} '{section.title}' is {now}; the template has it"
                f'{under} ({where}); move it there'
            )
        yield Finding('heading_level', section.line, message)
    for nested in ctx.comparison.nested:
        heading = nested.section
        kind = _ordinal(nested.depth)
        under = f" under '{nested.parent.title}'" if nested.depth > 1 and nested.parent else ''
        titles = ', '.join(f"'{s.title}'" for s in nested.sections)
        if len(nested.sections) > 1:
            held, them, they = f'the {len(nested.sections)} {kind}s after it', 'them', 'they are'
        else:
            held, them, they = f'the {kind} after it', 'it', 'it is'
        yield Finding(
            'heading_level',
            heading.line,
            f"{kind} '{heading.title}'{under} is not in the template, and nests {held} "
            f'({titles}) a level deeper than the template has {them} (template '
            f'{template.path}); make it plain text, or adorn it as {they}',
        )


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
    if ctx.template is None:
        return
    for section, wanted in ctx.comparison.matched:
        spelled = section.spelling
        if spelled not in map(fold_title, (wanted.title, *wanted.aliases)):
            yield Finding(
                'title_case',
                section.line,
                f"'{spelled}' matches template section '{wanted.title}' except for "
                f"case (template {ctx.template.where(wanted)}); use the template's spelling",
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
