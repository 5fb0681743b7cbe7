"""The template each spec was written from, and the template paths that find it.

For each spec, the template nearest it (:func:`nearest_template`): the one
of its release where there is one, else the nearest shared one, never a
copy among specs or a template the build excludes where another will do.
Then the fewest template paths, with the spec's fields in them, that give
every spec a template with the same text (:func:`template_paths`), where
the default ones do not.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from sphinxcontrib_specs.cli.proposal import FIELDS, Setting, count, shown
from sphinxcontrib_specs.cli.survey import Page, Survey, TemplateFile
from sphinxcontrib_specs.config.settings import Settings, SettingsError
from sphinxcontrib_specs.config.values import DEFAULT_KIND
from sphinxcontrib_specs.core.patterns import as_glob
from sphinxcontrib_specs.core.releases import ReleaseTable

__all__ = ['find_templates']

#: Loads settings from ``specs_*`` values, as the build would.
Loader = Callable[[Mapping[str, Any]], Settings]


class _Digests(dict[str, str]):
    """What tells each template's text from any other (its copies have the
    same), read once."""

    def __missing__(self, path: str) -> str:
        try:
            with open(path, 'rb') as stream:
                digest = hashlib.sha1(stream.read(), usedforsecurity=False).hexdigest()
        except OSError:
            digest = path
        self[path] = digest
        return digest


def nearest_template(survey: Survey, page: Page, release: str | None) -> TemplateFile | None:
    """The template a spec was written from: one for its release where there
    is one, else the nearest shared one; never a copy among specs or a
    template the build excludes where another will do."""
    spellings = set(ReleaseTable().spellings(release)) if release else set()
    page_dirs = _ancestors(page.docname)
    best: tuple[tuple[int, ...], TemplateFile] | None = None
    for template in survey.families.get(DEFAULT_KIND, ()):
        if not template.usable:
            continue
        directory = template.path.rpartition('/')[0]
        outside = template.path.startswith('../')
        stem = template.stem
        if stem:
            if stem not in spellings:
                continue
            tier = 0
        elif directory.rpartition('/')[2] in spellings:
            tier = 1
        elif outside or directory in page_dirs:
            tier = 2
        else:
            continue
        distance = len(page_dirs) - page_dirs.index(directory) if directory in page_dirs else 99
        key = (
            int(survey.among_specs(template)),
            int(template.excluded),
            tier,
            distance,
            int(outside),
        )
        if best is None or key < best[0]:
            best = (key, template)
    return best[1] if best is not None else None


def _ancestors(docname: str) -> list[str]:
    """The directories above a docname, the source directory ('') first."""
    parts = docname.split('/')[:-1]
    return ['/'.join(parts[:depth]) for depth in range(len(parts) + 1)]


def _generalised(path: str, fields: Mapping[str, str]) -> str:
    """``path`` with the spec's release, status and project as fields."""
    segments = path.split('/')
    for index, segment in enumerate(segments):
        for name in FIELDS:
            value = fields.get(name)
            if not value:
                continue
            if segment == value:
                segments[index] = f'{{{name}}}'
            elif index == len(segments) - 1 and segment.startswith(f'{value}-template'):
                segments[index] = f'{{{name}}}' + segment[len(value) :]
    return '/'.join(segments)


def _template_candidates(
    survey: Survey,
    intended: Mapping[str, str],
    fields_of: Mapping[str, Mapping[str, str]],
    digests: _Digests,
) -> list[str]:
    """Template paths that give each spec a template like its intended one
    (``intended``: docname -> digest), fewest first: each next path the one
    that serves most of the specs still unserved."""
    by_digest: dict[str, list[TemplateFile]] = {}
    for template in survey.families.get(DEFAULT_KIND, ()):
        if template.usable:
            by_digest.setdefault(digests[template.real], []).append(template)
    serves: dict[str, set[str]] = {}
    for docname, digest in intended.items():
        fields = fields_of[docname]
        for template in by_digest.get(digest, ()):
            candidate = _generalised(template.path, fields)
            serves.setdefault(candidate, set()).add(docname)
    chosen: list[str] = []
    unserved = set(intended)
    while unserved:
        ranked = sorted(
            serves,
            key=lambda c: (-len(serves[c] & unserved), c.startswith('../'), c.count('/'), c),
        )
        if not ranked or not serves[ranked[0]] & unserved:
            break
        chosen.append(ranked[0])
        unserved -= serves[ranked[0]]
    # A path with more fields is more specific: it goes first.
    return sorted(chosen, key=lambda c: -c.count('{'))


def _template_problems(
    settings: Settings, intended: Mapping[str, str | None], survey: Survey, digests: _Digests
) -> list[tuple[str, str]]:
    """(docname, what differs) for each spec not given its intended template."""
    problems = []
    for docname, wanted in sorted(intended.items()):
        page = survey.pages[docname]
        applicable = settings.resolve(docname, page.header)
        if applicable is None:
            continue
        path, _tried = applicable.template_lookup
        if wanted is None:
            continue
        if path is None:
            problems.append((docname, 'no template found'))
        elif digests[os.path.realpath(os.path.join(survey.srcdir, path))] != wanted:
            problems.append((docname, f'template {path}'))
        elif applicable.passed_over:
            problems.append((docname, f'passes over {applicable.passed_over[0]}'))
    return problems


def find_templates(
    survey: Survey,
    load: Loader,
    values: Mapping[str, Any],
    fields_of: Mapping[str, Mapping[str, str]],
) -> tuple[Setting | None, dict[str, str | None]]:
    """``specs_templates``, if the default will not do, and the template each
    spec of the default kind is then checked against (None: none).

    ``values`` are the other settings; ``fields_of`` gives the fields of
    each spec's path.
    """
    settings = load({**values, 'specs_templates': []})
    digests = _Digests()
    intended: dict[str, str | None] = {}
    for docname, page in survey.pages.items():
        if survey.roles[docname].kind != DEFAULT_KIND:
            continue
        applicable = settings.resolve(docname, page.header)
        release = applicable.stated.get('release') if applicable is not None else None
        template = nearest_template(survey, page, release)
        intended[docname] = digests[template.real] if template is not None else None
    try:
        problems = _template_problems(load(values), intended, survey, digests)
    except SettingsError:
        # No template where the default paths look.
        problems = [('', 'no template')]
    chosen = None
    if intended and not any(intended.values()):
        # No template anywhere: nothing to check sections against.
        problems = [('', 'no template')]
    if problems:
        wanted = {d: digest for d, digest in intended.items() if digest is not None}
        chosen = _template_candidates(survey, wanted, fields_of, digests)
        values = {**values, 'specs_templates': chosen}
    settings = load(values)
    found: dict[str, str | None] = {}
    for docname in intended:
        applicable = settings.resolve(docname, survey.pages[docname].header)
        found[docname] = applicable.template_lookup[0] if applicable is not None else None
    if chosen is None:
        return None, found
    comment = (
        _templates_comment(found, chosen)
        if chosen
        else 'no template found: sections are not checked'
    )
    return Setting('specs_templates', chosen, comment), found


def _templates_comment(found: Mapping[str, str | None], chosen: list[str]) -> str:
    counts: Counter[str] = Counter()
    for path in found.values():
        if path is None:
            continue
        candidate = next((c for c in chosen if fnmatch.fnmatchcase(path, as_glob(c))), path)
        counts[candidate] += 1
    paths = ', else '.join(f'{shown(c)[:-4]} ({count(counts[c], "spec")})' for c in chosen)
    return f'the template each spec was written from: {paths}'
