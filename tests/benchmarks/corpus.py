"""Preparing a copy of a real specs corpus for acceptance runs and benchmarks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ['materialize']


def materialize(corpus: Path, target: Path) -> None:
    """Copy ``corpus`` to ``target``, turning stored link placeholders into links.

    A corpus snapshot may store a symbolic link as a small file that holds
    only the link's relative target; such files become links again.
    """
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(corpus, target, symlinks=True)
    for root, dirs, files in os.walk(target):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
        for name in files:
            path = os.path.join(root, name)
            if os.path.islink(path):
                continue
            os.chmod(path, 0o644)
            if os.path.getsize(path) >= 200:
                continue
            text = Path(path).read_text(errors='replace').strip()
            if (
                text
                and '\n' not in text
                and ' ' not in text
                and (os.path.exists(os.path.join(root, text)))
            ):
                os.remove(path)
                os.symlink(text.rstrip('/'), path)
