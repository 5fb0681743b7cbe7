"""``python -m sphinxcontrib_specs``: the ``sphinx-specs`` command."""

from __future__ import annotations

import sys

from sphinxcontrib_specs.cli import main

if __name__ == '__main__':
    sys.exit(main())
