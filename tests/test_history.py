"""The template of its time: each spec against its template as it stood when written.

One small git repository, built in a temporary directory with fixed
dates, holds the story: a template gains a section ("Upgrade impact")
after two specs were written; one of them is moved later, the other gets
the section in the commit that adds it to the template; a spec proposed
before the change landed after it without the section; a spec added after
the change lacks it, and so does one not committed yet.  The build and
``sphinx-specs check`` judge it with its history, without one (a copy
without ``.git``), from a shallow clone, and after the clone fetched its
whole history.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import git, warning_lines
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_specs import cli
from sphinxcontrib_specs.adapter import domain as domain_module
from sphinxcontrib_specs.core.history import HIDDEN, NEW, read_history

MakeApp = Callable[..., SphinxTestApp]

CONF = """\
extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_index_dir = None
show_warning_types = True
"""
INDEX = """\
Specs
=====

.. toctree::
   :glob:

   specs/*/*/*
"""
#: The template before the change; an annotation it got wrong, which only a
#: template in use today may be reported for.
TEMPLATE_V1 = """\
=============
Example title
=============

Problem description
===================

What is wrong.

Proposed change
===============

.. specs: sometimes

What to change.

References
==========

Links.
"""
TEMPLATE_V2 = TEMPLATE_V1.replace('.. specs: sometimes\n\n', '').replace(
    'References\n', 'Upgrade impact\n==============\n\nWhat upgrades need.\n\nReferences\n'
)
UPGRADE = 'Upgrade impact\n==============\n\nNone.\n\n'


def spec(title: str, *, upgrade: bool = False) -> str:
    """A spec written from the template, with the new section or without."""
    return (
        f'{"=" * len(title)}\n{title}\n{"=" * len(title)}\n\n'
        'Problem description\n===================\n\nIt is slow.\n\n'
        'Proposed change\n===============\n\nMake it fast.\n\n'
        + (UPGRADE if upgrade else '')
        + 'References\n==========\n\nNone.\n'
    )


def commit(repo: Path, message: str, date: str, authored: str = '') -> None:
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', message, date=date, authored=authored)


def write(repo: Path, path: str, text: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / 'repo'
    repo.mkdir()
    git(repo, 'init', '-q')
    write(repo, 'conf.py', CONF)
    write(repo, 'index.rst', INDEX)
    write(repo, '.gitignore', '_build/\n')
    write(repo, 'specs/template.rst', TEMPLATE_V1)
    commit(repo, 'Start', '2020-01-01T00:00:00Z')
    write(repo, 'specs/2020.1/approved/old.rst', spec('Old'))
    write(repo, 'specs/2020.1/approved/migrated.rst', spec('Migrated'))
    commit(repo, 'Two specs', '2020-02-01T00:00:00Z')
    # The template gains a section, and one old spec gains it with it.
    write(repo, 'specs/template.rst', TEMPLATE_V2)
    write(repo, 'specs/2020.1/approved/migrated.rst', spec('Migrated', upgrade=True))
    commit(repo, 'Upgrade impact', '2021-01-01T00:00:00Z')
    git(repo, 'mv', 'specs/2020.1/approved', 'specs/2020.1/implemented')
    commit(repo, 'Implemented', '2021-03-01T00:00:00Z')
    # Proposed before the section existed, merged after it.
    write(repo, 'specs/2021.1/approved/reviewed.rst', spec('Reviewed'))
    commit(repo, 'Reviewed', '2021-04-01T00:00:00Z', authored='2020-12-01T00:00:00Z')
    write(repo, 'specs/2021.1/approved/late.rst', spec('Late'))
    commit(repo, 'Late', '2021-05-01T00:00:00Z')
    write(repo, 'specs/2021.1/approved/draft.rst', spec('Draft'))
    return repo


def missing(path: str) -> str:
    return (
        f"{path}:15: WARNING: missing required section 'Upgrade impact' (template "
        "specs/template.rst:15); add it after 'Proposed change' [specs.missing_section]"
    )


LATE = missing('specs/2021.1/approved/late.rst')
DRAFT = missing('specs/2021.1/approved/draft.rst')
OLD = missing('specs/2020.1/implemented/old.rst')
REVIEWED = missing('specs/2021.1/approved/reviewed.rst')
NO_HISTORY = (
    'sphinxcontrib_specs: no git history here (not a git work tree, or git cannot be run): '
    'every spec is checked against the current version of its template, not the version '
    'that stood when the spec was written; build from a git clone with its whole history '
    '(for a CI checkout, fetch-depth: 0) so that older specs are checked against the '
    'template of their time'
)
SHALLOW = (
    'sphinxcontrib_specs: 3 specs were written before the oldest commit of this shallow '
    'clone, so they are checked against the current version of the template, not the '
    'version that stood when written; fetch the whole history (git fetch --unshallow; for '
    'a CI checkout, fetch-depth: 0) so that older specs are checked against the template '
    'of their time'
)


def build(make_app: MakeApp, srcdir: Path, **kwargs: object) -> tuple[list[str], str]:
    """Build ``srcdir``: its warning lines and its status output."""
    app = make_app('html', srcdir=srcdir, **kwargs)
    try:
        app.build()
        return warning_lines(app), app.status.getvalue()
    finally:
        app.cleanup()


def notes(status: str) -> list[str]:
    """The extension's info lines in a build's status output."""
    return [line for line in status.splitlines() if line.startswith('sphinxcontrib_specs:')]


def check(
    srcdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[list[str], str]:
    """``sphinx-specs check`` in ``srcdir``: its finding lines and error output."""
    monkeypatch.chdir(srcdir)
    cli.main(['check'])
    out, err = capsys.readouterr()
    return out.splitlines(), err


def test_one_pass_dates_each_spec_and_follows_moves(repo: Path) -> None:
    history = read_history(str(repo), ['specs/template.rst'])
    assert history is not None
    assert history.written == {
        '.gitignore': (1577836800, 1577836800),
        'conf.py': (1577836800, 1577836800),
        'index.rst': (1577836800, 1577836800),
        'specs/template.rst': (1577836800, 1577836800),
        # Moved to implemented/ in 2021, written in February 2020.
        'specs/2020.1/implemented/old.rst': (1580515200, 1580515200),
        'specs/2020.1/implemented/migrated.rst': (1580515200, 1580515200),
        # Written in December 2020, landed in April 2021.
        'specs/2021.1/approved/reviewed.rst': (1606780800, 1617235200),
        'specs/2021.1/approved/late.rst': (1619827200, 1619827200),
    }
    assert history.changed['specs/2020.1/implemented/old.rst'] == 1614556800
    versions = history.versions['specs/template.rst']
    assert [v.time for v in versions] == [1577836800, 1609459200]
    template = 'specs/template.rst'
    assert history.dated_versions(template, 'specs/2020.1/implemented/old.rst') == versions[:1]
    # Changed with the template: brought to its version.
    assert history.dated_versions(template, 'specs/2020.1/implemented/migrated.rst') == versions
    # In review while the template changed: either version.
    assert history.dated_versions(template, 'specs/2021.1/approved/reviewed.rst') == versions
    assert history.dated_versions(template, 'specs/2021.1/approved/late.rst') == versions[1:]
    assert history.dated_versions(template, 'specs/2021.1/approved/draft.rst') == NEW


def test_the_walk_is_restricted_to_the_specs_only_beside_more_code(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = [
        'specs/2020.1/implemented/old.rst',
        'specs/2020.1/implemented/migrated.rst',
        'specs/2021.1/approved/reviewed.rst',
        'specs/2021.1/approved/late.rst',
    ]
    walks: list[list[str]] = []
    real_run = subprocess.run

    def noting_run(command: list[str], **kwargs: Any) -> Any:
        if command[3:4] == ['log']:
            walks.append(command[command.index('--') + 1 :])
        return real_run(command, **kwargs)

    monkeypatch.setattr(subprocess, 'run', noting_run)
    # The tree is nearly all specs: git walks it whole (restricting it
    # costs more than it saves), and only the specs' directory is dated.
    whole = read_history(str(repo), ['specs/template.rst'], files=specs)
    assert whole is not None
    assert walks == [[]]
    assert set(whole.written) == {'specs/template.rst', *specs}
    # Specs kept beside more code: the walk skips the code's changes.
    for number in range(8):
        write(repo, f'code/module{number}.py', 'pass\n')
    git(repo, 'add', 'code')
    git(repo, 'commit', '-q', '-m', 'Add code', date='2022-01-01T00:00:00')
    beside = read_history(str(repo), ['specs/template.rst'], files=specs)
    assert beside is not None
    assert walks[1] == ['specs']
    # What is dated is dated alike.
    assert (beside.written, beside.changed, beside.versions, beside.synced) == (
        whole.written,
        whole.changed,
        whole.versions,
        whole.synced,
    )


def test_each_spec_is_checked_against_the_template_of_its_time(
    repo: Path,
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines, status = build(make_app, repo)
    # The old version's mistake is not reported: no spec written today uses it.
    assert lines == [DRAFT, LATE]
    assert notes(status) == []
    # The command line finds the same, from the same one pass.
    found, err = check(repo, monkeypatch, capsys)
    assert found == [DRAFT, LATE]
    assert 'history' not in err


def test_a_spec_checked_against_an_old_version_names_it(repo: Path, make_app: MakeApp) -> None:
    old = repo / 'specs/2020.1/implemented/old.rst'
    old.write_text(old.read_text().replace('References\n==========\n\nNone.\n', ''))
    commit(repo, 'Drop the references', '2021-06-01T00:00:00Z')
    first = git(repo, 'rev-list', '--max-parents=0', 'HEAD').strip()
    lines, _status = build(make_app, repo)
    assert lines == [
        (
            'specs/2020.1/implemented/old.rst:10: WARNING: missing required section '
            f"'References' (template specs/template.rst@{first[:7]}:17); add it after "
            "'Proposed change' [specs.missing_section]"
        ),
        DRAFT,
        LATE,
    ]


def test_without_history_every_spec_meets_the_current_template(
    repo: Path,
    tmp_path: Path,
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tarball = tmp_path / 'tarball'
    shutil.copytree(repo, tarball, ignore=shutil.ignore_patterns('.git'))
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path))
    lines, status = build(make_app, tarball)
    assert lines == [OLD, DRAFT, LATE, REVIEWED]
    assert notes(status) == [NO_HISTORY]
    # The command line finds the same, and leaves saying so to the build.
    found, err = check(tarball, monkeypatch, capsys)
    assert found == lines
    assert err == 'sphinx-specs: 5 specs checked, 4 findings\n'


def test_history_can_be_switched_off(repo: Path, make_app: MakeApp) -> None:
    with (repo / 'conf.py').open('a') as conf:
        conf.write('specs_history = False\n')
    lines, status = build(make_app, repo)
    assert lines == [OLD, DRAFT, LATE, REVIEWED]
    assert notes(status) == []


def test_a_shallow_clone_checks_what_it_cannot_date_against_the_current_template(
    repo: Path,
    tmp_path: Path,
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clone = tmp_path / 'clone'
    git(tmp_path, 'clone', '-q', '--depth', '2', f'file://{repo}', str(clone))
    lines, status = build(make_app, clone)
    # reviewed.rst, old.rst and migrated.rst were written before the
    # clone's oldest commit; late.rst after it (draft.rst is not committed).
    assert lines == [OLD, LATE, REVIEWED]
    assert notes(status) == [SHALLOW]
    found, err = check(clone, monkeypatch, capsys)
    assert found == lines
    assert SHALLOW.replace('sphinxcontrib_specs', 'sphinx-specs') in err

    # The whole history fetched, no file changed: the next build reads the
    # specs whose template version changed again.
    git(clone, 'fetch', '-q', '--unshallow')
    app = make_app('html', srcdir=clone)
    read: list[str] = []
    app.connect('env-before-read-docs', lambda _app, _env, docnames: read.extend(docnames))
    try:
        app.build()
        assert sorted(read) == [
            'specs/2020.1/implemented/migrated',
            'specs/2020.1/implemented/old',
            'specs/2021.1/approved/reviewed',
        ]
        assert warning_lines(app) == [LATE]
        assert notes(app.status.getvalue()) == []
    finally:
        app.cleanup()


def test_a_new_commit_reads_only_the_specs_it_dates(repo: Path, make_app: MakeApp) -> None:
    lines, _status = build(make_app, repo)
    commit(repo, 'Draft', '2021-07-01T00:00:00Z')
    app = make_app('html', srcdir=repo)
    read: list[str] = []
    app.connect('env-before-read-docs', lambda _app, _env, docnames: read.extend(docnames))
    try:
        app.build()
        # Committed: it has a version of the template now (the same text).
        assert read == ['specs/2021.1/approved/draft']
        assert warning_lines(app) == lines
    finally:
        app.cleanup()


def test_parallel_reading_finds_the_same(repo: Path, make_app: MakeApp) -> None:
    serial, _status = build(make_app, repo, freshenv=True)
    shutil.rmtree(repo / '_build')
    parallel, _status = build(make_app, repo, freshenv=True, parallel=2)
    assert parallel == serial == [DRAFT, LATE]


def test_hidden_and_new_are_told_apart(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / 'clone'
    git(tmp_path, 'clone', '-q', '--depth', '1', f'file://{repo}', str(clone))
    history = read_history(str(clone), ['specs/template.rst'])
    assert history is not None
    assert history.shallow
    template = 'specs/template.rst'
    assert history.dated_versions(template, 'specs/2021.1/approved/late.rst') == HIDDEN
    assert history.dated_versions(template, 'specs/2021.1/approved/new.rst') == NEW


def test_the_command_line_keeps_the_history_between_runs(
    repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'cache'))
    calls: list[str] = []
    real_run = subprocess.run

    def counting_run(command: list[str], **kwargs: Any) -> Any:
        # The history runs git -c core.quotepath=off SUBCOMMAND ...
        if command[:3] == ['git', '-c', 'core.quotepath=off']:
            calls.append(command[3])
        return real_run(command, **kwargs)

    monkeypatch.setattr(subprocess, 'run', counting_run)
    assert check(repo, monkeypatch, capsys)[0] == [DRAFT, LATE]
    # The old version of the template old.rst is checked against, read once;
    # what git tracks is counted to decide whether to restrict its walk.
    assert calls == ['rev-parse', 'ls-files', 'log', 'cat-file']
    assert [p.name for p in (tmp_path / 'cache' / 'sphinx-specs').iterdir()] == [
        f'history-{hashlib.sha256(str(repo.resolve()).encode()).hexdigest()[:16]}.json'
    ]
    calls.clear()
    assert check(repo, monkeypatch, capsys)[0] == [DRAFT, LATE]
    assert calls == ['rev-parse', 'cat-file']


def test_an_edit_at_the_same_commit_reads_the_history_only_for_an_old_version(
    repo: Path, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    real = domain_module.read_history

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append('read')
        return real(*args, **kwargs)

    monkeypatch.setattr(domain_module, 'read_history', counted)
    lines, _status = build(make_app, repo)
    assert (lines, len(reads)) == ([DRAFT, LATE], 1)

    def edit(path: str, old: str = '', new: str = '') -> list[str]:
        reads.clear()
        spec = repo / path
        text = spec.read_text()
        spec.write_text(text.replace(old, new) if old else f'{text}\nOne more paragraph.\n')
        found, _status = build(make_app, repo)
        return found

    # The spec follows the template as it is, and a spec git does not know
    # the current template: nothing to read.
    assert (edit('specs/2021.1/approved/late.rst'), reads) == ([DRAFT, LATE], [])
    assert (edit('specs/2021.1/approved/draft.rst'), reads) == ([DRAFT, LATE], [])
    # A spec of the old version is checked against it, from the history.
    first = git(repo, 'rev-list', '--max-parents=0', 'HEAD').strip()
    found = edit('specs/2020.1/implemented/old.rst', 'References\n==========\n\nNone.\n', '')
    assert (found, reads) == (
        [
            (
                'specs/2020.1/implemented/old.rst:10: WARNING: missing required section '
                f"'References' (template specs/template.rst@{first[:7]}:17); add it after "
                "'Proposed change' [specs.missing_section]"
            ),
            DRAFT,
            LATE,
        ],
        ['read'],
    )
