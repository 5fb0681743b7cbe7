"""Validating the ``specs_*`` values into :class:`~.settings.Settings`.

Every value's type and shape is checked, down to each key, item and rule
option, and names are checked against what they name (statuses, releases,
kinds, rules, template sections), with the closest known name when one is
near.  Every problem is collected, and all are reported together in one
:class:`~.settings.SettingsError`.  The kinds (:mod:`.kinds`), the rule
settings (:mod:`.rule_settings`), the default metadata and project names
(:mod:`.defaults`), the index directory (:mod:`.index_dir`) and publishing
(:mod:`.publishing`) are validated in modules of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sphinxcontrib_specs.config.common import did_you_mean, names, release_hint
from sphinxcontrib_specs.config.defaults import (
    load_defaults,
    load_project_aliases,
    unranged_defaults,
)
from sphinxcontrib_specs.config.index_dir import index_dir_problem, read_index_dir
from sphinxcontrib_specs.config.kinds import Templates, load_kinds, template_files
from sphinxcontrib_specs.config.publishing import load_publishing
from sphinxcontrib_specs.config.references import load_references
from sphinxcontrib_specs.config.rule_settings import (
    load_optout_aliases,
    load_overrides,
    rule_changes,
)
from sphinxcontrib_specs.config.settings import Kind, Settings, SettingsError
from sphinxcontrib_specs.config.values import CONFIG_VALUES, DEFAULT_KIND
from sphinxcontrib_specs.core.metadata import METADATA_FIELDS
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.statuses import (
    DEFAULT_STATUS_ALIASES,
    DEFAULT_STATUSES,
    StatusVocabulary,
)
from sphinxcontrib_specs.rules.registry import RULES, RuleSettings, apply_rules

__all__ = ['load_settings']

#: Each value's default, for values a configuration leaves unset.
DEFAULTS: dict[str, Any] = {value.name: value.default for value in CONFIG_VALUES}


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
            hint = release_hint(target, releases)
            problems.append(
                f'specs_release_aliases[{alias!r}]: {target!r} is not a known release{hint}'
            )

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

    default_entries = load_defaults(get('specs_defaults'), statuses, releases, problems)
    project_aliases = load_project_aliases(get('specs_project_aliases'), problems)

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
    titles = _level_one_titles(kinds)
    apply_rules(rules, rule_changes('specs_rules', get('specs_rules'), problems, titles))

    overrides = load_overrides(
        get('specs_rule_overrides'), statuses, releases, kind_names, problems, titles=titles
    )
    optout_aliases = load_optout_aliases(get('specs_optout_aliases'), problems)

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

    history = get('specs_history')
    if not isinstance(history, bool):
        problems.append(f'specs_history: expected True or False; got {history!r}')
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
    baseline = _read_baseline(get('specs_baseline'), source_suffixes, problems)
    references = load_references(get, problems)

    settings = Settings(
        srcdir=srcdir,
        kinds=tuple(kind for kind, _templates in kinds),
        statuses=statuses,
        releases=releases,
        defaults=unranged_defaults(default_entries),
        rules=rules,
        overrides=tuple(overrides),
        exclude=tuple(exclude),
        index_dir=index_dir,
        metadata_box=box is True,
        history=history is not False,
        source_suffixes=tuple(source_suffixes),
        template_files=frozenset(found),
        excluded_templates=excluded_templates,
        publishing=publishing,
        metadata_fields=metadata_fields,
        baseline=baseline,
        references=references,
        default_entries=default_entries,
        project_aliases=project_aliases,
        release_aliases=frozenset(alias.strip().casefold() for alias in aliases),
        optout_aliases=optout_aliases,
    )
    if index_dir is not None:
        problem = index_dir_problem(index_dir, settings)
        if problem is not None:
            problems.append(problem)
    if problems:
        raise SettingsError('\n'.join(problems))
    return settings


def _read_baseline(
    value: object, source_suffixes: Sequence[str], problems: list[str]
) -> str | None:
    """``specs_baseline``: a file name, relative to the configuration directory, or None."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or value.endswith(('/', '\\')):
        problems.append(
            'specs_baseline: expected the name of a file (relative to the directory of '
            f"conf.py), such as 'specs-baseline.txt', or None; got {value!r}"
        )
        return None
    suffix = next((s for s in source_suffixes if value.endswith(s)), None)
    if suffix is not None:
        problems.append(
            f'specs_baseline: {value!r} ends in {suffix}, so the build would read it as a '
            "document; name it like 'specs-baseline.txt'"
        )
        return None
    return value


def _level_one_titles(kinds: Sequence[tuple[Kind, Templates]]) -> dict[str, str] | None:
    """Folded title -> title of the level-1 sections of every kind's templates;
    None if a kind's template paths are no list (nothing to check against)."""
    titles: dict[str, str] = {}
    for _kind, templates in kinds:
        if templates.paths is None:
            return None
        for key, title in templates.level_one_titles.items():
            titles.setdefault(key, title)
    return titles


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
                hint = release_hint(value, releases)
                problems.append(f'{where}: {value!r} is not a known release{hint}')
            elif key == 'kind' and value not in kind_names:
                hint = (
                    did_you_mean(value, kind_names) or f'; the kinds are {", ".join(kind_names)}'
                )
                problems.append(f'{where}: unknown kind {value!r}{hint}')
