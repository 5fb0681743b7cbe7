"""The ``sphinx-specs`` command: check specs without a build, create and move them.

``sphinx-specs check`` reads ``conf.py`` and each spec the way the build
does (see :mod:`sphinxcontrib_specs.project` and
:mod:`sphinxcontrib_specs.reader`) and runs the per-spec check the build
runs (:func:`sphinxcontrib_specs.check.check_spec`), so both report the same
findings.  Exit status: 0 clean, 1 findings, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TextIO

from sphinxcontrib_specs.check import check_spec
from sphinxcontrib_specs.duplicates import Identity, duplicate_findings
from sphinxcontrib_specs.files import write_atomically
from sphinxcontrib_specs.findings import Finding, in_line_order
from sphinxcontrib_specs.layout import fill
from sphinxcontrib_specs.outline import scan_outline
from sphinxcontrib_specs.project import Project, ProjectError, find_conf
from sphinxcontrib_specs.reader import (
    SKIPS_UNDECODABLE,
    ReadOptions,
    SpecReader,
    undecodable,
)
from sphinxcontrib_specs.settings import DEFAULT_KIND, Settings
from sphinxcontrib_specs.template import Template, load_template

__all__ = ['main']

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

#: Below this many specs, checking in one process is faster than starting more.
_PARALLEL_FROM = 40


class UsageError(Exception):
    """A mistake on the command line; the message says how to fix it."""


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
        try:
            read = reader.read(full, source, docname=docname)
        except Exception as exc:  # noqa: BLE001 (one bad file must not stop the others)
            return _Outcome(docname, '', None, [(1, f'docutils cannot parse this file: {exc!r}')])
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


def _start_worker() -> None:
    # A worker parses hundreds of doctrees full of reference cycles.  What
    # it inherited from the parent never becomes garbage, and collecting the
    # young generation less often costs a few megabytes: together about a
    # tenth of a worker's time on nova-specs.
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def _jobs(value: str) -> int:
    if value == 'auto':
        return _cpu_count()
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f'expected a number or auto, got {value!r}') from None
    if jobs < 1:
        raise argparse.ArgumentTypeError('expected 1 or more')
    return jobs


def _cpu_count() -> int:
    if hasattr(os, 'sched_getaffinity'):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _run(checker: _Checker, items: list[tuple[str, str]], jobs: int) -> list[_Outcome]:
    if jobs <= 1 or len(items) < _PARALLEL_FROM:
        return checker.run(items)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Forking is the cheapest start and shares what the parent has loaded.
    context = (
        multiprocessing.get_context('fork')
        if sys.platform == 'linux' and 'fork' in multiprocessing.get_all_start_methods()
        else None
    )
    chunks = _chunks(checker.srcdir, items, min(len(items), jobs * 12))
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker) as pool:
        outcomes = [outcome for part in pool.map(checker.run, chunks) for outcome in part]
    return sorted(outcomes, key=lambda outcome: outcome.docname)


def _chunks(srcdir: str, items: list[tuple[str, str]], count: int) -> list[list[tuple[str, str]]]:
    """``items`` in ``count`` runs of about the same number of bytes.

    Many runs per worker even out what is left for the last one; runs of
    neighbouring docnames mostly share a release, so a worker reads few
    templates for each.
    """
    sizes = []
    for _docname, path in items:
        try:
            sizes.append(os.path.getsize(os.path.join(srcdir, path)))
        except OSError:
            sizes.append(0)
    share = sum(sizes) / count or 1
    chunks: list[list[tuple[str, str]]] = [[]]
    filled = 0
    for item, size in zip(items, sizes, strict=True):
        if filled >= share * len(chunks) and len(chunks) < count:
            chunks.append([])
        chunks[-1].append(item)
        filled += size
    return chunks


def _display(path: str) -> str:
    """``path`` relative to the current directory, symbolic links resolved."""
    return os.path.relpath(os.path.realpath(path), os.path.realpath(os.getcwd()))


def _select(project: Project, paths: Sequence[str], only_specs: bool) -> dict[str, str | None]:
    """docname -> path to show (None: the file's own) of every spec to check."""
    if not paths:
        return dict.fromkeys(project.specs())
    selected: dict[str, str | None] = {}
    for given in paths:
        shown = os.path.relpath(os.path.abspath(given))
        if os.path.isdir(given):
            found = project.specs_under(given)
            if not found and not only_specs:
                raise UsageError(f'{given}: no specs in this directory ({_patterns(project)})')
            for spec in found:
                selected.setdefault(spec, None)
            continue
        if not os.path.exists(given):
            if only_specs:
                continue
            raise UsageError(f'{given}: no such file')
        docname = project.docname_of(given)
        if docname is None:
            if only_specs:
                continue
            raise UsageError(
                f'{given} is not a source document of the Sphinx project in '
                f'{_display(project.srcdir)} (conf.py {_display(str(project.conf))}): it is '
                'outside the source directory, excluded, or not a source file'
            )
        if not project.is_spec(docname):
            if only_specs:
                continue
            raise UsageError(f'{given} is not a spec: {project.why_not_a_spec(docname)}')
        selected[docname] = shown
    return selected


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
    with no path, every spec, as the build does.  The docnames of the specs
    checked are added to ``checked``.
    """
    selected = _select(project, paths, only_specs)
    if checked is not None:
        checked.extend(sorted(selected))
    checker = _Checker(project.settings, project.read_options, project.srcdir)
    items = [(docname, project.source(docname)) for docname in sorted(selected)]
    outcomes = _run(checker, items, jobs)
    reports: list[Report] = []
    if project.settings.rules.get('template') is not None:
        used = sorted({(o.template, o.kind) for o in outcomes if o.template is not None})
        seen = set()
        for path, kind in used:
            if path in seen:
                continue
            seen.add(path)
            shown = _display(os.path.join(project.srcdir, path))
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
        shown = selected[outcome.docname] or _display(project.path(outcome.docname))
        reports.extend(Report(shown, line, None, message) for line, message in outcome.problems)
        reports.extend(Report(shown, f.line, f.code, f.message) for f in findings)
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
    if args.format == 'text':
        print(
            f'sphinx-specs: {len(checked)} spec{"" if len(checked) == 1 else "s"} checked, '
            f'{len(reports)} finding{"" if len(reports) == 1 else "s"}',
            file=sys.stderr,
        )
    return EXIT_FINDINGS if reports else EXIT_CLEAN


# -- new ----------------------------------------------------------------------


def _title_from_name(name: str) -> str:
    words = name.replace('_', ' ').replace('-', ' ').split()
    text = ' '.join(words)
    return text[:1].upper() + text[1:]


def retitle(text: str, title: str) -> str:
    """``text`` (a template) with its title replaced by ``title``.

    The adornment lines are resized to the new title, keeping whatever
    they had beyond the old title's length (an inset overlined title).
    """
    outline = scan_outline(text)
    if outline.title is None:
        raise UsageError('the template has no title to replace')
    lines = text.splitlines(keepends=True)
    index = outline.title.line - 1
    old = lines[index].rstrip('\r\n')
    ending = lines[index][len(old) :]
    indent = old[: len(old) - len(old.lstrip())]
    new = indent + title
    adorned = [index + 1]
    if (
        index > 0
        and lines[index - 1].strip()
        and lines[index - 1].rstrip() == lines[index + 1].rstrip()
    ):
        adorned.append(index - 1)
    lines[index] = new + ending
    for position in adorned:
        adornment = lines[position].rstrip('\r\n')
        extra = max(len(adornment.rstrip()) - len(old.rstrip()), 0)
        lines[position] = (
            adornment.strip()[0] * (len(new) + extra) + lines[position][len(adornment) :]
        )
    return ''.join(lines)


def _new_command(args: argparse.Namespace, project: Project) -> int:
    settings = project.settings
    kinds = {kind.name: kind for kind in settings.kinds}
    kind_name = args.kind or DEFAULT_KIND
    if kind_name not in kinds:
        raise UsageError(f'unknown kind {kind_name!r}; the kinds are: {", ".join(kinds)}')
    kind = kinds[kind_name]
    status = settings.defaults['status']
    if args.status is not None:
        status = _known_status(settings, args.status)
    if args.release is not None and not settings.releases.parse(args.release).known:
        raise UsageError(
            f'unknown release {args.release!r}; use a series name or number such as 2025.1, '
            'a version number, or one of the buckets: ' + ', '.join(settings.releases.buckets)
        )
    name = args.name
    for suffix in project.source_suffixes:
        name = name.removesuffix(suffix)
    if not name or '/' in name or name != name.strip() or ' ' in name:
        raise UsageError(f'{args.name!r}: a spec name is one file name, without spaces')
    fields = {
        **{k: v for k, v in settings.defaults.items() if k != 'status'},
        'name': name,
        'status': status,
    }
    if args.release is not None:
        fields['release'] = args.release
    if args.project is not None:
        fields['project'] = args.project
    docname = None
    unfilled = []
    for pattern in kind.patterns:
        candidate = fill(pattern.text, fields)
        if candidate is None:
            unfilled.append(pattern.text)
            continue
        classified = settings.classify(candidate)
        if classified is not None and classified[0].name == kind.name:
            docname = candidate
            break
        unfilled.append(pattern.text)
    if docname is None:
        raise UsageError(
            f'no pattern of the kind {kind.name!r} can be filled in: '
            f'{", ".join(unfilled)}; give --release, --status or --project'
        )
    suffix = next(
        (s for s, filetype in project.source_suffixes.items() if filetype == 'restructuredtext'),
        '.rst',
    )
    target = os.path.join(project.srcdir, docname + suffix)
    existing = [
        s
        for s in project.source_suffixes
        if os.path.lexists(os.path.join(project.srcdir, docname + s))
    ]
    if existing:
        there = os.path.join(project.srcdir, docname + existing[0])
        raise UsageError(f'{_display(there)} exists; not overwritten')
    metadata = {k: v for k, v in fields.items() if k != 'name'}
    template_path, tried = settings.find_template(kind, metadata)
    if template_path is None:
        raise UsageError(
            f'no template applies to {docname!r}: tried {", ".join(tried) or "no path"}; '
            'add a template or give --release'
        )
    full_template = os.path.join(project.srcdir, template_path)
    with open(full_template, encoding='utf-8', newline='') as stream:
        text = stream.read()
    created = retitle(text, args.title or _title_from_name(name))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, 'x', encoding='utf-8', newline='') as stream:
        stream.write(created)
    print(f'created {_display(target)} from {_display(full_template)}')
    return EXIT_CLEAN


def _known_status(settings: Settings, name: str) -> str:
    status = settings.statuses.canonical(name)
    if status is None:
        raise UsageError(
            f'unknown status {name!r}; the statuses are: {", ".join(settings.statuses.labels)}'
        )
    return status


# -- move ---------------------------------------------------------------------


def _git_tracked(path: str) -> bool:
    """Whether ``path`` is a file git tracks (in a work tree, git installed)."""
    try:
        result = subprocess.run(
            ['git', 'ls-files', '--error-unmatch', '--', os.path.basename(path)],
            cwd=os.path.dirname(path),
            capture_output=True,
            check=False,
        )
    except OSError:
        return False
    return result.returncode == 0


def _move_command(args: argparse.Namespace, project: Project) -> int:
    settings = project.settings
    status = _known_status(settings, args.status)
    docname = project.docname_of(args.spec)
    if docname is None:
        raise UsageError(
            f'{args.spec} is not a source document of the Sphinx project in '
            f'{_display(project.srcdir)}'
        )
    matched = project.matching_pattern(docname)
    if matched is None:
        raise UsageError(f'{args.spec} is not a spec: {project.why_not_a_spec(docname)}')
    _kind, pattern, written = matched
    if 'status' not in written:
        raise UsageError(
            f'{args.spec}: its layout ({pattern.text}) has no status directory; '
            'change its :status: field instead'
        )
    old_source = project.path(docname)
    parts = docname.split('/')
    status_index = _segment_of(pattern.text, 'status')
    status_dir = os.path.join(project.srcdir, *parts[: status_index + 1])
    real_status_dir = os.path.realpath(status_dir)
    spelling = _spelling(os.path.dirname(real_status_dir), status, settings)
    if settings.statuses.canonical(written['status']) == status and os.path.exists(old_source):
        print(f'{_display(old_source)} is already {status}')
        return EXIT_CLEAN
    suffix = os.path.splitext(old_source)[1]
    real_old = os.path.join(real_status_dir, *parts[status_index + 1 :]) + suffix
    release_dir = os.path.dirname(real_status_dir)
    real_new = os.path.join(release_dir, spelling, *parts[status_index + 1 :]) + suffix
    redirects = os.path.join(release_dir, 'redirects')
    line = (
        f'{os.path.relpath(real_old, release_dir)} '
        f'{os.path.relpath(real_new, os.path.dirname(real_old))}'
    ).replace(os.sep, '/')
    dry = args.dry_run
    would = 'would ' if dry else ''
    if os.path.exists(real_old):
        if os.path.lexists(real_new):
            raise UsageError(f'{_display(real_new)} exists; not overwritten')
        tracked = _git_tracked(real_old)
        how = 'git mv' if tracked else 'rename'
        if not dry:
            os.makedirs(os.path.dirname(real_new), exist_ok=True)
            if tracked:
                subprocess.run(
                    ['git', 'mv', '--', real_old, real_new],
                    cwd=os.path.dirname(real_old),
                    check=True,
                )
            else:
                os.rename(real_old, real_new)
        print(f'{would}move {_display(real_old)} to {_display(real_new)} ({how})')
    elif os.path.exists(real_new):
        print(f'{_display(real_new)}: already moved')
    else:
        raise UsageError(f'{args.spec}: no such file, and no {_display(real_new)} either')
    _update_redirects(redirects, line, dry=dry)
    _warn_status_field(real_new if os.path.exists(real_new) else real_old, status, settings)
    return EXIT_CLEAN


def _update_redirects(redirects: str, line: str, *, dry: bool) -> None:
    """Add ``line`` to the redirects file, unless it is there.

    A line that redirects away from where the spec now is (left by an
    earlier move the other way) would hide the spec: it is removed.
    """
    would = 'would ' if dry else ''
    shown = _display(redirects)
    try:
        with open(redirects, encoding='utf-8', newline='') as stream:
            lines = stream.read().splitlines(keepends=True)
    except FileNotFoundError:
        lines = []
    old, new = line.split()
    new_place = os.path.normpath(os.path.join(os.path.dirname(old), new)).replace(os.sep, '/')
    kept = []
    for existing in lines:
        fields = existing.split()
        if len(fields) == 2 and fields[0] == new_place:
            print(f'{would}remove from {shown}: {existing.strip()}')
            continue
        kept.append(existing)
    if [old, new] in [existing.split() for existing in kept]:
        print(f'{shown} already has: {line}')
    else:
        if kept and not kept[-1].endswith('\n'):
            kept[-1] += '\n'
        kept.append(line + '\n')
        print(f'{would}add to {shown}: {line}')
    if not dry and kept != lines:
        # Through a link to the file, if it is one; never half written.
        write_atomically(os.path.realpath(redirects), ''.join(kept).encode('utf-8'))


def _warn_status_field(path: str, status: str, settings: Settings) -> None:
    """Say so if a field in the spec names another status: it wins over the directory."""
    from sphinxcontrib_specs.metadata import read_header

    try:
        with open(path, encoding='utf-8', errors='replace') as stream:
            header = read_header(stream.read())
    except OSError:
        return
    written = header.fields.get('status')
    if written is not None and settings.statuses.canonical(written) != status:
        print(
            f'sphinx-specs move: warning: {_display(path)} says ":status: {written}", '
            f'which wins over its directory; change it to {status}',
            file=sys.stderr,
        )


def _segment_of(pattern: str, name: str) -> int:
    """The index of the path segment of ``pattern`` that holds ``{name}``."""
    return next(i for i, part in enumerate(pattern.split('/')) if f'{{{name}}}' in part)


def _spelling(parent: str, status: str, settings: Settings) -> str:
    """How the directory of ``status`` is spelled beside the others, if it exists."""
    try:
        names = sorted(os.listdir(parent))
    except OSError:
        names = []
    for name in names:
        if settings.statuses.canonical(name) == status and os.path.isdir(
            os.path.join(parent, name)
        ):
            return name
    return status


# -- entry point --------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog='sphinx-specs',
        description='Check design specs against their templates, create and move them.',
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        '--conf',
        type=Path,
        metavar='PATH',
        help='the Sphinx conf.py (or its directory); by default found in the current '
        'directory or below it in doc/source, docs/source, doc, docs or source, or in a '
        'parent directory up to the repository root',
    )
    commands = parser.add_subparsers(dest='command', required=True, metavar='COMMAND')

    check_parser = commands.add_parser(
        'check',
        parents=[common],
        help='check specs as the build does',
        description='Check specs against their templates, with the rules and settings '
        'of conf.py, as sphinx-build does. Exit status: 0 clean, 1 findings, 2 errors.',
    )
    check_parser.add_argument(
        'paths',
        nargs='*',
        metavar='PATH',
        help='spec files or directories of specs (default: every spec of the project)',
    )
    check_parser.add_argument(
        '--format',
        choices=('text', 'json', 'github'),
        default='text',
        help='text (as sphinx-build warns), json, or GitHub Actions annotations',
    )
    check_parser.add_argument(
        '-j',
        '--jobs',
        type=_jobs,
        default='auto',
        metavar='N',
        help='processes to check with (default: auto, one per CPU)',
    )
    check_parser.add_argument(
        '--only-specs',
        action='store_true',
        help='skip, without complaint, paths that are not specs (for pre-commit, which '
        'passes every changed .rst file)',
    )

    new_parser = commands.add_parser(
        'new',
        parents=[common],
        help='create a spec from the template that applies',
        description='Create a spec from the template that applies, where the first '
        'pattern that can be filled in puts it.',
    )
    new_parser.add_argument('name', help='the file name of the spec, e.g. vtpm-live-migration')
    new_parser.add_argument('--release', help='its release, e.g. 2025.2 or flamingo')
    new_parser.add_argument('--status', help='its status (default: the default status)')
    new_parser.add_argument('--project', help='its project, for layouts with {project}')
    new_parser.add_argument('--kind', help=f'its kind of document (default: {DEFAULT_KIND})')
    new_parser.add_argument('--title', help='its title (default: made from the name)')

    move_parser = commands.add_parser(
        'move',
        parents=[common],
        help="change a spec's status: move it, add the redirect",
        description='Move a spec to another status directory (git mv in a git work '
        "tree) and add the redirect line to the release directory's redirects file. "
        'Safe to run again.',
    )
    move_parser.add_argument('spec', help='the spec file')
    move_parser.add_argument('status', help='its new status, e.g. implemented')
    move_parser.add_argument('--dry-run', action='store_true', help='say what it would do')
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sphinx-specs``; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        project = Project.load(find_conf(Path.cwd(), args.conf))
        command = {'check': _check_command, 'new': _new_command, 'move': _move_command}
        return command[args.command](args, project)
    except (ProjectError, UsageError) as exc:
        print(f'sphinx-specs {args.command}: error: {exc}', file=sys.stderr)
        return EXIT_USAGE
