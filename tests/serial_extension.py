"""An extension that does not say whether it is safe for parallel reading,
for the tests: Sphinx then reads serially, and says so once."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    return {}
