"""Validating the ``specs_*`` values into :class:`~.settings.Settings`.

Every problem is collected, and all are reported together in one
:class:`~.settings.SettingsError`.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sphinxcontrib_specs.config.publishing import load_publishing
from sphinxcontrib_specs.config.settings import (
    Kind,
    RuleOverride,
    RuleSettings,
    Settings,
    SettingsError,
    apply_rules,
)
from sphinxcontrib_specs.config.values import CONFIG_VALUES, DEFAULT_KIND
from sphinxcontrib_specs.core.metadata import METADATA_FIELDS
from sphinxcontrib_specs.core.outline import normalize_title
from sphinxcontrib_specs.core.patterns import (
    Pattern,
    PatternError,
    as_glob,
    template_fields,
)
from sphinxcontrib_specs.core.releases import Release, ReleaseTable
from sphinxcontrib_specs.core.statuses import (
    DEFAULT_STATUS_ALIASES,
    DEFAULT_STATUSES,
    StatusVocabulary,
)
from sphinxcontrib_specs.core.template import SectionRule
from sphinxcontrib_specs.rules.registry import RULES

__all__ = ['load_settings']

#: Each value's default, for values a configuration leaves unset.
DEFAULTS: dict[str, Any] = {value.name: value.default for value in CONFIG_VALUES}


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


#: The settings of a kind of ``specs_kinds``.
KIND_KEYS = ('patterns', 'templates', 'sections', 'title', 'fields', 'content_fields')


def _title_prefixes(name: str, value: object, problems: _Problems) -> tuple[str, ...]:
    items = _as_list(value)
    if items is None or not all(item.strip() for item in items):
        problems.append(f'{name}: expected a title prefix or a list of them, got {value!r}')
        return ()
    return tuple(normalize_title(item) for item in items)


def _field_tests(name: str, value: object, problems: _Problems) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        problems.append(f'{name}: expected a dict of field name to value, got {value!r}')
        return {}
    tests = {}
    for field_name, accepted in value.items():
        globs = _as_list(accepted)
        if not isinstance(field_name, str) or not field_name.strip() or not globs:
            problems.append(
                f'{name}[{field_name!r}]: expected a value or a list of values (globs), '
                f'got {accepted!r}'
            )
            continue
        tests[field_name.strip().lower()] = tuple(normalize_title(g) for g in globs)
    return tests


def _sections(
    name: str, value: object, releases: ReleaseTable, problems: _Problems
) -> dict[str, SectionRule]:
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
    excluded: Callable[[str], bool] = lambda path: False,
) -> Settings:
    """Validate the ``specs_*`` values; raise SettingsError listing problems.

    ``excluded`` tells whether the build leaves out the file at a path
    relative to the source directory (Sphinx's ``exclude_patterns``).
    """
    problems = _Problems()

    def get(name: str) -> Any:
        return values.get(name, DEFAULTS.get(name))

    aliases = get('specs_release_aliases')
    buckets = _as_list(get('specs_release_buckets'))
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

    labels = get('specs_statuses')
    if not isinstance(labels, Mapping) or not labels:
        problems.append('specs_statuses: expected a non-empty dict of status name to label')
        labels = DEFAULT_STATUSES
    statuses = StatusVocabulary(
        {str(k).casefold(): str(v) for k, v in labels.items()},
        {k: v for k, v in DEFAULT_STATUS_ALIASES.items() if v in labels},
    )

    defaults = get('specs_defaults')
    if not isinstance(defaults, Mapping) or set(defaults) - {'status', 'release', 'project'}:
        problems.append(
            f'specs_defaults: expected a dict with keys status, release, project; got {defaults!r}'
        )
        defaults = {}
    defaults = {'status': 'approved', **defaults}
    if statuses.canonical(defaults['status']) is None:
        problems.append(f'specs_defaults: status {defaults["status"]!r} is not in specs_statuses')

    kinds = []
    kind_values = get('specs_kinds')
    if not isinstance(kind_values, Mapping):
        problems.append('specs_kinds: expected a dict of kind name to settings')
        kind_values = {}
    for kind_name, spec in kind_values.items():
        where = f'specs_kinds[{kind_name!r}]'
        if not isinstance(spec, Mapping) or set(spec) - set(KIND_KEYS):
            problems.append(f'{where}: expected a dict with keys {", ".join(KIND_KEYS)}')
            continue
        content_fields = spec.get('content_fields', False)
        if not isinstance(content_fields, bool):
            problems.append(f'{where}[content_fields]: expected True or False')
        kind = Kind(
            kind_name,
            _patterns(f'{where}[patterns]', spec.get('patterns', []), problems),
            _template_paths(f'{where}[templates]', spec.get('templates', []), problems),
            _sections(f'{where}[sections]', spec.get('sections', {}), releases, problems),
            title_prefixes=_title_prefixes(f'{where}[title]', spec.get('title', []), problems),
            field_tests=_field_tests(f'{where}[fields]', spec.get('fields', {}), problems),
            content_fields=content_fields is True,
        )
        if not kind.patterns and not kind.by_content:
            problems.append(f'{where}: give it patterns, a title or fields to recognise it by')
        kinds.append(kind)
    kinds.append(
        Kind(
            DEFAULT_KIND,
            _patterns('specs_patterns', get('specs_patterns'), problems),
            _template_paths('specs_templates', get('specs_templates'), problems),
            _sections('specs_sections', get('specs_sections'), releases, problems),
        )
    )

    rules: RuleSettings = {
        name: dict(r.options) if r.default else None for name, r in RULES.items()
    }
    apply_rules(rules, _rule_changes('specs_rules', get('specs_rules'), problems))

    overrides = []
    override_values = get('specs_rule_overrides')
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

    index_dir = get('specs_index_dir')
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
    exclude_value = get('specs_exclude')
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
        if not found and (kind.patterns or kind.by_content):
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
    excluded_templates = frozenset(path for path in template_files if excluded(path))

    publishing = load_publishing(get, problems)

    extra_fields = get('specs_metadata_fields')
    field_names = None if isinstance(extra_fields, str) else _as_list(extra_fields)
    if field_names is None:
        problems.append(
            f'specs_metadata_fields: expected a list of field names; got {extra_fields!r}'
        )
        field_names = []
    # The feed reads its date from the metadata, wherever the spec writes it.
    field_names.append(str(publishing.date_field))
    metadata_fields = frozenset({*METADATA_FIELDS, *(name.lower() for name in field_names)})

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
        metadata_box=bool(get('specs_metadata_box')),
        source_suffixes=tuple(source_suffixes),
        template_files=frozenset(template_files),
        excluded_templates=excluded_templates,
        publishing=publishing,
        metadata_fields=metadata_fields,
    )
