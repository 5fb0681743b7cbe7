"""The settings that describe a repository's layout, worked out from a :class:`~.survey.Survey`.

Kinds from the templates named after them, docname patterns from the paths
of the documents of each kind, template paths from the template each spec
is nearest, ``specs_exclude`` globs for the pages the patterns would take
for specs, and project aliases.  A value is proposed only where its default
would not give every document the kind, fields and template found for it;
every value is tried with the loader the build uses.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sphinxcontrib_specs.checking.tree import excluded_by
from sphinxcontrib_specs.cli.proposal import FIELDS, Setting, count, shown
from sphinxcontrib_specs.cli.survey import (
    STATUSES,
    Page,
    Survey,
    describe,
    segment_class,
)
from sphinxcontrib_specs.cli.template_paths import find_templates
from sphinxcontrib_specs.config.load import load_settings
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.config.values import DEFAULT_KIND
from sphinxcontrib_specs.core.metadata import METADATA_FIELDS

__all__ = ['Layout', 'Shape', 'find_layout']

#: Order of the fields of patterns of one length: the pattern whose fields
#: accept least goes first (a status is one of a few names, a release any
#: name but a status, a project any name).
_ACCEPTS = {'literal': 0, 'status': 1, 'release': 2, 'project': 3}


@dataclass(frozen=True)
class Shape:
    """A document's directories as fields and literal names: ``specs/{release}/{status}``."""

    #: (part, name as written) per directory; part is a field or 'literal'.
    parts: tuple[tuple[str, str], ...]

    @property
    def pattern(self) -> str:
        segments = [name if part == 'literal' else f'{{{part}}}' for part, name in self.parts]
        return '/'.join([*segments, '{name}'])

    @property
    def fields(self) -> dict[str, str]:
        return {part: name for part, name in self.parts if part != 'literal'}

    @property
    def order(self) -> tuple[int, tuple[int, ...]]:
        return (-len(self.parts), tuple(_ACCEPTS[part] for part, _name in self.parts))


@dataclass
class Layout:
    """What :func:`find_layout` found: the settings, and what they leave unexplained."""

    settings: list[Setting] = field(default_factory=list)
    #: The shape of each spec's path.
    shapes: dict[str, Shape] = field(default_factory=dict)
    #: docname -> path of the template each spec of a kind with templates is
    #: checked against, or None where none applies.
    templates: dict[str, str | None] = field(default_factory=dict)
    #: Documents the settings do not take as found: (docname, what differs).
    unexplained: list[tuple[str, str]] = field(default_factory=list)


def _raw_parts(page: Page) -> list[tuple[str, str]]:
    """Each directory of ``page`` as (class, name); a bucket (``backlog``) is a
    status before a release (``backlog/2025.1``), else a release."""
    directories = page.directories
    classes = [segment_class(d) for d in directories]
    parts = []
    for index, (name, found) in enumerate(zip(directories, classes, strict=True)):
        kind = found
        if found == 'bucket':
            following = classes[index + 1] if index + 1 < len(classes) else None
            kind = 'status' if following == 'release' else 'release'
        parts.append((kind, name))
    return parts


def _project_key(name: str) -> str:
    return name.casefold().replace('_', '-').removeprefix('python-')


def shapes_of(pages: Iterable[Page]) -> dict[str, Shape]:
    """The shape of each page's path.

    A directory name that is neither a release nor a status is a project
    where documents of the same form have two or more names in its place,
    or where it is a project's name elsewhere (``glanceclient`` beside
    ``python-glanceclient``); else it is a literal part of the path
    (``specs``, ``postmortem``).
    """
    raw = {page.docname: _raw_parts(page) for page in pages}
    names_at: dict[tuple[tuple[str, ...], int], set[str]] = {}
    for parts in raw.values():
        form = tuple(kind for kind, _name in parts)
        for index, (kind, name) in enumerate(parts):
            if kind == 'other' and index > 0:
                names_at.setdefault((form, index), set()).add(name)
    projects = {_project_key(n) for names in names_at.values() if len(names) > 1 for n in names}
    shapes = {}
    for docname, parts in raw.items():
        shaped = []
        for index, (found, name) in enumerate(parts):
            kind = found
            if found == 'other':
                kind = 'project' if index > 0 and _project_key(name) in projects else 'literal'
            shaped.append((kind, name))
        shapes[docname] = Shape(tuple(shaped))
    return shapes


def ordered_patterns(shapes: Iterable[Shape]) -> list[str]:
    """The patterns of ``shapes``, each once, those that accept least first."""
    order: dict[str, tuple[int, tuple[int, ...]]] = {}
    for shape in shapes:
        order.setdefault(shape.pattern, shape.order)
    return sorted(order, key=lambda pattern: (order[pattern], pattern))


def project_aliases(shapes: Iterable[Shape]) -> dict[str, str]:
    """Projects spelled two ways, mapped to the spelling most specs use."""
    counts = Counter(shape.fields['project'] for shape in shapes if 'project' in shape.fields)
    groups: dict[str, list[str]] = {}
    for name in counts:
        groups.setdefault(_project_key(name), []).append(name)
    aliases = {}
    for names in groups.values():
        if len({n.casefold() for n in names}) < 2:
            continue
        main = max(names, key=lambda n: (counts[n], n))
        aliases.update({n: main for n in sorted(names) if n.casefold() != main.casefold()})
    return aliases


# -- trying settings -----------------------------------------------------------


class _Trial:
    """Settings tried on the survey's documents, with the loader the build uses."""

    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        project = survey.project
        self._excluded = excluded_by(project.exclude_patterns)
        self._suffixes = tuple(project.source_suffixes)

    def settings(self, values: Mapping[str, Any]) -> Settings:
        return load_settings(values, self.survey.srcdir, self._suffixes, self._excluded)

    def differences(
        self, settings: Settings, shapes: Mapping[str, Shape], kinds: Mapping[str, str]
    ) -> list[tuple[str, str]]:
        """(docname, what differs) for each document not taken as found."""
        found = []
        for docname, shape in sorted(shapes.items()):
            classified = settings.classify(docname)
            if classified is None:
                found.append((docname, 'not taken for a spec'))
                continue
            kind, fields = classified
            if kind.name != kinds[docname]:
                found.append((docname, f'taken for a {kind.name}'))
                continue
            wanted = shape.fields
            for name in FIELDS:
                have, want = fields.get(name), wanted.get(name)
                if name == 'status' and have and want:
                    have, want = STATUSES.canonical(have), STATUSES.canonical(want)
                if have != want:
                    found.append((docname, f'its {name} would be {fields.get(name)!r}'))
                    break
        return found


# -- kinds ---------------------------------------------------------------------


def _written_prefixes(survey: Survey, kind: str, pages: list[Page]) -> list[str]:
    """The title prefixes of a kind as written (``Spec Lite:``, ``Lite Spec:``)."""
    written: Counter[str] = Counter()
    for title in [t.outline.title for t in survey.families.get(kind, ())] + [
        p.outline.title for p in pages
    ]:
        head, colon, _rest = title.partition(':')
        if colon and head.strip():
            written[head.strip() + ':'] += 1
    keys = survey.template_title_prefixes(kind)
    # Each spelling once, ignoring case: the kind's titles are compared so.
    found: dict[str, str] = {}
    for prefix, _count in written.most_common():
        if ' '.join(sorted(prefix[:-1].casefold().split())) in keys:
            found.setdefault(prefix.casefold(), prefix)
    return list(found.values())


def _kind_template(survey: Survey, kind: str, pages: list[Page]) -> str | None:
    """The template a kind's documents follow, if they follow one: most of
    them have half its sections or more."""
    usable = [t for t in survey.families.get(kind, ()) if t.usable]
    if not usable:
        return None
    chosen = min(
        usable, key=lambda t: (survey.among_specs(t), t.excluded, t.path.count('/'), t.path)
    )
    sections = chosen.outline.sections
    following = sum(1 for p in pages if len(p.outline.sections & sections) * 2 >= len(sections))
    return chosen.path if following * 2 > len(pages) else None


def _kind_settings(
    survey: Survey, shapes: Mapping[str, Shape]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """``specs_kinds``, and the kinds its documents are recognised by title."""
    kinds: dict[str, dict[str, Any]] = {}
    by_title = []
    for kind in survey.kinds:
        if kind == DEFAULT_KIND:
            continue
        pages = survey.of_kind(kind)
        spec: dict[str, Any] = {}
        prefixes = _written_prefixes(survey, kind, pages)
        if prefixes:
            by_title.append(kind)
            spec['title'] = prefixes[0] if len(prefixes) == 1 else prefixes
        else:
            spec['patterns'] = ordered_patterns(shapes[p.docname] for p in pages)
        template = _kind_template(survey, kind, pages)
        if template is not None:
            spec['templates'] = [template]
        if any(set(p.outline.fields) - METADATA_FIELDS for p in pages) and not template:
            spec['content_fields'] = True
        if not prefixes and not any(
            'status' in shapes[p.docname].fields or 'status' in p.outline.fields for p in pages
        ):
            # No status directory, no status field: documents that are no
            # specs, listed only where a spec-index asks for them.
            spec['listed'] = False
            spec['status'] = False
        kinds[kind] = spec
    return kinds, by_title


# -- leaving pages out ---------------------------------------------------------


def _exclude_globs(survey: Survey, settings: Settings, shapes: Mapping[str, Shape]) -> list[str]:
    """Globs for the pages that are no specs and that the settings take for
    specs, none of which matches a spec: a view's directory; else the widest
    directory that holds no spec and is named as no field of a spec's path
    (``specs/api``); else the page's name in any directory."""
    specs = set(shapes)
    fields = {name for shape in shapes.values() for name in shape.fields.values()}
    taken = [
        docname
        for docname, role in sorted(survey.roles.items())
        if role.kind is None and settings.classify(docname) is not None
    ]
    globs: list[str] = []
    for docname in taken:
        if any(fnmatch.fnmatchcase(docname, g) for g in globs):
            continue
        directories = docname.split('/')[:-1]
        candidates = []
        if survey.roles[docname].reason == 'view':
            candidates.append('/'.join(directories) + '/*')
        candidates += [
            '/'.join(directories[:depth]) + '/*'
            for depth in range(2, len(directories) + 1)
            if directories[depth - 1] not in fields
            and segment_class(directories[depth - 1]) == 'other'
        ]
        if directories:
            candidates.append(f'{directories[0]}/*/{docname.rsplit("/", 1)[-1]}')
        globs.append(
            next(
                (g for g in candidates if not any(fnmatch.fnmatchcase(s, g) for s in specs)),
                docname,
            )
        )
    return globs


# -- all together --------------------------------------------------------------


def find_layout(survey: Survey) -> Layout:
    """The layout settings of the survey's project."""
    layout = Layout()
    trial = _Trial(survey)
    kinds_of = {page.docname: survey.roles[page.docname].kind or '' for page in survey.specs}
    shapes = shapes_of(survey.specs)
    layout.shapes = shapes
    values: dict[str, Any] = {'specs_templates': []}

    kinds, by_title = _kind_settings(survey, shapes)
    if kinds:
        values['specs_kinds'] = kinds
        layout.settings.append(Setting('specs_kinds', kinds, _kinds_comment(survey, kinds)))
    # The default kind's patterns find the documents of kinds known by title.
    default_docs = {d: s for d, s in shapes.items() if kinds_of[d] in (DEFAULT_KIND, *by_title)}
    differences = trial.differences(trial.settings(values), default_docs, kinds_of)
    if differences:
        patterns = ordered_patterns(default_docs.values())
        values['specs_patterns'] = patterns
        layout.settings.append(
            Setting('specs_patterns', patterns, _patterns_comment(default_docs))
        )

    aliases = project_aliases(shapes.values())
    if aliases:
        values['specs_project_aliases'] = aliases
        names = Counter(s.fields['project'] for s in shapes.values() if 'project' in s.fields)
        said = ', '.join(f'{a} ({count(names[a], "spec")}) is {m}' for a, m in aliases.items())
        layout.settings.append(
            Setting('specs_project_aliases', aliases, f'one project, two names: {said}')
        )

    del values['specs_templates']
    chosen, layout.templates = find_templates(
        survey, trial.settings, values, {d: s.fields for d, s in shapes.items()}
    )
    if chosen is not None:
        values['specs_templates'] = chosen.value
        layout.settings.append(chosen)

    settings = trial.settings(values)
    globs = _exclude_globs(survey, settings, shapes)
    if globs:
        values['specs_exclude'] = globs
        settings = trial.settings(values)
        excluded = [
            d for d, role in survey.roles.items() if role.kind is None and _matches(d, globs)
        ]
        layout.settings.append(Setting('specs_exclude', globs, _exclude_comment(survey, excluded)))
    layout.unexplained = trial.differences(settings, shapes, kinds_of) + [
        (d, 'taken for a spec')
        for d, role in sorted(survey.roles.items())
        if role.kind is None and settings.classify(d) is not None
    ]
    return layout


def _matches(docname: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(docname, g) for g in globs)


# -- comments ------------------------------------------------------------------


def _patterns_comment(docs: Mapping[str, Shape]) -> str:
    forms = Counter(shape.pattern for shape in docs.values())
    paths = ', '.join(f'{shown(p)} ({n})' for p, n in forms.most_common())
    return f'where the specs are: {paths}'


def _kinds_comment(survey: Survey, kinds: Mapping[str, Mapping[str, Any]]) -> str:
    parts = []
    for kind, spec in kinds.items():
        number = len(survey.of_kind(kind))
        how = (
            f'titled {spec["title"]!r}'
            if isinstance(spec.get('title'), str)
            else ('titled ' + ' or '.join(map(repr, spec['title'])) if 'title' in spec else '')
        )
        template = spec.get('templates')
        what = f'checked against {template[0]}' if template else 'no template fits them'
        parts.append(f'{count(number, kind)}{" " + how if how else ""} ({what})')
    return 'other kinds of document: ' + ', '.join(parts)


def _exclude_comment(survey: Survey, excluded: list[str]) -> str:
    reasons = Counter(survey.roles[d].reason for d in excluded)
    said = ', '.join(describe(r, n) for r, n in sorted(reasons.items(), key=lambda i: -i[1]))
    return f'among the specs, but no specs: {said}'
