"""sphinxcontrib_specs: check, index and publish a repository of design specs.

The package is layered; each folder imports only from those before it:

``core``
    the model: outlines, templates, patterns, statuses, releases, metadata,
    records, grouping, redirects, the feed; no Sphinx.
``rules``
    one pure function per warning code, in one registry.
``config``
    every ``specs_*`` value, declared once, and the validated settings.
``checking``
    a doctree (or a directory listing) in, a record with findings out;
    shared by the build and the command line.
``adapter``
    the Sphinx extension: domain, event handlers, index pages, publishing.
``cli``
    the ``sphinx-specs`` command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = '0.1.0'


def setup(app: Sphinx) -> dict[str, Any]:
    # Imported here, so that the command line, which needs no Sphinx
    # application, does not pay for importing one.
    from sphinxcontrib_specs.adapter import setup as setup_adapter

    return setup_adapter(app)
