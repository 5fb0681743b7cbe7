"""The extension's configuration, read and validated once into one object.

Nothing else reads raw ``specs_*`` values: the Sphinx adapter and the command
line both call :func:`load_settings`.  Every problem is collected, and all
are reported together in one :class:`SettingsError`.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sphinxcontrib_specs.layout import (
    DEFAULT_PATTERNS,
    DEFAULT_STATUS_ALIASES,
    DEFAULT_STATUSES,
    Pattern,
    PatternError,
    StatusVocabulary,
    as_glob,
    fill,
    match_first,
    template_fields,
)
from sphinxcontrib_specs.releases import Release, ReleaseTable
from sphinxcontrib_specs.rules import RULES
from sphinxcontrib_specs.template import SectionRule

__all__ = ['CONFIG_VALUES', 'ConfigValue', 'Kind', 'Settings', 'SettingsError', 'load_settings']

DEFAULT_KIND = 'spec'


@dataclass(frozen=True)
class ConfigValue:
    """A configuration value: its default, its types and its documentation."""

    name: str
    default: Any
    types: tuple[type, ...]
    doc: str


#: Every configuration value, in the order of the configuration reference.
CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        'specs_patterns',
        list(DEFAULT_PATTERNS),
        (list, tuple),
        """
        Docname patterns that make a document a spec, tried in order; the
        first that matches gives the spec's ``release``, ``status``,
        ``project`` and ``name``.  A field matches one path segment (or part
        of one); ``{status}`` only matches a known status and ``{release}``
        never matches a status name (unless it is a release bucket), so
        release-first and status-first patterns can be listed together.
        Documents named ``index`` and templates are never specs.

        Example: ``specs_patterns = ['specs/{project}/{release}/{name}']``
        """,
    ),
    ConfigValue(
        'specs_templates',
        [
            'specs/{release}-template.rst',
            'specs/{release}/template.rst',
            'specs/template.rst',
            'template.rst',
        ],
        (list, tuple),
        """
        Candidate template paths, relative to the source directory, with
        ``{release}``, ``{status}``, ``{project}`` and ``{kind}`` filled in
        from the spec's metadata; the first that exists applies.  Templates
        in the source tree are published as orphan pages and never checked
        as specs.  An empty list switches structure checks off.

        Example: ``specs_templates = ['specs/{release}/template.rst',
        'specs/template.rst']``
        """,
    ),
    ConfigValue(
        'specs_sections',
        {},
        (dict,),
        """
        What template sections demand, for templates that cannot be edited:
        a mapping from a section title to ``optional`` (bool), ``since`` (a
        release: required from that release on) and ``aliases`` (other
        accepted titles).  Applies to sections of that title at any level.

        Example: ``specs_sections = {'History': {'optional': True},
        'Upgrade impact': {'since': 'rocky'}}``
        """,
    ),
    ConfigValue(
        'specs_kinds',
        {},
        (dict,),
        """
        Other kinds of document, each with its own ``patterns``,
        ``templates`` and ``sections`` (same forms as the values above).
        Kinds are tried in the order given, before the default kind
        ``spec``; ``{kind}`` in a template path is the kind's name.

        Example: ``specs_kinds = {'policy': {'patterns':
        ['policies/{name}'], 'templates': ['policies/template.rst']}}``
        """,
    ),
    ConfigValue(
        'specs_statuses',
        dict(DEFAULT_STATUSES),
        (dict,),
        """
        The status vocabulary: a mapping from status name to label, in
        display order.  Other spellings of the same status
        (``in_progress``, ``unimplemented``) are understood.
        """,
    ),
    ConfigValue(
        'specs_defaults',
        {'status': 'approved'},
        (dict,),
        """
        Metadata for specs whose path and fields give none: ``status``,
        ``release``, ``project``.
        """,
    ),
    ConfigValue(
        'specs_release_aliases',
        {},
        (dict,),
        """
        Release names a repository uses its own way, mapped to the release
        they belong to.

        Example: ``specs_release_aliases = {'36.0': '2026.2'}``
        """,
    ),
    ConfigValue(
        'specs_release_buckets',
        ['backlog', 'untargeted'],
        (list, tuple),
        """
        Names in the release position that are not releases; they sort
        after every real release.
        """,
    ),
    ConfigValue(
        'specs_rules',
        {},
        (dict,),
        """
        Rules switched on or off (``True``/``False``) or tuned (a dict of
        options, which also switches the rule on), by warning code.  The
        key ``'*'`` sets every rule.

        Example: ``specs_rules = {'section_order': True, 'extra_subsection':
        False}``
        """,
    ),
    ConfigValue(
        'specs_rule_overrides',
        [],
        (list, tuple),
        """
        Rule settings for some specs only: a list of dicts with ``rules``
        (as in ``specs_rules``) and any of ``status`` (a status or list),
        ``kind`` (a kind or list), ``from`` and ``until`` (releases,
        inclusive).  Later entries win.

        Example, a stricter rule for new specs only: ``specs_rule_overrides =
        [{'from': '2027.1', 'rules': {'section_order': True}}]``
        """,
    ),
    ConfigValue(
        'specs_exclude',
        [],
        (list, tuple),
        """
        Docname globs that are never specs, whatever the patterns say.

        Example: ``specs_exclude = ['specs/*/redirects']``
        """,
    ),
    ConfigValue(
        'specs_index_dir',
        'by',
        (str, type(None)),
        """
        Where the generated index pages go, relative to the source
        directory: ``<dir>/release/<release>.rst``, ``<dir>/status/<status>.rst``
        and ``<dir>/project/<project>.rst``.  They are written before the
        build reads anything, only when their content changes, and removed
        when no spec needs them any more; only files the extension wrote
        (they say so in their first line) are ever touched.  Add the
        directory to ``.gitignore``.  ``None`` writes nothing: then write
        your own pages with the ``spec-index`` directive.
        """,
    ),
    ConfigValue(
        'specs_metadata_box',
        True,
        (bool,),
        """
        Show a box under each spec's title with its status, release,
        project, tracker links and assignees.
        """,
    ),
)


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
        names = set()
        for path in self.template_files:
            for suffix in self.source_suffixes:
                if path.endswith(suffix):
                    names.add(path[: -len(suffix)])
        return frozenset(names)

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
                _apply_rules(settings, override.rules)
        return settings


def _apply_rules(settings: RuleSettings, changes: Mapping[str, Mapping[str, Any] | None]) -> None:
    for name, value in changes.items():
        targets = list(RULES) if name == '*' else [name]
        for target in targets:
            if value is None:
                settings[target] = None
            else:
                settings[target] = {**RULES[target].options, **(settings[target] or {}), **value}


def _as_list(value: object) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


class _Problems(list[str]):
    pass


def _patterns(name: str, value: object, problems: _Problems) -> tuple[Pattern, ...]:
    items = _as_list(value)
    if items is None or isinstance(value, str):
        problems.append(f'{name}: expected a list of docname patterns, got {value!r}')
        return ()
    compiled = []
    for item in items:
        try:
            compiled.append(Pattern.compile(item))
        except PatternError as exc:
            problems.append(f'{name}: {exc}')
    return tuple(compiled)


def _template_paths(name: str, value: object, problems: _Problems) -> tuple[str, ...]:
    items = _as_list(value)
    if items is None or isinstance(value, str):
        problems.append(f'{name}: expected a list of template paths, got {value!r}')
        return ()
    for item in items:
        try:
            template_fields(item)
        except PatternError as exc:
            problems.append(f'{name}: {exc}')
    return tuple(items)


def _sections(
    name: str, value: object, releases: ReleaseTable, problems: _Problems
) -> dict[str, SectionRule]:
    from sphinxcontrib_specs.outline import normalize_title

    if not isinstance(value, Mapping):
        problems.append(f'{name}: expected a dict of section title to settings, got {value!r}')
        return {}
    result = {}
    for title, spec in value.items():
        if not isinstance(spec, Mapping) or set(spec) - {'optional', 'since', 'aliases'}:
            problems.append(
                f'{name}[{title!r}]: expected a dict with keys optional, since, aliases; '
                f'got {spec!r}'
            )
            continue
        since = spec.get('since')
        if since is not None and (not isinstance(since, str) or not releases.parse(since).known):
            problems.append(f'{name}[{title!r}]: since={since!r} is not a known release')
            continue
        aliases = _as_list(spec.get('aliases', []))
        if aliases is None:
            problems.append(f'{name}[{title!r}]: aliases must be a list of titles')
            continue
        optional = spec.get('optional')
        result[normalize_title(title)] = SectionRule(
            optional=None if optional is None else bool(optional),
            since=since,
            aliases=tuple(aliases),
        )
    return result


def _rule_changes(
    name: str, value: object, problems: _Problems
) -> dict[str, Mapping[str, Any] | None]:
    import difflib

    if not isinstance(value, Mapping):
        problems.append(f'{name}: expected a dict of warning code to True, False or options')
        return {}
    changes: dict[str, Mapping[str, Any] | None] = {}
    for code, setting in value.items():
        if code != '*' and code not in RULES:
            close = difflib.get_close_matches(str(code), list(RULES), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f'; codes: {", ".join(RULES)}'
            problems.append(f'{name}: unknown rule {code!r}{hint}')
            continue
        if isinstance(setting, bool):
            changes[code] = {} if setting else None
        elif isinstance(setting, Mapping) and code != '*':
            unknown = set(setting) - set(RULES[code].options)
            if unknown:
                known = ', '.join(RULES[code].options) or 'none'
                problems.append(
                    f'{name}[{code!r}]: unknown option(s) {", ".join(sorted(unknown))}; '
                    f'the options are: {known}'
                )
                continue
            changes[code] = dict(setting)
        else:
            problems.append(f'{name}[{code!r}]: expected True, False or a dict of options')
    return changes


def load_settings(
    values: Mapping[str, Any],
    srcdir: str,
    source_suffixes: Sequence[str] = ('.rst',),
) -> Settings:
    """Validate the ``specs_*`` values; raise SettingsError listing problems."""
    problems = _Problems()
    get = values.get
    aliases = get('specs_release_aliases', {})
    buckets = _as_list(get('specs_release_buckets', ['backlog', 'untargeted']))
    if not isinstance(aliases, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()
    ):
        problems.append('specs_release_aliases: expected a dict of release name to release')
        aliases = {}
    if buckets is None:
        problems.append('specs_release_buckets: expected a list of names')
        buckets = []
    releases = ReleaseTable(aliases, buckets)
    for alias, target in aliases.items():
        if not releases.parse(target).known:
            problems.append(f'specs_release_aliases[{alias!r}]: {target!r} is not a known release')

    labels = get('specs_statuses', DEFAULT_STATUSES)
    if not isinstance(labels, Mapping) or not labels:
        problems.append('specs_statuses: expected a non-empty dict of status name to label')
        labels = DEFAULT_STATUSES
    statuses = StatusVocabulary(
        {str(k).casefold(): str(v) for k, v in labels.items()},
        {k: v for k, v in DEFAULT_STATUS_ALIASES.items() if v in labels},
    )

    defaults = get('specs_defaults', {})
    if not isinstance(defaults, Mapping) or set(defaults) - {'status', 'release', 'project'}:
        problems.append(
            f'specs_defaults: expected a dict with keys status, release, project; got {defaults!r}'
        )
        defaults = {}
    defaults = {'status': 'approved', **defaults}
    if statuses.canonical(defaults['status']) is None:
        problems.append(f'specs_defaults: status {defaults["status"]!r} is not in specs_statuses')

    kinds = []
    kind_values = get('specs_kinds', {})
    if not isinstance(kind_values, Mapping):
        problems.append('specs_kinds: expected a dict of kind name to settings')
        kind_values = {}
    for kind_name, spec in kind_values.items():
        where = f'specs_kinds[{kind_name!r}]'
        if not isinstance(spec, Mapping) or set(spec) - {'patterns', 'templates', 'sections'}:
            problems.append(f'{where}: expected a dict with keys patterns, templates, sections')
            continue
        kinds.append(
            Kind(
                kind_name,
                _patterns(f'{where}[patterns]', spec.get('patterns', []), problems),
                _template_paths(f'{where}[templates]', spec.get('templates', []), problems),
                _sections(f'{where}[sections]', spec.get('sections', {}), releases, problems),
            )
        )
    kinds.append(
        Kind(
            DEFAULT_KIND,
            _patterns('specs_patterns', get('specs_patterns', DEFAULT_PATTERNS), problems),
            _template_paths(
                'specs_templates', get('specs_templates', CONFIG_VALUES[1].default), problems
            ),
            _sections('specs_sections', get('specs_sections', {}), releases, problems),
        )
    )

    rules: RuleSettings = {
        name: dict(r.options) if r.default else None for name, r in RULES.items()
    }
    _apply_rules(rules, _rule_changes('specs_rules', get('specs_rules', {}), problems))

    overrides = []
    override_values = get('specs_rule_overrides', [])
    if not isinstance(override_values, (list, tuple)):
        problems.append('specs_rule_overrides: expected a list of dicts')
        override_values = []
    for index, entry in enumerate(override_values):
        where = f'specs_rule_overrides[{index}]'
        if (
            not isinstance(entry, Mapping)
            or 'rules' not in entry
            or (set(entry) - {'rules', 'status', 'kind', 'from', 'until'})
        ):
            problems.append(
                f'{where}: expected a dict with rules and any of status, kind, from, until'
            )
            continue
        bounds: list[Release | None] = []
        for key in ('from', 'until'):
            name = entry.get(key)
            if name is None:
                bounds.append(None)
            elif isinstance(name, str) and releases.parse(name).known:
                bounds.append(releases.parse(name))
            else:
                problems.append(f'{where}: {key}={name!r} is not a known release')
                bounds.append(None)
        status_names = _as_list(entry['status']) if 'status' in entry else None
        if status_names is not None:
            unknown = [s for s in status_names if statuses.canonical(s) is None]
            if unknown:
                problems.append(f'{where}: unknown status {", ".join(map(repr, unknown))}')
        kind_names = _as_list(entry['kind']) if 'kind' in entry else None
        overrides.append(
            RuleOverride(
                _rule_changes(f'{where}[rules]', entry['rules'], problems),
                frozenset(statuses.canonical(s) or s for s in status_names)
                if status_names is not None
                else None,
                frozenset(kind_names) if kind_names is not None else None,
                bounds[0],
                bounds[1],
            )
        )

    index_dir = get('specs_index_dir', 'by')
    if index_dir is not None and (
        not isinstance(index_dir, str)
        or not index_dir.strip('/')
        or os.path.isabs(index_dir)
        or '..' in index_dir.split('/')
    ):
        problems.append(
            f'specs_index_dir: {index_dir!r} must be a relative directory inside the '
            'source directory, or None'
        )
        index_dir = None
    elif index_dir is not None:
        index_dir = index_dir.strip('/')
    exclude_value = get('specs_exclude', [])
    exclude = None if isinstance(exclude_value, str) else _as_list(exclude_value)
    if exclude is None:
        problems.append('specs_exclude: expected a list of docname globs')
        exclude = []

    template_files: set[str] = set()
    for kind in kinds:
        if not kind.templates:
            continue
        found: set[str] = set()
        for candidate in kind.templates:
            found.update(
                os.path.relpath(path, srcdir).replace(os.sep, '/')
                for path in glob.glob(os.path.join(srcdir, as_glob(candidate)))
                if os.path.isfile(path)
            )
        if not found and kind.patterns:
            name = (
                'specs_templates'
                if kind.name == DEFAULT_KIND
                else (f'specs_kinds[{kind.name!r}][templates]')
            )
            tried = ', '.join(repr(t) for t in kind.templates)
            problems.append(
                f'{name}: no template exists at any of {tried} (relative to {srcdir}); '
                f'point it at your template, or set it to [] to check no structure'
            )
        template_files |= found

    if problems:
        raise SettingsError('\n'.join(problems))
    return Settings(
        srcdir=srcdir,
        kinds=tuple(kinds),
        statuses=statuses,
        releases=releases,
        defaults=defaults,
        rules=rules,
        overrides=tuple(overrides),
        exclude=tuple(exclude),
        index_dir=index_dir,
        metadata_box=bool(get('specs_metadata_box', True)),
        source_suffixes=tuple(source_suffixes),
        template_files=frozenset(template_files),
    )
