"""An HTML builder of another format, for the tests: the metadata box
reaches Sphinx's HTML writer as nodes, as it does every non-HTML builder."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder


class BoxNodesBuilder(StandaloneHTMLBuilder):
    """The ``html`` builder, under another format."""

    format = 'html-box-nodes'


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_builder(BoxNodesBuilder, override=True)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
