"""Validating the ``specs_*`` values into :class:`~.settings.Settings`.

Every value's type and shape is checked, down to each key, item and rule
option, and names are checked against what they name (statuses, releases,
kinds, rules, template sections), with the closest known name when one is
near.  Every problem is collected, and all are reported together in one
:class:`~.settings.SettingsError`.  The kinds (:mod:`.kinds`), the rule
settings (:mod:`.rule_settings`), the index directory (:mod:`.index_dir`)
and publishing (:mod:`.publishing`) are validated in modules of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sphinxcontrib_specs.config.common import did_you_mean, names, unknown_keys
from sphinxcontrib_specs.config.index_dir import index_dir_problem, read_index_dir
from sphinxcontrib_specs.config.kinds import load_kinds, template_files
from sphinxcontrib_specs.config.publishing import load_publishing
from sphinxcontrib_specs.config.rule_settings import load_overrides, rule_changes
from sphinxcontrib_specs.config.settings import (
    RuleSettings,
    Settings,
    SettingsError,
    apply_rules,
)
from sphinxcontrib_specs.config.values import CONFIG_VALUES, DEFAULT_KIND
from sphinxcontrib_specs.core.metadata import METADATA_FIELDS
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.statuses import (
    DEFAULT_STATUS_ALIASES,
    DEFAULT_STATUSES,
    StatusVocabulary,
)
from sphinxcontrib_specs.rules.registry import RULES

__all__ = ['load_settings']

#: Each value's default, for values a configuration leaves unset.
DEFAULTS: dict[str, Any] = {value.name: value.default for value in CONFIG_VALUES}
#: The keys of ``specs_defaults``.
DEFAULT_KEYS = ('status', 'release', 'project')


def load_settings(
    values: Mapping[str, Any],
    srcdir: str,
    source_suffixes: Sequence[str] = ('.rst',),
    excluded: Callable[[str], bool] = lambda path: False,
) -> Settings:
    """Validate the ``specs_*`` values; raise SettingsError listing problems.

    ``values`` may hold ``html_baseurl`` and ``html_file_suffix`` too, for
    publishing.  ``excluded`` tells whether the build leaves out the file at
    a path relative to the source directory (Sphinx's ``exclude_patterns``).
    """
    problems: list[str] = []

    def get(name: str) -> Any:
        return values.get(name, DEFAULTS.get(name))

    aliases_value = get('specs_release_aliases')
    aliases: dict[str, str] = {}
    if not isinstance(aliases_value, Mapping):
        problems.append(
            'specs_release_aliases: expected a dict of release name to release; '
            f'got {aliases_value!r}'
        )
        aliases_value = {}
    for alias, target in aliases_value.items():
        if not isinstance(alias, str) or not alias.strip() or not isinstance(target, str):
            problems.append(
                f'specs_release_aliases[{alias!r}]: expected a release name mapped to a '
                f'release; got {target!r}'
            )
            continue
        aliases[alias] = target
    buckets_value = get('specs_release_buckets')
    buckets = names(buckets_value)
    if buckets is None:
        problems.append(f'specs_release_buckets: expected a list of names; got {buckets_value!r}')
        buckets = []
    problems.extend(
        f'specs_release_buckets: {bucket!r} is a release; a bucket is a name for specs of '
        'no release'
        for bucket in buckets
        if ReleaseTable(buckets=()).parse(bucket).known
    )
    releases = ReleaseTable(aliases, buckets)
    for alias, target in aliases.items():
        if not releases.parse(alias).known:
            problems.append(f'specs_release_aliases[{alias!r}]: {target!r} is not a known release')

    labels_value = get('specs_statuses')
    labels: dict[str, str] = {}
    if not isinstance(labels_value, Mapping) or not labels_value:
        problems.append('specs_statuses: expected a non-empty dict of status name to label')
        labels_value = {}
    for status, label in labels_value.items():
        if not isinstance(status, str) or not status.strip() or '/' in status:
            problems.append(
                f'specs_statuses: expected status names (no /) as keys; got {status!r}'
            )
        elif not isinstance(label, str):
            problems.append(f'specs_statuses[{status!r}]: expected a label; got {label!r}')
        else:
            labels[status.strip().casefold()] = label
    labels = labels or dict(DEFAULT_STATUSES)
    statuses = StatusVocabulary(
        labels, {k: v for k, v in DEFAULT_STATUS_ALIASES.items() if v in labels}
    )

    defaults_value = get('specs_defaults')
    defaults = {'status': 'approved'}
    if not isinstance(defaults_value, Mapping):
        problems.append(
            'specs_defaults: expected a dict with keys status, release, project; '
            f'got {defaults_value!r}'
        )
        defaults_value = {}
    unknown_keys('specs_defaults', defaults_value, DEFAULT_KEYS, problems)
    for key in DEFAULT_KEYS:
        if key not in defaults_value:
            continue
        value = defaults_value[key]
        if not isinstance(value, str) or not value.strip():
            problems.append(f'specs_defaults[{key!r}]: expected a {key} name; got {value!r}')
        elif key == 'release' and not releases.parse(value).known:
            problems.append(f'specs_defaults[{key!r}]: {value!r} is not a known release')
        else:
            defaults[key] = value
    if statuses.canonical(defaults['status']) is None:
        hint = did_you_mean(defaults['status'], labels)
        problems.append(
            f'specs_defaults: status {defaults["status"]!r} is not in specs_statuses{hint}'
        )

    kinds = load_kinds(get, srcdir, source_suffixes, releases, problems)
    kind_values = get('specs_kinds')
    kind_names = (
        [DEFAULT_KIND, *(n for n in kind_values if isinstance(n, str))]
        if isinstance(kind_values, Mapping)
        else [DEFAULT_KIND]
    )

    rules: RuleSettings = {
        name: dict(r.options) if r.default else None for name, r in RULES.items()
    }
    apply_rules(rules, rule_changes('specs_rules', get('specs_rules'), problems))

    overrides = load_overrides(
        get('specs_rule_overrides'), statuses, releases, kind_names, problems
    )

    index_dir = read_index_dir(get('specs_index_dir'), problems)
    exclude = names(get('specs_exclude'))
    if exclude is None:
        problems.append('specs_exclude: expected a list of docname globs')
        exclude = []

    found = template_files(kinds, srcdir, problems)
    excluded_templates = frozenset(path for path in found if excluded(path))

    # Sphinx's own value: a suffix that is no string is Sphinx's to refuse.
    html_suffix = get('html_file_suffix')
    html_suffixes = [html_suffix] if isinstance(html_suffix, str) and html_suffix else []
    page_suffixes = ('.html', *source_suffixes, *html_suffixes)
    publishing = load_publishing(get, problems, page_suffixes)
    _check_feed_filter(publishing.feed_filter, statuses, releases, kind_names, problems)

    box = get('specs_metadata_box')
    if not isinstance(box, bool):
        problems.append(f'specs_metadata_box: expected True or False; got {box!r}')
    extra_fields = get('specs_metadata_fields')
    field_names = names(extra_fields)
    if field_names is None:
        problems.append(
            f'specs_metadata_fields: expected a list of field names; got {extra_fields!r}'
        )
        field_names = []
    # The feed reads its date from the metadata, wherever the spec writes it.
    field_names.append(publishing.date_field)
    metadata_fields = frozenset({*METADATA_FIELDS, *(name.lower() for name in field_names)})

    settings = Settings(
        srcdir=srcdir,
        kinds=tuple(kind for kind, _templates in kinds),
        statuses=statuses,
        releases=releases,
        defaults=defaults,
        rules=rules,
        overrides=tuple(overrides),
        exclude=tuple(exclude),
        index_dir=index_dir,
        metadata_box=box is True,
        source_suffixes=tuple(source_suffixes),
        template_files=frozenset(found),
        excluded_templates=excluded_templates,
        publishing=publishing,
        metadata_fields=metadata_fields,
    )
    if index_dir is not None:
        problem = index_dir_problem(index_dir, settings)
        if problem is not None:
            problems.append(problem)
    if problems:
        raise SettingsError('\n'.join(problems))
    return settings


def _check_feed_filter(
    feed_filter: Mapping[str, Sequence[str]],
    statuses: StatusVocabulary,
    releases: ReleaseTable,
    kind_names: Sequence[str],
    problems: list[str],
) -> None:
    """Refuse a feed filter value that names no status, release or kind."""
    for key, wanted in feed_filter.items():
        where = f'specs_feed_filter[{key!r}]'
        for value in wanted:
            if key == 'status' and statuses.canonical(value) is None:
                hint = did_you_mean(value, statuses.labels) or '; add it to specs_statuses'
                problems.append(f'{where}: unknown status {value!r}{hint}')
            elif key == 'release' and not releases.parse(value).known:
                problems.append(f'{where}: {value!r} is not a known release')
            elif key == 'kind' and value not in kind_names:
                hint = (
                    did_you_mean(value, kind_names) or f'; the kinds are {", ".join(kind_names)}'
                )
                problems.append(f'{where}: unknown kind {value!r}{hint}')
