"""Words on pages in the reader's language.

Every label the pages show goes through :func:`_`, a translator of the
message catalog ``sphinxcontrib_specs`` (:data:`CATALOG`), which
:func:`sphinxcontrib_specs.adapter.setup` registers with Sphinx from the
package's ``locale`` directory.  :func:`load_catalogs` puts a project's own
catalogs (its ``locale_dirs``) before the package's, so ``language = 'de'``
with a ``sphinxcontrib_specs.po`` there translates them; ``locale/*.pot``
is the template to translate from.

Labels the core modules make (status labels, "No release") cannot be
marked where they are written, as the core does not import Sphinx: they are
marked in :data:`CORE_LABELS` and translated when shown (:func:`label`).
"""

from __future__ import annotations

import os

from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.i18n import CatalogRepository

from sphinxcontrib_specs.core.grouping import Ordering

__all__ = ['CATALOG', 'CORE_LABELS', 'LOCALE_DIR', 'N_', '_', 'label', 'load_catalogs']

#: The message catalog's name (its ``.po`` and ``.mo`` files are named so).
CATALOG = 'sphinxcontrib_specs'

#: Where the package's own catalogs and the catalog template live.
LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'locale')

_translate = locale.get_translation(CATALOG)


def _(message: str) -> str:
    """``message`` in the language of the build, looked up now.

    Call it when a page is made, never at import: the language is known
    only once ``conf.py`` is read.
    """
    # Before Sphinx registers the catalog, get_translation hands out lazy
    # proxies; a page's text must be a plain string.
    return str(_translate(message))


def N_(message: str) -> str:  # noqa: N802 (the gettext name for "mark, do not translate")
    """Mark ``message`` for the catalog template without translating it."""
    return message


#: The labels of ``sphinxcontrib_specs.core`` that pages show: the default
#: statuses, the release buckets and the headings of specs without a value.
CORE_LABELS = (
    N_('Approved'),
    N_('Implemented'),
    N_('In progress'),
    N_('Ongoing'),
    N_('Done'),
    N_('Backlog'),
    N_('Ideas'),
    N_('Untargeted'),
    N_('Release independent'),
    N_('Not implemented'),
    N_('Superseded'),
    N_('Retired'),
    N_('Abandoned'),
    N_('No release'),
    N_('No status'),
    N_('Other'),
)


def label(ordering: Ordering, dimension: str, value: str) -> str:
    """How a page shows ``value`` of ``dimension``, in the language of the build.

    Statuses, release buckets and the headings of specs without a value are
    words, so they are translated; release numbers, series names and
    project names are names, so they are shown as they are.
    """
    text = ordering.label(dimension, value)
    if not value or dimension == 'status':
        return _(text)
    if dimension == 'release' and ordering.releases.parse(value).is_bucket:
        return _(text)
    return text


def load_catalogs(app: Sphinx, config: Config) -> None:
    """Translate with the project's catalogs first, then the package's.

    Sphinx looks in ``locale_dirs`` for its own catalog only; this does for
    ``sphinxcontrib_specs`` what Sphinx does for ``sphinx``: compile a
    ``.po`` newer than its ``.mo`` (unless ``gettext_auto_build`` is off),
    then load the ``.mo`` files of ``language``.  Connected to
    ``config-inited``, so every page and generated source is made with them.
    """
    repo = CatalogRepository(
        app.srcdir, list(config.locale_dirs), config.language, config.source_encoding
    )
    if config.gettext_auto_build:
        for catalog in repo.catalogs:
            if catalog.domain == CATALOG and catalog.is_outdated():
                catalog.write_mo(config.language, config.gettext_allow_fuzzy_translations)
    # locale.init adds the directories it is given as fallbacks of the
    # catalogs it loaded before (the package's, at setup): start afresh so
    # that the project's translations win.
    locale.translators.pop(('general', CATALOG), None)
    locale.init([*repo.locale_dirs, LOCALE_DIR], config.language, CATALOG)
