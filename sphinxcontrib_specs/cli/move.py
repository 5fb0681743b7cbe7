"""``sphinx-specs move``: a spec moved to another status, with its redirect."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from sphinxcontrib_specs.cli.common import (
    EXIT_CLEAN,
    UsageError,
    check_directories,
    check_inside,
    display,
    writable_root,
)
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.files import write_atomically


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
    old = os.path.relpath(real_old, release_dir).replace(os.sep, '/')
    new = os.path.relpath(real_new, os.path.dirname(real_old)).replace(os.sep, '/')
    # Everything is checked before anything is touched.
    if any(char.isspace() or not char.isprintable() or char == '\\' for char in old + new):
        raise UsageError(
            f'{display(old_source)}: a redirects file cannot name a path with spaces, control '
            'characters or backslashes, so the move could not be redirected; nothing was '
            'changed: rename the spec without them first'
        )
    root = writable_root(project.srcdir)
    for path in (real_status_dir, os.path.dirname(real_new), redirects):
        check_inside(path, root)
    lines = _read_redirects(redirects)
    dry = args.dry_run
    would = 'would ' if dry else ''
    moved = tracked = False
    if os.path.exists(real_old):
        if os.path.lexists(real_new):
            raise UsageError(f'{display(real_new)} exists; not overwritten')
        check_directories(os.path.dirname(real_new))
        tracked = _git_tracked(real_old)
        how = 'git mv' if tracked else 'rename'
        if not dry:
            problem = _rename(real_old, real_new, tracked=tracked)
            if problem is not None:
                raise UsageError(
                    f'cannot move {display(real_old)} to {display(real_new)} ({how}): '
                    f'{problem}; nothing was changed'
                )
            moved = True
        done = f'{would}move {display(real_old)} to {display(real_new)} ({how})'
    elif os.path.exists(real_new):
        done = f'{display(real_new)}: already moved'
    else:
        raise UsageError(f'{args.spec}: no such file, and no {display(real_new)} either')
    try:
        said = _update_redirects(redirects, lines, old, new, dry=dry)
    except OSError as exc:
        if not moved:
            raise UsageError(
                f'cannot write {display(redirects)}: {exc.strerror or exc}; fix it and run '
                'the command again'
            ) from None
        problem = _rename(real_new, real_old, tracked=tracked)
        back = (
            f'{display(real_old)} was moved back'
            if problem is None
            else f'moving it back failed too ({problem}), so move {display(real_new)} back '
            f'to {display(real_old)} yourself'
        )
        raise UsageError(
            f'cannot write {display(redirects)}: {exc.strerror or exc}, so the moved spec '
            f'would have no redirect: {back}. Fix the file, then run the command again'
        ) from None
    print('\n'.join([done, *said]))
    _warn_status_field(real_new if os.path.exists(real_new) else real_old, status, settings)
    return EXIT_CLEAN


def _rename(source: str, target: str, *, tracked: bool) -> str | None:
    """Move ``source`` to ``target``, with ``git mv`` if git tracks it; what failed, if any."""
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not tracked:
            os.rename(source, target)
            return None
        result = subprocess.run(
            ['git', 'mv', '--', source, target],
            cwd=os.path.dirname(source),
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        return exc.strerror or str(exc)
    if result.returncode:
        return result.stderr.strip() or f'git mv exited with status {result.returncode}'
    return None


def _read_redirects(path: str) -> list[str]:
    """The lines of the redirects file at ``path`` (none if there is none), endings kept."""
    if os.path.isdir(path):
        raise UsageError(
            f'{display(path)} is a directory, where the redirects file of the release goes; '
            'nothing was changed: move it away'
        )
    try:
        with open(path, 'rb') as stream:
            data = stream.read()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise UsageError(
            f'cannot read {display(path)}: {exc.strerror or exc}; nothing was changed'
        ) from None
    try:
        return data.decode('utf-8').splitlines(keepends=True)
    except UnicodeDecodeError as exc:
        line = data.count(b'\n', 0, exc.start) + 1
        raise UsageError(
            f'{display(path)}:{line}: the redirects file is not UTF-8 '
            f'(byte {data[exc.start : exc.end]!r}); nothing was changed: save it as UTF-8'
        ) from None


def _update_redirects(
    redirects: str, lines: list[str], old: str, new: str, *, dry: bool
) -> list[str]:
    """Add the line ``old new`` to the redirects file holding ``lines``, unless it is there.

    A line that redirects away from where the spec now is (left by an
    earlier move the other way) would hide the spec: it is removed.
    Returns what it did, to say once all is done.
    """
    would = 'would ' if dry else ''
    shown = display(redirects)
    line = f'{old} {new}'
    new_place = os.path.normpath(os.path.join(os.path.dirname(old), new)).replace(os.sep, '/')
    kept = []
    said = []
    for existing in lines:
        fields = existing.split()
        if len(fields) == 2 and fields[0] == new_place:
            said.append(f'{would}remove from {shown}: {existing.strip()}')
            continue
        kept.append(existing)
    if [old, new] in [existing.split() for existing in kept]:
        said.append(f'{shown} already has: {line}')
    else:
        if kept and not kept[-1].endswith('\n'):
            kept[-1] += '\n'
        kept.append(line + '\n')
        said.append(f'{would}add to {shown}: {line}')
    if not dry and kept != lines:
        # Through a link to the file, if it is one; never half written.
        write_atomically(os.path.realpath(redirects), ''.join(kept).encode('utf-8'))
    return said


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
