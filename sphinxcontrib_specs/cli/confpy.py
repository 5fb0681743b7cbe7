"""Reading and editing ``conf.py`` for ``sphinx-specs init``.

Two changes, nothing else: ``'sphinxcontrib_specs'`` added to the literal
``extensions`` list, and a block of ``specs_*`` values between two marker
lines, appended at the end (or replacing the block an earlier run wrote).
A ``conf.py`` whose ``extensions`` is not a list written out, or that
cannot be parsed, is left alone: the command says why and prints what to
paste.
"""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sphinxcontrib_specs.cli.proposal import Setting

__all__ = ['BLOCK_END', 'BLOCK_START', 'ConfEdit', 'conf_values', 'plan_edit', 'render_block']

EXTENSION = 'sphinxcontrib_specs'
BLOCK_START = '# -- sphinx-specs (written by sphinx-specs init'
BLOCK_END = '# -- end of sphinx-specs'
_BLOCK_FIRST = f'{BLOCK_START}, replaced by its next run) --'
_BLOCK_LAST = f'{BLOCK_END} --'
#: What holds the block's place while the rest of conf.py is edited.
_PLACE = '# sphinx-specs: the block goes here'
_WIDTH = 79


# -- rendering -------------------------------------------------------------------


def _literal(value: Any, indent: int, used: int) -> str:
    """``value`` as Python source: on the rest of a line whose first ``used``
    characters are taken if it fits, else one item a line, indented from
    ``indent``."""
    flat = repr(value)
    if used + len(flat) <= _WIDTH or not isinstance(value, (dict, list, tuple)) or not value:
        return flat
    inner = indent + 4
    if isinstance(value, dict):
        items = [
            f'{" " * inner}{key!r}: ' + _literal(item, inner, inner + len(repr(key)) + 2) + ','
            for key, item in value.items()
        ]
        brackets = '{}'
    elif all(not isinstance(item, (dict, list, tuple)) for item in value):
        # Names: as many to a line as fit.
        items, line = [], ''
        for item in map(repr, value):
            if line and inner + len(line) + len(item) + 2 > _WIDTH:
                items.append(' ' * inner + line.rstrip())
                line = ''
            line += f'{item}, '
        items.append(' ' * inner + line.rstrip())
        brackets = '()' if isinstance(value, tuple) else '[]'
    else:
        items = [f'{" " * inner}{_literal(item, inner, inner)},' for item in value]
        brackets = '()' if isinstance(value, tuple) else '[]'
    return brackets[0] + '\n' + '\n'.join(items) + '\n' + ' ' * indent + brackets[1]


def _comment(text: str) -> list[str]:
    """``text`` as comment lines of at most the width."""
    lines, line = [], '#'
    for word in text.split():
        if len(line) + 1 + len(word) > _WIDTH and line != '#':
            lines.append(line)
            line = '#'
        line += ' ' + word
    lines.append(line)
    return lines


def render_settings(settings: Sequence[Setting]) -> list[str]:
    """The lines of each setting: its comment, then its assignment."""
    lines: list[str] = []
    for setting in settings:
        lines.extend(_comment(setting.comment))
        lines.append(f'{setting.name} = {_literal(setting.value, 0, len(setting.name) + 3)}')
    return lines


def render_block(settings: Sequence[Setting]) -> str:
    """The marked block of ``settings`` (empty when there is none)."""
    if not settings:
        return ''
    return '\n'.join([_BLOCK_FIRST, *render_settings(settings), _BLOCK_LAST]) + '\n'


# -- reading ---------------------------------------------------------------------


def _block_span(lines: Sequence[str]) -> tuple[int, int] | str | None:
    """The first and last line index of the block; None if there is none;
    a problem if its marker lines are not a pair."""
    starts = [i for i, line in enumerate(lines) if line.startswith(BLOCK_START)]
    ends = [i for i, line in enumerate(lines) if line.startswith(BLOCK_END)]
    if not starts and not ends:
        return None
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        return (
            f'its sphinx-specs block is damaged (lines starting {BLOCK_START!r} and '
            f'{BLOCK_END!r} must come once each, in this order)'
        )
    return starts[0], ends[0]


def without_block(text: str) -> str:
    """``conf.py`` without the block an earlier run wrote (as it was before)."""
    lines = text.splitlines(keepends=True)
    span = _block_span([line.rstrip('\r\n') for line in lines])
    if not isinstance(span, tuple):
        return text
    start, end = span
    before = lines[:start]
    # The blank line written before the block goes with it.
    if before and not before[-1].strip():
        before = before[:-1]
    return ''.join(before + lines[end + 1 :])


def conf_values(conf: str) -> tuple[dict[str, Any], set[str]]:
    """What ``conf.py`` sets outside the block, as Sphinx would execute it, and
    the names of the ``specs_*`` values it assigns there.

    Raises OSError, SyntaxError or anything the file itself raises.
    """
    with open(conf, encoding='utf-8') as stream:
        text = without_block(stream.read())
    tree = ast.parse(text, conf)
    assigned = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name) and target.id.startswith('specs_')
    }
    from sphinx.util.tags import Tags

    namespace: dict[str, Any] = {'__file__': conf, 'tags': Tags()}
    current = os.getcwd()
    # As Sphinx executes it: in its directory.
    os.chdir(os.path.dirname(conf))
    try:
        exec(compile(tree, conf, 'exec'), namespace)
    finally:
        os.chdir(current)
    return namespace, assigned


# -- editing ---------------------------------------------------------------------


@dataclass(frozen=True)
class ConfEdit:
    """What to do to ``conf.py``: its new text, or why it cannot be edited."""

    path: str
    before: str
    after: str | None
    #: Why ``conf.py`` cannot be edited safely (then ``after`` is None).
    problem: str | None = None
    adds_extension: bool = False

    @property
    def changes(self) -> bool:
        return self.after is not None and self.after != self.before


def _extensions_list(tree: ast.Module) -> ast.List | ast.Tuple | str | None:
    """The list ``extensions`` is assigned, written out; None if there is no
    ``extensions``; or why the name cannot be added to it safely."""
    assignments = [
        node
        for node in ast.walk(tree)
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
        and any(
            isinstance(t, ast.Name) and t.id == 'extensions'
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
    ]
    if not assignments:
        if any(
            isinstance(n, ast.ImportFrom) and any(a.name == '*' for a in n.names)
            for n in tree.body
        ):
            return 'it sets no extensions, and an import * may set them'
        return None
    node = assignments[0]
    if (
        len(assignments) > 1
        or not isinstance(node, ast.Assign)
        or node not in tree.body
        or not isinstance(node.value, (ast.List, ast.Tuple))
        or not all(isinstance(e, ast.Constant) for e in node.value.elts)
    ):
        return 'its extensions is not one list of names, so where to add one is unclear'
    return node.value


def _extension_edit(text: str, tree: ast.Module) -> tuple[str, bool] | str:
    """``text`` with the extension in ``extensions``, and whether it was added;
    or why that cannot be done safely."""
    if any(isinstance(n, ast.Constant) and n.value == EXTENSION for n in ast.walk(tree)):
        return text, False
    value = _extensions_list(tree)
    if isinstance(value, str):
        return value
    if value is None:
        return text.replace(_PLACE, f'extensions = [{EXTENSION!r}]\n\n{_PLACE}', 1), True
    lines = text.split('\n')
    end_row, end_column = _end(lines, value)
    if not value.elts:
        # [] or (): the name goes before the closing bracket.
        line = lines[end_row]
        lines[end_row] = line[: end_column - 1] + repr(EXTENSION) + line[end_column - 1 :]
        return '\n'.join(lines), True
    last = value.elts[-1]
    row, column = _end(lines, last)
    line = lines[row]
    if row == end_row:
        lines[row] = f'{line[:column]}, {EXTENSION!r}{line[column:]}'
        return '\n'.join(lines), True
    # One name a line: one more line like the last one.
    if not line[column:].lstrip().startswith(','):
        lines[row] = f'{line[:column]},{line[column:]}'
    start = lines[last.lineno - 1]
    indent = start[: len(start) - len(start.lstrip())]
    lines.insert(row + 1, f'{indent}{EXTENSION!r},')
    return '\n'.join(lines), True


def _end(lines: Sequence[str], node: ast.expr) -> tuple[int, int]:
    """The line index and character column where ``node`` ends (ast counts
    lines from 1, and columns in bytes)."""
    row = (node.end_lineno or node.lineno) - 1
    offset = node.end_col_offset or 0
    return row, len(lines[row].encode('utf-8')[:offset].decode('utf-8', 'replace'))


def plan_edit(conf: str, block: str) -> ConfEdit:
    """The edit of ``conf`` that adds the extension and puts ``block`` in place
    of an earlier one (or at the end; an empty block removes the earlier one)."""
    try:
        with open(conf, 'rb') as stream:
            data = stream.read()
    except OSError as exc:
        return ConfEdit(conf, '', None, f'it cannot be read ({exc.strerror})')
    try:
        before = data.decode('utf-8')
    except UnicodeDecodeError:
        return ConfEdit(conf, '', None, 'it is not UTF-8')
    newline = '\r\n' if '\r\n' in before else '\n'
    lines = before.replace('\r\n', '\n').split('\n')
    span = _block_span(lines)
    if isinstance(span, str):
        return ConfEdit(conf, before, None, span)
    # The block's place is held by one comment line while the rest is edited.
    if isinstance(span, tuple):
        lines[span[0] : span[1] + 1] = [_PLACE]
    else:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ['', _PLACE, '']
    text = '\n'.join(lines)
    try:
        tree = ast.parse(text, conf)
    except (SyntaxError, ValueError) as exc:
        return ConfEdit(conf, before, None, f'it cannot be parsed ({exc})')
    edited = _extension_edit(text, tree)
    if isinstance(edited, str):
        return ConfEdit(conf, before, None, edited)
    text, added = edited
    lines = text.split('\n')
    place = lines.index(_PLACE)
    if block:
        lines[place : place + 1] = block.rstrip('\n').split('\n')
    else:
        del lines[place]
        if 0 < place <= len(lines) and not lines[place - 1].strip():
            del lines[place - 1]
    after = '\n'.join(lines).rstrip('\n') + '\n'
    return ConfEdit(conf, before, after.replace('\n', newline), None, added)


def print_diff(edit: ConfEdit, shown: str) -> None:
    """The change as a unified diff, for review."""
    import difflib

    assert edit.after is not None
    sys.stdout.writelines(
        difflib.unified_diff(
            edit.before.splitlines(keepends=True),
            edit.after.splitlines(keepends=True),
            f'{shown} (before)',
            f'{shown} (after)',
        )
    )
