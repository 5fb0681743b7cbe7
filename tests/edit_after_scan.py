"""An extension that edits a spec after the header scan read it and before
Sphinx reads it, for the tests: as an author saving a file while a build
starts."""

from __future__ import annotations

import os
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

SPEC = 'specs/2025.1/parallel-backups.rst'


def _edit(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    path = os.path.join(str(app.srcdir), SPEC)
    with open(path, 'a', encoding='utf-8') as stream:
        stream.write('\nA line added after the scan, ending in a space. \n')
    # A later time, whatever the file system's clock granularity.
    status = os.stat(path)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect('env-before-read-docs', _edit)
    return {'parallel_read_safe': True}
