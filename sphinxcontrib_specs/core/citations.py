"""Which spec a reference names, and why none or several (pure, no Sphinx).

A reference names a spec of one site by a *target*, in one of these forms:

* its document name, ``specs/2025.1/approved/live-migration-with-vtpm``
  (a source suffix, ``.rst``, or ``.html`` may follow);
* its name, the ``{name}`` of its path (or the last part of its document
  name): ``live-migration-with-vtpm``; or, when no spec has that name, its
  blueprint's name;
* a name with qualifiers before it, each followed by ``/``, in any order:
  its release in any spelling (``2025.1``, ``epoxy``), its status, its
  project, its blueprint's Launchpad project or a directory of its
  document name: ``2025.1/live-migration-with-vtpm``,
  ``nova/implemented/live-migration-with-vtpm``;
* a document name or name the spec had before it moved (the redirects say
  where it went), which names the spec where it is now.

Names and qualifiers ignore case.  A target that names several specs names
none: the message lists them, each with the shortest target that names it
alone (:meth:`NameTable.shortest`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from sphinxcontrib_specs.core.metadata import TRACKERS

__all__ = ['Citable', 'NameTable', 'Resolution', 'blueprint_project']


def blueprint_project(trackers: Iterable[str]) -> str:
    """The Launchpad project of the first blueprint URL among ``trackers`` ('' if none)."""
    for url in trackers:
        for kind, pattern in TRACKERS:
            found = pattern.search(url) if kind == 'blueprint' else None
            if found is not None:
                return found.group('project')
    return ''


class Citable(NamedTuple):
    """A spec as references name it."""

    docname: str
    title: str
    #: The ``{name}`` of its path, or the last part of its document name.
    name: str
    blueprint: str = ''
    #: The release, status and project by their canonical names ('' if none).
    release: str = ''
    status: str = ''
    project: str = ''
    #: Every word that may qualify its name, folded: the directories of its
    #: document name, every spelling of its release and status, its project
    #: and its blueprint's project.
    qualifiers: frozenset[str] = frozenset()


class Resolution(NamedTuple):
    """What a target names: one spec, several (ambiguous) or none."""

    target: str
    matches: tuple[Citable, ...] = ()
    #: The old document name the target named, when the spec has moved.
    moved_from: str = ''

    @property
    def spec(self) -> Citable | None:
        """The spec named, if the target names exactly one."""
        return self.matches[0] if len(self.matches) == 1 else None


def _either(options: Sequence[str]) -> str:
    quoted = [repr(option) for option in options]
    return quoted[0] if len(quoted) == 1 else f'{", ".join(quoted[:-1])} or {quoted[-1]}'


class NameTable:
    """The specs of one site, by every name a reference may give them.

    ``moved`` maps old document names to the document names their specs
    have now (redirects followed to their end); pairs whose new document
    is no spec are left out.  ``suffixes`` are the endings a target may
    have after a document name.
    """

    def __init__(
        self,
        specs: Iterable[Citable],
        moved: Mapping[str, str] | None = None,
        suffixes: Sequence[str] = ('.rst',),
    ) -> None:
        self.specs = {spec.docname: spec for spec in sorted(specs, key=lambda s: s.docname)}
        self._suffixes = tuple(dict.fromkeys((*suffixes, '.html')))
        self._by_name: dict[str, list[Citable]] = {}
        self._by_blueprint: dict[str, list[Citable]] = {}
        for spec in self.specs.values():
            self._by_name.setdefault(spec.name.casefold(), []).append(spec)
            if spec.blueprint and spec.blueprint.casefold() != spec.name.casefold():
                self._by_blueprint.setdefault(spec.blueprint.casefold(), []).append(spec)
        self.moved = {
            old: self.specs[new]
            for old, new in sorted((moved or {}).items())
            if new in self.specs and old not in self.specs
        }
        self._moved_by_name: dict[str, list[tuple[str, Citable]]] = {}
        for old, spec in self.moved.items():
            name = old.rsplit('/', 1)[-1].casefold()
            self._moved_by_name.setdefault(name, []).append((old, spec))

    def __len__(self) -> int:
        return len(self.specs)

    def _clean(self, target: str) -> str:
        text = target.strip().strip('/')
        for suffix in self._suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                return text[: -len(suffix)]
        return text

    def resolve(self, target: str) -> Resolution:
        """The spec (or specs) ``target`` names."""
        text = self._clean(target)
        if text in self.specs:
            return Resolution(target, (self.specs[text],))
        if text in self.moved:
            return Resolution(target, (self.moved[text],), moved_from=text)
        *qualifiers, name = [part.casefold() for part in text.split('/')]
        wanted = set(qualifiers)
        for index in (self._by_name, self._by_blueprint):
            found = [spec for spec in index.get(name, ()) if wanted <= spec.qualifiers]
            if found:
                return Resolution(target, tuple(found))
        moved: dict[str, tuple[str, Citable]] = {}
        for old, spec in self._moved_by_name.get(name, ()):
            if wanted <= spec.qualifiers | set(old.casefold().split('/')[:-1]):
                moved.setdefault(spec.docname, (old, spec))
        if moved:
            olds, specs = zip(*moved.values(), strict=True)
            return Resolution(target, tuple(specs), moved_from=olds[0])
        return Resolution(target)

    def citations(self, spec: Citable) -> list[str]:
        """Every usual target that names ``spec`` alone, shortest first.

        Its name (or blueprint), its name qualified by its release, project
        or status, or by two of them, and its document name; the release
        by its canonical name.
        """
        release, project, status, name = spec.release, spec.project, spec.status, spec.name
        forms = [
            name,
            spec.blueprint,
            release and f'{release}/{name}',
            project and f'{project}/{name}',
            status and f'{status}/{name}',
            project and release and f'{project}/{release}/{name}',
            release and status and f'{release}/{status}/{name}',
            spec.docname,
        ]
        return [
            form
            for form in dict.fromkeys(f for f in forms if f)
            if not (resolution := self.resolve(form)).moved_from and resolution.matches == (spec,)
        ]

    def shortest(self, spec: Citable) -> str:
        """The shortest usual target that names ``spec`` alone."""
        forms = self.citations(spec)
        return forms[0] if forms else spec.docname

    def problem(self, resolution: Resolution, where: str = '') -> str:
        """Why ``resolution`` names no spec, and what to write instead.

        ``where`` names the site in the message (``" in neutron"``).
        """
        target = resolution.target
        if len(resolution.matches) > 1:
            shown = [f'{self.shortest(s)!r} ({s.title or s.docname})' for s in resolution.matches]
            listed = ', '.join(shown[:-1]) + f' and {shown[-1]}'
            return (
                f'spec name {target!r} is ambiguous{where}: it names {len(shown)} specs, '
                f'{listed}; write one of these'
            )
        name = self._clean(target).casefold().rsplit('/', 1)[-1]
        same_name = self._by_name.get(name) or self._by_blueprint.get(name)
        if same_name:
            options = [self.shortest(spec) for spec in same_name[:5]]
            return f'no spec{where} matches {target!r}; did you mean {_either(options)}?'
        known = [*self._by_name, *self._by_blueprint, *self._moved_by_name]
        close = difflib.get_close_matches(name, known, n=3)
        if close:
            options = list(
                dict.fromkeys(
                    self.shortest(spec)
                    for word in close
                    for spec in (
                        self._by_name.get(word)
                        or self._by_blueprint.get(word)
                        or [spec for _old, spec in self._moved_by_name.get(word, ())]
                    )
                )
            )
            return f'unknown spec {target!r}{where}; did you mean {_either(options[:3])}?'
        if not self.specs:
            return f'unknown spec {target!r}{where}: there are no specs'
        return (
            f'unknown spec {target!r}{where}; write the name of a spec (its file name, '
            'without suffix), qualified by its release if several specs have it '
            "('2025.1/name'), or its document name"
        )
