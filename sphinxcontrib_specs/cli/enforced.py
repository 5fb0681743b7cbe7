"""What a repository already enforces on its specs, read from its own checks.

Two sources, read without running anything:

* a ``tests/test_titles.py`` in the style of nova's and neutron's: tuples
  of optional section titles (``OPTIONAL_SECTIONS = ('History',)``), lists
  of extra sections allowed (neutron's "older specs get a pass"), and a
  line length test (``len(line) < 80``, with nova's ``::`` exemption);
* ``doc8``, in ``tox.ini`` commands and in the ``[doc8]`` section of
  ``tox.ini``, ``setup.cfg``, ``.doc8`` or ``doc8.ini``: its ignored checks
  (``--ignore D001``: no line length) and ``max-line-length``.

The settings carry these over, so that the extension checks what the
repository checked, no more and no less where it can tell.
"""

from __future__ import annotations

import ast
import configparser
import glob
import os
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sphinxcontrib_specs.cli.proposal import Setting
from sphinxcontrib_specs.core.outline import normalize_title

__all__ = ['Enforced', 'enforced_settings', 'read_enforced']

#: doc8's checks that match a rule of the extension.
DOC8_RULES = {
    'D001': 'line_length',
    'D002': 'trailing_whitespace',
    'D003': 'tab',
    'D004': 'carriage_return',
}
_DOC8_FILES = ('tox.ini', 'setup.cfg', '.doc8', 'doc8.ini')
_OPTIONAL_NAME = re.compile(r'optional', re.IGNORECASE)
_EXTRA_NAME = re.compile(r'extra|allowed|pass', re.IGNORECASE)


@dataclass
class TitleTest:
    """What a title test checks."""

    path: str
    optional: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    #: The longest line allowed, if it tests line length.
    max_line: int | None = None
    #: Whether lines after one containing ``::`` are exempt, as nova's are.
    loose_literal_blocks: bool = False


@dataclass
class Doc8:
    """How ``doc8`` is run: where it was found, what it ignores."""

    source: str
    ignored: set[str] = field(default_factory=set)
    max_line: int | None = None


@dataclass
class Enforced:
    """The repository's own checks of its specs."""

    tests: list[TitleTest] = field(default_factory=list)
    doc8: Doc8 | None = None

    @property
    def line_length(self) -> tuple[bool | int, str] | None:
        """Whether lines are checked, or their limit, and what says so (None:
        nothing says)."""
        for test in self.tests:
            if test.max_line is not None:
                return test.max_line, f'{test.path} allows lines of {test.max_line} characters'
        if self.doc8 is not None:
            if 'D001' in self.doc8.ignored:
                return False, f'{self.doc8.source} runs doc8 --ignore D001: no line length'
            limit = self.doc8.max_line or 79
            return limit, f'{self.doc8.source} runs doc8: lines of {limit} characters'
        return None


def _strings(node: ast.AST) -> list[str]:
    return [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.strip()
    ]


def _line_limit(tree: ast.AST) -> int | None:
    """The longest line a ``len(line) < 80`` test allows."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare) or len(node.ops) != 1:
            continue
        left, right = node.left, node.comparators[0]
        if not (isinstance(left, ast.Call) and getattr(left.func, 'id', None) == 'len'):
            continue
        if not (isinstance(right, ast.Constant) and isinstance(right.value, int)):
            continue
        op = node.ops[0]
        if isinstance(op, ast.Lt):
            return right.value - 1
        if isinstance(op, (ast.LtE, ast.Gt)):
            return right.value
    return None


def read_title_test(path: str, shown: str) -> TitleTest | None:
    """What the title test at ``path`` checks; None if it is no title test."""
    try:
        with open(path, encoding='utf-8', errors='replace') as stream:
            text = stream.read()
        tree = ast.parse(text)
    except (OSError, SyntaxError, ValueError):
        return None
    if 'publish_doctree' not in text and 'titles' not in text:
        return None
    test = TitleTest(shown)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Assign, ast.AnnAssign)):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if not names or node.value is None:
            continue
        if any(_OPTIONAL_NAME.search(name) for name in names):
            test.optional.extend(_strings(node.value))
        elif any(_EXTRA_NAME.search(name) for name in names):
            test.extra.extend(_strings(node.value))
    test.max_line = _line_limit(tree)
    test.loose_literal_blocks = test.max_line is not None and "'::'" in text.replace('"', "'")
    test.optional = list(dict.fromkeys(test.optional))
    test.extra = [t for t in dict.fromkeys(test.extra) if t not in test.optional]
    return test


def _doc8_arguments(words: list[str], found: Doc8) -> None:
    for index, word in enumerate(words):
        option, value = word, None
        if '=' in word and word.startswith('--'):
            option, value = word.split('=', 1)
        elif index + 1 < len(words):
            value = words[index + 1]
        if option == '--ignore' and value:
            found.ignored.update(v.strip().upper() for v in value.split(',') if v.strip())
        elif option == '--max-line-length' and value and value.isdigit():
            found.max_line = int(value)


def _doc8_section(parser: configparser.ConfigParser, found: Doc8) -> None:
    section = parser['doc8']
    ignored = section.get('ignore', '')
    found.ignored.update(v.strip().upper() for v in re.split(r'[,\s]+', ignored) if v.strip())
    limit = section.get('max-line-length', section.get('max_line_length', ''))
    if limit.strip().isdigit():
        found.max_line = int(limit)


def read_doc8(root: str) -> Doc8 | None:
    """How the repository at ``root`` runs doc8, if it does."""
    for name in _DOC8_FILES:
        path = os.path.join(root, name)
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read(path, encoding='utf-8')
        except (configparser.Error, UnicodeDecodeError):
            continue
        if parser.has_section('doc8'):
            found = Doc8(f'{name} [doc8]')
            _doc8_section(parser, found)
            return found
        for section in parser.sections():
            commands = parser[section].get('commands', '')
            for line in commands.splitlines():
                try:
                    words = shlex.split(line)
                except ValueError:
                    continue
                if words and os.path.basename(words[0]) == 'doc8':
                    found = Doc8(name)
                    _doc8_arguments(words[1:], found)
                    return found
    return None


def _title_tests(root: str) -> Iterable[str]:
    return sorted(glob.glob(os.path.join(root, 'tests', 'test_*.py')))


def read_enforced(root: str) -> Enforced:
    """The checks of the repository at ``root``."""
    enforced = Enforced(doc8=read_doc8(root))
    for path in _title_tests(root):
        test = read_title_test(path, os.path.relpath(path, root).replace(os.sep, '/'))
        if test is not None:
            enforced.tests.append(test)
    return enforced


def _sections(enforced: Enforced, titles: Mapping[str, str]) -> Setting | None:
    """``specs_sections`` for the titles the tests make optional or allow.

    ``titles`` maps the folded title of each template section to the title
    as written.  An optional title no template has is left out (nothing
    demands it); an allowed one that a template has needs nothing.
    """
    sections: dict[str, dict[str, Any]] = {}
    sources = []
    for test in enforced.tests:
        optional = [titles[key] for key in map(normalize_title, test.optional) if key in titles]
        extra = [title for title in test.extra if normalize_title(title) not in titles]
        sections.update({title: {'optional': True} for title in optional})
        sections.update({title: {'extra': True} for title in extra})
        if optional or extra:
            said = []
            if optional:
                said.append(f'{", ".join(optional)} optional')
            if extra:
                said.append(f'{", ".join(extra)} allowed as extra sections')
            sources.append(f'{test.path}: {"; ".join(said)}')
    if not sections:
        return None
    return Setting('specs_sections', sections, '; '.join(sources))


def _rules(enforced: Enforced) -> Setting | None:
    rules: dict[str, Any] = {}
    reasons = []
    line_length = enforced.line_length
    loose = any(test.loose_literal_blocks for test in enforced.tests)
    if line_length is not None:
        limit, reason = line_length
        options: dict[str, Any] = {}
        if limit is not False and limit != 79:
            options['max'] = limit
        if limit is not False and loose:
            options['loose_literal_blocks'] = True
            reason += ", none after a line with '::'"
        if limit is False:
            rules['line_length'] = False
        elif options:
            rules['line_length'] = options
        if 'line_length' in rules:
            reasons.append(reason)
    doc8 = enforced.doc8
    if doc8 is not None:
        ignored = sorted(code for code in doc8.ignored if code in DOC8_RULES and code != 'D001')
        for code in ignored:
            rules[DOC8_RULES[code]] = False
        if ignored:
            reasons.append(f'{doc8.source} ignores {", ".join(ignored)}')
    if not rules:
        return None
    return Setting('specs_rules', rules, '; '.join(reasons))


def enforced_settings(enforced: Enforced, titles: Mapping[str, str]) -> list[Setting]:
    """The settings that check what the repository's own checks check."""
    return [s for s in (_sections(enforced, titles), _rules(enforced)) if s is not None]
