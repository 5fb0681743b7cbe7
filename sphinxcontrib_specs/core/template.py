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
value says the same for templates that cannot be edited.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from sphinxcontrib_specs.core.metadata import assignee_entries, assignee_lines, read_header
from sphinxcontrib_specs.core.outline import Outline, Section, normalize_title, scan_outline
from sphinxcontrib_specs.core.records import Finding
from sphinxcontrib_specs.core.releases import Release, ReleaseTable

__all__ = ['SectionRule', 'Template', 'TemplateSection', 'load_template', 'section_titles']


_ANNOTATION = re.compile(r'^specs:\s*(\w[\w-]*)\s*(.*)$')
#: How templates say in prose that a section is optional, at the start of
#: a body paragraph ("This section is optional.", "This is an optional
#: section (which applies ...)", "Optional section for liberty intended
#: ..."); ``{title}`` is the section's own ("Feature liaison is optional.").
#: doc/howto/templates.rst lists them.
_OPTIONAL_PROSE = (
    r'^(?:this section is optional|this is an optional section|optional section'
    r'|(?:the )?{title}(?: section)? is optional)\b'
)
#: "(optional)" or "[optional]" in a section's title.
_OPTIONAL_TITLE = re.compile(r'\s*(?:\(optional\)|\[optional\])\s*', re.IGNORECASE)


def _unmarked(title: str) -> str:
    """A title without its "(optional)" marker."""
    return ' '.join(_OPTIONAL_TITLE.sub(' ', title).split())


def section_titles(outline: Outline) -> list[str]:
    """The titles of a template's sections, below its title: those a
    ``specs_sections`` key may name (a marked title with and without its
    marker)."""
    titles = []
    for section in (s for top in outline.sections for s in top.walk()):
        titles.append(section.title)
        if _OPTIONAL_TITLE.search(section.title) is not None:
            titles.append(_unmarked(section.title))
    return titles


@dataclass(frozen=True)
class SectionRule:
    """What the configuration says of a template section."""

    optional: bool | None = None
    since: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class TemplateSection:
    title: str
    line: int
    level: int
    optional: bool = False
    since: Release | None = None
    aliases: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    children: list[TemplateSection] = field(default_factory=list)

    @cached_property
    def keys(self) -> frozenset[str]:
        """The folded title and aliases (computed on first use, once the
        template is built: every spec checked against it compares them)."""
        return frozenset({normalize_title(self.title), *map(normalize_title, self.aliases)})

    def required_for(self, release: Release | None) -> bool:
        if self.optional:
            return False
        if self.since is None or release is None:
            return True
        if release.key[0] != self.since.key[0]:
            # A series and a version number cannot be ordered: be strict.
            return True
        return release.key >= self.since.key

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

    def where(self, section: TemplateSection) -> str:
        return f'{self.path}:{section.line}'


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
    named = re.escape(' '.join(title.split()))
    prose = re.compile(_OPTIONAL_PROSE.format(title=named), re.IGNORECASE)
    if marked or any(prose.match(p) for p in section.paragraphs):
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

    ``rules`` maps normalized section titles to configured annotations.
    """
    problems: list[Finding] = []
    title = outline.title
    sections = [_annotate(s, rules, releases, problems) for s in outline.sections]
    if not sections:
        problems.append(
            Finding(
                'template',
                title.line if title else 1,
                'the template has no sections below its title, so specs cannot '
                'be checked against it; give it a title and level-1 sections',
            )
        )
    return Template(path, title.title if title else None, sections, problems)


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
    outline = scan_outline(text)
    template = build_template(display_path, outline, rules, releases)
    template.trackers = frozenset(read_header(text, outline).trackers)
    template.assignees = assignee_entries(assignee_lines(text, outline))
    return template
