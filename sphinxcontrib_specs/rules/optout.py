"""Opt-outs: a document that turns rules off for itself, in a comment.

``.. specs-lint: disable=line_length, tab`` anywhere in a spec (or in a
file it includes) switches those rules off for that spec alone.
"""

from __future__ import annotations

import difflib
import re

from sphinxcontrib_specs.core.records import Finding
from sphinxcontrib_specs.rules.registry import RULES

__all__ = ['disabled_rules']


_OPT_OUT = re.compile(r'^specs-lint:\s*disable\s*=\s*(.+)$')


def disabled_rules(comments: list[tuple[int, str]]) -> tuple[set[str], list[Finding]]:
    """Rules a document opts out of with ``.. specs-lint: disable=a, b``.

    ``comments`` are (line, text) pairs.  ``disable=all`` opts out of every
    rule.  A name that is no rule is reported (a ``config`` finding), so a
    typo does not go unnoticed.
    """
    disabled: set[str] = set()
    problems: list[Finding] = []
    for first, comment in comments:
        for line, text in enumerate(comment.splitlines(), start=first):
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
