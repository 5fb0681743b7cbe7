"""A Sphinx project as the command line sees it: its configuration and documents.

``conf.py`` is executed the way Sphinx executes it (the extensions it lists
are not imported, so a theme need not be installed); the ``specs_*`` values
go through :func:`~sphinxcontrib_specs.config.load.load_settings`, as in the
build; documents are found with Sphinx's own file discovery, so the command
line and the build agree on which files are documents and what their
docnames are.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sphinxcontrib_specs.checking.tree import excluded_by
from sphinxcontrib_specs.cli.reader import ReadOptions
from sphinxcontrib_specs.config.load import load_settings
from sphinxcontrib_specs.config.settings import Kind, Settings, SettingsError
from sphinxcontrib_specs.config.values import CONFIG_VALUES
from sphinxcontrib_specs.core.patterns import Pattern

__all__ = ['CONF_PLACES', 'Project', 'ProjectError', 'find_conf']


#: Where ``conf.py`` is looked for, in each directory from the current one up
#: to the repository root.
CONF_PLACES = (
    'conf.py',
    'doc/source/conf.py',
    'docs/source/conf.py',
    'doc/conf.py',
    'docs/conf.py',
    'source/conf.py',
)
_RST = 'restructuredtext'
_Matcher = Callable[[str], object]


class ProjectError(Exception):
    """The project cannot be used as configured; the message says what to do."""


def find_conf(start: Path, given: Path | None = None) -> Path:
    """The ``conf.py`` to use: ``given`` (a file or its directory), or found.

    Without ``given``, each of :data:`CONF_PLACES` is tried in ``start``,
    then in each parent directory up to the root of the repository (the
    first directory holding ``.git``).
    """
    if given is not None:
        conf = given / 'conf.py' if given.is_dir() else given
        if not conf.is_file():
            raise ProjectError(f'--conf {given}: there is no conf.py there')
        return conf.resolve()
    searched = []
    for directory in [start, *start.parents]:
        searched.append(directory)
        for place in CONF_PLACES:
            if (directory / place).is_file():
                return (directory / place).resolve()
        if (directory / '.git').exists():
            break
    where = (
        f'in {start}'
        if len(searched) == 1
        else f'in {start} and each parent directory up to {searched[-1]}'
    )
    raise ProjectError(
        f'no conf.py found: looked for {", ".join(CONF_PLACES)} {where}; '
        'pass --conf PATH (a conf.py or its directory)'
    )


def _file_id(path: str) -> tuple[int, int] | None:
    """What tells the file at ``path`` from any other, links followed (None if
    there is none)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _source_suffixes(value: object) -> dict[str, str]:
    """``source_suffix`` in the form Sphinx converts it to."""
    if isinstance(value, str):
        return {value: _RST}
    if isinstance(value, (list, tuple)):
        return dict.fromkeys(value, _RST)
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {'.rst': _RST}


class _Tags:
    """The ``tags`` that ``conf.py`` sees, as Sphinx's ``sphinx.util.tags.Tags``.

    Empty, as for sphinx-build without ``-t``.  Sphinx's class imports Jinja
    (to evaluate the conditions of ``.. only::``), which takes longer than
    checking a spec; one is made only if ``conf.py`` uses more of it than
    these methods.
    """

    def __init__(self) -> None:
        self._tags: set[str] = set()

    def __repr__(self) -> str:
        return f'Tags({tuple(sorted(self._tags))})'

    def __str__(self) -> str:
        return f'Tags({", ".join(sorted(self._tags))})'

    def __iter__(self) -> Iterator[str]:
        return iter(self._tags)

    def __contains__(self, tag: str) -> bool:
        return tag in self._tags

    def has(self, tag: str) -> bool:
        return tag in self._tags

    def add(self, tag: str) -> None:
        self._tags.add(tag)

    def remove(self, tag: str) -> None:
        self._tags.discard(tag)

    def __getattr__(self, name: str) -> Any:
        if name.startswith('_'):
            raise AttributeError(name)
        from sphinx.util.tags import Tags

        return getattr(Tags(self._tags), name)


@dataclass
class Project:
    """The configuration and the documents of one Sphinx project."""

    conf: Path
    srcdir: str
    settings: Settings
    read_options: ReadOptions
    source_suffixes: dict[str, str]
    #: Sphinx's exclude and include patterns for documents.
    excluded: list[str]
    included: list[str]
    #: ``exclude_patterns``, which the file rules leave out as the build does.
    exclude_patterns: list[str]

    @classmethod
    def load(cls, conf: Path, specs_values: Mapping[str, Any] | None = None) -> Project:
        """Read ``conf``: the settings and how to find the documents.

        ``specs_values``, if given, are the ``specs_*`` values to use instead
        of those ``conf.py`` sets (the settings ``sphinx-specs init``
        proposes, before it writes them); values it leaves out have their
        defaults.
        """
        from sphinx.config import Config
        from sphinx.errors import ConfigError
        from sphinx.project import EXCLUDE_PATHS

        conf = conf.resolve()
        confdir = str(conf.parent)
        try:
            config = Config.read(confdir, overrides={}, tags=_Tags())  # type: ignore[arg-type]
        except ConfigError as exc:
            raise ProjectError(f'{conf}: {exc}') from None
        for value in CONFIG_VALUES:
            config.add(value.name, value.default, 'env', value.types)
        # Builder values that decide which files are documents (html builders).
        for name in ('html_static_path', 'html_extra_path'):
            config.add(name, [], 'html', (list, tuple))
        # Publishing is validated with the rest: the feed needs the address,
        # and no published file may have the pages' suffix.
        config.add('html_baseurl', '', 'html', (str,))
        config.add('html_file_suffix', None, 'html', (str,))
        suffixes = _source_suffixes(config.source_suffix)
        values: dict[str, Any] = {
            value.name: config[value.name] if specs_values is None else value.default
            for value in CONFIG_VALUES
        }
        values.update(specs_values or {})
        values['html_baseurl'] = config.html_baseurl
        values['html_file_suffix'] = config.html_file_suffix
        try:
            settings = load_settings(
                values, confdir, tuple(suffixes), excluded_by(config.exclude_patterns)
            )
        except SettingsError as exc:
            raise ProjectError(
                f'{conf}: sphinxcontrib_specs: unusable configuration:\n{exc}'
            ) from None
        # What Sphinx's environment excludes when it looks for documents.
        excluded = [
            *config.exclude_patterns,
            *config.templates_path,
            *config.html_extra_path,
            *config.html_static_path,
        ]
        return cls(
            conf=conf,
            srcdir=confdir,
            settings=settings,
            read_options=ReadOptions.from_config(config),
            source_suffixes=suffixes,
            excluded=[*excluded, *EXCLUDE_PATHS],
            included=list(config.include_patterns),
            exclude_patterns=list(config.exclude_patterns),
        )

    @cached_property
    def documents(self) -> dict[str, str]:
        """docname -> source path relative to the source directory, of every document.

        Found as Sphinx finds them (symbolic links followed).
        """
        from sphinx.project import Project as SphinxProject

        sphinx_project = SphinxProject(self.srcdir, tuple(self.source_suffixes))
        docnames = sphinx_project.discover(self.excluded, self.included)
        return {
            docname: str(sphinx_project.doc2path(docname, absolute=False))
            for docname in sorted(docnames)
        }

    def path(self, docname: str) -> str:
        """The absolute source path of a document (in the source directory)."""
        return os.path.join(self.srcdir, self.source(docname))

    def source(self, docname: str) -> str:
        """The source path of a document, relative to the source directory."""
        if docname in self._sources:
            return self._sources[docname]
        return self.documents[docname]

    def is_spec(self, docname: str) -> bool:
        return self.settings.classify(docname) is not None

    def specs(self) -> list[str]:
        """Every spec, in docname order."""
        return [d for d in self.documents if self.is_spec(d)]

    @cached_property
    def _sources(self) -> dict[str, str]:
        # Documents found one at a time by docname_of, without discovery.
        return {}

    @cached_property
    def _matchers(self) -> tuple[Sequence[_Matcher], Sequence[_Matcher]]:
        from sphinx.util.matching import compile_matchers

        return compile_matchers(self.included), compile_matchers(self.excluded)

    def _is_document(self, relative: str) -> bool:
        """Whether Sphinx takes the file at ``relative`` for a document.

        As its discovery does: no excluded directory on the way, the file
        included and not excluded.
        """
        include, exclude = self._matchers
        parts = relative.split('/')
        for depth in range(1, len(parts)):
            if any(matcher('/'.join(parts[:depth])) for matcher in exclude):
                return False
        return any(m(relative) for m in include) and not any(m(relative) for m in exclude)

    @cached_property
    def _dirs_by_real_path(self) -> dict[str, str]:
        # Filled by _directory_of as far as the walk has gone.
        return {}

    @cached_property
    def _walked(self) -> list[tuple[str, list[str]]]:
        # (path relative to the source directory, file names) of each
        # directory _dir_walk has reached.
        return []

    @cached_property
    def _dir_walk(self) -> Iterator[tuple[str, str]]:
        """(path, path relative to the source directory) of every directory.

        In the order Sphinx's discovery walks them: links followed,
        excluded directories left out.
        """
        _include, exclude = self._matchers
        for root, dirs, files in os.walk(self.srcdir, followlinks=True):
            relative = os.path.relpath(root, self.srcdir).replace(os.sep, '/')
            relative = '' if relative == '.' else relative
            dirs[:] = [
                d
                for d in sorted(dirs)
                if not any(m(f'{relative}/{d}'.lstrip('/')) for m in exclude)
            ]
            self._walked.append((relative, sorted(files)))
            yield root, relative

    def _directory_of(self, real: str) -> str | None:
        """The first directory of the walk whose real path is ``real``, if any.

        The walk goes only as far as it must: a spec found early costs
        little of the walk of a large tree.
        """
        found = self._dirs_by_real_path
        if real in found:
            return found[real]
        for root, relative in self._dir_walk:
            real_dir = os.path.realpath(root)
            found.setdefault(real_dir, relative)
            if real_dir == real:
                return found[real]
        return None

    @cached_property
    def _by_real_path(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for docname in self.documents:
            found.setdefault(os.path.realpath(self.path(docname)), docname)
        return found

    def docname_of(self, path: str) -> str | None:
        """The docname of the document at ``path``, through symbolic links.

        A file that is gone (moved away) gets the docname it would have.
        None if ``path`` is not (or would not be) a document.
        """
        absolute = os.path.abspath(path)
        relative = os.path.relpath(absolute, self.srcdir).replace(os.sep, '/')
        if relative.startswith('../'):
            real = os.path.realpath(absolute)
            directory = self._directory_of(os.path.dirname(real))
            if directory is None:
                # A file linked into the source directory by itself.
                return self._by_real_path.get(real)
            relative = f'{directory}/{os.path.basename(real)}'.lstrip('/')
        return self._document_at(relative)

    def _document_at(self, relative: str) -> str | None:
        """The docname of the file at ``relative`` (to the source directory), if
        it is a document."""
        suffix = next((s for s in self.source_suffixes if relative.endswith(s)), None)
        if suffix is None or not self._is_document(relative):
            return None
        docname = relative[: -len(suffix)]
        self._sources[docname] = relative
        return docname

    def docnames_of(self, path: str) -> list[str]:
        """Every docname of the file at ``path``: that of ``path`` itself
        (:meth:`docname_of`), then, in the order of the walk, those it has
        through links: in a directory linked to the file's, or as a link
        to the file itself (a release view of links to the specs)."""
        first = self.docname_of(path)
        found = [] if first is None else [first]
        target = _file_id(path)
        if target is None:
            return found
        for _walked in self._dir_walk:
            pass
        for relative, files in self._walked:
            for file in files:
                candidate = f'{relative}/{file}'.lstrip('/')
                if _file_id(os.path.join(self.srcdir, candidate)) != target:
                    continue
                docname = self._document_at(candidate)
                if docname is not None and docname not in found:
                    found.append(docname)
        return found

    def specs_under(self, directory: str) -> list[str]:
        """The specs whose file is in ``directory`` or below it, links
        followed: stored there, reached through a link to it, or linked from
        there (a directory of links to specs elsewhere)."""
        files: set[tuple[int, int] | None] = set()
        for root, dirs, names in os.walk(directory, followlinks=True):
            # Not .git, .tox or .venv: no spec is there, and they can be large.
            dirs[:] = [d for d in dirs if not d.startswith('.')]
            files.update(_file_id(os.path.join(root, name)) for name in names)
        files.discard(None)
        return [d for d in self.specs() if _file_id(self.path(d)) in files]

    def why_not_a_spec(self, docname: str) -> str:
        """Why the document ``docname`` is not a spec."""
        settings = self.settings
        if docname in settings.template_docnames:
            return 'it is a template'
        if settings.named_like_template(docname):
            return 'it is named like a template (a copy of one)'
        if settings.links_to_template(docname):
            return 'it is a link to a template'
        if docname.rsplit('/', 1)[-1] == 'index':
            return 'index pages are never specs'
        for pattern in settings.exclude:
            if fnmatch.fnmatchcase(docname, pattern):
                return f'specs_exclude has {pattern!r}'
        tried = [p.text for kind in settings.kinds for p in kind.patterns]
        return f'its docname {docname!r} matches none of the patterns {", ".join(tried)}'

    def matching_pattern(self, docname: str) -> tuple[Kind, Pattern, dict[str, str]] | None:
        """The kind and pattern that make ``docname`` a spec, and its fields as written."""
        classified = self.settings.classify(docname)
        if classified is None:
            return None
        kind, _fields = classified
        pattern = self.settings.pattern_of(kind, docname)
        assert pattern is not None
        found = pattern.regex.match(docname)
        assert found is not None
        return kind, pattern, found.groupdict()
