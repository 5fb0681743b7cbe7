"""The redirects a build would refuse, found before the build.

No baseline holds a finding about the published site (``specs.redirect``),
so ``sphinx-specs init`` lists these for the user to fix before the build
runs under ``-W``.  The ``redirects`` files and ``specs_redirects`` are read
as the build reads them, and followed to the project's documents.
"""

from __future__ import annotations

from sphinxcontrib_specs.checking.redirect_files import read_redirects
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.core import redirects

__all__ = ['redirect_problems']


def redirect_problems(project: Project) -> list[redirects.Problem]:
    """Every redirect the build would report, in (file, line) order.

    A redirect to a generated index page counts as leading somewhere: the
    build writes those pages before it reads anything.
    """
    settings = project.settings
    entries, problems = read_redirects(settings, project.srcdir, project.exclude_patterns)
    generated = f'{settings.index_dir}/' if settings.index_dir else None
    followed = [e for e in entries if generated is None or not e.target.startswith(generated)]
    _resolved, unresolved = redirects.resolve(followed, set(project.documents))
    return sorted([*problems, *unresolved], key=lambda p: (p.origin, p.line, p.message))
