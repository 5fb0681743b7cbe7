"""Rule settings: ``specs_rules`` and ``specs_rule_overrides``, validated.

Each rule option is checked against its default: True or False, a positive
whole number, a string or a list of strings; those the rule names as
regular expressions are compiled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from sphinxcontrib_specs.config.common import (
    as_list,
    did_you_mean,
    names,
    release_range,
    unknown_keys,
)
from sphinxcontrib_specs.config.defaults import in_range
from sphinxcontrib_specs.core.outline import normalize_title
from sphinxcontrib_specs.core.releases import Release, ReleaseTable
from sphinxcontrib_specs.core.statuses import StatusVocabulary
from sphinxcontrib_specs.rules.optout import MARKER
from sphinxcontrib_specs.rules.registry import RULES, Rule

__all__ = ['RuleOverride', 'load_optout_aliases', 'load_overrides', 'rule_changes']

#: The keys of an entry of ``specs_rule_overrides``.
OVERRIDE_KEYS = ('rules', 'status', 'kind', 'from', 'until')
#: The rule options that name level-1 template sections.
SECTION_OPTIONS = {('missing_section', 'required')}


class RuleOverride(NamedTuple):
    """An entry of ``specs_rule_overrides``: rule changes, and the specs they apply to."""

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
        if self.start is None and self.end is None:
            return True
        return release is not None and in_range(release, self.start, self.end)


def _regex_problem(pattern: str) -> str | None:
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        return f'{pattern!r} is not a regular expression: {exc}'
    return None


def _option_problem(default: object, value: object, regex: bool) -> str | None:
    """What is wrong with ``value`` for an option whose default is ``default``
    (True or False, a whole number, a string or a tuple of strings); None if
    nothing.  ``regex``: the strings are regular expressions."""
    what = 'regular expression' if regex else 'string'
    items: list[str] | None
    if isinstance(default, bool):
        expected, items = 'True or False', [] if isinstance(value, bool) else None
    elif isinstance(default, int):
        expected = 'a positive whole number'
        positive = isinstance(value, int) and not isinstance(value, bool) and value > 0
        items = [] if positive else None
    elif isinstance(default, str):
        expected, items = (
            f'a non-empty {what}',
            [value] if isinstance(value, str) and value.strip() else None,
        )
    else:
        expected, items = f'a list of non-empty {what}s', names(value)
    if items is None:
        return f'expected {expected}; got {value!r}'
    return next(filter(None, map(_regex_problem, items)), None) if regex else None


def _rule_options(
    where: str,
    registered: Rule,
    given: Mapping[Any, Any],
    problems: list[str],
    titles: Mapping[str, str] | None = None,
) -> dict[str, Any] | None:
    """The options ``given`` for a rule, checked against its defaults; None
    if any is wrong.  ``titles`` (folded -> as written) are those of the
    templates' level-1 sections, which options naming sections must name
    (None: not checked)."""
    options: dict[str, Any] = {}
    known = list(registered.options)
    for option, value in given.items():
        if option not in registered.options:
            hint = did_you_mean(option, known) or (
                f'; the options are: {", ".join(known)}'
                if known
                else '; the rule has no options: set it to True or False'
            )
            problems.append(f'{where}: unknown option {option!r}{hint}')
            continue
        problem = _option_problem(registered.options[option], value, option in registered.regexes)
        if problem is None and titles is not None and (registered.name, option) in SECTION_OPTIONS:
            problem = next(
                (
                    f'no template has a level-1 section titled {title!r}'
                    + (did_you_mean(title, titles.values()) or '; name a section of the template')
                    for title in value
                    if normalize_title(title) not in titles
                ),
                None,
            )
        if problem is not None:
            problems.append(f'{where}[{option!r}]: {problem}')
            continue
        options[option] = tuple(value) if isinstance(value, list) else value
    return options if len(options) == len(given) else None


def rule_changes(
    name: str, value: object, problems: list[str], titles: Mapping[str, str] | None = None
) -> dict[str, Mapping[str, Any] | None]:
    """The rule settings of ``value``; ``titles`` as for :func:`_rule_options`."""
    if not isinstance(value, Mapping):
        problems.append(
            f'{name}: expected a dict of warning code to True, False or options; got {value!r}'
        )
        return {}
    changes: dict[str, Mapping[str, Any] | None] = {}
    for code, setting in value.items():
        if code != '*' and code not in RULES:
            hint = did_you_mean(code, RULES) or f'; codes: {", ".join(RULES)}'
            problems.append(f'{name}: unknown rule {code!r}{hint}')
            continue
        if isinstance(setting, bool):
            changes[code] = {} if setting else None
        elif code == '*':
            problems.append(f"{name}['*']: expected True or False (it sets every rule)")
        elif isinstance(setting, Mapping):
            options = _rule_options(f'{name}[{code!r}]', RULES[code], setting, problems, titles)
            if options is not None:
                changes[code] = options
        else:
            problems.append(f'{name}[{code!r}]: expected True, False or a dict of options')
    return changes


def load_overrides(
    override_values: object,
    statuses: StatusVocabulary,
    releases: ReleaseTable,
    kind_names: Sequence[str],
    problems: list[str],
    *,
    titles: Mapping[str, str] | None = None,
) -> list[RuleOverride]:
    """The entries of ``specs_rule_overrides``; ``titles`` as for :func:`_rule_options`."""
    overrides = []
    if not isinstance(override_values, (list, tuple)):
        problems.append(f'specs_rule_overrides: expected a list of dicts; got {override_values!r}')
        override_values = []
    for index, entry in enumerate(override_values):
        where = f'specs_rule_overrides[{index}]'
        if isinstance(entry, Mapping):
            unknown_keys(where, entry, OVERRIDE_KEYS, problems)
        if not isinstance(entry, Mapping) or 'rules' not in entry:
            problems.append(
                f'{where}: expected a dict with rules and any of status, kind, from, until'
            )
            continue
        start, end = release_range(where, entry, releases, problems) or (None, None)
        status_names = as_list(entry['status']) if 'status' in entry else None
        if 'status' in entry and not status_names:
            problems.append(
                f'{where}: status={entry["status"]!r}; expected a status or a list of them'
            )
        problems.extend(
            f'{where}: unknown status {status!r}{did_you_mean(status, statuses.labels)}'
            for status in status_names or ()
            if statuses.canonical(status) is None
        )
        kind_list = as_list(entry['kind']) if 'kind' in entry else None
        if 'kind' in entry and not kind_list:
            problems.append(f'{where}: kind={entry["kind"]!r}; expected a kind or a list of them')
        for kind_name in kind_list or ():
            if kind_name not in kind_names:
                hint = did_you_mean(kind_name, kind_names) or (
                    f'; the kinds are {", ".join(kind_names)}'
                )
                problems.append(f'{where}: unknown kind {kind_name!r}{hint}')
        overrides.append(
            RuleOverride(
                rule_changes(f'{where}[rules]', entry['rules'], problems, titles),
                frozenset(statuses.canonical(s) or s for s in status_names)
                if status_names is not None
                else None,
                frozenset(kind_list) if kind_list is not None else None,
                start,
                end,
            )
        )
    return overrides


def load_optout_aliases(value: object, problems: list[str]) -> dict[str, frozenset[str]]:
    """``specs_optout_aliases``: comment text (spacing folded) -> the rules it
    switches off (``'all'``: every rule)."""
    if not isinstance(value, Mapping):
        problems.append(
            'specs_optout_aliases: expected a dict of comment text to a warning code, a '
            f"list of them or 'all'; got {value!r}"
        )
        return {}
    aliases: dict[str, frozenset[str]] = {}
    for text, codes in value.items():
        where = f'specs_optout_aliases[{text!r}]'
        if not isinstance(text, str) or not text.strip():
            problems.append(f'specs_optout_aliases: expected comment texts as keys; got {text!r}')
            continue
        if text.lstrip().startswith('..'):
            problems.append(
                f"{where}: write the comment's text as it stands after '.. ', such as "
                f'{text.lstrip()[2:].strip()!r}'
            )
            continue
        if text.strip().startswith(f'{MARKER}:'):
            problems.append(f'{where}: {MARKER} comments are read already; choose another text')
            continue
        listed = as_list(codes)
        if listed is None:
            problems.append(
                f"{where}: expected a warning code, a list of them or 'all'; got {codes!r}"
            )
            continue
        unknown = [code for code in listed if code not in RULES and code != 'all']
        problems.extend(
            f'{where}: unknown rule {code!r}'
            + (did_you_mean(code, RULES) or '; see the warning reference')
            for code in unknown
        )
        if not unknown:
            aliases[' '.join(text.split())] = frozenset(RULES if 'all' in listed else listed)
    return aliases
