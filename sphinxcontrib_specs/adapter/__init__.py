"""The Sphinx adapter: everything that runs inside ``sphinx-build``.

:func:`setup` registers the configuration values, the domain that keeps the
per-document records, the event handlers that build and report them
(:mod:`.events`), the index pages (:mod:`.indexes`) and publishing
(:mod:`.publish`).  The work itself is done by the layers below:
:mod:`sphinxcontrib_specs.checking` turns a doctree into a record with the
rules of :mod:`sphinxcontrib_specs.rules`, on the model of
:mod:`sphinxcontrib_specs.core`.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from sphinxcontrib_specs import __version__
from sphinxcontrib_specs.adapter import citing, events, history, indexes, publish, reading
from sphinxcontrib_specs.adapter.domain import SpecsDomain
from sphinxcontrib_specs.adapter.indexes.templates import note_template_title
from sphinxcontrib_specs.adapter.locale import CATALOG, LOCALE_DIR, load_catalogs
from sphinxcontrib_specs.checking.document import SKIPS_UNDECODABLE
from sphinxcontrib_specs.config.values import CONFIG_VALUES

__all__ = ['ENV_VERSION', 'setup']

#: Bump when the records kept in the environment change shape (6: the
#: metadata box is no longer in the pickled doctrees; 7: records are named
#: tuples).
ENV_VERSION = 7


def doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Everything the extension does with a document Sphinx has just read:
    what its record needs (links to specs by URL included), a template's
    title.

    One handler, after Sphinx's own (priority 600): in a build, each call
    into the extension after docutils has parsed a document starts with
    cold caches, which cost more than these steps' work together.
    """
    reading.read_doctree(app, doctree)
    note_template_title(app, doctree)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with ``app``."""
    for value in CONFIG_VALUES:
        app.add_config_value(
            value.name, value.default, value.rebuild, types=value.types, description=value.summary
        )
    app.add_domain(SpecsDomain)
    app.add_message_catalog(CATALOG, LOCALE_DIR)
    app.connect('config-inited', load_catalogs)
    app.connect('config-inited', events.check_config)
    if SKIPS_UNDECODABLE:
        app.connect('env-before-read-docs', events.leave_out_undecodable)
    app.connect('env-get-outdated', history.versions_changed)
    app.connect('env-before-read-docs', history.read_history)
    app.connect('env-before-read-docs', reading.start_reading)
    app.connect('doctree-read', doctree_read, priority=600)
    # The records, before anything that uses them.
    app.connect('env-updated', reading.check_read_specs, priority=100)
    app.connect('env-updated', events.settle_records)
    app.connect('env-updated', events.report_findings)
    app.connect('env-updated', history.report_history)
    app.connect('build-finished', events.save_outlines)
    indexes.setup(app)
    publish.setup(app)
    citing.setup(app)
    return {
        'version': __version__,
        'env_version': ENV_VERSION,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
