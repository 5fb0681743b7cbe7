"""Build the neighbour site before the documentation, and publish it beside it.

``doc/neighbour/`` is a second, small specs site.  The how-to on linking
specs lists its specs (``specs_external``) and cites them (``:spec:``, and
through intersphinx), as a portal or a project's documentation would.  So
that the example is real, the neighbour is built first, with ``-W``, into
``neighbour/`` in the documentation's output directory, where the links
(relative: ``neighbour/``) find its pages; the documentation reads its
``specs.json`` and ``objects.inv`` from there.

What a project writes in its ``conf.py`` for a site published elsewhere
is in the how-to; here the paths depend on the build directory, which
``conf.py`` does not know, so they are set when the configuration is read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

SOURCE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'neighbour')


def build_neighbour(app: Sphinx, config: Config) -> None:
    """Build the neighbour site, and point this one at what it published."""
    output = os.path.join(str(app.outdir), 'neighbour')
    command = [
        sys.executable, '-m', 'sphinx', '-q', '-nW', '--keep-going', '-b', 'html',
        '-d', os.path.join(str(app.doctreedir), 'neighbour-doctrees'), SOURCE, output,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        msg = f'the neighbour site (doc/neighbour) does not build:\n{result.stderr}'
        raise ExtensionError(msg)
    config.specs_external = {'neighbour': (os.path.join(output, 'specs.json'), 'neighbour/')}
    config.intersphinx_mapping = {
        'neighbour': ('neighbour/', os.path.join(output, 'objects.inv')),
    }


def setup(app: Sphinx) -> dict[str, Any]:
    # Before the extension validates its configuration, and intersphinx its own.
    app.connect('config-inited', build_neighbour, priority=100)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
