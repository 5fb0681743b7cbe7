"""What a specs repository holds, read from its tree: the facts ``sphinx-specs init`` uses.

Every document of the Sphinx project is read (its title, its section
titles, the fields below its title), and so is every file named like a
template, in the source directory (excluded or not) and, for specs stored
outside it and linked in, beside where they are stored.  Each document then
gets a role: a spec of some kind, or a page that is no spec, with the reason.
Nothing here knows the ``specs_*`` values: :mod:`.layout` works them out from
these facts.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from sphinxcontrib_specs.checking.tree import excluded_by
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.config.values import DEFAULT_KIND
from sphinxcontrib_specs.core.metadata import Header, read_header
from sphinxcontrib_specs.core.outline import scan_outline
from sphinxcontrib_specs.core.patterns import DEFAULT_PATTERNS, Pattern, match_first
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.statuses import (
    DEFAULT_STATUS_ALIASES,
    DEFAULT_STATUSES,
    StatusVocabulary,
)

__all__ = ['Page', 'Survey', 'TemplateFile', 'survey']

#: The file name of a template, or of a copy of one: ``template``,
#: ``2025.1-template``, ``spec-lite-template``, ``postmortem_template``.
_TEMPLATE_NAME = re.compile(r'^(?:(?P<stem>.+?)[-_])?template$', re.IGNORECASE)
#: A field of a field list, from column 0.
_FIELD = re.compile(r'^:(?P<name>[^\s:](?:[^:]*[^\s:])?):(?:\s|$)')
#: The prefix of a title that says what kind of document it is: ``Spec Lite:``.
_TITLE_PREFIX = re.compile(r'^(?P<prefix>[A-Za-z][\w ]{1,30}?)\s*:\s')
#: Names of pages that keep a directory or explain it, never specs.
NOT_SPEC_NAMES = frozenset({'readme', 'placeholder', 'remove-me', 'skeleton', 'example'})
#: Directories never looked into for templates.
_SKIPPED_DIRS = frozenset({'_build', '_static', '_templates', 'node_modules'})

RELEASES = ReleaseTable()
STATUSES = StatusVocabulary(
    DEFAULT_STATUSES, {k: v for k, v in DEFAULT_STATUS_ALIASES.items() if v in DEFAULT_STATUSES}
)


def segment_class(segment: str) -> str:
    """What a path segment names: ``bucket``, ``status``, ``release`` or ``other``."""
    if RELEASES.is_bucket(segment):
        return 'bucket'
    if STATUSES.canonical(segment) is not None:
        return 'status'
    if RELEASES.parse(segment).known:
        return 'release'
    return 'other'


def title_prefix(title: str) -> str | None:
    """The words before a colon that open ``title``, folded (``spec lite``), if any."""
    found = _TITLE_PREFIX.match(title)
    return ' '.join(sorted(found.group('prefix').casefold().split())) if found else None


def _text(path: str) -> str:
    try:
        with open(path, encoding='utf-8-sig', errors='replace') as stream:
            return stream.read()
    except OSError:
        return ''


@dataclass(frozen=True)
class Headings:
    """What a document or template shows at a glance: its title, section titles
    and the fields below its title."""

    title: str
    #: Folded titles of the level-1 sections.
    tops: tuple[str, ...]
    #: Folded titles of every section below the title.
    sections: frozenset[str]
    #: Names of the fields of a field list right below the title.
    fields: tuple[str, ...]

    @classmethod
    def read(cls, path: str) -> Headings:
        return cls.of(_text(path))

    @classmethod
    def of(cls, text: str) -> Headings:
        lines = text.splitlines()
        outline = scan_outline(lines)
        title = outline.title
        tops = outline.sections
        fields: list[str] = []
        if title is not None:
            end = tops[0].line - 1 if tops else len(lines)
            for line in lines[title.line + 1 : end]:
                found = _FIELD.match(line)
                if found:
                    fields.append(found.group('name').lower())
        return cls(
            title.title if title is not None else '',
            tuple(section.key for section in tops),
            frozenset(s.key for top in tops for s in top.walk()),
            tuple(fields),
        )


@dataclass(frozen=True)
class Page:
    """One document of the project."""

    docname: str
    #: Its source path, relative to the source directory.
    source: str
    real: str
    outline: Headings
    is_link: bool
    #: The fields and tracker links of its top, as the build reads them.
    header: Header = field(default_factory=Header, compare=False)

    @property
    def name(self) -> str:
        return self.docname.rsplit('/', 1)[-1]

    @property
    def directories(self) -> list[str]:
        return self.docname.split('/')[:-1]


@dataclass(frozen=True)
class TemplateFile:
    """A file named like a template, where the source directory reaches it."""

    #: Relative to the source directory; ``../..`` for one outside it.
    path: str
    real: str
    outline: Headings
    excluded: bool

    @property
    def stem(self) -> str:
        """What its name says before ``template``: a release, a kind, or ''."""
        name = self.path.rsplit('/', 1)[-1].rsplit('.', 1)[0]
        found = _TEMPLATE_NAME.match(name)
        return found.group('stem') or '' if found else ''

    @property
    def usable(self) -> bool:
        """Whether it has sections to compare specs with."""
        return bool(self.outline.tops)

    @property
    def named_kind(self) -> str | None:
        """The kind its name says it is the template of (``postmortem``), if any:
        none for ``template`` and ``<release>-template``."""
        stem = self.stem
        if not stem or segment_class(stem) in ('release', 'bucket'):
            return None
        return stem.casefold().replace('_', '-')

    @property
    def top(self) -> str:
        """The first directory of its path (after any ``..``)."""
        parts = [part for part in self.path.split('/')[:-1] if part != '..']
        return parts[0] if parts else ''


#: Why a page is no spec: what one such page is, what several are.
REASONS = {
    'index': ('index page', 'index pages'),
    'template': ('template or copy of one', 'templates or copies of one'),
    'template-link': ('link to a template', 'links to a template'),
    'view': ('link in a view of specs', 'links in views of specs'),
    'no-sections': ('page without sections', 'pages without sections'),
    'unlike': (
        'page with no section of a template',
        'pages with no section of a template',
    ),
}


def describe(reason: str, count: int) -> str:
    """``count`` pages that are no specs for ``reason``, in words."""
    # Else a page named for what it is: README, placeholder, remove-me.
    one, several = REASONS.get(reason, (f'{reason} page', f'{reason} pages'))
    return f'{count} {one if count == 1 else several}'


@dataclass(frozen=True)
class Role:
    """What a document is: a document of ``kind``, or no spec for ``reason``
    (a key of :data:`REASONS`, or the name of a page named for what it is)."""

    kind: str | None
    reason: str = ''


@dataclass
class Survey:
    """The facts of one project: its pages, its templates, and their roles."""

    project: Project
    pages: dict[str, Page]
    templates: list[TemplateFile]
    roles: dict[str, Role] = field(default_factory=dict)

    @property
    def srcdir(self) -> str:
        return self.project.srcdir

    def of_kind(self, kind: str) -> list[Page]:
        return [self.pages[d] for d, role in self.roles.items() if role.kind == kind]

    @property
    def specs(self) -> list[Page]:
        """Every document that is a spec of some kind, in docname order."""
        return [self.pages[d] for d in sorted(self.roles) if self.roles[d].kind is not None]

    @property
    def kinds(self) -> list[str]:
        """The kinds found, the default one first."""
        counts = Counter(role.kind for role in self.roles.values() if role.kind is not None)
        return sorted(counts, key=lambda kind: (kind != DEFAULT_KIND, kind))

    @cached_property
    def families(self) -> dict[str, list[TemplateFile]]:
        """Templates by the kind they are for: what their name says
        (``postmortem_template.rst``), else the spec's, but for a ``template``
        in a directory of its own beside the specs' (``policies/template.rst``:
        a kind named for the directory, ``policy``)."""
        plain = [t for t in self.templates if t.named_kind is None]
        tops = Counter(t.top for t in plain)
        main = 'specs' if 'specs' in tops else (tops.most_common(1)[0][0] if tops else '')
        found: dict[str, list[TemplateFile]] = {}
        for template in self.templates:
            kind = template.named_kind
            if kind is None:
                kind = DEFAULT_KIND if template.top in (main, '') else _singular(template.top)
            found.setdefault(kind, []).append(template)
        return found

    @cached_property
    def _spec_directories(self) -> frozenset[str]:
        # Asked once the roles are given.
        return frozenset(page.docname.rpartition('/')[0] for page in self.specs)

    def among_specs(self, template: TemplateFile) -> bool:
        """Whether a template sits in a directory of specs (a copy of one)."""
        return template.path.rpartition('/')[0] in self._spec_directories

    def template_title_prefixes(self, kind: str) -> set[str]:
        prefixes = (title_prefix(t.outline.title) for t in self.families.get(kind, ()))
        return {prefix for prefix in prefixes if prefix}


def _singular(name: str) -> str:
    """A kind's name from its directory's: ``policies`` is for a ``policy``."""
    name = name.casefold().replace('_', '-')
    if name.endswith('ies'):
        return name[:-3] + 'y'
    if name.endswith('s') and not name.endswith('ss'):
        return name[:-1]
    return name


# -- reading -------------------------------------------------------------------


def _walk(top: str) -> Iterator[tuple[str, list[str]]]:
    """(directory, file names) below ``top``, links followed, each real directory once."""
    seen: set[str] = set()
    for directory, dirs, files in os.walk(top, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith('.') and d not in _SKIPPED_DIRS)
        yield directory, sorted(files)


def _is_template_name(name: str, suffixes: Iterable[str]) -> bool:
    for suffix in suffixes:
        if name.endswith(suffix):
            return bool(_TEMPLATE_NAME.match(name[: -len(suffix)]))
    return False


def _template_files(project: Project, pages: Iterable[Page], root: str) -> list[TemplateFile]:
    """Every file named like a template that the source directory reaches.

    In the source directory, excluded or not; beside the directories where
    specs linked into it are stored (nova keeps ``specs/<release>-template.rst``
    at the top of the repository), up to ``root``.
    """
    srcdir = project.srcdir
    suffixes = tuple(project.source_suffixes)
    excluded = excluded_by(project.exclude_patterns)
    found: dict[str, TemplateFile] = {}
    outside_reals: set[str] = set()

    def add(path: str) -> None:
        relative = os.path.relpath(path, srcdir).replace(os.sep, '/')
        real = os.path.realpath(path)
        if relative in found or real in outside_reals or not os.path.isfile(path):
            return
        found[relative] = TemplateFile(
            relative,
            real,
            Headings.read(path),
            not relative.startswith('../') and excluded(relative),
        )

    for directory, files in _walk(srcdir):
        for name in files:
            if _is_template_name(name, suffixes):
                add(os.path.join(directory, name))
    real_srcdir = os.path.realpath(srcdir)
    real_root = os.path.realpath(root)
    outside: set[str] = set()
    for page in pages:
        directory = os.path.dirname(page.real)
        if os.path.commonpath([directory, real_srcdir]) == real_srcdir:
            continue
        while os.path.commonpath([directory, real_root]) == real_root and directory not in outside:
            outside.add(directory)
            if directory == real_root:
                break
            directory = os.path.dirname(directory)
    # A file the source directory reaches is named by its path there.
    outside_reals.update(t.real for t in found.values())
    for directory in sorted(outside):
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            continue
        for name in names:
            if _is_template_name(name, suffixes):
                # The path from the source directory, as a template path names it.
                add(os.path.join(srcdir, os.path.relpath(os.path.join(directory, name), srcdir)))
    return sorted(found.values(), key=lambda t: t.path)


def survey(project: Project, root: str) -> Survey:
    """Read every document and template of ``project``, and give each document its role."""
    pages = {}
    for docname, source in project.documents.items():
        path = os.path.join(project.srcdir, source)
        text = _text(path)
        pages[docname] = Page(
            docname,
            source,
            os.path.realpath(path),
            Headings.of(text),
            os.path.islink(path),
            read_header(text),
        )
    found = Survey(project, pages, _template_files(project, pages.values(), root))
    found.roles = _roles(found)
    return found


# -- roles ---------------------------------------------------------------------

#: How many sections a document must share with its kind's templates to be
#: one of its kind (fewer when the templates have fewer).
_SHARED_SECTIONS = 2


def _kind_by_title(found: Survey, page: Page) -> str | None:
    prefix = title_prefix(page.outline.title)
    if prefix is None:
        return None
    for kind in found.families:
        if kind != DEFAULT_KIND and prefix in found.template_title_prefixes(kind):
            return kind
    return None


def _kind_by_directory(found: Survey, page: Page) -> str | None:
    directories = {d.casefold() for d in page.directories}
    for kind, templates in found.families.items():
        if kind == DEFAULT_KIND:
            continue
        # Named as the kind (postmortem/), or as a kind's own directory (policies/).
        names = {kind, f'{kind}s'} | {t.top.casefold() for t in templates if not t.named_kind}
        if names & directories:
            return kind
    return None


def _shared(found: Survey, page: Page, kind: str) -> int:
    """How many sections the page shares with the templates of ``kind``."""
    sections = frozenset().union(
        *(t.outline.sections for t in found.families.get(kind, ()) if t.usable)
    )
    return len(page.outline.sections & sections)


def _kind_by_sections(found: Survey, page: Page) -> str | None:
    """The kind whose templates' sections the page has most of, if enough."""
    best: tuple[float, bool, str] | None = None
    for kind, templates in found.families.items():
        sections = frozenset().union(*(t.outline.sections for t in templates if t.usable))
        if not sections:
            continue
        shared = len(page.outline.sections & sections)
        if shared < min(_SHARED_SECTIONS, len(sections)):
            continue
        score = (shared / len(sections), kind == DEFAULT_KIND, kind)
        if best is None or score > best:
            best = score
    return best[2] if best is not None else None


def _not_spec_reason(page: Page, template_reals: set[str], views: set[str]) -> str | None:
    """Why a page is no spec, before its sections are looked at; None if it may be one."""
    if page.name == 'index':
        return 'index'
    if _TEMPLATE_NAME.match(page.name):
        return 'template'
    if page.real in template_reals:
        return 'template-link'
    if page.name.casefold() in NOT_SPEC_NAMES:
        return page.name
    if page.docname in views:
        return 'view'
    return None


def _views(found: Survey) -> set[str]:
    """The pages of views: directories of nothing but links to documents
    stored elsewhere in the project (``specs/36.0/``)."""
    stored = {page.real for page in found.pages.values() if not page.is_link}
    by_directory: dict[str, list[Page]] = {}
    for page in found.pages.values():
        by_directory.setdefault(page.docname.rpartition('/')[0], []).append(page)
    return {
        page.docname
        for pages in by_directory.values()
        if all(p.is_link and p.real in stored for p in pages if p.name != 'index')
        for page in pages
        if page.name != 'index'
    }


def _roles(found: Survey) -> dict[str, Role]:
    template_reals = {t.real for t in found.templates}
    views = _views(found)
    roles: dict[str, Role] = {}
    for docname, page in found.pages.items():
        reason = _not_spec_reason(page, template_reals, views)
        if reason is not None:
            roles[docname] = Role(None, reason)
            continue
        kind = _kind_by_title(found, page) or _kind_by_directory(found, page)
        if kind is None:
            kind = _kind_by_sections(found, page)
        roles[docname] = Role(kind) if kind is not None else Role(None, _why_not(page))
    if not any(template.usable for template in found.templates):
        # Nothing to compare with: the documents where specs usually are.
        patterns = [Pattern.compile(pattern) for pattern in DEFAULT_PATTERNS]
        for docname, role in roles.items():
            if role.reason in (_NO_SHARED_SECTION, 'no-sections') and match_first(
                patterns, docname, STATUSES, RELEASES
            ):
                roles[docname] = Role(DEFAULT_KIND)
        return roles
    # A spec that shares little with the template (a stub that links to its
    # blueprint) is still one where specs are its neighbours.
    spec_dirs = {d.rpartition('/')[0] for d, role in roles.items() if role.kind == DEFAULT_KIND}
    for docname, role in roles.items():
        page = found.pages[docname]
        if (
            role.reason == _NO_SHARED_SECTION
            and docname.rpartition('/')[0] in spec_dirs
            and _shared(found, page, DEFAULT_KIND)
        ):
            roles[docname] = Role(DEFAULT_KIND)
    return roles


_NO_SHARED_SECTION = 'unlike'


def _why_not(page: Page) -> str:
    return _NO_SHARED_SECTION if page.outline.tops else 'no-sections'
