"""The commit checked out, read from a repository's files without running git.

A build asks at every run whether the commit changed since the last one
(the templates of their time and the feed's dates follow from the commits
alone); a ``git`` process costs milliseconds, reading two small files a
tenth of one.  Anything the files do not tell plainly is left to git.

No Sphinx imports.
"""

from __future__ import annotations

import os

__all__ = ['head_commit']


#: Variables that change which repository git finds, or how.
_GIT_LOCATION = ('GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES')


def _read(path: str) -> str | None:
    try:
        with open(path, encoding='utf-8') as stream:
            return stream.read().strip()
    except (OSError, UnicodeDecodeError):
        return None


def _commit_id(text: str | None) -> str | None:
    if text and len(text) in {40, 64} and all(c in '0123456789abcdef' for c in text):
        return text
    return None


def _repository(cwd: str) -> tuple[str, str] | str | None:
    """The git directory and common directory of the work tree that holds
    ``cwd``; ``''`` if none does; None if the files do not say plainly."""
    if any(name in os.environ for name in _GIT_LOCATION):
        return None
    folder = os.path.realpath(cwd)
    while not os.path.exists(os.path.join(folder, '.git')):
        parent = os.path.dirname(folder)
        if parent == folder:
            return ''
        folder = parent
    gitdir = os.path.join(folder, '.git')
    if os.path.isfile(gitdir):
        # A linked work tree or a submodule: "gitdir: <path>".
        pointer = _read(gitdir) or ''
        if not pointer.startswith('gitdir:'):
            return None
        gitdir = os.path.join(folder, pointer[len('gitdir:') :].strip())
    common = _read(os.path.join(gitdir, 'commondir'))
    return gitdir, os.path.join(gitdir, common) if common else gitdir


def _ref(gitdir: str, common: str, ref: str) -> str | None:
    """The commit the branch (or other ref) ``ref`` names: loose, then packed."""
    if not ref.startswith('refs/') or '..' in ref:
        return None
    for where in (gitdir, common):
        found = _read(os.path.join(where, *ref.split('/')))
        if found is not None:
            return _commit_id(found)
    packed = _read(os.path.join(common, 'packed-refs')) or ''
    for line in packed.splitlines():
        commit, _space, name = line.partition(' ')
        if name == ref:
            return _commit_id(commit)
    # A branch with no commit yet: git has no history to give either.
    return None


def head_commit(cwd: str) -> str | None:
    """The commit checked out in the work tree that holds ``cwd``, read from
    the repository's files, without running git: ``''`` when no repository
    holds it.

    None when the files cannot tell it plainly (a shallow clone, a
    repository git is told of by the environment, anything unusual): the
    caller asks git.
    """
    repository = _repository(cwd)
    if not isinstance(repository, tuple):
        return repository
    gitdir, common = repository
    if os.path.exists(os.path.join(common, 'shallow')):
        return None
    head = _read(os.path.join(gitdir, 'HEAD'))
    if head is None or not head.startswith('ref:'):
        return _commit_id(head)
    return _ref(gitdir, common, head[len('ref:') :].strip())
