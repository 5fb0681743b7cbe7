"""The validated configuration: one :class:`Settings` object.

It answers the questions a document asks: is it a spec, of which kind,
with which metadata from its path (:meth:`Settings.classify`), against
which template (:meth:`Settings.find_template`), under which rule settings
(:meth:`Settings.rules_for`).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sphinxcontrib_specs.config.publishing import PublishOptions
from sphinxcontrib_specs.core.metadata import Header, merge_metadata
from sphinxcontrib_specs.core.patterns import Pattern, fill, match_first, strip_suffix
from sphinxcontrib_specs.core.releases import Release, ReleaseTable
from sphinxcontrib_specs.core.statuses import StatusVocabulary
from sphinxcontrib_specs.core.template import SectionRule
from sphinxcontrib_specs.rules.registry import RULES

__all__ = ['Applicable', 'Kind', 'Settings', 'SettingsError']


class SettingsError(ValueError):
    """Configuration that cannot be used; the message lists every problem."""


@dataclass(frozen=True)
class Kind:
    """A kind of document: its patterns, template candidates and sections."""

    name: str
    patterns: tuple[Pattern, ...]
    templates: tuple[str, ...]
    sections: Mapping[str, SectionRule]


@dataclass(frozen=True)
class RuleOverride:
    rules: Mapping[str, Mapping[str, Any] | None]
    statuses: frozenset[str] | None = None
    kinds: frozenset[str] | None = None
    start: Release | None = None
    end: Release | None = None

    def applies(self, kind: str, status: str | None, release: Release | None) -> bool:
        if self.kinds is not None and kind not in self.kinds:
            return False
        if self.statuses is not None and status not in self.statuses:
            return False
        if self.start is not None and (release is None or release.key < self.start.key):
            return False
        return not (self.end is not None and (release is None or release.key > self.end.key))


#: Rule settings: code -> options (enabled) or None (disabled).
RuleSettings = dict[str, 'Mapping[str, Any] | None']


@dataclass(frozen=True)
class Applicable:
    """What applies to one spec, worked out in one place.

    Its kind; its metadata (defaults, under the tracker URLs of its
    preamble, under the fields of its path, under the fields it states),
    with the status in its canonical spelling where it is a known one and
    the release by its canonical name; the rule settings for its kind,
    status and release; and its template, looked up on first use.
    """

    settings: Settings = field(repr=False)
    kind: Kind
    metadata: dict[str, str]
    #: The status as stated, if it is not in the vocabulary (else None).
    unknown_status: str | None
    release: Release | None
    #: The metadata as stated (the release as spelled), for template paths.
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


@dataclass
class Settings:
    """The validated configuration."""

    srcdir: str
    kinds: tuple[Kind, ...]
    statuses: StatusVocabulary
    releases: ReleaseTable
    defaults: Mapping[str, str]
    rules: RuleSettings
    overrides: tuple[RuleOverride, ...]
    exclude: tuple[str, ...]
    #: Redirects, ``specs.json`` and the feed.
    publishing: PublishOptions
    source_suffixes: tuple[str, ...] = ('.rst',)
    index_dir: str | None = 'by'
    metadata_box: bool = True
    template_files: frozenset[str] = field(default_factory=frozenset)

    def kind(self, name: str) -> Kind:
        return next(k for k in self.kinds if k.name == name)

    def classify(self, docname: str) -> tuple[Kind, dict[str, str]] | None:
        """The kind and path fields of a spec, or None for other documents."""
        if docname.rsplit('/', 1)[-1] == 'index' or docname in self.template_docnames:
            return None
        if any(fnmatch.fnmatchcase(docname, pattern) for pattern in self.exclude):
            return None
        for kind in self.kinds:
            fields = match_first(kind.patterns, docname, self.statuses, self.releases)
            if fields is not None:
                if fields.get('name') == 'index':
                    return None
                return kind, fields
        return None

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
        self, docname: str, header: Header, written: Mapping[str, str] | None = None
    ) -> Applicable | None:
        """What applies to ``docname``, or None if it is not a spec.

        ``header`` is what the top of its file says (:func:`read_header`),
        ``written`` the fields it states (its docinfo; by default the fields
        ``header`` found).
        """
        classified = self.classify(docname)
        if classified is None:
            return None
        kind, fields = classified
        metadata = merge_metadata(self.defaults, header, fields, written)
        status = self.statuses.canonical(metadata['status'])
        unknown = None if status is not None else metadata['status']
        if status is not None:
            metadata['status'] = status
        stated = dict(metadata)
        release = self.releases.parse(metadata['release']) if metadata.get('release') else None
        if release is not None:
            metadata['release'] = release.name
        return Applicable(self, kind, metadata, unknown, release, stated)

    def find_template(
        self, kind: Kind, fields: Mapping[str, str | None]
    ) -> tuple[str | None, list[str]]:
        """The first existing template for a spec, and every path tried.

        ``{release}`` is tried with the release as the spec names it, then
        with its other spellings (``caracal``, ``2024.1``).
        """
        tried: list[str] = []
        release = fields.get('release')
        spellings = self.releases.spellings(release) if release else [None]
        for candidate in kind.templates:
            for spelling in spellings:
                path = fill(candidate, {**fields, 'release': spelling, 'kind': kind.name})
                if path is None or path in tried:
                    continue
                tried.append(path)
                if os.path.isfile(os.path.join(self.srcdir, path)):
                    return path, tried
        return None, tried

    def rules_for(self, kind: str, status: str | None, release: Release | None) -> RuleSettings:
        settings = dict(self.rules)
        for override in self.overrides:
            if override.applies(kind, status, release):
                apply_rules(settings, override.rules)
        return settings


def apply_rules(settings: RuleSettings, changes: Mapping[str, Mapping[str, Any] | None]) -> None:
    for name, value in changes.items():
        targets = list(RULES) if name == '*' else [name]
        for target in targets:
            if value is None:
                settings[target] = None
            else:
                settings[target] = {**RULES[target].options, **(settings[target] or {}), **value}
