"""The redirects a build would refuse, found before the build.

No baseline holds a finding about the published site (``specs.redirect``),
so ``sphinx-specs init`` lists these for the user to fix before the build
runs under ``-W``.  The ``redirects`` files and ``specs_redirects`` are read
as the build reads them, and followed to the project's documents.
"""

from __future__ import annotations

import os

from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.core import redirects

__all__ = ['redirect_problems']


def redirect_problems(project: Project) -> list[redirects.Problem]:
    """Every redirect the build would report, in (file, line) order.

    A redirect to a generated index page counts as leading somewhere: the
    build writes those pages before it reads anything.
    """
    from sphinx.util.matching import get_matching_files

    settings = project.settings
    options = settings.publishing
    entries: list[redirects.RedirectLine] = []
    problems: list[redirects.Problem] = []
    found = get_matching_files(
        project.srcdir, options.redirect_patterns, tuple(project.exclude_patterns)
    )
    for path in sorted(found):
        try:
            with open(
                os.path.join(project.srcdir, path), encoding='utf-8', errors='replace'
            ) as stream:
                text = stream.read()
        except OSError as exc:
            problems.append(redirects.Problem(path, 1, f'cannot read the redirects file: {exc}'))
            continue
        lines, refused = redirects.parse_file(text, path, settings.source_suffixes)
        entries += lines
        problems += refused
    lines, refused = redirects.parse_mapping(
        options.redirects, 'specs_redirects', settings.source_suffixes
    )
    entries += lines
    problems += refused
    generated = f'{settings.index_dir}/' if settings.index_dir else None
    followed = [e for e in entries if generated is None or not e.target.startswith(generated)]
    _resolved, unresolved = redirects.resolve(followed, set(project.documents))
    return sorted([*problems, *unresolved], key=lambda p: (p.origin, p.line, p.message))
