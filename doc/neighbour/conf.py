"""A second, small specs site, built beside the documentation.

The how-to on linking specs (``howto/link-specs``) lists and cites its
specs from the documentation, the way a portal or a project's own
documentation would.  ``doc/_ext/neighbour.py`` builds it first, into the
documentation's build directory, and publishes it under ``neighbour/``.
"""

extensions = ['sphinxcontrib_specs']
project = 'Neighbour specs'
html_theme = 'alabaster'

# The index page is written by hand.
specs_index_dir = None
