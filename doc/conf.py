"""Sphinx configuration of the sphinx-specs documentation.

The documentation is built with the extension itself: the demo collection
under ``specs/`` and ``demo/`` is checked on every build, so
``sphinx-build -nW`` fails if a demo spec stops matching its template.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '_ext'))

from sphinxcontrib_specs import __version__

project = 'sphinx-specs'
author = 'sphinx-specs developers'
copyright = 'sphinx-specs developers'
version = release = __version__

extensions = [
    'sphinxcontrib_specs',
    'specs_reference',
    'sphinx.ext.intersphinx',
    # A second specs site, built first and published beside this one, whose
    # specs howto/link-specs lists and cites: it sets specs_external and
    # intersphinx_mapping to what it built (see _ext/neighbour.py).
    'neighbour',
]

# recipes/ holds configuration files shown with literalinclude, not sources;
# neighbour/ is the source of another site.
exclude_patterns = ['_build', 'recipes', 'neighbour']

html_theme = 'alabaster'
html_theme_options = {
    'description': 'Check design specs against their template in sphinx-build',
}

# The demo collection.  The nova-style specs under specs/ need no settings:
# the default patterns and template paths find them.  The other four shapes
# are kinds of their own.
specs_kinds = {
    'rfe': {
        'patterns': ['demo/rfe/{name}'],
        'templates': ['demo/{kind}-template.rst'],
    },
    'storyboard': {
        'patterns': ['demo/storyboard/{name}'],
        'templates': ['demo/{kind}-template.rst'],
    },
    'oslo': {
        'patterns': ['demo/oslo/{release}/{name}'],
        'templates': ['demo/{kind}-template.rst'],
        'sections': {'Incubation': {'optional': True}},
    },
    'telemetry': {
        'patterns': ['demo/telemetry/{name}'],
        'templates': ['demo/{kind}-template.rst'],
    },
}
