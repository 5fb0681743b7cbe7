"""The template model: an outline plus what each section demands.

A template says, in comments that do not render, what a section demands::

    Feature Liaison
    ---------------

    .. specs: optional

    Upgrade impact
    --------------

    .. specs: since 2018.1
    .. specs: aliases Upgrade Impact | Upgrades

``optional``: specs need not have the section.  ``since R``: only specs of
release ``R`` or later need it (older specs are grandfathered).
``aliases A | B``: other titles accepted for the section.  Real templates
mostly say it in prose, which counts too: a body paragraph that starts with
"This section is optional", "This is an optional section", "Optional
section" or "<the section's title> is optional", or "(optional)" in the
title (the title is then the rest).  The ``specs_sections`` configuration
value says the same for templates that cannot be edited, and more: a
section required only *until* a release (a section the template dropped,
which older specs keep), and titles the template lacks that specs may use
all the same (``extra``), always or until a release.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from sphinxcontrib_specs.core.metadata import assignee_entries, assignee_lines, read_header
from sphinxcontrib_specs.core.outline import (
    Outline,
    Section,
    normalize_title,
    template_outline,
)
from sphinxcontrib_specs.core.records import Finding
from sphinxcontrib_specs.core.releases import Release, ReleaseTable

__all__ = [
    'SectionRule',
    'Template',
    'TemplateSection',
    'load_template',
    'parse_template',
    'section_titles',
    'title_places',
]


_ANNOTATION = re.compile(r'^specs:\s*(\w[\w-]*)\s*(.*)$')
#: How templates say in prose that a section is optional, at the start of
#: a body paragraph ("This section is optional.", "This is an optional
#: section (which applies ...)", "Optional section for liberty intended
#: ..."); ``{title}`` is the section's own ("Feature liaison is optional.").
#: doc/howto/templates.rst lists them.
_OPTIONAL_PROSE = re.compile(
    r'^(?:this section is optional|this is an optional section|optional section)\b',
    re.IGNORECASE,
)
#: What may follow a phrase and end it, as ``\b`` does after a word.
_WORD_END = re.compile(r'\W|$')
#: "(optional)" or "[optional]" in a section's title.
_OPTIONAL_TITLE = re.compile(r'\s*(?:\(optional\)|\[optional\])\s*', re.IGNORECASE)


def _says_optional(paragraph: str, title: str) -> bool:
    """Whether a template's body paragraph opens by saying its section is
    optional (:data:`_OPTIONAL_PROSE`, or "[The] TITLE [section] is optional").

    Compared as text, not with a pattern made of each title: compiling one
    per section of every template cost a new process 0.5 ms a section.
    """
    if _OPTIONAL_PROSE.match(paragraph):
        return True
    text = paragraph.lower()
    name = ' '.join(title.split()).lower()
    for start in (name, f'the {name}'):
        for phrase in (f'{start} section is optional', f'{start} is optional'):
            if text.startswith(phrase) and _WORD_END.match(text, len(phrase)):
                return True
    return False


def _unmarked(title: str) -> str:
    """A title without its "(optional)" marker."""
    return ' '.join(_OPTIONAL_TITLE.sub(' ', title).split())


def section_titles(outline: Outline, *, level_one: bool = False) -> list[str]:
    """The titles of a template's sections, below its title (or of its
    level-1 sections only): those a ``specs_sections`` key may name (a
    marked title with and without its marker)."""
    titles = []
    sections = outline.sections if level_one else [s for t in outline.sections for s in t.walk()]
    for section in sections:
        titles.append(section.title)
        if _OPTIONAL_TITLE.search(section.title) is not None:
            titles.append(_unmarked(section.title))
    return titles


class SectionRule(NamedTuple):
    """What the configuration says of a section title.

    ``until``: a template section is required up to that release, and a
    title the template lacks is accepted up to it.  ``extra``: a title the
    template lacks is accepted (until ``until``, if given).
    """

    optional: bool | None = None
    since: str | None = None
    aliases: tuple[str, ...] = ()
    until: str | None = None
    extra: bool = False


def _before(release: Release, bound: Release) -> bool | None:
    """Whether ``release`` comes before ``bound``; None when a series and a
    version number, which cannot be ordered, are compared."""
    if release.key[0] != bound.key[0]:
        return None
    return release.key < bound.key


def title_places(sections: Sequence[TemplateSection]) -> dict[str, list[int]]:
    """Where each folded title and alias stands among ``sections``, in order."""
    found: dict[str, list[int]] = {}
    for index, section in enumerate(sections):
        for key in section.keys:
            found.setdefault(key, []).append(index)
    return found


@dataclass
class TemplateSection:
    title: str
    line: int
    level: int
    optional: bool = False
    since: Release | None = None
    until: Release | None = None
    aliases: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    children: list[TemplateSection] = field(default_factory=list)

    @cached_property
    def keys(self) -> frozenset[str]:
        """The folded title and aliases (computed on first use, once the
        template is built: every spec checked against it compares them)."""
        return frozenset({normalize_title(self.title), *map(normalize_title, self.aliases)})

    @cached_property
    def places(self) -> dict[str, list[int]]:
        """:func:`title_places` of its subsections."""
        return title_places(self.children)

    def required_for(self, release: Release | None) -> bool:
        """Whether a spec of ``release`` needs the section: it is not optional,
        and the release is from ``since`` on and up to ``until``.

        A spec without a release, or of a release that cannot be ordered
        with a bound (a series and a version number), needs it: be strict.
        """
        if self.optional:
            return False
        if release is None:
            return True
        too_early = self.since is not None and _before(release, self.since) is True
        too_late = self.until is not None and _before(self.until, release) is True
        return not (too_early or too_late)

    def walk(self) -> list[TemplateSection]:
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


@dataclass
class Template:
    """A parsed template: where it is, its title and its section tree."""

    path: str
    title: str | None
    sections: list[TemplateSection]
    problems: list[Finding]
    #: The tracker links of its preamble: examples, which are no spec's trackers.
    trackers: frozenset[str] = frozenset()
    #: What its Assignee(s) section names: placeholders, which are no people
    #: (folded, see :func:`~.metadata.assignee_entries`).
    assignees: frozenset[str] = frozenset()
    #: Folded titles it lacks that specs may use all the same (``extra`` and
    #: ``until`` in ``specs_sections``): up to a release, or always (None).
    accepted: Mapping[str, Release | None] = field(default_factory=dict)

    def where(self, section: TemplateSection) -> str:
        return f'{self.path}:{section.line}'

    @cached_property
    def places(self) -> dict[str, list[int]]:
        """:func:`title_places` of its level-1 sections."""
        return title_places(self.sections)

    @cached_property
    def keys(self) -> frozenset[str]:
        """The folded titles and aliases of every section, at any level."""
        return frozenset(k for top in self.sections for s in top.walk() for k in s.keys)

    def accepts(self, key: str, release: Release | None) -> bool:
        """Whether a spec of ``release`` may have a section titled ``key``
        (folded) that the template lacks, at any level.

        Accepted up to a release means no further: not in a spec without a
        release, nor in one of a release that cannot be ordered with it.
        """
        if key not in self.accepted:
            return False
        until = self.accepted[key]
        return until is None or (release is not None and _before(until, release) is False)


def _annotate(
    section: Section,
    rules: Mapping[str, SectionRule],
    releases: ReleaseTable,
    problems: list[Finding],
) -> TemplateSection:
    marked = _OPTIONAL_TITLE.search(section.title) is not None
    title = _unmarked(section.title) if marked else section.title
    result = TemplateSection(
        title=title,
        line=section.line,
        level=section.level,
        paragraphs=tuple(section.paragraphs),
    )
    # A spec that copied the title with its marker has the section too.
    aliases: list[str] = [section.title] if marked else []
    if marked or any(_says_optional(p, title) for p in section.paragraphs):
        result.optional = True
    for comment in section.comments:
        for line in comment.splitlines():
            found = _ANNOTATION.match(line.strip())
            if found is None:
                continue
            keyword, argument = found.group(1), found.group(2).strip()
            if keyword == 'optional' and not argument:
                result.optional = True
            elif keyword == 'since' and argument and releases.parse(argument).known:
                result.since = releases.parse(argument)
            elif keyword == 'aliases' and argument:
                aliases.extend(a.strip() for a in argument.split('|') if a.strip())
            else:
                if keyword == 'since' and argument:
                    problems.append(
                        Finding(
                            'template',
                            section.line,
                            f"'{line.strip()}' in section '{section.title}': {argument!r} is "
                            'not a known release; use a series name or number such as 2025.1',
                        )
                    )
                    continue
                problems.append(
                    Finding(
                        'template',
                        section.line,
                        f'unknown template annotation {line.strip()!r} in section '
                        f"'{section.title}'; use 'specs: optional', "
                        "'specs: since RELEASE' or 'specs: aliases TITLE | TITLE'",
                    )
                )
    configured = rules.get(normalize_title(title)) or rules.get(normalize_title(section.title))
    if configured is not None:
        if configured.optional is not None:
            result.optional = configured.optional
        if configured.since is not None:
            result.since = releases.parse(configured.since)
        if configured.until is not None:
            result.until = releases.parse(configured.until)
        aliases.extend(configured.aliases)
    result.aliases = tuple(aliases)
    result.children = [_annotate(c, rules, releases, problems) for c in section.children]
    return result


def build_template(
    path: str,
    outline: Outline,
    rules: Mapping[str, SectionRule],
    releases: ReleaseTable,
) -> Template:
    """The template whose outline is ``outline``.

    ``rules`` maps normalized section titles to configured annotations;
    those of titles the template lacks, with ``extra`` or ``until``, are
    the titles it accepts all the same.
    """
    problems: list[Finding] = []
    title = outline.title
    sections = [_annotate(s, rules, releases, problems) for s in outline.sections]
    own = {key for top in sections for section in top.walk() for key in section.keys}
    accepted = {
        key: releases.parse(rule.until) if rule.until is not None else None
        for key, rule in rules.items()
        if (rule.extra or rule.until is not None) and key not in own
    }
    if not sections:
        problems.append(
            Finding(
                'template',
                title.line if title else 1,
                'the template has no sections below its title, so specs cannot '
                'be checked against it; give it a title and level-1 sections',
            )
        )
    return Template(path, title.title if title else None, sections, problems, accepted=accepted)


def load_template(
    path: str,
    display_path: str,
    rules: Mapping[str, SectionRule],
    releases: ReleaseTable,
) -> Template:
    """Read and parse the template file at ``path``."""
    try:
        with open(path, encoding='utf-8-sig') as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else 'it is not UTF-8'
        return Template(
            display_path,
            None,
            [],
            [
                Finding(
                    'template',
                    1,
                    f'the template cannot be read ({reason}); fix the file',
                )
            ],
        )
    return parse_template(text, display_path, rules, releases)


def parse_template(
    text: str,
    display_path: str,
    rules: Mapping[str, SectionRule],
    releases: ReleaseTable,
) -> Template:
    """Parse a template's text (a file's, or one of its versions in git)."""
    outline = template_outline(text)
    template = build_template(display_path, outline, rules, releases)
    template.trackers = frozenset(read_header(text, outline).trackers)
    template.assignees = assignee_entries(assignee_lines(text, outline))
    return template
