"""The package's shape: layers that import only downwards, one complete registry.

The layers are folders (see the architecture page of the docs): ``core``,
``rules``, ``config``, ``checking``, then ``adapter`` and ``cli`` side by
side.  A module may import from its own layer and the layers before it,
never after; the model and the rules import no Sphinx, so they can be
tested and used without it.  Whoever imports the rules, the build or the
command line, sees every warning code.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOTS

import sphinxcontrib_specs
from sphinxcontrib_specs.config.values import CONFIG_VALUES
from sphinxcontrib_specs.rules.registry import RULES

PACKAGE = Path(sphinxcontrib_specs.__file__).parent
LAYERS = {'core': 0, 'rules': 1, 'config': 2, 'checking': 3, 'adapter': 4, 'cli': 4}
DOC = Path(__file__).parents[1] / 'doc'


def _python(code: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter, so that nothing is imported yet."""
    return subprocess.run(
        [sys.executable, '-c', code], capture_output=True, text=True, check=False, cwd=cwd
    )


def _modules() -> dict[str, Path]:
    return {
        '.'.join(path.relative_to(PACKAGE.parent).with_suffix('').parts).removesuffix(
            '.__init__'
        ): path
        for path in sorted(PACKAGE.rglob('*.py'))
    }


def _imports(path: Path) -> set[str]:
    """The package modules ``path`` imports when it is imported.

    Imports inside functions (lazy ones) and under ``TYPE_CHECKING`` do not
    run at import time, so they are left out.
    """
    found = set()
    tree = ast.parse(path.read_text(encoding='utf-8'))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f'{node.module}.{alias.name}' for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.startswith('sphinxcontrib_specs.'))
    return found & set(_modules())


def _layer(module: str) -> int | None:
    parts = module.split('.')
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


@pytest.mark.parametrize('module', sorted(m for m in _modules() if _layer(m) is not None))
def test_modules_import_only_their_own_layer_and_those_before(module: str) -> None:
    layer = _layer(module)
    assert layer is not None
    upward = sorted(
        imported for imported in _imports(_modules()[module]) if (_layer(imported) or 0) > layer
    )
    assert upward == []


def test_there_is_no_import_circle() -> None:
    graph = {module: _imports(path) for module, path in _modules().items()}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in done:
            return
        assert module not in visiting, ' -> '.join([*visiting, module])
        visiting.append(module)
        for imported in sorted(graph[module]):
            # A package's modules import the package's __init__ first.
            if imported != module and not module.startswith(f'{imported}.'):
                visit(imported)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


def test_no_module_is_over_500_lines() -> None:
    sizes = {m: len(p.read_text(encoding='utf-8').splitlines()) for m, p in _modules().items()}
    assert {m: n for m, n in sizes.items() if n > 500} == {}


def test_the_model_the_rules_and_the_configuration_import_no_sphinx() -> None:
    code = (
        'import importlib, json, sys\n'
        f'for name in {sorted(m for m in _modules() if (_layer(m) or 9) <= 2)!r}:\n'
        '    importlib.import_module(name)\n'
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'sphinx')))\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    'entry',
    [
        'sphinxcontrib_specs.cli',
        'sphinxcontrib_specs.adapter',
        'sphinxcontrib_specs.config.load',
        'sphinxcontrib_specs.rules.registry',
        'sphinxcontrib_specs.checking.document',
    ],
)
def test_every_entry_point_sees_every_warning_code(entry: str) -> None:
    result = _python(
        f'import json, {entry}\n'
        'from sphinxcontrib_specs.rules.registry import RULES\n'
        'print(json.dumps(list(RULES)))\n'
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == list(RULES)


def _project(tmp_path: Path, settings: str, opt_out: str = '') -> Path:
    srcdir = tmp_path / 'publish'
    shutil.copytree(ROOTS / 'test-publish', srcdir)
    with (srcdir / 'conf.py').open('a', encoding='utf-8') as conf:
        conf.write(settings)
    if opt_out:
        spec = srcdir / 'specs' / '2025.1' / 'approved' / 'cells.rst'
        spec.write_text(f'{opt_out}\n\n{spec.read_text(encoding="utf-8")}', encoding='utf-8')
    return srcdir


def _check(srcdir: Path) -> subprocess.CompletedProcess[str]:
    """``sphinx-specs check`` in a fresh interpreter, as pre-commit runs it."""
    return subprocess.run(
        [sys.executable, '-m', 'sphinxcontrib_specs', 'check', '-j', '1'],
        capture_output=True,
        text=True,
        check=False,
        cwd=srcdir,
    )


#: What the publish root's specs hold, whatever the rule settings of the site.
MISSING_SECTION = (
    "specs/2024.2/approved/ironic.rst:7: WARNING: missing required section 'Proposed change' "
    "(template specs/template.rst:10); add it after 'Problem description' "
    '[specs.missing_section]'
)


def test_the_command_line_accepts_every_code_the_build_accepts(tmp_path: Path) -> None:
    # Every code switched off, then every code on, by name.
    off = _check(
        _project(tmp_path / 'off', f'specs_rules = {{c: False for c in {list(RULES)!r}}}\n')
    )
    assert (off.returncode, off.stdout.splitlines(), off.stderr) == (
        0,
        [],
        'sphinx-specs: 5 specs checked, 0 findings\n',
    )
    on = _check(_project(tmp_path / 'on', "specs_rules = {'redirect': True}\n"))
    assert (on.returncode, on.stdout.splitlines()) == (1, [MISSING_SECTION])


def test_a_spec_may_opt_out_of_a_site_code_on_the_command_line(tmp_path: Path) -> None:
    result = _check(_project(tmp_path, '', '.. specs-lint: disable=redirect, duplicate_spec'))
    assert (result.returncode, result.stdout.splitlines()) == (1, [MISSING_SECTION])


def test_every_configuration_value_is_in_the_reference() -> None:
    # The reference is generated from CONFIG_VALUES by one directive; no
    # page may describe a value by hand, where it could drift.
    pages = {p: p.read_text(encoding='utf-8') for p in DOC.rglob('*.rst')}
    assert sum(text.count('.. specs-config-reference::') for text in pages.values()) == 1
    assert [p for p, text in pages.items() if '.. confval:: specs_' in text] == []
    names = [value.name for value in CONFIG_VALUES]
    assert len(names) == len(set(names))
    assert all(value.doc.strip() and value.summary for value in CONFIG_VALUES)
    assert {'specs_json', 'specs_feed', 'specs_redirects', 'specs_patterns'} <= set(names)
