"""The Atom feed of specs, newest first, dated by metadata or by git."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from urllib.parse import quote, urljoin

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from sphinxcontrib_specs import __version__
from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.publish.export import _records, page_url
from sphinxcontrib_specs.config.publishing import PublishOptions
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core import feed, gitdates
from sphinxcontrib_specs.core.records import SpecRecord

logger = logging.getLogger(__name__)


def parse_date(text: str) -> datetime.datetime | None:
    """A docinfo date: ISO 8601 day (UTC midnight) or time (UTC unless given)."""
    text = text.strip()
    if text.endswith(('Z', 'z')):
        text = f'{text[:-1]}+00:00'
    try:
        when = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when.astimezone(datetime.timezone.utc)


def _matches(record: SpecRecord, wanted: Mapping[str, frozenset[str]]) -> bool:
    for key, values in wanted.items():
        value = record.kind if key == 'kind' else record.metadata.get(key)
        if value not in values:
            return False
    return True


def _canonical_filter(options: PublishOptions, settings: Settings) -> dict[str, frozenset[str]]:
    canonical: dict[str, frozenset[str]] = {}
    for key, values in options.feed_filter.items():
        if key == 'status':
            names = {settings.statuses.canonical(v) or v for v in values}
        elif key == 'release':
            names = {settings.releases.parse(v).name for v in values}
        else:
            names = set(values)
        canonical[key] = frozenset(names)
    return canonical


def export_feed(app: Sphinx, builder: StandaloneHTMLBuilder, options: PublishOptions) -> bytes:
    """The Atom feed: the newest ``specs_feed_size`` specs that have a date."""
    settings = get_domain(app.env).settings
    wanted = _canonical_filter(options, settings)
    # A kind that is not listed is in the feed only if the filter asks for it.
    unlisted = {k.name for k in settings.kinds if not k.listed} - wanted.get('kind', set())
    records = [r for r in _records(app.env) if _matches(r, wanted) and r.kind not in unlisted]
    dates: dict[str, datetime.datetime] = {}
    undated: dict[str, str] = {}
    for record in records:
        when = parse_date(record.metadata.get(options.date_field, ''))
        if when is not None:
            dates[record.docname] = when
        else:
            undated[get_domain(app.env).source_path(record.docname)] = record.docname
    if undated:
        # The history the build read for the templates of their time, if it did.
        history = get_domain(app.env).history
        from_git = gitdates.dates_in(history, undated, str(app.srcdir)) if history else {}
        dates.update((undated[path], when) for path, when in from_git.items())
        if len(from_git) < len(undated):
            logger.verbose(
                'sphinxcontrib_specs: %d specs have no date (no %r field, no git history); '
                'they are not in the feed',
                len(undated) - len(from_git),
                options.date_field,
            )
    dated = sorted(
        (r for r in records if r.docname in dates),
        key=lambda r: (-dates[r.docname].timestamp(), r.docname),
    )[: options.feed_size]
    entries = [_feed_entry(builder, options, settings, r, dates[r.docname]) for r in dated]
    site = options.base_url
    author, email = options.feed_author or (_configured_author(app), '')
    document = feed.Feed(
        url=urljoin(site, quote(options.feed_file or '')),
        site=site,
        title=app.config.project,
        author=author,
        author_email=email,
        generator='sphinx-specs',
        generator_version=__version__,
        generator_uri='https://sphinx-specs.readthedocs.io/',
    )
    return feed.atom(document, entries)


#: What Sphinx's ``author`` is when ``conf.py`` does not set it: no name to
#: put in a feed.
_UNSET_AUTHORS = frozenset({'Author name not set', ''})


def _configured_author(app: Sphinx) -> str:
    """The feed's author when ``specs_feed_author`` is unset: ``author``, if
    ``conf.py`` sets it, else ``project``."""
    author = app.config.author
    if isinstance(author, str) and author.strip() not in _UNSET_AUTHORS:
        return author
    return app.config.project or 'sphinx-specs'


def _feed_entry(
    builder: StandaloneHTMLBuilder,
    options: PublishOptions,
    settings: Settings,
    record: SpecRecord,
    when: datetime.datetime,
) -> feed.FeedEntry:
    categories = []
    summary = []
    if record.status:
        label = settings.statuses.label(record.status)
        categories.append(feed.Category(f'status:{record.status}', label))
        summary.append(label)
    if record.release:
        label = settings.releases.parse(record.release).label
        categories.append(feed.Category(f'release:{record.release}', label))
        summary.append(f'for {label}')
    if record.project:
        categories.append(feed.Category(f'project:{record.project}', record.project))
        summary.append(f'({record.project})')
    return feed.FeedEntry(
        url=urljoin(options.base_url, page_url(builder, record.docname)),
        title=record.title or record.docname,
        updated=when,
        summary=' '.join(summary),
        authors=record.assignees,
        categories=tuple(categories),
    )
