"""The Jinja templates of the pages the extension writes, which a project may override.

The package's own templates are in its ``templates/specs`` folder.  A
template of the same name in a folder of the project's ``templates_path``
(``_templates/specs/index-page.rst.jinja``, say) is used instead, and may
extend the package's own with ``{% extends '!specs/index-page.rst.jinja' %}``,
as Sphinx's HTML templates do.  The lookup is Sphinx's
(:class:`sphinx.util.template.SphinxTemplateLoader`).

Templates are rendered in Jinja's sandbox, with ``trim_blocks`` and
``lstrip_blocks`` (a line holding only a ``{% ... %}`` tag leaves nothing in
the output) and the final newline kept; a name no context holds is an error,
so a misspelt variable stops the build instead of showing nothing.  HTML
templates escape every value; in reStructuredText templates values are
inserted as they are, and the ``e`` filter escapes markup characters.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import rst
from sphinx.util.template import SphinxTemplateLoader

__all__ = ['INDEX_PAGE', 'REDIRECT_PAGE', 'TEMPLATES_DIR', 'PageTemplates']

#: The package's own templates (the system templates, in Sphinx's terms).
TEMPLATES_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'templates'
)

#: A generated index page under ``specs_index_dir``, below the mark that
#: tells generated files from a project's own.
INDEX_PAGE = 'specs/index-page.rst.jinja'

#: The refresh page written in place of a moved page.
REDIRECT_PAGE = 'specs/redirect.html.jinja'


def _environment(loader: SphinxTemplateLoader, *, html: bool) -> SandboxedEnvironment:
    environment = SandboxedEnvironment(
        loader=loader,
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if not html:
        environment.filters['e'] = environment.filters['escape'] = rst.escape
    return environment


class PageTemplates:
    """The templates found through ``templates_path`` (relative to ``confdir``),
    then in the package."""

    def __init__(self, confdir: str = '', templates_path: Sequence[str] = ()) -> None:
        loader = SphinxTemplateLoader(confdir, templates_path, [TEMPLATES_DIR])
        self._rst = _environment(loader, html=False)
        self._html = _environment(loader, html=True)
        # Each looked up once: Jinja looks at a template's file again at
        # every lookup, and a build renders hundreds of refresh pages.
        self._loaded: dict[tuple[bool, str], Template] = {}

    @classmethod
    def of(cls, app: Sphinx) -> PageTemplates:
        """The templates ``app``'s project sees."""
        return cls(str(app.confdir), list(app.config.templates_path))

    def render_rst(self, name: str, context: dict[str, Any]) -> str:
        """reStructuredText from the template ``name``; values as they are."""
        return self._render(False, name, context)

    def source(self, name: str) -> tuple[str, str]:
        """The file the template ``name`` is read from, and its text (what
        a page made from it depends on, with the package's version)."""
        try:
            text, filename, _uptodate = self._html.loader.get_source(self._html, name)  # type: ignore[union-attr]
        except TemplateError:
            return '', ''
        return filename or '', text

    def render_html(self, name: str, context: dict[str, Any]) -> str:
        """HTML from the template ``name``, every value escaped."""
        return self._render(True, name, context)

    def _render(self, html: bool, name: str, context: dict[str, Any]) -> str:
        # A broken override stops the build saying where it is, rather than
        # with a traceback through the event handler.
        template = self._loaded.get((html, name))
        try:
            if template is None:
                environment = self._html if html else self._rst
                template = self._loaded[html, name] = environment.get_template(name)
            return template.render(context)
        except TemplateError as exc:
            if isinstance(exc, TemplateSyntaxError):
                where = f'{exc.filename or name}:{exc.lineno}'
            elif template is not None and template.filename:
                where = template.filename
            else:
                where = name
            message = f'cannot render the template {where}: {exc}'
            raise ExtensionError(message, modname='sphinxcontrib_specs') from exc
