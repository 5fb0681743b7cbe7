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

from sphinxcontrib_specs import __version__
from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.publish.discovery import link_feed
from sphinxcontrib_specs.adapter.publish.output import Published, _Output
from sphinxcontrib_specs.adapter.publish.refresh import (
    _BUILDERS,
    assignment_line,
    links_of,
    write_redirects,
)
from sphinxcontrib_specs.core.githead import head_commit

__all__ = ['setup']


logger = logging.getLogger(__name__)


def write_outputs(app: Sphinx, exception: Exception | None) -> None:
    """On a successful html or dirhtml build, write every enabled output.

    Each output is made again only when what it is made from changed since
    the output directory got it (:class:`Published`), or it is missing: a
    rebuild after editing one spec's text makes none of them.
    """
    builder = app.builder
    if exception is not None or not (
        isinstance(builder, StandaloneHTMLBuilder) and builder.name in _BUILDERS
    ):
        return
    domain = get_domain(app.env)
    options = domain.settings.publishing
    published = Published(app)
    if options.redirect_patterns or options.redirects:
        write_redirects(app, builder, options, published)
    made_of = (
        domain.generation,
        # Where pages are (html_file_suffix, html_link_suffix, dirhtml),
        # which no record holds, and where each spec's source is.
        links_of(builder),
        Published.key(sorted(domain.source_path(d) for d in domain.specs)),
        app.config.project,
        app.config.html_baseurl,
    )
    if options.json_file is not None:
        key = published.key(made_of, options.json_file, __version__)
        if not published.current(options.json_file, key):
            # The writers are imported when they write: most rebuilds make neither.
            from sphinxcontrib_specs.adapter.publish.export import export_json

            _write_output(app, options.json_file, export_json(app, builder), 'specs_json')
            published.note(options.json_file, key)
    if options.feed_file is not None:
        # The feed dates specs by their commits: made again at another one.
        head = head_commit(str(app.srcdir))
        key = published.key(made_of, options, head, app.config.author, __version__)
        if head is None or not published.current(options.feed_file, key):
            from sphinxcontrib_specs.adapter.publish.atom import export_feed

            _write_output(app, options.feed_file, export_feed(app, builder, options), 'specs_feed')
            published.note(options.feed_file, key)
    published.save()


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
