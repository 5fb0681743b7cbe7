"""``sphinx-specs init``: a repository's configuration, worked out from its tree.

It reads the project (:mod:`.survey`), works out the layout settings
(:mod:`.layout`) and carries over what the repository's own checks enforce
(:mod:`.enforced`); it prints them with what they find, and the findings
``sphinx-specs check`` would report.  With ``--write`` it adds them to
``conf.py`` (:mod:`.confpy`), replaces the hand-written index pages with
``--migrate`` (:mod:`.migrate`), and records the findings in the baseline
(:mod:`.baseline`), so that the build passes from that day and fails on new
problems only.  Specs are never touched; a second run changes nothing.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinxcontrib_specs.cli.common import EXIT_CLEAN, EXIT_FINDINGS, UsageError, display
from sphinxcontrib_specs.cli.confpy import (
    ConfEdit,
    conf_values,
    plan_edit,
    print_diff,
    render_block,
    render_settings,
)
from sphinxcontrib_specs.cli.enforced import Enforced, enforced_settings, read_enforced
from sphinxcontrib_specs.cli.layout import Layout, find_layout
from sphinxcontrib_specs.cli.project import CONF_PLACES, Project, ProjectError, find_conf
from sphinxcontrib_specs.cli.proposal import Setting, count
from sphinxcontrib_specs.cli.redirect_check import redirect_problems
from sphinxcontrib_specs.cli.survey import Survey, describe, survey
from sphinxcontrib_specs.config.kinds import Templates
from sphinxcontrib_specs.config.values import CONFIG_VALUES, DEFAULT_KIND
from sphinxcontrib_specs.core.files import write_atomically
from sphinxcontrib_specs.core.patterns import as_glob
from sphinxcontrib_specs.core.releases import Release

__all__ = ['Proposal', 'propose']

#: The order of the values in the block: layout, then what is checked.
_ORDER = (
    'specs_patterns',
    'specs_templates',
    'specs_kinds',
    'specs_exclude',
    'specs_project_aliases',
    'specs_sections',
    'specs_rules',
)
_NAMES = frozenset(value.name for value in CONFIG_VALUES)
#: What to do where conf.py cannot be edited safely.
_BY_HAND = "Add 'sphinxcontrib_specs' to its extensions and paste the settings above at its end."


@dataclass
class Proposal:
    """What init proposes for one project, and what it found."""

    conf: Path
    survey: Survey
    layout: Layout
    enforced: Enforced
    settings: list[Setting]
    #: The specs_* values conf.py sets itself, which init leaves alone.
    kept: dict[str, Any]

    @property
    def values(self) -> dict[str, Any]:
        return {**self.kept, **{s.name: s.value for s in self.settings}}

    def project(self) -> Project:
        """The project as it will be with the settings."""
        return Project.load(self.conf, self.values)


def _conf_in(root: Path, given: Path | None) -> Path:
    """The ``conf.py`` of the repository at ``root``: given, or found in it."""
    if given is not None:
        return find_conf(root, given)
    for place in CONF_PLACES:
        if (root / place).is_file():
            return (root / place).resolve()
    return find_conf(root)


def propose(root: Path, conf: Path) -> Proposal:
    """Work out the settings of the project of ``conf`` in the repository at ``root``."""
    try:
        namespace, assigned = conf_values(str(conf))
    except SyntaxError as exc:
        raise ProjectError(f'{conf}: cannot be read: {exc}') from None
    except Exception as exc:  # noqa: BLE001 - conf.py is the user's code: anything may fail.
        raise ProjectError(f'{conf}: executing it failed: {exc!r}') from None
    kept = {
        name: namespace[name] for name in sorted(assigned) if name in _NAMES and name in namespace
    }
    # Documents are found as the build finds them; no template is needed yet.
    found = survey(Project.load(conf, {'specs_templates': []}), str(root))
    layout = find_layout(found)
    enforced = read_enforced(str(root))
    used = sorted({path for path in layout.templates.values() if path is not None})
    titles = Templates(found.srcdir, used).titles
    settings = [
        setting
        for setting in [*layout.settings, *enforced_settings(enforced, titles)]
        if setting.name not in assigned
    ]
    settings.sort(key=lambda s: _ORDER.index(s.name) if s.name in _ORDER else len(_ORDER))
    return Proposal(conf, found, layout, enforced, settings, kept)


# -- the summary -----------------------------------------------------------------


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        '  '
        + '  '.join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _metadata(project: Project, proposal: Proposal) -> list[tuple[str, Release | None, str]]:
    """(kind, release, status) of each spec, as the build will see them."""
    settings = project.settings
    found = []
    for page in proposal.survey.pages.values():
        applicable = settings.resolve(page.docname, page.header)
        if applicable is not None:
            status = applicable.metadata.get('status', '')
            found.append((applicable.kind.name, applicable.release, status))
    return found


def _newest_first(releases: Iterable[Release | None]) -> list[Release | None]:
    """Releases newest first, then the buckets, then no release."""
    known = sorted({r for r in releases if r is not None}, key=lambda r: r.key)
    return [
        *reversed([r for r in known if not r.is_bucket]),
        *[r for r in known if r.is_bucket],
        *([None] if None in releases else []),
    ]


def _specs_summary(project: Project, proposal: Proposal) -> list[str]:
    found = _metadata(project, proposal)
    specs = [(release, status) for kind, release, status in found if kind == DEFAULT_KIND]
    lines = [f'Specs: {len(specs)}' + (' (by release and status)' if specs else '')]
    if specs:
        statuses = sorted({s for _r, s in specs}, key=project.settings.statuses.sort_key)
        counts = Counter(specs)
        rows = [['release', *statuses, 'total']]
        for release in _newest_first([r for r, _s in specs]):
            row = [release.label if release is not None else '(none)']
            row += [str(counts[release, s] or '') for s in statuses]
            row.append(str(sum(counts[release, s] for s in statuses)))
            rows.append(row)
        lines += _table(rows)
    others = Counter(kind for kind, _r, _s in found if kind != DEFAULT_KIND)
    if others:
        shown = ', '.join(f'{kind} {number}' for kind, number in sorted(others.items()))
        lines.append(f'Other kinds: {shown}')
    return lines


def _templates_summary(proposal: Proposal) -> str:
    used = Counter(proposal.layout.templates.values())
    none = used.pop(None, 0)
    candidates = proposal.values.get('specs_templates') or []
    by_candidate: Counter[str] = Counter()
    for path, number in used.items():
        assert path is not None
        name = next((c for c in candidates if fnmatch.fnmatchcase(path, as_glob(c))), path)
        by_candidate[name.replace('{release}', '<release>')] += number
    parts = [f'{name} ({count(number, "spec")})' for name, number in by_candidate.most_common()]
    if none:
        parts.append(f'none for {count(none, "spec")}')
    return 'Templates: ' + ('; '.join(parts) or 'none')


def _others_summary(proposal: Proposal) -> str:
    reasons = Counter(role.reason for role in proposal.survey.roles.values() if role.kind is None)
    shown = ', '.join(describe(reason, number) for reason, number in reasons.most_common())
    return f'Not specs: {shown}' if shown else 'Not specs: none'


def _enforced_summary(enforced: Enforced) -> list[str]:
    lines = []
    for test in enforced.tests:
        said = []
        if test.optional:
            said.append('optional ' + ', '.join(test.optional))
        if test.extra:
            said.append('extra sections allowed: ' + ', '.join(test.extra))
        said.append(f'lines of {test.max_line} characters' if test.max_line else 'no line length')
        lines.append(f'Checked by {test.path}: {"; ".join(said)}')
    if enforced.doc8 is not None:
        ignored = ', '.join(sorted(enforced.doc8.ignored)) or 'nothing'
        lines.append(f'Checked by doc8 ({enforced.doc8.source}), ignoring {ignored}')
    return lines


def _findings(project: Project, jobs: int) -> tuple[int, list[str]]:
    """How many findings ``sphinx-specs check`` reports with the settings, and
    the lines that say so, by code."""
    from sphinxcontrib_specs.cli.check import collect

    collected = collect(project, [], jobs=jobs, only_specs=False)
    codes = Counter(item.report.code or 'sphinx' for item in collected.found)
    files = {item.report.path for item in collected.found}
    total = sum(codes.values())
    found = f'{total} in {count(len(files), "file")}' if total else 'none'
    lines = [f'Findings with these settings (sphinx-specs check): {found}']
    if total:
        lines += _table([[code, str(number)] for code, number in sorted(codes.items())])
    if collected.history_note:
        lines.append(_prose(f'Note: {collected.history_note}'))
    return total, lines


def _redirects(project: Project) -> list[str]:
    """The redirects the build will report: no baseline holds them."""
    problems = redirect_problems(project)
    if not problems:
        return []
    lines = [
        _prose(
            f'Redirects the build reports, which no baseline holds: {len(problems)}; fix '
            'them before building with -W:'
        )
    ]
    for problem in problems:
        where = os.path.relpath(os.path.join(project.srcdir, problem.origin))
        at = f'{where}:{problem.line}' if problem.line else where
        lines.append(f'  {at}: {problem.message}')
    return [*lines, '']


# -- the command -----------------------------------------------------------------


def _print(lines: Sequence[str] | str = '') -> None:
    print(lines if isinstance(lines, str) else '\n'.join(lines))


def _prose(text: str) -> str:
    """``text`` wrapped for a terminal, lines after the first indented."""
    return textwrap.fill(
        text, 79, subsequent_indent='  ', break_long_words=False, break_on_hyphens=False
    )


def _write(proposal: Proposal, edit: ConfEdit, migrate: bool, jobs: int) -> int:
    shown = display(str(proposal.conf))
    changed = False
    if edit.problem is not None:
        _print(_prose(f'{shown} was not changed: {edit.problem}. {_BY_HAND}'))
        return EXIT_FINDINGS
    if edit.changes:
        assert edit.after is not None
        # Through a symbolic link: the file it names is the configuration.
        write_atomically(os.path.realpath(edit.path), edit.after.encode('utf-8'))
        print_diff(edit, shown)
        changed = True
    project = Project.load(proposal.conf)
    if migrate:
        from sphinxcontrib_specs.cli.migrate import apply_migration, plan_migration

        migration = plan_migration(project)
        apply_migration(migration)
        _print([f'migrate: {line}' for line in migration.changes])
        if migration.changes:
            changed = True
            project = Project.load(proposal.conf)
    from sphinxcontrib_specs.cli.baseline import record_baseline

    result = record_baseline(project, jobs=jobs)
    if result.written:
        changed = True
        codes = ', '.join(f'{code} {number}' for code, number in result.by_code.items())
        held = count(result.entries, 'known finding') + (f' ({codes})' if codes else '')
        _print(
            _prose(
                f'{display(result.path)}: {held}; the build reports only findings it does not hold'
            )
        )
    if not changed:
        _print('Nothing to change.')
    return EXIT_CLEAN


def _summary(proposal: Proposal, project: Project) -> list[str]:
    """What init found, the settings, and the findings they give."""
    conf, srcdir = display(str(proposal.conf)), display(project.srcdir)
    lines = [
        f'sphinx-specs init: {conf} (source directory {srcdir})',
        '',
        *_specs_summary(project, proposal),
        *map(
            _prose,
            [
                _templates_summary(proposal),
                _others_summary(proposal),
                *_enforced_summary(proposal.enforced),
                *(f'Not as found: {d}: {what}' for d, what in proposal.layout.unexplained),
            ],
        ),
        '',
    ]
    if proposal.kept:
        lines.append(f'Kept as conf.py sets them: {", ".join(proposal.kept)}')
    if proposal.settings:
        lines.append('Settings (where the defaults do not fit):')
        lines += render_settings(proposal.settings)
    else:
        lines.append('Settings: the defaults fit.')
    return lines


def _init_command(args: argparse.Namespace) -> int:
    if args.migrate and not args.write:
        raise UsageError('--migrate changes files: give --write with it')
    root = Path(args.directory).resolve()
    if not root.is_dir():
        raise UsageError(f'{args.directory}: no such directory')
    proposal = propose(root, _conf_in(root, args.conf))
    project = proposal.project()
    findings, lines = _findings(project, args.jobs)
    _print([*_summary(proposal, project), '', *lines, '', *_redirects(project)])
    edit = plan_edit(str(proposal.conf), render_block(proposal.settings))
    if args.write:
        return _write(proposal, edit, args.migrate, args.jobs)
    shown = display(str(proposal.conf))
    if edit.problem is not None:
        _print(_prose(f'{shown} cannot be changed safely: {edit.problem}. {_BY_HAND}'))
    elif edit.changes:
        print_diff(edit, shown)
        recorded = (
            f' and records the {count(findings, "finding")} in the baseline, so that the '
            'build passes'
            if findings
            else ''
        )
        _print(
            '\n'
            + _prose(
                f'Nothing was written: sphinx-specs init --write makes this change{recorded}.'
            )
        )
    else:
        _print(f'{shown}: nothing to change.')
    return EXIT_CLEAN
