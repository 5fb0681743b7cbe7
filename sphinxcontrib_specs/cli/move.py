"""``sphinx-specs move``: a spec moved to another status, with its redirect."""

from __future__ import annotations

import argparse
import os
import sys

from sphinxcontrib_specs.cli.common import EXIT_CLEAN, UsageError, display
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.config.settings import Settings


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
    import subprocess

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
            f'{display(project.srcdir)}'
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
        print(f'{display(old_source)} is already {status}')
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
            raise UsageError(f'{display(real_new)} exists; not overwritten')
        tracked = _git_tracked(real_old)
        how = 'git mv' if tracked else 'rename'
        if not dry:
            os.makedirs(os.path.dirname(real_new), exist_ok=True)
            if tracked:
                import subprocess

                subprocess.run(
                    ['git', 'mv', '--', real_old, real_new],
                    cwd=os.path.dirname(real_old),
                    check=True,
                )
            else:
                os.rename(real_old, real_new)
        print(f'{would}move {display(real_old)} to {display(real_new)} ({how})')
    elif os.path.exists(real_new):
        print(f'{display(real_new)}: already moved')
    else:
        raise UsageError(f'{args.spec}: no such file, and no {display(real_new)} either')
    _update_redirects(redirects, line, dry=dry)
    _warn_status_field(real_new if os.path.exists(real_new) else real_old, status, settings)
    return EXIT_CLEAN


def _update_redirects(redirects: str, line: str, *, dry: bool) -> None:
    """Add ``line`` to the redirects file, unless it is there.

    A line that redirects away from where the spec now is (left by an
    earlier move the other way) would hide the spec: it is removed.
    """
    would = 'would ' if dry else ''
    shown = display(redirects)
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
        from sphinxcontrib_specs.core.files import write_atomically

        # Through a link to the file, if it is one; never half written.
        write_atomically(os.path.realpath(redirects), ''.join(kept).encode('utf-8'))


def _warn_status_field(path: str, status: str, settings: Settings) -> None:
    """Say so if a field in the spec names another status: it wins over the directory."""
    from sphinxcontrib_specs.core.metadata import read_header

    try:
        with open(path, encoding='utf-8', errors='replace') as stream:
            header = read_header(stream.read())
    except OSError:
        return
    written = header.fields.get('status')
    if written is not None and settings.statuses.canonical(written) != status:
        print(
            f'sphinx-specs move: warning: {display(path)} says ":status: {written}", '
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
