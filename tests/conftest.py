"""Shared fixtures: sphinx.testing, test roots, and warning helpers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ['sphinx.testing.fixtures']

ROOTS = Path(__file__).parent / 'roots'

_ESCAPE = re.compile(r'\x1b\[[0-9;]*m')


@pytest.fixture(scope='session')
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope='session', autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``sphinx-specs check`` keeps the git history in the user's cache
    directory: a temporary one for the tests, never the home directory."""
    cache = tmp_path_factory.mktemp('user-cache')
    before = os.environ.get('XDG_CACHE_HOME')
    os.environ['XDG_CACHE_HOME'] = str(cache)
    yield cache
    if before is None:
        del os.environ['XDG_CACHE_HOME']
    else:
        os.environ['XDG_CACHE_HOME'] = before


@pytest.fixture
def sphinx_test_tempdir(tmp_path: Path) -> Path:
    """Each test builds its own copy of its root.

    sphinx.testing shares one copy per root for the whole session, so a
    test would otherwise build incrementally on the environment another
    test left behind.
    """
    return tmp_path


def warning_lines(app: SphinxTestApp) -> list[str]:
    """The build's warning lines, with paths relative to the source dir."""
    text = _ESCAPE.sub('', app.warning.getvalue())
    prefix = f'{app.srcdir}{os.sep}'
    return [line.replace(prefix, '') for line in text.splitlines() if line.strip()]


def assert_no_warnings(app: SphinxTestApp) -> None:
    lines = warning_lines(app)
    assert not lines, 'unexpected warnings:\n' + '\n'.join(lines)


def build_copy(root: Path, workdir: Path, **kwargs: Any) -> list[str]:
    """Copy a test root into ``workdir``, build it once, return its warning lines.

    For module-scoped fixtures that share one build between many tests.
    """
    srcdir = workdir / root.name
    shutil.copytree(root, srcdir)
    app = SphinxTestApp('html', srcdir=srcdir, **kwargs)
    try:
        app.build()
        return warning_lines(app)
    finally:
        app.cleanup()


def git(cwd: Path, *args: str, date: str = '', authored: str = '') -> str:
    """Run git in ``cwd`` as a test author, untouched by the user's git
    configuration; ``date`` sets the commit's dates (``authored`` the
    author's, if another).  Its output."""
    env = {
        **os.environ,
        'GIT_AUTHOR_NAME': 'test',
        'GIT_AUTHOR_EMAIL': 'test@example.org',
        'GIT_COMMITTER_NAME': 'test',
        'GIT_COMMITTER_EMAIL': 'test@example.org',
        'GIT_CONFIG_GLOBAL': os.devnull,
        'GIT_CONFIG_NOSYSTEM': '1',
    }
    if date:
        env['GIT_COMMITTER_DATE'] = date
        env['GIT_AUTHOR_DATE'] = authored or date
    return subprocess.run(
        ['git', *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout
