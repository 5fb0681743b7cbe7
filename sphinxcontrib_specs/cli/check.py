"""``sphinx-specs check``: what the build would report, without a build.

Each spec is read the way the build reads it (:mod:`.reader`) and checked
by the function the build uses
(:func:`sphinxcontrib_specs.checking.document.check_spec`), so both report
the same findings.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TextIO

from sphinxcontrib_specs.checking.document import SKIPS_UNDECODABLE, check_spec
from sphinxcontrib_specs.checking.tree import (
    TreeEntry,
    check_tree,
    excluded_by,
    included_files,
    list_tree,
)
from sphinxcontrib_specs.cli.common import EXIT_CLEAN, EXIT_FINDINGS, UsageError, display
from sphinxcontrib_specs.cli.pool import run_chunked
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.cli.reader import ReadOptions, SpecReader
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.duplicates import Identity, duplicate_findings
from sphinxcontrib_specs.core.encoding import undecodable
from sphinxcontrib_specs.core.records import Finding, in_line_order
from sphinxcontrib_specs.core.template import Template, load_template


class Report(NamedTuple):
    """One line of output: a finding, or a problem Sphinx itself reports."""

    path: str
    line: int
    code: str | None
    message: str


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


def _tree_reports(project: Project, paths: Sequence[str]) -> tuple[list[Report], set[str]]:
    """The file rules' findings, and the paths given that hold (or are) files they judge."""
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
    reports = [
        Report(
            selected[location] or display(location), finding.line, finding.code, finding.message
        )
        for location, finding in findings
    ]
    return reports, in_tree


def _patterns(project: Project) -> str:
    return 'patterns: ' + ', '.join(
        p.text for kind in project.settings.kinds for p in kind.patterns
    )


def check(
    project: Project,
    paths: Sequence[str],
    *,
    jobs: int,
    only_specs: bool,
    checked: list[str] | None = None,
) -> list[Report]:
    """Every finding of the selected specs, and of the templates they use.

    ``duplicate_spec`` compares the selected specs with each other only:
    with no path, every spec, as the build does.  The file rules judge the
    whole project's spec directories with no path, else what is in the
    directories given, and the files given.  The docnames of the specs
    checked are added to ``checked``.
    """
    tree_reports, in_tree = _tree_reports(project, paths)
    selected = _select(project, paths, only_specs, in_tree)
    if checked is not None:
        checked.extend(sorted(selected))
    checker = _Checker(project.settings, project.read_options, project.srcdir)
    items = [(docname, project.source(docname)) for docname in sorted(selected)]
    outcomes = run_chunked(checker.run, project.srcdir, items, jobs)
    reports: list[Report] = []
    if project.settings.rules.get('template') is not None:
        used = sorted({(o.template, o.kind) for o in outcomes if o.template is not None})
        seen = set()
        for path, kind in used:
            if path in seen:
                continue
            seen.add(path)
            shown = display(os.path.join(project.srcdir, path))
            reports.extend(
                Report(shown, f.line, f.code, f.message)
                for f in checker.template(path, kind).problems
            )
    # Only the specs checked are compared with each other.
    across = duplicate_findings(o.identity for o in outcomes if o.identity is not None)
    for outcome in outcomes:
        findings = in_line_order([*outcome.findings, *across.get(outcome.docname, ())])
        if not outcome.problems and not findings:
            continue
        shown = selected[outcome.docname] or display(project.path(outcome.docname))
        reports.extend(Report(shown, line, None, message) for line, message in outcome.problems)
        reports.extend(Report(shown, f.line, f.code, f.message) for f in findings)
    # The build reports the file rules' findings after those of the specs.
    reports.extend(tree_reports)
    return reports


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace('%', '%25').replace('\r', '%0D').replace('\n', '%0A')
    if prop:
        text = text.replace(':', '%3A').replace(',', '%2C')
    return text


def write_reports(reports: Iterable[Report], output_format: str, out: TextIO) -> None:
    """Write ``reports`` in one of the output formats."""
    reports = list(reports)
    if output_format == 'json':
        import json

        json.dump(
            [
                {'path': r.path, 'line': r.line, 'code': r.code, 'message': r.message}
                for r in reports
            ],
            out,
            indent=2,
        )
        out.write('\n')
        return
    for report in reports:
        if output_format == 'github':
            title = f'specs.{report.code}' if report.code else 'sphinx-specs'
            out.write(
                f'::warning file={_github_escape(report.path, prop=True)},line={report.line},'
                f'title={_github_escape(title, prop=True)}::{_github_escape(report.message)}\n'
            )
        else:
            suffix = f' [specs.{report.code}]' if report.code else ''
            out.write(f'{report.path}:{report.line}: WARNING: {report.message}{suffix}\n')


def _check_command(args: argparse.Namespace, project: Project) -> int:
    checked: list[str] = []
    reports = check(
        project, args.paths, jobs=args.jobs, only_specs=args.only_specs, checked=checked
    )
    write_reports(reports, args.format, sys.stdout)
    if not args.paths and not checked and project.settings.rules.get('config') is not None:
        # As the build warns: the configuration finds no spec at all.
        message = project.settings.no_spec(project.documents)
        print(f'sphinx-specs check: warning: {message} [specs.config]', file=sys.stderr)
    if args.format == 'text':
        print(
            f'sphinx-specs: {len(checked)} spec{"" if len(checked) == 1 else "s"} checked, '
            f'{len(reports)} finding{"" if len(reports) == 1 else "s"}',
            file=sys.stderr,
        )
    return EXIT_FINDINGS if reports else EXIT_CLEAN
