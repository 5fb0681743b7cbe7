"""The registry: every warning code the extension reports, by name.

Each code is one :class:`Rule`, registered with :func:`register` (or its
decorator form, :func:`rule`) in the module of its family.  Importing
anything from :mod:`sphinxcontrib_specs.rules` imports every family first
(see the package's ``__init__``), so the registry is complete whoever asks:
the build, the command line and the configuration see the same codes.

A *document rule* has a check: a pure function of a
:class:`~sphinxcontrib_specs.rules.context.Context` and the rule's options
that yields findings; :func:`run_rules` runs those a document's settings
switch on.  The other codes are found where their facts are (a directory
listing, the records of every spec, publishing) and are registered here all
the same, so that they can be switched off, tuned and documented like the
rest.  A rule's name is its warning subtype (``specs.<name>``), and its
docstring, with a bad and a good example, is its entry in the warning
reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinxcontrib_specs.core.records import Finding

if TYPE_CHECKING:
    from sphinxcontrib_specs.rules.context import Context

__all__ = [
    'GROUPS',
    'RULES',
    'Rule',
    'RuleSettings',
    'apply_rules',
    'register',
    'rule',
    'run_rules',
]

#: Rule settings: code -> options (enabled) or None (disabled).
RuleSettings = dict[str, 'Mapping[str, Any] | None']

RuleFunction = Callable[['Context', Mapping[str, Any]], Iterator[Finding]]


class Rule(NamedTuple):
    """A warning code: its documentation, default, options and check."""

    name: str
    #: The document check, or None for a code found outside one document.
    check: RuleFunction | None
    default: bool
    options: Mapping[str, Any]
    doc: str
    #: The section of the warning reference it is listed in.
    group: str
    #: The options that are regular expressions (a string, or strings).
    regexes: frozenset[str] = frozenset()


#: The sections of the warning reference, in order.
GROUPS = ('structure', 'text', 'metadata', 'content', 'files')

#: Every warning code, by name, in the order of the warning reference (by
#: group, then in the order its family registers it).
RULES: dict[str, Rule] = {}


def register(
    name: str,
    doc: str,
    group: str,
    *,
    default: bool = True,
    check: RuleFunction | None = None,
    regexes: tuple[str, ...] = (),
    **options: Any,
) -> None:
    """Register the warning code ``name``; ``options`` are its tunable defaults,
    ``regexes`` the names of those that are regular expressions."""
    if name in RULES or group not in GROUPS or not set(regexes) <= set(options):
        msg = (
            f'warning code {name!r}: registered twice, in an unknown group {group!r}, or '
            f'with regular expressions {regexes!r} that are not options'
        )
        raise ValueError(msg)
    RULES[name] = Rule(name, check, default, options, doc, group, frozenset(regexes))
    # Families register in the order they are imported; the reference
    # lists them by group whatever that order is.
    ordered = sorted(RULES.values(), key=lambda r: GROUPS.index(r.group))
    RULES.clear()
    RULES.update((r.name, r) for r in ordered)


def rule(
    name: str, *, default: bool, group: str, regexes: tuple[str, ...] = (), **options: Any
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the document rule ``name``."""

    def decorate(func: RuleFunction) -> RuleFunction:
        register(
            name,
            func.__doc__ or '',
            group,
            default=default,
            check=func,
            regexes=regexes,
            **options,
        )
        return func

    return decorate


def run_rules(
    ctx: Context,
    settings: Mapping[str, Mapping[str, Any] | None],
    disabled: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[Finding]:
    """Every finding of the enabled document rules, in line order."""
    findings: list[Finding] = []
    for name, registered in RULES.items():
        options = settings.get(name)
        if registered.check is None or options is None or name in disabled:
            continue
        findings.extend(registered.check(ctx, options))
    return sorted(findings, key=lambda f: f.line)


def apply_rules(settings: RuleSettings, changes: Mapping[str, Mapping[str, Any] | None]) -> None:
    """Apply ``changes`` (code, or ``*`` for all, -> options or None) to ``settings``."""
    for name, value in changes.items():
        targets = list(RULES) if name == '*' else [name]
        for target in targets:
            if value is None:
                settings[target] = None
            else:
                settings[target] = {**RULES[target].options, **(settings[target] or {}), **value}
