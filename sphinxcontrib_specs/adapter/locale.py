"""Words on pages in the reader's language.

Every label the pages show goes through :data:`_`, a translator of the
message catalog ``sphinxcontrib_specs`` (:data:`CATALOG`), which
:func:`sphinxcontrib_specs.adapter.setup` registers with Sphinx from the
package's ``locale`` directory.  A project's own catalogs (its
``locale_dirs``) come first, so ``language = 'de'`` with a
``sphinxcontrib_specs.mo`` there translates them; ``locale/*.pot`` is the
template to translate from.
"""

from __future__ import annotations

import os

from sphinx.locale import get_translation

__all__ = ['CATALOG', 'LOCALE_DIR', '_']

#: The message catalog's name (its ``.po`` and ``.mo`` files are named so).
CATALOG = 'sphinxcontrib_specs'

#: Where the package's own catalogs and the catalog template live.
LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'locale')

_ = get_translation(CATALOG)
