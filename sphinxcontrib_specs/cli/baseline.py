"""``sphinx-specs baseline``: record today's findings, so that only new ones are reported.

The findings are those ``sphinx-specs check`` finds in the whole project
(:func:`~.check.collect`), which are those the build finds; the file
format and the fingerprints are :mod:`sphinxcontrib_specs.core.baseline`'s.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import dataclass, field

from sphinxcontrib_specs.cli.check import baseline_path, collect, read_or_refuse
from sphinxcontrib_specs.cli.common import EXIT_CLEAN, UsageError, display
from sphinxcontrib_specs.cli.pool import jobs_argument
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.core.baseline import compare, format_baseline, record
from sphinxcontrib_specs.core.files import write_if_changed

__all__ = ['BaselineResult', 'record_baseline']


@dataclass(frozen=True)
class BaselineResult:
    """What recording (or shrinking) a baseline did."""

    #: The baseline file.
    path: str
    #: How many entries it holds now.
    entries: int
    #: Its entries by warning code, in code order.
    by_code: dict[str, int] = field(default_factory=dict)
    #: Lines dropped: entries whose finding no longer occurs, and damaged lines.
    removed: int = 0
    #: Entries for findings it did not hold before.
    added: int = 0
    #: Whether the file was written (False: it held this already, or there
    #: was no file and nothing to record).
    written: bool = False
    #: Says which specs were checked against the current template for want
    #: of history, as ``check`` does.
    history_note: str | None = None


def record_baseline(
    project: Project, *, shrink: bool = False, jobs: int | None = None
) -> BaselineResult:
    """Record every current finding of ``project`` in its baseline file.

    With ``shrink``, only drop the entries whose finding no longer occurs
    (and lines that are no entry), adding none.  The file is written
    atomically, and only when its text changes: recording again with
    nothing changed leaves it byte for byte as it was.  No file is created
    for a project with nothing to record.
    """
    path = baseline_path(project)
    if path is None:
        raise UsageError(
            'specs_baseline is None in conf.py, so no baseline is read; set it to a file '
            "name such as 'specs-baseline.txt' to record one"
        )
    existing = read_or_refuse(path)
    collected = collect(project, [], jobs=jobs or jobs_argument('auto'), only_specs=False)
    found = [item.located for item in collected.found]
    comparison = compare(existing, found)
    dropped = len(comparison.stale) + len(existing.damaged)
    if shrink:
        stale = {entry.line for entry in comparison.stale}
        entries = [entry for entry in existing.entries if entry.line not in stale]
        added = 0
    else:
        entries = record(found)
        added = len(comparison.new) - sum(item is None for item in found)
    written = False
    if entries or os.path.lexists(path):
        # Through a symbolic link: the file it names is the baseline.
        try:
            written = bool(
                write_if_changed(os.path.realpath(path), format_baseline(entries).encode('utf-8'))
            )
        except OSError as exc:
            raise UsageError(
                f'cannot write {display(path)}: {exc.strerror or exc}; nothing was changed'
            ) from None
    return BaselineResult(
        path=path,
        entries=len(entries),
        by_code=dict(sorted(Counter(entry.code for entry in entries).items())),
        removed=dropped,
        added=added,
        written=written,
        history_note=collected.history_note,
    )


def _plural(count: int, word: str) -> str:
    return f'{count} {word}{"" if count == 1 else "s"}'


def _baseline_command(args: argparse.Namespace, project: Project) -> int:
    result = record_baseline(project, shrink=args.shrink, jobs=args.jobs)
    if result.history_note is not None:
        print(f'sphinx-specs: {result.history_note}', file=sys.stderr)
    shown = display(result.path)
    if not os.path.lexists(result.path):
        print(
            f'{shown} does not exist: nothing to shrink'
            if args.shrink
            else f'no finding to record: {shown} not created'
        )
        return EXIT_CLEAN
    codes = ', '.join(f'{code} {count}' for code, count in result.by_code.items())
    held = _plural(result.entries, 'known finding') + (f' ({codes})' if codes else '')
    changes = [
        f'{count} {what}'
        for count, what in ((result.added, 'added'), (result.removed, 'dropped'))
        if count
    ]
    if not result.written:
        changes.append('unchanged')
    print(f'{shown}: {held}; {", ".join(changes)}')
    return EXIT_CLEAN
