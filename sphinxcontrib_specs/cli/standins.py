"""Sphinx's directives and roles, stood in for while docutils reads a spec.

The command line reads specs with docutils alone (:mod:`.reader`).  Directives
and roles docutils does not know (Sphinx's own, such as ``toctree`` or
``:doc:``, and any extension's) become stand-ins: a directive is one body
element, or nothing for the few Sphinx directives that render nothing; a role
is its text, or its explicit title (``:doc:`Title <path>``` gives ``Title``),
as in the doctree Sphinx reads.  Sphinx's roles that need no environment
(``:kbd:``, ``:guilabel:`` and the like) are Sphinx's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from docutils import nodes, utils
from docutils.nodes import Node, system_message
from docutils.parsers.rst import Directive, directives, roles, states
from docutils.parsers.rst.languages import en as english
from sphinx.util.nodes import split_explicit_title

__all__ = ['StandIns', 'default_role']


#: Directives docutils knows that Sphinx replaces by its own, whose output
#: (a literal block) a stand-in matches without docutils' syntax highlighting.
_SPHINX_OWN_DIRECTIVES = frozenset({'code', 'code-block', 'sourcecode'})
#: Sphinx directives that put nothing in the doctree (with default settings).
_SILENT_DIRECTIVES = frozenset(
    {
        'default-domain',
        'currentmodule',
        'py:currentmodule',
        'sectionauthor',
        'moduleauthor',
        'codeauthor',
        'c:namespace',
        'c:namespace-push',
        'c:namespace-pop',
        'cpp:namespace',
        'cpp:namespace-push',
        'cpp:namespace-pop',
    }
)


class _AnyOptions(dict[str, Callable[[str], Any]]):
    """An option spec that accepts every option."""

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return directives.unchanged


class _StandInDirective(Directive):
    """A directive docutils does not know: one body element, content unread."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOptions({'class': directives.unchanged, 'name': directives.unchanged})

    def run(self) -> list[Node]:
        return [nodes.container()]


class _SilentDirective(_StandInDirective):
    def run(self) -> list[Node]:
        return []


def _stand_in_role(  # noqa: PLR0917 (the docutils role signature)
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: states.Inliner,
    options: Mapping[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[Node], list[system_message]]:
    """A role docutils does not know: the text a cross-reference role shows."""
    explicit, title, target = split_explicit_title(utils.unescape(text))
    if not explicit:
        title = title.removeprefix('!')
        if title.startswith('~'):
            title = title[1:].rpartition('.')[2]
        base = name.lower().rpartition(':')[2]
        if base == 'pep':
            title = f'PEP {target}'
        elif base == 'rfc':
            title = _format_rfc_target(target)
    return [nodes.inline(rawtext, title)], []


def _format_rfc_target(target: str) -> str:
    # Sphinx 8.2 and later spell anchors out ("RFC 7232 Section 2.2").
    import sphinx.roles

    formatter = getattr(sphinx.roles, '_format_rfc_target', None)
    return str(formatter(target)) if formatter is not None else f'RFC {target}'


#: Every name :func:`_sphinx_text_roles` can give a role for, in any supported
#: Sphinx (a test keeps it in step).  A role of another name needs no
#: ``sphinx.roles``, which takes longer to import than a spec takes to check.
_SPHINX_TEXT_ROLE_NAMES = frozenset(
    {
        'abbr',
        'command',
        'dfn',
        'file',
        'guilabel',
        'kbd',
        'mailheader',
        'makevar',
        'menuselection',
        'mimetype',
        'newsgroup',
        'pep',
        'program',
        'regexp',
        'rfc',
        'samp',
    }
)


def _sphinx_text_roles() -> dict[str, Any]:
    """Sphinx's roles that need no environment, and its own ``pep`` and ``rfc``.

    They take precedence over docutils' roles of the same name, as in Sphinx.
    """
    import sphinx.roles

    found: dict[str, Any] = {'pep': _stand_in_role, 'rfc': _stand_in_role}
    for name, nodeclass in sphinx.roles.generic_docroles.items():
        generic: Any = roles.GenericRole(name, nodeclass)
        found[name] = roles.CustomRole(name, generic, {'classes': [name]})
    for name in ('guilabel', 'menuselection', 'file', 'samp', 'abbr', 'kbd'):
        if name in sphinx.roles.specific_docroles:
            found[name] = sphinx.roles.specific_docroles[name]
    return found


class StandIns:
    """While active, unknown directives and roles resolve to stand-ins.

    It takes docutils' directive and role lookups over, as Sphinx's
    ``CustomReSTDispatcher`` does, and falls back on them.
    """

    def __init__(self) -> None:
        self._roles: dict[str, Any] | None = None
        self._directive = directives.directive
        self._role = roles.role

    def __enter__(self) -> None:
        self._directive = directives.directive
        self._role = roles.role
        directives.directive = self.directive
        roles.role = self.role

    def __exit__(self, *exc_info: object) -> None:
        directives.directive = self._directive
        roles.role = self._role

    def directive(
        self, directive_name: str, language_module: Any, document: nodes.document
    ) -> tuple[type[Directive] | None, list[system_message]]:
        name = directive_name.lower()
        if name in _SPHINX_OWN_DIRECTIVES:
            return _StandInDirective, []
        found, messages = self._directive(directive_name, language_module, document)
        if found is not None:
            return found, messages
        if name in _SILENT_DIRECTIVES:
            return _SilentDirective, []
        return _StandInDirective, []

    def role(
        self, role_name: str, language_module: Any, lineno: int, reporter: utils.Reporter
    ) -> tuple[Any, list[system_message]]:
        name = role_name.lower()
        if name in _SPHINX_TEXT_ROLE_NAMES:
            if self._roles is None:
                self._roles = _sphinx_text_roles()
            own = self._roles.get(name)
            if own is not None:
                return own, []
        found: Any
        found, messages = self._role(role_name, language_module, lineno, reporter)
        if found is not None:
            return found, messages
        return _stand_in_role, []


@contextmanager
def default_role(name: str) -> Iterator[None]:
    """``name`` the role of interpreted text that names none, as in Sphinx.

    What ``sphinx.util.rst.default_role`` does, without importing it (it
    loads much of Sphinx that nothing else here needs).  Inside the
    stand-ins, every name resolves to a role.
    """
    if name:
        reporter = utils.Reporter('', 4, 4)
        found, _messages = roles.role(name, english, 0, reporter)  # type: ignore[arg-type]
        if found:
            roles.register_local_role('', found)
    try:
        yield
    finally:
        roles._roles.pop('', None)  # type: ignore[attr-defined]  # noqa: SLF001
