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

__all__ = ['RULES', 'Context', 'Rule', 'rule', 'source_lines']

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


def register_code(name: str, doc: str, group: str, **options: Any) -> None:
    """Register a warning code that is reported by the adapter, not a rule."""
    RULES[name] = Rule(name, None, True, options, doc, group)


def source_lines(source: bytes) -> list[str]:
    """The lines of a document's raw source, ``\\r`` included, one per line feed."""
    lines = source.decode('utf-8', errors='replace').split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    return lines


@dataclass
class Context:
    """What rules look at for one document.

    ``source`` is the file's raw bytes (read once; text rules need what
    Python's text mode hides, such as carriage returns), ``path`` its path
    relative to the source directory, ``metadata`` its release, status,
    project, name and other fields.
    """

    outline: Outline
    template: Template | None
    release: Release | None
    source: bytes = b''
    path: str = ''
    metadata: Mapping[str, str] = field(default_factory=dict)
    kind: str = 'spec'

    @cached_property
    def comparison(self) -> Comparison:
        return compare(self.outline, self.template, self.release)

    @cached_property
    def lines(self) -> list[str]:
        """The lines of ``source``, ``\\r`` included, one per line feed
        (decoded once for every rule that reads them; do not change them)."""
        return source_lines(self.source)


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


_OPT_OUT = re.compile(r'^specs-lint:\s*disable\s*=\s*(.+)$')


def disabled_rules(comments: list[tuple[int, str]]) -> tuple[set[str], list[Finding]]:
    """Rules a document opts out of with ``.. specs-lint: disable=a, b``.

    ``comments`` are (line, text) pairs.  ``disable=all`` opts out of every
    rule.  A name that is no rule is reported (a ``config`` finding), so a
    typo does not go unnoticed.
    """
    disabled: set[str] = set()
    problems: list[Finding] = []
    for first, comment in comments:
        for line, text in enumerate(comment.splitlines(), start=first):
            found = _OPT_OUT.match(text.strip())
            if not found:
                continue
            names = {n.strip() for n in found.group(1).split(',') if n.strip()}
            if 'all' in names:
                disabled |= set(RULES)
            for name in sorted(names - set(RULES) - {'all'}):
                close = difflib.get_close_matches(name, list(RULES), n=1)
                hint = f"did you mean '{close[0]}'?" if close else 'see the warning reference'
                problems.append(
                    Finding(
                        'config', line, f"'specs-lint: disable' names no rule {name!r}; {hint}"
                    )
                )
            disabled |= names & set(RULES)
    return disabled, problems


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


register_code(
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

register_code(
    'encoding',
    """The file is not in the source encoding (UTF-8 unless ``source_encoding`` says otherwise).

Sphinx 9 and later cannot read such a file at all and would stop the whole
build at it; the extension reports it at the first bad byte, with its
column, and leaves the document out of the build, so every other document
is still built and checked.  The file is left out whatever the rule
settings say (Sphinx cannot read it); ``suppress_warnings =
['specs.encoding']`` silences the finding.  With Sphinx 7.4 and 8,
docutils replaces the bytes with ``?`` and warns ("undecodable source
characters") instead, and the document is checked as read.

Bad: a spec saved as Latin-1, ``café`` stored as the bytes ``caf\\xe9``.

Good: the same spec saved as UTF-8.
""",
    'text',
)

register_code(
    'config',
    """The configuration cannot serve this document.

Reported at a spec for which none of the candidate template paths exists
(the message lists the paths tried and the configuration value to change).

Bad: ``specs_templates = ['specs/{release}-template.rst']`` and no
``specs/juno-template.rst`` for a juno spec.

Good: add the template, or a fallback such as ``'specs/template.rst'``.
""",
    'metadata',
)


register_code(
    'unknown_status',
    """The spec's status is not in the vocabulary.

Reported at the ``:status:`` field (or line 1 when the status comes from
the path).  Add the status to ``specs_statuses`` if it is meant.

Bad::

    :status: aproved

Good::

    :status: approved
""",
    'metadata',
)

register_code(
    'unknown_release',
    """The spec's release is neither a known series, a version nor a bucket.

Map names a repository uses its own way with ``specs_release_aliases``.

Bad::

    :release: epoxxy

Good::

    :release: epoxy
""",
    'metadata',
)

register_code(
    'duplicate_spec',
    """The same spec is published twice in one release.

Two documents of one kind and release with the same file name (the
``{name}`` of their pattern), or the same blueprint (in any case), usually
mean a spec was copied from ``approved`` to ``implemented`` and the old
copy was left behind.  ``blueprints`` (true) compares blueprints too; a
repository that writes some blueprints up as two specs compares names only
with ``specs_rules = {'duplicate_spec': {'blueprints': False}}``
(nova-specs has two such pairs, in kilo and wallaby).  Reported at the later document in
docname order, at its blueprint URL (or its title, when only the names
match), naming the first; a third copy is reported too, naming the same
first.  Releases are compared as releases: ``specs/dalmatian/`` and
``specs/2024.2/`` are one.  Specs with no release are not compared, and
neither is a spec the rule is switched off for (by
:confval:`specs_rule_overrides` or an opt-out comment).

The build compares every spec with every other on every build, so the
finding stays until one of the two goes, even if neither file changed.
``sphinx-specs check`` compares the specs it checks with each other: with no
path, all of them, as the build does.

Bad: ``specs/2025.1/approved/foo.rst`` and
``specs/2025.1/implemented/foo.rst``.

Good: keep ``implemented/foo.rst``, remove ``approved/foo.rst``, and
redirect its path: ``approved/foo.rst ../implemented/foo.rst`` in
``specs/2025.1/redirects``.
""",
    'metadata',
    blueprints=True,
)
from sphinxcontrib_specs import text_rules  # noqa: E402,F401  (registers the text, file and content rules)
