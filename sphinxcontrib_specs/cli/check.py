"""``sphinx-specs check``: what the build would report, without a build.

Each spec is read the way the build reads it (:mod:`.reader`) and checked
by the function the build uses
(:func:`sphinxcontrib_specs.checking.document.check_spec`), so both report
the same findings, and leave out the same ones: those the baseline holds
(:mod:`sphinxcontrib_specs.core.baseline`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sphinxcontrib_specs.checking.dated import NO_HISTORY, DatedTemplates, history_note
from sphinxcontrib_specs.checking.document import SKIPS_UNDECODABLE, check_spec
from sphinxcontrib_specs.checking.tree import (
    TreeEntry,
    check_tree,
    excluded_by,
    included_files,
    list_tree,
)
from sphinxcontrib_specs.cli.common import EXIT_CLEAN, EXIT_FINDINGS, UsageError, display
from sphinxcontrib_specs.cli.history import dated_templates
from sphinxcontrib_specs.cli.output import Report, write_reports
from sphinxcontrib_specs.cli.pool import run_chunked
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.cli.reader import ReadOptions, SpecReader
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.baseline import (
    Baseline,
    Entry,
    Located,
    SourceLines,
    compare,
    known_message,
    problems,
    read_baseline,
    unreadable_message,
)
from sphinxcontrib_specs.core.duplicates import Identity, duplicate_findings
from sphinxcontrib_specs.core.encoding import undecodable
from sphinxcontrib_specs.core.files import relative_path
from sphinxcontrib_specs.core.records import Finding, in_line_order
from sphinxcontrib_specs.core.template import Template, load_template

# -- checking -----------------------------------------------------------------


class _Outcome(NamedTuple):
    docname: str
    kind: str
    template: str | None
    #: What Sphinx itself would report: (line, message).
    problems: list[tuple[int, str]]
    findings: tuple[Finding, ...] = ()
    identity: Identity | None = None


@dataclass
class _Checker:
    """Checks specs; picklable, so that worker processes get one each."""

    settings: Settings
    read_options: ReadOptions
    srcdir: str
    #: The templates of their time (None: every spec against the current one).
    dated: DatedTemplates | None = None
    _templates: dict[tuple[str, str], Template] = field(default_factory=dict, repr=False)

    def template(self, path: str, kind: str) -> Template:
        key = (path, kind)
        if key not in self._templates:
            self._templates[key] = load_template(
                os.path.join(self.srcdir, path),
                path,
                self.settings.kind(kind).sections,
                self.settings.releases,
            )
        return self._templates[key]

    def template_of_its_time(self, path: str, kind: str, spec: str) -> Sequence[Template]:
        """The versions of the template at ``path`` that stood while the spec
        at ``spec`` was written, as the build finds them (see checking/dated.py)."""
        current = self.template(path, kind)
        if self.dated is None:
            return (current,)
        return self.dated.templates(path, kind, spec, current)

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, '_templates': {}}

    def run(self, items: Sequence[tuple[str, str]]) -> list[_Outcome]:
        """Check each (docname, source path relative to the source directory)."""
        reader = SpecReader(self.read_options)
        return [self._check(reader, docname, path) for docname, path in items]

    def _check(self, reader: SpecReader, docname: str, path: str) -> _Outcome:
        full = os.path.join(self.srcdir, path)
        try:
            with open(full, 'rb') as stream:
                source = stream.read()
        except OSError as exc:
            return _Outcome(docname, '', None, [(1, f'cannot read the file: {exc.strerror}')])
        if SKIPS_UNDECODABLE:
            problem = undecodable(source, self.read_options.source_encoding)
            if problem is not None:
                return _Outcome(docname, '', None, [], (Finding('encoding', *problem),))
        read = reader.read(full, source, docname=docname)
        if not read.parsed:
            return _Outcome(docname, '', None, list(read.problems))
        result = check_spec(
            self.settings,
            docname,
            read.doctree,
            path=path.replace(os.sep, '/'),
            source=source,
            docinfo=read.docinfo,
            load_template=self.template,
            load_dated_template=self.template_of_its_time,
        )
        if result is None:
            return _Outcome(docname, '', None, list(read.problems))
        return _Outcome(
            docname,
            result.kind,
            result.template,
            list(read.problems),
            result.findings,
            result.identity,
        )


def _select(
    project: Project, paths: Sequence[str], only_specs: bool, in_tree: Collection[str] = ()
) -> dict[str, str | None]:
    """docname -> path to show (None: the file's own) of every spec to check.

    The paths of ``in_tree`` hold (or are) files the file rules judge:
    no usage error for them.
    """
    if not paths:
        return dict.fromkeys(project.specs())
    selected: dict[str, str | None] = {}
    for given in paths:
        shown = os.path.relpath(os.path.abspath(given))
        if os.path.isdir(given):
            found = project.specs_under(given)
            if not found and not only_specs and given not in in_tree:
                raise UsageError(f'{given}: no specs in this directory ({_patterns(project)})')
            for spec in found:
                selected.setdefault(spec, None)
            continue
        if not os.path.exists(given):
            if only_specs:
                continue
            raise UsageError(f'{given}: no such file')
        docnames = project.docnames_of(given)
        if not docnames:
            if only_specs or given in in_tree:
                continue
            raise UsageError(
                f'{given} is not a source document of the Sphinx project in '
                f'{display(project.srcdir)} (conf.py {display(str(project.conf))}): it is '
                'outside the source directory, excluded, or not a source file'
            )
        specs = [docname for docname in docnames if project.is_spec(docname)]
        if not specs:
            if only_specs:
                continue
            raise UsageError(f'{given} is not a spec: {project.why_not_a_spec(docnames[0])}')
        # One file may be several documents (links to it), and the build
        # checks each: the first is shown at the path given, the others at
        # their own paths in the source directory, as the build shows them.
        selected[specs[0]] = shown
        for docname in specs[1:]:
            selected.setdefault(docname, os.path.relpath(project.path(docname)))
    return selected


def _under(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def _tree_selection(
    project: Project, entries: Sequence[TreeEntry], paths: Sequence[str]
) -> dict[str, str | None]:
    """Location -> path to show (None: its own) of each entry the file rules judge.

    With no path, every entry, as the build does; else those in (or
    reached through) the directories given, and the files given.
    """
    if not paths:
        return dict.fromkeys(entry.location for entry in entries)
    selected: dict[str, str | None] = {}
    for given in paths:
        real = os.path.realpath(given)
        is_dir = os.path.isdir(given)
        for entry in entries:
            where = os.path.realpath(entry.location)
            if not is_dir:
                if where == real and not entry.is_dir:
                    selected[entry.location] = os.path.relpath(os.path.abspath(given))
                continue
            # Linked in: the directory the source tree shows it in is given.
            shown_in = os.path.realpath(
                os.path.join(project.srcdir, entry.path.rpartition('/')[0])
            )
            if _under(where, real) or _under(shown_in, real):
                selected.setdefault(entry.location, None)
    return selected


def _included(project: Project) -> set[str]:
    """The real paths of the files the documents include, as the build notes them."""
    found: set[str] = set()
    for docname in project.documents:
        path = project.path(docname)
        try:
            with open(path, 'rb') as stream:
                source = stream.read()
        except OSError:
            continue
        text = source.decode(project.read_options.source_encoding, 'replace')
        found.update(included_files(text, path, project.srcdir))
    return found


def _tree_reports(
    project: Project, paths: Sequence[str]
) -> tuple[list[_Found], set[str], set[str]]:
    """The file rules' findings, the paths given that hold (or are) files they
    judge, and the paths (relative to the source directory) of these files."""
    settings = project.settings
    entries = list_tree(settings, excluded_by(project.exclude_patterns))
    selected = _tree_selection(project, entries, paths)
    in_tree = {
        given
        for given in paths
        if any(
            _under(os.path.realpath(location), os.path.realpath(given)) for location in selected
        )
    }
    findings = [
        (location, finding)
        for location, finding in check_tree(entries, settings)
        if location in selected
    ]
    if findings:
        # Only then are the documents read for what they include.
        included = _included(project)
        findings = [
            (location, finding)
            for location, finding in check_tree(entries, settings, included)
            if location in selected
        ]
    found = [
        _Found(
            Report(
                selected[location] or display(location),
                finding.line,
                finding.code,
                finding.message,
            ),
            Located(relative_path(location, project.srcdir), finding, ''),
        )
        for location, finding in findings
    ]
    judged = {relative_path(location, project.srcdir) for location in selected}
    return found, in_tree, judged


def _patterns(project: Project) -> str:
    return 'patterns: ' + ', '.join(
        p.text for kind in project.settings.kinds for p in kind.patterns
    )


class _Found(NamedTuple):
    """A line of output, and the finding as the baseline names it (None: one
    it cannot hold, Sphinx's own or a file left out of the build)."""

    report: Report
    located: Located | None


@dataclass
class Collected:
    """Everything a check finds, before the baseline is applied."""

    found: list[_Found]
    #: The docnames of the specs checked.
    specs: list[str]
    #: The paths (relative to the source directory) of the files checked;
    #: None for the whole project.
    judged: set[str] | None
    #: Says which specs were checked against the current template for want
    #: of history (see checking/dated.py).
    history_note: str | None = None


def collect(project: Project, paths: Sequence[str], *, jobs: int, only_specs: bool) -> Collected:
    """Every finding of the selected specs, of the templates they use, and of the file rules.

    ``duplicate_spec`` compares the selected specs with each other only:
    with no path, every spec, as the build does.  The file rules judge the
    whole project's spec directories with no path, else what is in the
    directories given, and the files given.
    """
    tree_found, in_tree, tree_judged = _tree_reports(project, paths)
    selected = _select(project, paths, only_specs, in_tree)
    items = [(docname, project.source(docname)) for docname in sorted(selected)]
    dated = dated_templates(
        project.settings,
        [path for _docname, path in items],
        [project.path(docname) for docname in project.documents],
    )
    checker = _Checker(project.settings, project.read_options, project.srcdir, dated)
    outcomes = run_chunked(checker.run, project.srcdir, items, jobs)
    # Authors run the command in their clones: it says so when a shallow
    # one cannot date specs, and leaves a tree outside git to the build's
    # note (the build is where a tarball or a checkout without history is
    # chosen, and can be changed).
    note = history_note(
        version
        for o in outcomes
        if o.template is not None
        and (version := dated.version(o.template, project.source(o.docname).replace(os.sep, '/')))
        != NO_HISTORY
    )
    lines = SourceLines(project.read_options.source_encoding)
    found: list[_Found] = []
    templates: set[str] = set()
    if project.settings.rules.get('template') is not None:
        used = sorted({(o.template, o.kind) for o in outcomes if o.template is not None})
        for path, kind in used:
            if path in templates:
                continue
            templates.add(path)
            full = os.path.join(project.srcdir, path)
            shown = display(full)
            found.extend(
                _Found(
                    Report(shown, f.line, f.code, f.message),
                    Located(path, f, lines.text(full, f.line)),
                )
                for f in checker.template(path, kind).problems
            )
    # Only the specs checked are compared with each other.
    across = duplicate_findings(o.identity for o in outcomes if o.identity is not None)
    for outcome in outcomes:
        findings = in_line_order([*outcome.findings, *across.get(outcome.docname, ())])
        if not outcome.problems and not findings:
            continue
        shown = selected[outcome.docname] or display(project.path(outcome.docname))
        found.extend(
            _Found(Report(shown, line, None, message), None) for line, message in outcome.problems
        )
        path = project.source(outcome.docname).replace(os.sep, '/')
        full = project.path(outcome.docname)
        found.extend(
            _Found(
                Report(shown, f.line, f.code, f.message),
                # Left out of the build before it reads anything: no baseline holds it.
                None if f.code == 'encoding' else Located(path, f, lines.text(full, f.line)),
            )
            for f in findings
        )
    # The build reports the file rules' findings after those of the specs.
    found.extend(tree_found)
    judged = None
    if paths:
        judged = {project.source(d).replace(os.sep, '/') for d in selected}
        judged |= templates | tree_judged
    return Collected(found, sorted(selected), judged, note)


@dataclass
class Checked:
    """What ``check`` reports, and what the baseline kept back."""

    reports: list[Report]
    #: The docnames of the specs checked.
    specs: list[str]
    #: How many findings the baseline holds (not in ``reports``).
    known: int = 0
    #: The baseline file, if there is one with entries.
    baseline: str | None = None
    history_note: str | None = None


def baseline_path(project: Project) -> str | None:
    """The baseline file of ``project`` (None if it has none configured)."""
    if project.settings.baseline is None:
        return None
    return os.path.normpath(os.path.join(project.srcdir, project.settings.baseline))


def read_or_refuse(path: str) -> Baseline:
    """The baseline at ``path``; a usage error if it cannot be read."""
    try:
        return read_baseline(path)
    except OSError as exc:
        raise UsageError(f'{display(path)}: {unreadable_message(exc)}') from None


def check(project: Project, paths: Sequence[str], *, jobs: int, only_specs: bool) -> Checked:
    """What ``sphinx-specs check`` reports: the findings the baseline does not hold.

    With paths, only the baseline entries of the files checked are judged,
    and not those of ``duplicate_spec``, which compares the specs checked
    with each other only.
    """
    collected = collect(project, paths, jobs=jobs, only_specs=only_specs)
    path = baseline_path(project)
    baseline = Baseline() if path is None else read_or_refuse(path)
    if path is None or not (baseline.entries or baseline.damaged):
        return Checked(
            [f.report for f in collected.found],
            collected.specs,
            history_note=collected.history_note,
        )
    judged = collected.judged

    def judge(entry: Entry) -> bool:
        return judged is None or (entry.path in judged and entry.code != 'duplicate_spec')

    comparison = compare(baseline, [f.located for f in collected.found], judge)
    reports = [collected.found[index].report for index in comparison.new]
    if project.settings.rules.get('baseline') is not None:
        shown = display(path)
        reports.extend(
            Report(shown, line, 'baseline', message)
            for line, message in problems(baseline, comparison)
        )
    return Checked(reports, collected.specs, comparison.known, path, collected.history_note)


def _check_command(args: argparse.Namespace, project: Project) -> int:
    checked = check(project, args.paths, jobs=args.jobs, only_specs=args.only_specs)
    reports = checked.reports
    write_reports(reports, args.format, sys.stdout)
    if not args.paths and not checked.specs and project.settings.rules.get('config') is not None:
        # As the build warns: the configuration finds no spec at all.
        message = project.settings.no_spec(project.documents)
        print(f'sphinx-specs check: warning: {message} [specs.config]', file=sys.stderr)
    if checked.history_note is not None:
        print(f'sphinx-specs: {checked.history_note}', file=sys.stderr)
    if args.format == 'text':
        specs = len(checked.specs)
        summary = (
            f'sphinx-specs: {specs} spec{"" if specs == 1 else "s"} checked, '
            f'{len(reports)} finding{"" if len(reports) == 1 else "s"}'
        )
        if checked.known and checked.baseline is not None:
            summary += f'; {known_message(checked.known, display(checked.baseline))}'
        print(summary, file=sys.stderr)
    return EXIT_FINDINGS if reports else EXIT_CLEAN
