"""Opt-outs: a document that turns rules off for itself, in a comment.

``.. specs-lint: disable=line_length, tab`` anywhere in a spec (or in a
file it includes) switches those rules off for that spec alone.  A
repository that had its own comments for this before (``.. lint: norfe``)
declares them with ``specs_optout_aliases``: each is a comment text mapped
to the rules it switches off.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping, Sequence

from sphinxcontrib_specs.core.records import Finding
from sphinxcontrib_specs.rules.registry import RULES

__all__ = ['MARKER', 'disabled_rules', 'may_opt_out']

#: The comment that opts out, as written after ``.. ``.
MARKER = 'specs-lint'
_OPT_OUT = re.compile(rf'^{MARKER}:\s*disable\s*=\s*(.+)$')


def may_opt_out(source: bytes, aliases: Collection[str] = ()) -> bool:
    """Whether the file could opt out of rules: it holds the marker or one of
    the ``aliases`` (ignoring case), or includes a file that could.

    Finding the comments of a document costs a walk of its doctree; most
    files hold none of these, and need none.
    """
    folded = source.lower()
    needles = (MARKER, 'include::', *aliases)
    return any(needle.lower().encode('utf-8') in folded for needle in needles)


def disabled_rules(
    comments: Sequence[tuple[int, str]], aliases: Mapping[str, Collection[str]] | None = None
) -> tuple[set[str], list[Finding]]:
    """Rules a document opts out of with ``.. specs-lint: disable=a, b``.

    ``comments`` are (line, text) pairs.  ``disable=all`` opts out of every
    rule.  A name that is no rule is reported (a ``config`` finding), so a
    typo does not go unnoticed.  ``aliases`` maps other comment texts, each
    a whole comment line with its spacing folded, to the rules they switch
    off.
    """
    disabled: set[str] = set()
    problems: list[Finding] = []
    for first, comment in comments:
        for line, text in enumerate(comment.splitlines(), start=first):
            if aliases:
                disabled.update(aliases.get(' '.join(text.split()), ()))
            found = _OPT_OUT.match(text.strip())
            if not found:
                continue
            names = {n.strip() for n in found.group(1).split(',') if n.strip()}
            if 'all' in names:
                disabled |= set(RULES)
            for name in sorted(names - set(RULES) - {'all'}):
                close = difflib.get_close_matches(name, list(RULES), n=1)
                hint = f"did you mean '{close[0]}'?" if close else 'see the warning reference'
                problems.append(
                    Finding(
                        'config', line, f"'specs-lint: disable' names no rule {name!r}; {hint}"
                    )
                )
            disabled |= names & set(RULES)
    return disabled, problems
