"""Templates in the navigation: which index holds each, and what it is called there.

A spec template is a page like any other, and belongs in one toctree at
most.  The template a new spec starts from (the *current* template: that
of the newest release, whether or not that release has specs yet) is in
the site index's *Templates* table of contents, with the templates that
several releases share; a template of one other release is on that
release's page.  In the navigation each is called after its release
("Template for 2025.1 Epoxy"), never by the placeholder title it holds.

Everything here is known before reading: the specs' releases from the scan,
the releases named by template paths (``specs/{release}/template.rst``)
from the files the configuration found, and which templates are pages.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.locale import _, label
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.config.values import DEFAULT_KIND
from sphinxcontrib_specs.core.grouping import IndexEntry, Ordering

__all__ = [
    'SITE_INDEX',
    'TemplatePlaces',
    'link_title',
    'note_template_title',
    'places_of',
    'stale_template_titles',
    'template_places',
]

#: Who holds a template in a toctree: the site index, or a release's index.
SITE_INDEX = ''


class TemplatePlaces(NamedTuple):
    """Where each template page sits in the navigation, and its title there."""

    #: Release -> its template, for every release (with specs, or named by a
    #: template path) whose template is a page.
    of_release: Mapping[str, str]
    #: Template -> the releases it serves, oldest first.
    served: Mapping[str, tuple[str, ...]]
    #: Releases with specs (which have pages and indexes of their own).
    with_specs: frozenset[str]
    #: The template of the newest release: the one a new spec starts from.
    current: str | None
    current_release: str | None
    #: Whether a site index holds templates (generated pages are on).
    site: bool
    titles: Mapping[str, str]

    def owner(self, template: str) -> str | None:
        """The release whose index holds ``template`` in its toctree,
        :data:`SITE_INDEX` for the site index, or None (an orphan page)."""
        served = self.served.get(template, ())
        if self.site and (template == self.current or len(served) > 1):
            return SITE_INDEX
        owners = [release for release in served if release in self.with_specs]
        if len(served) == 1 and owners:
            return owners[0]
        return None

    def site_templates(self) -> list[tuple[str, str]]:
        """(title, template) of the site index's *Templates*: the current
        one first, then those several releases share."""
        held = [t for t in self.served if self.owner(t) == SITE_INDEX and t != self.current]
        names = ([self.current] if self.current is not None and self.site else []) + sorted(held)
        return [(self.titles[name], name) for name in names]


def _release_label(ordering: Ordering, release: str) -> str:
    return label(ordering, 'release', release)


def _template_doc(settings: Settings, release: str | None) -> str | None:
    """The docname of the template of ``release`` (None: of no release)."""
    kind = settings.kind(DEFAULT_KIND)
    path, _tried = settings.find_template(kind, {'release': release} if release else {})
    return None if path is None else settings.docname_of(path)


def _path_regex(candidate: str, kind: str) -> re.Pattern[str] | None:
    """A template path as a regular expression naming its release, or None
    if the path names none."""
    parts = []
    named = False
    for literal, name, _spec, _conversion in string.Formatter().parse(candidate):
        parts.append(re.escape(literal))
        if name == 'release':
            parts.append('(?P=release)' if named else '(?P<release>[^/]+)')
            named = True
        elif name == 'kind':
            parts.append(re.escape(kind))
        elif name is not None:
            parts.append('[^/]+')
    return re.compile(''.join(parts) + r'\Z') if named else None


def _path_releases(settings: Settings) -> set[str]:
    """The releases named by the paths of template files (``specs/2027.1/template.rst``)."""
    kind = settings.kind(DEFAULT_KIND)
    found: set[str] = set()
    for candidate in kind.templates:
        regex = _path_regex(candidate, kind.name)
        if regex is None:
            continue
        for path in settings.template_files:
            matched = regex.match(path)
            if matched is not None:
                found.add(settings.releases.parse(matched['release']).name)
    return found


def template_places(
    settings: Settings, light: Iterable[IndexEntry], found_docs: Iterable[str], *, site: bool
) -> TemplatePlaces:
    """Where each template page sits, from what is known before reading."""
    ordering = Ordering(settings.releases, settings.statuses)
    found = set(found_docs)
    with_specs = {e.release for e in light if e.release}
    releases = sorted(with_specs | _path_releases(settings), key=ordering.sort_key('release'))
    of_release: dict[str, str] = {}
    served: dict[str, list[str]] = {}
    # Oldest first, so that a template's releases read in order.
    for release in reversed(releases):
        template = _template_doc(settings, release)
        if template is not None and template in found:
            of_release[release] = template
            served.setdefault(template, []).append(release)
    # Newest first: the first real release with a template page.
    current_release = next(
        (
            r
            for r in releases
            if r in of_release
            and settings.releases.parse(r).known
            and not settings.releases.parse(r).is_bucket
        ),
        None,
    )
    current = of_release.get(current_release) if current_release else None
    if current is None:
        current = _template_doc(settings, None)
        if current not in found:
            current = None
    places = TemplatePlaces(
        of_release=of_release,
        served={t: tuple(r) for t, r in served.items()},
        with_specs=frozenset(with_specs),
        current=current,
        current_release=current_release if current is not None else None,
        site=site,
        titles={},
    )
    titles: dict[str, str] = {}
    for template in sorted({*served, *([current] if current else [])}):
        title = _title(places, ordering, template)
        if title is not None:
            titles[template] = title
    return places._replace(titles=titles)


def _title(places: TemplatePlaces, ordering: Ordering, template: str) -> str | None:
    """What ``template`` is called in the navigation: after the releases it
    serves (the current one after the newest); None if it serves none."""
    if template == places.current:
        if places.current_release is None:
            return _('Template for new specs')
        return _('Template for {release}').format(
            release=_release_label(ordering, places.current_release)
        )
    served = places.served.get(template, ())
    if not served:
        return None
    if len(served) == 1:
        return _('Template for {release}').format(release=_release_label(ordering, served[0]))
    real = [r for r in served if not ordering.releases.is_bucket(r)] or list(served)
    return _('Template for {first} to {last}').format(
        first=_release_label(ordering, real[0]), last=_release_label(ordering, real[-1])
    )


def link_title(settings: Settings, release: str) -> str:
    """The text of the link to a release's template on its index."""
    ordering = Ordering(settings.releases, settings.statuses)
    return _('Template for {release}').format(release=_release_label(ordering, release))


def places_of(env: BuildEnvironment) -> TemplatePlaces:
    """The template places of the build ``env`` is reading."""
    domain = get_domain(env)
    settings = domain.settings
    light: dict[str, IndexEntry] = domain.data['light']
    site = bool(settings.index_dir) and bool(domain.data.get('site'))
    return template_places(settings, light.values(), env.found_docs, site=site)


def note_template_title(app: Sphinx, doctree: nodes.document) -> None:
    """Give a template the title it has in the navigation (``doctree-read``).

    Sphinx takes the previous and next links' titles from the documents'
    titles, not from the toctrees: a template would be "Next: Example Spec -
    The title of your blueprint" on every release.  The page itself keeps
    its heading and its ``<title>``.
    """
    env = app.env
    docname = env.docname
    if docname not in get_domain(env).settings.template_docnames:
        return
    title = places_of(env).titles.get(docname)
    if title is not None:
        env.titles[docname] = nodes.title(title, title)


def stale_template_titles(env: BuildEnvironment, places: TemplatePlaces) -> list[str]:
    """The template pages whose navigation title is no longer the one they have.

    A template that serves no release any more gets its own title back, the
    one Sphinx keeps as its long title.
    """
    stale = []
    for docname in sorted(get_domain(env).settings.template_docnames & set(env.found_docs)):
        current = env.titles.get(docname)
        if current is None:
            continue
        wanted = places.titles.get(docname)
        if wanted is None:
            own = env.longtitles.get(docname)
            wanted = own.astext() if own is not None else current.astext()
        if current.astext() != wanted:
            stale.append(docname)
    return stale
