"""The kinds of document: their patterns, templates and sections, validated.

The default kind, ``spec``, is set by ``specs_patterns``, ``specs_templates``
and ``specs_sections``; the others by ``specs_kinds``.  A section setting
must name a section of one of its kind's templates, unless it accepts a
title the templates lack (``extra``, ``until``).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any

from sphinxcontrib_specs.config.common import (
    as_list,
    did_you_mean,
    names,
    release_hint,
    unknown_keys,
)
from sphinxcontrib_specs.config.settings import Kind
from sphinxcontrib_specs.config.values import CONFIG_VALUES, DEFAULT_KIND
from sphinxcontrib_specs.core.outline import (
    Outline,
    normalize_title,
    template_outline,
)
from sphinxcontrib_specs.core.patterns import Pattern, PatternError, as_glob, template_fields
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.template import SectionRule, section_titles

__all__ = ['Templates', 'load_kinds', 'template_files']

#: The keys of a ``specs_sections`` entry, and of a kind.
SECTION_KEYS = ('optional', 'since', 'until', 'aliases', 'extra')
KIND_KEYS = (
    'patterns',
    'templates',
    'sections',
    'title',
    'fields',
    'content_fields',
    'listed',
    'status',
)


def _patterns(
    name: str, value: object, suffixes: Sequence[str], problems: list[str]
) -> tuple[Pattern, ...]:
    items = names(value)
    if items is None:
        problems.append(f'{name}: expected a list of docname patterns, got {value!r}')
        return ()
    compiled = []
    for item in items:
        suffix = next((s for s in suffixes if item.endswith(s)), None)
        if suffix is not None:
            problems.append(
                f'{name}: {item!r} ends in {suffix!r}, but a pattern matches docnames, which '
                f'have no suffix; write {item[: -len(suffix)]!r}'
            )
            continue
        try:
            compiled.append(Pattern.compile(item))
        except PatternError as exc:
            problems.append(f'{name}: {exc}')
    return tuple(compiled)


def _template_paths(name: str, value: object, problems: list[str]) -> tuple[str, ...] | None:
    """The template paths; None if ``value`` is not a list of them."""
    items = names(value)
    if items is None:
        problems.append(f'{name}: expected a list of template paths, got {value!r}')
        return None
    for item in items:
        try:
            template_fields(item)
        except PatternError as exc:
            problems.append(f'{name}: {exc}')
    return tuple(items)


class Templates:
    """The files that template paths find, and their sections' titles; read once.

    ``paths`` is None when the configured value is no list of paths: then
    no section setting is checked against the templates.
    """

    def __init__(self, srcdir: str, paths: Sequence[str] | None) -> None:
        self.srcdir = srcdir
        self.paths = paths

    @cached_property
    def files(self) -> frozenset[str]:
        """The template files, relative to the source directory."""
        found: set[str] = set()
        for candidate in self.paths or ():
            found.update(
                os.path.relpath(path, self.srcdir).replace(os.sep, '/')
                for path in glob.glob(os.path.join(self.srcdir, as_glob(candidate)))
                if os.path.isfile(path)
            )
        return frozenset(found)

    @cached_property
    def outlines(self) -> list[Outline]:
        """The outline of every file that can be read, in path order."""
        outlines = []
        for path in sorted(self.files):
            try:
                with open(
                    os.path.join(self.srcdir, path), encoding='utf-8-sig', errors='replace'
                ) as stream:
                    outlines.append(template_outline(stream.read()))
            except OSError:
                continue
        return outlines

    @cached_property
    def titles(self) -> dict[str, str]:
        """Folded title -> title as written, of every section of every file."""
        titles: dict[str, str] = {}
        for outline in self.outlines:
            for title in section_titles(outline):
                titles.setdefault(normalize_title(title), title)
        return titles

    @cached_property
    def level_one_titles(self) -> dict[str, str]:
        """As :attr:`titles`, for the level-1 sections only."""
        titles: dict[str, str] = {}
        for outline in self.outlines:
            for title in section_titles(outline, level_one=True):
                titles.setdefault(normalize_title(title), title)
        return titles


def _title_prefixes(name: str, value: object, problems: list[str]) -> tuple[str, ...]:
    items = as_list(value)
    if items is None:
        problems.append(f'{name}: expected a title prefix or a list of them, got {value!r}')
        return ()
    return tuple(normalize_title(item) for item in items)


def _field_tests(name: str, value: object, problems: list[str]) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        problems.append(f'{name}: expected a dict of field name to value, got {value!r}')
        return {}
    tests = {}
    for field_name, accepted in value.items():
        globs = as_list(accepted)
        if not isinstance(field_name, str) or not field_name.strip() or not globs:
            problems.append(
                f'{name}[{field_name!r}]: expected a value or a list of values (globs), '
                f'got {accepted!r}'
            )
            continue
        tests[field_name.strip().lower()] = tuple(normalize_title(g) for g in globs)
    return tests


def _unknown_section(where: str, title: str, templates: Templates) -> str:
    """The problem of a ``specs_sections`` title that no template has."""
    hint = did_you_mean(title, templates.titles.values())
    if not hint:
        files = ', '.join(sorted(templates.files))
        hint = (
            f'; use the title of a section of {files}'
            if files
            else '; there is no template to have it: the template paths find no file'
        )
    return f'{where}: no template has a section titled {title!r}{hint}'


def _sections(
    name: str,
    value: object,
    releases: ReleaseTable,
    templates: Templates,
    problems: list[str],
) -> dict[str, SectionRule]:
    if not isinstance(value, Mapping):
        problems.append(f'{name}: expected a dict of section title to settings, got {value!r}')
        return {}
    result = {}
    for title, spec in value.items():
        where = f'{name}[{title!r}]'
        if not isinstance(title, str) or not title.strip():
            problems.append(f'{name}: expected section titles as keys; got {title!r}')
            continue
        if not isinstance(spec, Mapping):
            problems.append(
                f'{where}: expected a dict with keys {", ".join(SECTION_KEYS)}; got {spec!r}'
            )
            continue
        if unknown_keys(where, spec, SECTION_KEYS, problems):
            continue
        accepts = spec.get('extra') is True or spec.get('until') is not None
        if (
            templates.paths is not None
            and normalize_title(title) not in templates.titles
            and not accepts
        ):
            problems.append(_unknown_section(where, title, templates))
        flags = {key: spec.get(key) for key in ('optional', 'extra')}
        wrong = [f'{k}={v!r}' for k, v in flags.items() if not isinstance(v, (bool, type(None)))]
        if wrong:
            problems.append(f'{where}: {", ".join(wrong)}; expected True or False')
            continue
        since, until = spec.get('since'), spec.get('until')
        unknown = [
            f'{key}={bound!r} is not a known release{release_hint(bound, releases)}'
            for key, bound in (('since', since), ('until', until))
            if bound is not None
            and (not isinstance(bound, str) or not releases.parse(bound).known)
        ]
        if unknown:
            problems.extend(f'{where}: {problem}' for problem in unknown)
            continue
        if since and until and releases.parse(since).key > releases.parse(until).key:
            problems.append(
                f'{where}: since={since!r} is after until={until!r}, so no spec would need it'
            )
            continue
        aliases = as_list(spec.get('aliases', []))
        if aliases is None:
            problems.append(f'{where}: aliases must be a list of titles')
            continue
        result[normalize_title(title)] = SectionRule(
            optional=flags['optional'],
            since=since,
            aliases=tuple(aliases),
            until=until,
            extra=flags['extra'] is True,
        )
    return result


def load_kinds(
    get: Callable[[str], Any],
    srcdir: str,
    source_suffixes: Sequence[str],
    releases: ReleaseTable,
    problems: list[str],
) -> list[tuple[Kind, Templates]]:
    """Every kind, the default one last, each with its templates."""
    kinds: list[tuple[Kind, Templates]] = []
    kind_values = get('specs_kinds')
    if not isinstance(kind_values, Mapping):
        problems.append(
            f'specs_kinds: expected a dict of kind name to settings; got {kind_values!r}'
        )
        kind_values = {}
    for kind_name, spec in kind_values.items():
        where = f'specs_kinds[{kind_name!r}]'
        if not isinstance(kind_name, str) or not kind_name.strip():
            problems.append(f'specs_kinds: expected kind names as keys; got {kind_name!r}')
            continue
        if kind_name == DEFAULT_KIND:
            problems.append(
                f'{where}: {DEFAULT_KIND!r} is the default kind, which specs_patterns, '
                'specs_templates and specs_sections set; choose another name'
            )
            continue
        if not isinstance(spec, Mapping):
            problems.append(f'{where}: expected a dict with keys {", ".join(KIND_KEYS)}')
            continue
        unknown_keys(where, spec, KIND_KEYS, problems)
        flags = {}
        for flag, default in (('content_fields', False), ('listed', True), ('status', True)):
            flags[flag] = spec.get(flag, default)
            if not isinstance(flags[flag], bool):
                problems.append(f'{where}[{flag}]: expected True or False')
                flags[flag] = default
        patterns = _patterns(
            f'{where}[patterns]', spec.get('patterns', []), source_suffixes, problems
        )
        if not flags['status']:
            problems.extend(
                f'{where}[patterns]: {pattern.text!r} takes a status from the path, but the '
                "kind has none (status: False); write the pattern without '{status}'"
                for pattern in patterns
                if 'status' in pattern.regex.groupindex
            )
        paths = _template_paths(f'{where}[templates]', spec.get('templates', []), problems)
        templates = Templates(srcdir, paths)
        kind = Kind(
            kind_name,
            patterns,
            paths or (),
            _sections(
                f'{where}[sections]', spec.get('sections', {}), releases, templates, problems
            ),
            title_prefixes=_title_prefixes(f'{where}[title]', spec.get('title', []), problems),
            field_tests=_field_tests(f'{where}[fields]', spec.get('fields', {}), problems),
            content_fields=flags['content_fields'],
            listed=flags['listed'],
            has_status=flags['status'],
        )
        if not kind.patterns and not kind.by_content:
            problems.append(f'{where}: give it patterns, a title or fields to recognise it by')
        kinds.append((kind, templates))
    patterns = _patterns('specs_patterns', get('specs_patterns'), source_suffixes, problems)
    paths = _template_paths('specs_templates', get('specs_templates'), problems)
    templates = Templates(srcdir, paths)
    default_kind = Kind(
        DEFAULT_KIND,
        patterns,
        paths or (),
        _sections('specs_sections', get('specs_sections'), releases, templates, problems),
    )
    kinds.append((default_kind, templates))
    return kinds


def template_files(
    kinds: Sequence[tuple[Kind, Templates]], srcdir: str, problems: list[str]
) -> set[str]:
    """The template files of every kind; a kind whose template paths find none
    is a problem.

    Unless they are the default ``specs_templates``: a site with no template
    of its own may have no specs either (it only cites those of others), and
    a spec that has none gets a finding of its own.
    """
    default = next(v.default for v in CONFIG_VALUES if v.name == 'specs_templates')
    files: set[str] = set()
    for kind, kind_templates in kinds:
        if not kind.templates:
            continue
        unset = kind.name == DEFAULT_KIND and list(kind.templates) == list(default)
        if not kind_templates.files and (kind.patterns or kind.by_content) and not unset:
            name = (
                'specs_templates'
                if kind.name == DEFAULT_KIND
                else (f'specs_kinds[{kind.name!r}][templates]')
            )
            tried = ', '.join(repr(t) for t in kind.templates)
            problems.append(
                f'{name}: no template exists at any of {tried} (relative to {srcdir}); '
                f'point it at your template, or set it to [] to check no structure'
            )
        files |= kind_templates.files
    return files
