"""The validated configuration: one :class:`Settings` object.

It answers the questions a document asks: is it a spec, of which kind,
with which metadata from its path (:meth:`Settings.classify`), against
which template (:meth:`Settings.find_template`), under which rule settings
(:meth:`Settings.rules_for`).
"""

from __future__ import annotations

import filecmp
import fnmatch
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from sphinxcontrib_specs.config.defaults import DefaultEntry, first_defaults
from sphinxcontrib_specs.config.publishing import PublishOptions
from sphinxcontrib_specs.config.references import ReferenceOptions
from sphinxcontrib_specs.config.rule_settings import RuleOverride
from sphinxcontrib_specs.core.files import RealPaths
from sphinxcontrib_specs.core.metadata import METADATA_FIELDS, Header, merge_metadata, read_header
from sphinxcontrib_specs.core.outline import Outline, normalize_title, scan_outline
from sphinxcontrib_specs.core.patterns import Pattern, fill, match_first, strip_suffix
from sphinxcontrib_specs.core.releases import Release, ReleaseTable
from sphinxcontrib_specs.core.statuses import StatusVocabulary
from sphinxcontrib_specs.core.template import SectionRule
from sphinxcontrib_specs.rules.registry import RuleSettings, apply_rules

__all__ = ['Applicable', 'Head', 'Kind', 'Settings', 'SettingsError']


class SettingsError(ValueError):
    """Configuration that cannot be used; the message lists every problem."""


class Head(NamedTuple):
    """What the top of a document says: its title (as written) and fields.

    The fields are those of a docinfo block, and those of the field list
    right below the title that the kinds' ``fields`` tests name.
    """

    title: str
    fields: Mapping[str, str]


@dataclass(frozen=True)
class Kind:
    """A kind of document: its patterns, template candidates and sections.

    A kind with a title prefix or field tests is recognised by its content
    as well as by its path: by its own patterns if it has any, else
    wherever the patterns of the kinds known by path alone put a spec.
    """

    name: str
    patterns: tuple[Pattern, ...]
    templates: tuple[str, ...]
    sections: Mapping[str, SectionRule]
    #: Title prefixes, folded (``normalize_title``); any of them will do.
    title_prefixes: tuple[str, ...] = ()
    #: Field name -> globs of the values accepted, folded; every field must match.
    field_tests: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Whether its field lists are its content, not its metadata.
    content_fields: bool = False
    #: Whether index pages, the overview and the feed list its documents
    #: without being asked for the kind.
    listed: bool = True
    #: Whether its documents have a status (from the path, a field or the
    #: defaults); without, they have none.
    has_status: bool = True

    @property
    def by_content(self) -> bool:
        """Whether the kind is recognised by its title or fields."""
        return bool(self.title_prefixes or self.field_tests)

    def recognises(self, head: Head) -> bool:
        """Whether the title and fields of ``head`` are those of this kind."""
        title = normalize_title(head.title)
        if self.title_prefixes and not title.startswith(self.title_prefixes):
            return False
        return all(
            name in head.fields
            and any(fnmatch.fnmatchcase(normalize_title(head.fields[name]), g) for g in globs)
            for name, globs in self.field_tests.items()
        )


@dataclass(frozen=True)
class Applicable:
    """What applies to one spec, worked out in one place.

    Its kind; its metadata (the defaults for its release, under the
    tracker URLs of its preamble, under the fields of its path, under the
    fields it states), with the status in its canonical spelling where it
    is a known one (and none for a kind without statuses), the release and
    the project by their canonical names; the rule settings for its kind,
    status and release; and its template, looked up on first use.
    """

    settings: Settings = field(repr=False)
    kind: Kind
    metadata: dict[str, str]
    #: The status as stated, if it is not in the vocabulary (else None).
    unknown_status: str | None
    release: Release | None
    #: The metadata as stated (the release and project as spelled), for
    #: template paths.
    stated: Mapping[str, str] = field(repr=False)

    @cached_property
    def rules(self) -> RuleSettings:
        return self.settings.rules_for(self.kind.name, self.metadata.get('status'), self.release)

    @cached_property
    def template_lookup(self) -> tuple[str | None, tuple[str, ...]]:
        """The template that applies (None if none), and every path tried."""
        if not self.kind.templates:
            return None, ()
        path, tried = self.settings.find_template(self.kind, self.stated)
        return path, tuple(tried)

    @cached_property
    def passed_over(self) -> tuple[str, ...]:
        """Templates the build excludes that the lookup passed over for a
        later candidate, unless they are the template used (a link to it,
        or a copy of it)."""
        path, tried = self.template_lookup
        if path is None:
            return ()
        return tuple(
            candidate
            for candidate in tried
            if candidate != path
            and candidate in self.settings.excluded_templates
            and not self.settings.same_file(candidate, path)
        )


@dataclass
class Settings:
    """The validated configuration."""

    srcdir: str
    kinds: tuple[Kind, ...]
    statuses: StatusVocabulary
    releases: ReleaseTable
    #: The metadata specs get where nothing else gives it, whatever their
    #: release (the entries of ``specs_defaults`` without a range).
    defaults: Mapping[str, str]
    rules: RuleSettings
    overrides: tuple[RuleOverride, ...]
    exclude: tuple[str, ...]
    #: Redirects, ``specs.json`` and the feed.
    publishing: PublishOptions
    source_suffixes: tuple[str, ...] = ('.rst',)
    index_dir: str | None = 'by'
    metadata_box: bool = True
    #: Whether a spec is checked against its template as it stood when the
    #: spec was written (specs_history).
    history: bool = True
    template_files: frozenset[str] = field(default_factory=frozenset)
    #: The fields a field list below a spec's title gives its metadata.
    metadata_fields: frozenset[str] = METADATA_FIELDS
    #: Template files (as in ``template_files``) that the build excludes.
    excluded_templates: frozenset[str] = field(default_factory=frozenset)
    #: Every entry of ``specs_defaults``, in order (see :meth:`defaults_for`).
    default_entries: tuple[DefaultEntry, ...] = ()
    #: Folded project name -> the project's name (``specs_project_aliases``).
    project_aliases: Mapping[str, str] = field(default_factory=dict)
    #: Folded release names that ``specs_release_aliases`` maps to another.
    release_aliases: frozenset[str] = frozenset()
    #: Comment text -> the rules it switches off (``specs_optout_aliases``).
    optout_aliases: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: The baseline file, relative to the configuration directory (None: none).
    baseline: str | None = None
    references: ReferenceOptions = field(default_factory=ReferenceOptions)
    #: docname -> (file version, head) of heads read from files by classify.
    _heads: dict[str, tuple[tuple[int, int], Head]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: Real paths, each directory resolved once per build.
    _real_paths: RealPaths = field(default_factory=RealPaths, repr=False, compare=False)
    #: docname -> whether it is a template (see is_template).
    _is_template: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    #: (kind name or '', docname) -> the path fields its patterns give: each
    #: document is classified by the scan, the checks and the file rules.
    _path_fields: dict[tuple[str, str], dict[str, str] | None] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: Template path -> whether the file exists, looked at once per build
    #: (hundreds of specs share each).
    _template_exists: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    #: docname -> what the header scan found at the top of its file, for its
    #: check to take when the file is the same (see ``resolve_header``).
    resolved_headers: dict[str, tuple[Any, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def real_path(self, path: str) -> str:
        """``os.path.realpath``, resolving each directory once (see
        :class:`~sphinxcontrib_specs.core.files.RealPaths`)."""
        return self._real_paths(path)

    def forget_files(self) -> None:
        """Look at the template files again: a build of the same application starts."""
        self._template_exists.clear()

    def kind(self, name: str) -> Kind:
        return next(k for k in self.kinds if k.name == name)

    def classify(
        self, docname: str, head: Head | None = None
    ) -> tuple[Kind, dict[str, str]] | None:
        """The kind and path fields of a spec, or None for other documents.

        Kinds recognised by their title or fields are tried first, in their
        order, then the kinds known by their path alone.  ``head`` is what
        the top of the document says; without it, the file's head is read
        when a kind recognised by its content may apply.
        """
        if docname.rsplit('/', 1)[-1] == 'index' or self.is_template(docname):
            return None
        if any(fnmatch.fnmatchcase(docname, pattern) for pattern in self.exclude):
            return None
        by_path = self._by_path(docname)
        for kind in self.kinds:
            if not kind.by_content:
                continue
            if kind.patterns:
                fields = self._fields_of(kind, docname)
            else:
                fields = by_path[1] if by_path is not None else None
            if fields is None:
                continue
            if head is None:
                head = self.read_head(docname)
            if kind.recognises(head):
                return None if fields.get('name') == 'index' else (kind, fields)
        if by_path is None or by_path[1].get('name') == 'index':
            return None
        return by_path

    def _by_path(self, docname: str) -> tuple[Kind, dict[str, str]] | None:
        """The first kind known by its path alone whose patterns match."""
        for kind in self.kinds:
            if kind.by_content:
                continue
            fields = self._fields_of(kind, docname)
            if fields is not None:
                return kind, fields
        return None

    def _fields_of(self, kind: Kind, docname: str) -> dict[str, str] | None:
        """The path fields the first of ``kind``'s patterns that matches gives
        (a copy, the caller's to change), or None."""
        key = (kind.name, docname)
        if key in self._path_fields:
            fields = self._path_fields[key]
        else:
            fields = match_first(kind.patterns, docname, self.statuses, self.releases)
            self._path_fields[key] = fields
        return None if fields is None else dict(fields)

    def pattern_of(self, kind: Kind, docname: str) -> Pattern | None:
        """The pattern that gives a document of ``kind`` its path fields."""
        patterns = kind.patterns or tuple(
            p for k in self.kinds if not k.by_content for p in k.patterns
        )
        return next(
            (p for p in patterns if p.match(docname, self.statuses, self.releases) is not None),
            None,
        )

    @cached_property
    def head_field_names(self) -> frozenset[str]:
        """The names of the fields that the kinds' field tests read."""
        return frozenset(name for kind in self.kinds for name in kind.field_tests)

    def head_of(self, text: str, outline: Outline) -> Head:
        """The head of a document, from its source and outline."""
        title = outline.title
        fields = (
            read_header(text, outline, names=self.head_field_names).fields
            if self.head_field_names
            else {}
        )
        return Head(title.written or title.title if title is not None else '', fields)

    def read_head(self, docname: str) -> Head:
        """The head of the document's file (an empty one if it cannot be read)."""
        for suffix in self.source_suffixes:
            path = os.path.join(self.srcdir, docname + suffix)
            try:
                status = os.stat(path)
            except OSError:
                continue
            version = (status.st_mtime_ns, status.st_size)
            known = self._heads.get(docname)
            if known is not None and known[0] == version:
                return known[1]
            try:
                with open(path, encoding='utf-8', errors='replace') as stream:
                    text = stream.read()
            except OSError:
                break
            head = self.head_of(text, scan_outline(text.splitlines(), sections=2))
            self._heads[docname] = (version, head)
            return head
        return Head('', {})

    def is_template(self, docname: str) -> bool:
        """Whether the document is a template, or a copy of one.

        A template is a file that a template path gives; a copy is named
        like one (``template``, or a name ending in ``-template`` or
        ``_template``: ``2025.1-template``, ``spec-lite-template``), or is
        a symbolic link to a template.
        """
        known = self._is_template.get(docname)
        if known is None:
            # Asked several times per document and build (the scan, the
            # checks, the file rules); a link is looked at once a process.
            known = self._is_template[docname] = (
                docname in self.template_docnames
                or self.named_like_template(docname)
                or self.links_to_template(docname)
            )
        return known

    @staticmethod
    def named_like_template(docname: str) -> bool:
        name = docname.rsplit('/', 1)[-1].casefold()
        return name == 'template' or name.endswith(('-template', '_template'))

    def links_to_template(self, docname: str) -> bool:
        for suffix in self.source_suffixes:
            path = os.path.join(self.srcdir, docname + suffix)
            if os.path.islink(path):
                return os.path.realpath(path) in self._template_real_paths
        return False

    @cached_property
    def _template_real_paths(self) -> frozenset[str]:
        return frozenset(
            os.path.realpath(os.path.join(self.srcdir, path)) for path in self.template_files
        )

    def same_file(self, path: str, other: str) -> bool:
        """Whether two files (relative to the source directory) hold the same
        text: one file, links to one file, or copies."""
        first, second = (os.path.join(self.srcdir, p) for p in (path, other))
        try:
            return os.path.samefile(first, second) or filecmp.cmp(first, second, shallow=False)
        except OSError:
            return False

    @cached_property
    def template_docnames(self) -> frozenset[str]:
        # Asked for every document on every build (classify): computed once.
        names = (self.docname_of(path) for path in self.template_files)
        return frozenset(name for name in names if name is not None)

    def docname_of(self, path: str) -> str | None:
        """The docname of a source path (relative to the source directory), or
        None if it has no source suffix."""
        return strip_suffix(path, self.source_suffixes)

    def resolve(
        self,
        docname: str,
        header: Header,
        written: Mapping[str, str] | None = None,
        head: Head | None = None,
    ) -> Applicable | None:
        """What applies to ``docname``, or None if it is not a spec.

        ``header`` is what the top of its file says (:func:`read_header`),
        ``written`` the fields it states (its docinfo; by default the fields
        ``header`` found), ``head`` its title and fields for the kinds
        recognised by them (:meth:`head_of`; by default read from its file
        when needed).  The fields of a kind whose fields are content are no
        metadata.
        """
        classified = self.classify(docname, head)
        if classified is None:
            return None
        kind, fields = classified
        if kind.content_fields:
            written = {}
        given = merge_metadata({}, header, fields, written)
        release_name = given.get('release') or self.defaults.get('release')
        release = self.releases.parse(release_name) if release_name else None
        metadata = {**self.defaults_for(release), **given}
        unknown = None
        if not kind.has_status:
            metadata.pop('status', None)
        else:
            status = self.statuses.canonical(metadata.get('status', ''))
            unknown = None if status is not None else metadata.get('status')
            if status is not None:
                metadata['status'] = status
        stated = dict(metadata)
        if release is not None:
            metadata['release'] = release.name
        if metadata.get('project'):
            metadata['project'] = self.project_name(metadata['project'])
        return Applicable(self, kind, metadata, unknown, release, stated)

    def defaults_for(self, release: Release | None) -> dict[str, str]:
        """The default metadata of a spec of ``release``: for each field, the
        first entry of ``specs_defaults`` that holds the release and gives it."""
        if not self.default_entries:
            return dict(self.defaults)
        return first_defaults(self.default_entries, release)

    def project_name(self, name: str) -> str:
        """The project ``name`` stands for: the one its alias names, else the
        name in lower case (projects are one whatever their case)."""
        folded = name.lower()
        return self.project_aliases.get(folded, folded)

    def find_template(
        self, kind: Kind, fields: Mapping[str, str | None]
    ) -> tuple[str | None, list[str]]:
        """The template for a spec, and every path tried.

        The first existing candidate applies, but one that the build
        excludes only if no candidate after it exists: an old copy left out
        of the build is passed over for a later candidate, while a template
        kept out of the published site on purpose still applies.
        ``{release}`` is tried with the release as the spec names it, then
        with its other spellings (``caracal``, ``2024.1``).
        """
        tried: list[str] = []
        excluded = None
        release = fields.get('release')
        spellings = self.releases.spellings(release) if release else [None]
        for candidate in kind.templates:
            for spelling in spellings:
                path = fill(candidate, {**fields, 'release': spelling, 'kind': kind.name})
                if path is None or path in tried:
                    continue
                tried.append(path)
                exists = self._template_exists.get(path)
                if exists is None:
                    exists = os.path.isfile(os.path.join(self.srcdir, path))
                    self._template_exists[path] = exists
                if not exists:
                    continue
                if path not in self.excluded_templates:
                    return path, tried
                excluded = path
        return excluded, tried

    def no_spec(self, docnames: Iterable[str]) -> str:
        """The warning for a project none of whose documents (``docnames``) is
        a spec: which patterns match none of them."""
        patterns = [p for kind in self.kinds for p in kind.patterns]
        if not patterns:
            return (
                'no document is a spec: there is no pattern; set specs_patterns to the '
                "docnames of the specs, such as ['specs/{release}/{name}']"
            )
        names = list(docnames)
        unmatched = [
            p.text
            for p in patterns
            if not any(p.match(name, self.statuses, self.releases) for name in names)
        ]
        others = 'index pages, templates or excluded (specs_exclude)'
        if not unmatched:
            return f'no document is a spec: what the patterns match is {others}'
        plural = 's' if len(unmatched) > 1 else ''
        text = (
            f'no document is a spec: no docname matches the pattern{plural} '
            f'{", ".join(map(repr, unmatched))}'
        )
        if len(unmatched) < len(patterns):
            text += f', and what the others match is {others}'
        return f'{text}; point the patterns (specs_patterns, specs_kinds) at the specs'

    def rules_for(self, kind: str, status: str | None, release: Release | None) -> RuleSettings:
        settings = dict(self.rules)
        for override in self.overrides:
            if override.applies(kind, status, release):
                apply_rules(settings, override.rules)
        return settings
