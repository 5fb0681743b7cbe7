"""Render the configuration and warning references from the package itself.

``.. specs-config-reference::`` renders every entry of
:data:`sphinxcontrib_specs.config.values.CONFIG_VALUES` as a ``confval`` (target
and ``:confval:`` role from Sphinx's standard domain).

``.. specs-warning-reference::`` renders every entry of
:data:`sphinxcontrib_specs.rules.registry.RULES`, grouped, each under a heading with
the label ``specs.<code>`` (for ``:ref:``).

Both generate reStructuredText and parse it with ``nested_parse_to_nodes``
(Sphinx 7.4 and later), so a docstring is parsed exactly like a page.  Each
generated line keeps the Python object it came from as its source, so a
markup error in a docstring is reported against that object.
"""

from __future__ import annotations

import inspect
import json
import pprint
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.parsing import nested_parse_to_nodes

from sphinxcontrib_specs.config.values import CONFIG_VALUES
from sphinxcontrib_specs.rules.registry import RULES

#: Defaults longer than this are shown as a code block, not inline.
_INLINE_DEFAULT = 60

#: How often each code fires on the nova-specs snapshot, written by
#: ``tests/acceptance/rule_counts.py``.
RULE_COUNTS = Path(__file__).resolve().parents[1] / 'rule_counts.json'


class _GeneratedReference(SphinxDirective):
    """A directive whose content is reStructuredText built from the code."""

    has_content = False

    def lines(self) -> StringList:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        return nested_parse_to_nodes(self.state, self.lines())


def _add(content: StringList, source: str, lines: list[str], indent: str = '') -> None:
    """Append ``lines``, each remembering ``source`` for error messages."""
    for offset, line in enumerate(lines):
        content.append(f'{indent}{line}' if line else '', source, offset)


def _docstring(doc: str) -> list[str]:
    return [*inspect.cleandoc(doc).splitlines(), '']


def _literal(value: Any) -> str:
    return f'``{value!r}``'


class ConfigReference(_GeneratedReference):
    """Every configuration value: name, type, default and documentation."""

    def lines(self) -> StringList:
        content = StringList()
        for value in CONFIG_VALUES:
            source = f'sphinxcontrib_specs.config.values.CONFIG_VALUES[{value.name}]'
            types = ' or '.join(f'``{t.__name__}``' for t in value.types)
            default = repr(value.default)
            header = [f'.. confval:: {value.name}', f'   :type: {types}']
            if len(default) <= _INLINE_DEFAULT:
                header.append(f'   :default: {_literal(value.default)}')
            _add(content, source, [*header, ''])
            _add(content, source, _docstring(value.doc), indent='   ')
            if len(default) > _INLINE_DEFAULT:
                block = pprint.pformat(value.default, width=72, sort_dicts=False)
                _add(content, source, ['Default:', '', '.. code-block:: python', ''], indent='   ')
                _add(content, source, [*block.splitlines(), ''], indent='      ')
        return content


def _summary(doc: str) -> str:
    return inspect.cleandoc(doc).split('\n\n', 1)[0].replace('\n', ' ')


class WarningReference(_GeneratedReference):
    """A summary table, then every warning code grouped, with its docstring."""

    def lines(self) -> StringList:
        content = StringList()
        source = 'sphinxcontrib_specs.rules.registry.RULES'
        table = [
            '.. list-table::',
            '   :header-rows: 1',
            '   :widths: 30 10 60',
            '',
            '   * - Code',
            '     - Default',
            '     - Summary',
        ]
        for rule in RULES.values():
            table += [
                f'   * - :ref:`specs.{rule.name} <specs.{rule.name}>`',
                f'     - {"on" if rule.default else "off"}',
                f'     - {_summary(rule.doc)}',
            ]
        _add(content, source, [*table, ''])

        self.env.note_dependency(str(RULE_COUNTS))
        counts = json.loads(RULE_COUNTS.read_text())['counts']
        groups: dict[str, list[str]] = {}
        for name, rule in RULES.items():
            groups.setdefault(rule.group, []).append(name)
        for group, names in groups.items():
            title = f'{group.capitalize()} warnings'
            _add(content, source, [title, '=' * len(title), ''])
            for name in names:
                self._rule(content, name, counts.get(name))
        return content

    @staticmethod
    def _rule(content: StringList, name: str, counts: dict[str, int] | None) -> None:
        rule = RULES[name]
        source = f'sphinxcontrib_specs.rules.registry.RULES[{name}]'
        heading = f'``specs.{name}``'
        if rule.options:
            options = ', '.join(f'``{k}`` ({_literal(v)})' for k, v in rule.options.items())
        else:
            options = 'none'
        counted = []
        if counts is not None:
            counted.append(
                f':On nova-specs: {counts["default"]} at the defaults, {counts["strict"]} with '
                'every rule on (:ref:`how counted <rule-counts>`)'
            )
        if rule.default:
            switch = f"Switch it off: ``specs_rules = {{'{name}': False}}``."
        else:
            switch = (
                f"Switch it on: ``specs_rules = {{'{name}': True}}``, or for some "
                'specs only with :confval:`specs_rule_overrides`.'
            )
        _add(
            content,
            source,
            [
                f'.. _specs.{name}:',
                '',
                heading,
                '-' * len(heading),
                '',
                f':Default: {"on" if rule.default else "off"}',
                f':Options: {options}',
                *counted,
                '',
            ],
        )
        _add(content, source, _docstring(rule.doc))
        _add(
            content,
            source,
            [
                f"{switch}  Hide the warning: ``suppress_warnings = ['specs.{name}']``.",
                '',
            ],
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive('specs-config-reference', ConfigReference)
    app.add_directive('specs-warning-reference', WarningReference)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
