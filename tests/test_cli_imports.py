"""What ``sphinx-specs check`` imports, and the shortcuts that keep its start-up short.

pre-commit runs ``sphinx-specs check FILE`` on every commit, in a fresh
process, so what it imports is most of its time.  It needs no Sphinx
application, no Jinja, no other command and no worker processes; each
import test runs a fresh interpreter, where nothing is imported yet.  The
shortcuts (a lazy ``tags`` for ``conf.py``, Sphinx's roles looked up only
by the names they have, the walk of the source directory stopped where
the spec is found) must give what the full work gives.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOTS

from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.cli.standins import _SPHINX_TEXT_ROLE_NAMES, _sphinx_text_roles

#: What checking a spec must not import: a Sphinx application, what Sphinx's
#: docutils integration, its roles and its tags load (Jinja, Babel), the
#: other commands, the extension, and worker processes (one spec needs none).
NOT_FOR_CHECK = (
    'sphinx.application',
    'sphinx.util.docutils',
    'sphinx.roles',
    'sphinx.util.tags',
    'jinja2',
    'babel',
    'multiprocessing',
    'concurrent.futures',
    'sphinxcontrib_specs.adapter',
    'sphinxcontrib_specs.cli.new',
    'sphinxcontrib_specs.cli.move',
)

# Prints the modules imported, one a line, after the code before it.
_PRINT_MODULES = "\nprint('\\n'.join(sorted(sys.modules)))\n"


def _modules_after(code: str, cwd: Path | None = None) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code``."""
    result = subprocess.run(
        [sys.executable, '-c', code + _PRINT_MODULES],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def _copy_root(name: str, tmp_path: Path) -> Path:
    srcdir = tmp_path / name
    shutil.copytree(ROOTS / f'test-{name}', srcdir)
    return srcdir


def test_importing_the_command_line_imports_no_sphinx_application() -> None:
    modules = _modules_after('import sys, sphinxcontrib_specs.cli, sphinxcontrib_specs.cli.check')
    assert 'sphinx.application' not in modules
    assert sorted(modules & set(NOT_FOR_CHECK)) == []


def test_checking_a_spec_imports_only_what_checking_needs(tmp_path: Path) -> None:
    srcdir = _copy_root('cli-markup', tmp_path)
    code = (
        'import sys\n'
        'from sphinxcontrib_specs.cli import main\n'
        "status = main(['check', 'specs/2025.1/plain.rst'])\n"
        # One finding: the whole way, from conf.py to the report.
        'assert status == 1, status\n'
    )
    modules = _modules_after(code, cwd=srcdir)
    assert 'sphinxcontrib_specs.cli.reader' in modules
    assert sorted(modules & set(NOT_FOR_CHECK)) == []


def test_sphinx_roles_are_looked_up_by_every_name_they_have() -> None:
    # A name left out would resolve to a stand-in instead of Sphinx's role.
    assert set(_sphinx_text_roles()) <= _SPHINX_TEXT_ROLE_NAMES


def test_conf_py_sees_tags_as_sphinx_gives_them(tmp_path: Path) -> None:
    srcdir = _copy_root('cli-markup', tmp_path)
    conf = srcdir / 'conf.py'
    # A failed assertion makes the configuration unreadable.
    conf.write_text(
        conf.read_text()
        + '\nassert list(tags) == [] and not tags.has("html")\n'
        + 'tags.add("draft")\n'
        + 'tags.remove("missing")\n'
        + 'assert "draft" in tags and tags.has("draft") and list(tags) == ["draft"]\n'
        + 'assert tags.eval_condition("draft and not html")\n'
        + 'assert not tags.eval_condition("html or (not draft)")\n'
    )
    project = Project.load(conf)
    assert project.docname_of(str(srcdir / 'specs/2025.1/plain.rst')) == 'specs/2025.1/plain'


@pytest.mark.parametrize('first', ['linked', 'other'])
def test_a_file_through_links_has_the_docname_of_the_first_link_walked(
    tmp_path: Path, first: str
) -> None:
    srcdir = _copy_root('cli-markup', tmp_path)
    linked = tmp_path / 'specs' / 'linked'
    other = tmp_path / 'specs' / 'other'
    for directory in (linked, other):
        directory.mkdir(parents=True)
        (directory / 'spec.rst').write_text('Spec\n====\n')
    # Two links to one directory: the first in the order of the walk wins.
    (srcdir / 'specs' / 'b').symlink_to(linked)
    (srcdir / 'specs' / 'a').symlink_to(linked)
    (srcdir / 'specs' / 'z').symlink_to(other)
    project = Project.load(srcdir / 'conf.py')
    expected = {linked: 'specs/a/spec', other: 'specs/z/spec'}
    # Found early or late in the walk, and asked in either order.
    order = [linked, other] if first == 'linked' else [other, linked]
    for directory in order:
        assert project.docname_of(str(directory / 'spec.rst')) == expected[directory]
    assert project.docname_of(str(tmp_path / 'specs' / 'nowhere.rst')) is None
