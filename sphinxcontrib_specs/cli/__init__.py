"""The ``sphinx-specs`` command: check specs without a build, create and move them.

One module per command (:mod:`.check`, :mod:`.baseline`, :mod:`.init`,
:mod:`.new`, :mod:`.move`); they read ``conf.py`` through :mod:`.project` and each spec
through :mod:`.reader`, the way the build does.  Exit status: 0 clean, 1 findings, 2 usage or
configuration error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sphinxcontrib_specs.cli.common import EXIT_USAGE, UsageError
from sphinxcontrib_specs.cli.pool import jobs_argument
from sphinxcontrib_specs.config.values import DEFAULT_KIND

if TYPE_CHECKING:
    from sphinxcontrib_specs.cli.project import Project

__all__ = ['main']


# -- entry point --------------------------------------------------------------


def _add_jobs(parser: argparse.ArgumentParser) -> None:
    """The ``-j N`` option of the commands that check specs."""
    parser.add_argument(
        '-j',
        '--jobs',
        type=jobs_argument,
        default='auto',
        metavar='N',
        help='processes to check with (default: auto, one per CPU)',
    )


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
    _add_jobs(check_parser)
    check_parser.add_argument(
        '--only-specs',
        action='store_true',
        help='skip, without complaint, paths that are not specs (for pre-commit, which '
        'passes every changed .rst file)',
    )

    baseline_parser = commands.add_parser(
        'baseline',
        parents=[common],
        help="record today's findings, so that only new ones are reported",
        description='Record every current finding in the baseline file (specs_baseline, '
        'by default specs-baseline.txt beside conf.py): the build and check report only '
        'findings it does not hold, and its entries that no longer occur. Written only '
        'when its text changes.',
    )
    baseline_parser.add_argument(
        '--shrink',
        action='store_true',
        help='only drop the entries whose finding no longer occurs; add none',
    )
    _add_jobs(baseline_parser)

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

    init_parser = commands.add_parser(
        'init',
        parents=[common],
        help="work out the repository's settings; with --write, adopt them",
        description="Work out a specs repository's settings from its tree and its own "
        'checks, and show them with the findings they give; nothing is written. With '
        '--write, add them to conf.py and record the findings in the baseline, so that '
        'the build passes. Specs are never changed; running it again changes nothing.',
    )
    init_parser.add_argument(
        'directory', nargs='?', default='.', metavar='DIR', help='the repository (default: .)'
    )
    init_parser.add_argument(
        '--write', action='store_true', help='edit conf.py and record the baseline'
    )
    init_parser.add_argument(
        '--migrate',
        action='store_true',
        help='with --write: replace hand-written index pages with generated ones',
    )
    _add_jobs(init_parser)
    return parser


def _command(name: str) -> Callable[[argparse.Namespace, Project], int]:
    """The function that runs the command ``name``.

    Only its own module is imported: ``check``, which pre-commit runs on
    every commit, loads nothing that ``new`` or ``move`` need.
    """
    if name == 'check':
        from sphinxcontrib_specs.cli.check import _check_command

        return _check_command
    if name == 'new':
        from sphinxcontrib_specs.cli.new import _new_command

        return _new_command
    if name == 'baseline':
        from sphinxcontrib_specs.cli.baseline import _baseline_command

        return _baseline_command
    from sphinxcontrib_specs.cli.move import _move_command

    return _move_command


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sphinx-specs``; return the exit status."""
    args = _parser().parse_args(argv)
    # Imported once the arguments are read: --help and usage errors are quick.
    from sphinxcontrib_specs.cli.project import Project, ProjectError, find_conf

    try:
        if args.command == 'init':
            # init reads conf.py before it has settings that load.
            from sphinxcontrib_specs.cli.init import _init_command

            return _init_command(args)
        project = Project.load(find_conf(Path.cwd(), args.conf))
        return _command(args.command)(args, project)
    except (ProjectError, UsageError) as exc:
        print(f'sphinx-specs {args.command}: error: {exc}', file=sys.stderr)
        return EXIT_USAGE
