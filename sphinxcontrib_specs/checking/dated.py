"""The template of its time: the versions of its template a spec is checked against.

Templates change: sections are added (cinder's "Active/Active HA impact",
in March 2018), removed or renamed.  A spec written before a change was
written from the template as it stood then, so that is the template it is
checked against: the version that stood when its author first wrote it,
renames and moves followed, or any version that landed while it was in
review, whichever it follows best (see
:meth:`~sphinxcontrib_specs.core.history.History.dated_versions`, and
:func:`~sphinxcontrib_specs.checking.document.check_spec`, which picks).
A new or uncommitted spec, a spec git cannot date and every spec of a tree
without git history are checked against the current template (the file as
it is), and :func:`history_note` says so.

The build (its domain) and the command line (its checker) each keep one
:class:`DatedTemplates` and hand :meth:`DatedTemplates.templates` to
``check_spec``, so both check a spec against the same versions, parsed as
the current template is.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core.history import HIDDEN, NEW, History, Version, blob_id
from sphinxcontrib_specs.core.template import Template, parse_template

__all__ = ['CURRENT', 'NO_HISTORY', 'DatedTemplates', 'WorkingBlobs', 'history_note']

#: What :meth:`DatedTemplates.version` notes for a spec checked against the
#: current template because the history is switched off (specs_history).
CURRENT = ''
#: ... because there is no git history at all.
NO_HISTORY = 'no-history'


class WorkingBlobs:
    """The blob id git gives each file as it is now, worked out once per
    build: one build (or one command) sees one version of each file."""

    def __init__(self, srcdir: str) -> None:
        self.srcdir = srcdir
        self._seen: dict[tuple[str, int], str | None] = {}

    def blob(self, path: str, length: int) -> str | None:
        """The id of the file at ``path`` (relative to the source directory)
        in ids of ``length`` digits (64: a SHA-256 repository); None if it
        cannot be read."""
        key = (path, length)
        if key not in self._seen:
            try:
                with open(os.path.join(self.srcdir, path), 'rb') as stream:
                    self._seen[key] = blob_id(stream.read(), length)
            except OSError:
                self._seen[key] = None
        return self._seen[key]


@dataclass
class DatedTemplates:
    """Which versions of a template apply to a spec, and those versions parsed.

    ``history`` is None without git history; ``settings.history`` False
    switches the history off; ``blobs`` tells which version a template
    file holds (shared with the build's other users; a new one by default).
    Picklable (the parsed templates are left behind), so the command
    line's worker processes get one each.
    """

    settings: Settings
    history: History | None
    blobs: WorkingBlobs | None = None
    _parsed: dict[tuple[str, str, str], Template] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.blobs is None:
            self.blobs = WorkingBlobs(self.settings.srcdir)

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, '_parsed': {}, 'blobs': None}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def _in_history(self, path: str) -> str | None:
        """The path in the repository of a path relative to the source directory."""
        assert self.history is not None
        return self.history.path_of(os.path.join(self.settings.srcdir, path))

    def _dated(self, template: str, spec: str) -> tuple[Version, ...] | str:
        if not self.settings.history:
            return CURRENT
        if self.history is None:
            return NO_HISTORY
        spec_path = self._in_history(spec)
        template_path = self._in_history(template)
        if spec_path is None or template_path is None:
            return NEW
        return self.history.dated_versions(template_path, spec_path)

    def version(self, template: str, spec: str) -> str:
        """What the versions of ``template`` a spec at ``spec`` (both relative
        to the source directory) is checked against depend on, as a string
        to keep: the blob ids of the versions, or why the current template
        applies (:data:`CURRENT`, :data:`NO_HISTORY`,
        :data:`~sphinxcontrib_specs.core.history.NEW` or
        :data:`~sphinxcontrib_specs.core.history.HIDDEN`)."""
        dated = self._dated(template, spec)
        return dated if isinstance(dated, str) else ' '.join(v.blob for v in dated)

    def _is_current(self, template: str, version: Version) -> bool:
        """Whether the file as it is holds ``version``."""
        assert self.blobs is not None
        return version.blob == self.blobs.blob(template, len(version.blob))

    def templates(
        self, template: str, kind: str, spec: str, current: Template
    ) -> tuple[Template, ...]:
        """The versions of the template at ``template`` for a ``kind`` that
        the spec at ``spec`` (both relative to the source directory) may
        follow, oldest first; ``current`` is the template as it is, which
        stands for a version it holds (and for one git cannot give).

        An old version is shown as ``<path>@<commit>``: ``git show
        <commit>:<path in the repository>`` prints it.
        """
        dated = self._dated(template, spec)
        if isinstance(dated, str):
            return (current,)
        found: list[Template] = []
        for version in dated:
            parsed = current if self._is_current(template, version) else None
            if parsed is None:
                parsed = self._parse(template, kind, version) or current
            if parsed not in found:
                found.append(parsed)
        return tuple(found)

    def _parse(self, template: str, kind: str, version: Version) -> Template | None:
        key = (template, kind, version.blob)
        if key not in self._parsed:
            assert self.history is not None
            text = self.history.text(version)
            if text is None:
                return None
            self._parsed[key] = parse_template(
                text,
                f'{template}@{version.commit[:7]}',
                self.settings.kind(kind).sections,
                self.settings.releases,
            )
        return self._parsed[key]

    def prefetch(self, specs: Iterable[str]) -> None:
        """Read at once the old versions the specs at ``specs`` (paths
        relative to the source directory) may be checked against, whichever
        template applies to each: one ``git cat-file`` for all."""
        history = self.history
        if history is None or not self.settings.history:
            return
        paths = {p for p in map(self._in_history, specs) if p is not None}
        templates = {
            path: template
            for template in sorted(self.settings.template_files)
            if (path := self._in_history(template)) is not None
        }
        owners = {
            version: template
            for path, template in templates.items()
            for version in history.versions.get(path, ())
        }
        history.fetch(
            version
            for version in history.versions_needed(templates, paths)
            if not self._is_current(owners[version], version)
        )

    def restricted(self, specs: Collection[str]) -> DatedTemplates:
        """A copy that knows only the specs at ``specs`` (relative to the
        source directory): small, for worker processes."""
        if self.history is None:
            return self
        paths = [p for p in (self._in_history(spec) for spec in specs) if p is not None]
        return DatedTemplates(self.settings, self.history.restricted(paths))


def history_note(versions: Iterable[str]) -> str | None:
    """The line that says which specs are checked against the current
    template for want of history, given the :meth:`~DatedTemplates.version`
    of every spec; None when every spec could be dated."""
    versions = list(versions)
    if NO_HISTORY in versions:
        return (
            'no git history here (not a git work tree, or git cannot be run): every spec is '
            'checked against the current version of its template, not the version that stood '
            'when the spec was written; build from a git clone with its whole history (for '
            'a CI checkout, fetch-depth: 0) so that older specs are checked against the '
            'template of their time'
        )
    hidden = versions.count(HIDDEN)
    if hidden:
        specs = '1 spec was' if hidden == 1 else f'{hidden} specs were'
        return (
            f'{specs} written before the oldest commit of this shallow clone, so '
            f'{"it is" if hidden == 1 else "they are"} checked against the current version of '
            'the template, not the version that stood when written; fetch the whole history '
            '(git fetch --unshallow; for a CI checkout, fetch-depth: 0) so that older specs '
            'are checked against the template of their time'
        )
    return None
