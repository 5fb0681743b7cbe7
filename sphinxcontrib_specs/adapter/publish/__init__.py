"""Publishing: redirect pages, ``specs.json`` and an Atom feed.

Everything here runs once, in the main process, on ``build-finished`` of
the ``html`` and ``dirhtml`` builders, from the records the domain holds
after reading (whichever process read them), so ``-j N`` and incremental
builds publish what a fresh ``-j 1`` build does.  Each file is written
atomically (:func:`sphinxcontrib_specs.core.files.write_atomically`), only
when its bytes change, and never outside the output directory; the
temporary files a build killed meanwhile left are removed from the
directories written into.
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.publish.atom import export_feed
from sphinxcontrib_specs.adapter.publish.discovery import link_feed
from sphinxcontrib_specs.adapter.publish.export import export_json
from sphinxcontrib_specs.adapter.publish.output import _Output
from sphinxcontrib_specs.adapter.publish.refresh import (
    _BUILDERS,
    assignment_line,
    write_redirects,
)

__all__ = ['setup']


logger = logging.getLogger(__name__)


def write_outputs(app: Sphinx, exception: Exception | None) -> None:
    """On a successful html or dirhtml build, write every enabled output."""
    builder = app.builder
    if exception is not None or not (
        isinstance(builder, StandaloneHTMLBuilder) and builder.name in _BUILDERS
    ):
        return
    options = get_domain(app.env).settings.publishing
    if options.redirect_patterns or options.redirects:
        write_redirects(app, builder, options)
    if options.json_file is not None:
        _write_output(app, options.json_file, export_json(app, builder), 'specs_json')
    if options.feed_file is not None:
        _write_output(app, options.feed_file, export_feed(app, builder, options), 'specs_feed')


def _write_output(app: Sphinx, name: str, data: bytes, value: str) -> None:
    if not _Output(str(app.outdir)).write(name, data):
        conf = os.path.join(str(app.confdir), 'conf.py')
        logger.warning(
            '%s: %s leaves the output directory (through a link); nothing written',
            value,
            name,
            type='specs',
            subtype='config',
            location=f'{conf}:{assignment_line(conf, value)}',
        )


def setup(app: Sphinx) -> None:
    """Connect publishing; called from the extension's ``setup()``."""
    app.connect('build-finished', write_outputs)
    app.connect('html-page-context', link_feed)
