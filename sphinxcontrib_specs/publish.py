"""Publishing: redirect pages, ``specs.json`` and an Atom feed.

Everything here runs once, in the main process, on ``build-finished`` of
the ``html`` and ``dirhtml`` builders, from the records the domain holds
after reading (whichever process read them), so ``-j N`` and incremental
builds publish what a fresh ``-j 1`` build does.  Each file is written
atomically (:func:`sphinxcontrib_specs.files.write_atomically`), only when
its bytes change, and never outside the output directory.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.matching import get_matching_files
from sphinx.util.osutil import relative_uri

from sphinxcontrib_specs import __version__, feed, gitdates, redirects
from sphinxcontrib_specs.domain import SpecRecord, SpecsDomain, get_domain
from sphinxcontrib_specs.files import write_atomically
from sphinxcontrib_specs.findings import Finding
from sphinxcontrib_specs.rules import register_code
from sphinxcontrib_specs.settings import ConfigValue, Settings

__all__ = ['CONFIG_VALUES', 'SCHEMA_VERSION', 'setup']

logger = logging.getLogger(__name__)

#: Bump when ``specs.json`` changes incompatibly; the schema shipped in
#: ``sphinxcontrib_specs/schemas/specs.schema.json`` describes this version.
SCHEMA_VERSION = 1

_BUILDERS = ('html', 'dirhtml')
#: The feed's dates from git, kept in the doctree directory (see gitdates).
GIT_DATES_CACHE = 'sphinx-specs-gitdates.json'
_FEED_FILTER_FIELDS = ('kind', 'project', 'release', 'status')

#: The publishing configuration values, in the order of their documentation.
CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        'specs_redirect_files',
        True,
        (bool, str),
        """
        Which ``redirects`` files to read: ``True`` for every file named
        ``redirects`` in the source directory (outside
        ``exclude_patterns``), a glob pattern relative to the source
        directory (``'specs/*/redirects'``) for some, ``False`` for none.
        Each line is ``old new``: ``old`` relative to the file's directory,
        ``new`` relative to ``old``'s directory, or an absolute URL.

        Example: ``specs_redirect_files = 'specs/*/redirects'``
        """,
    ),
    ConfigValue(
        'specs_redirects',
        {},
        (dict,),
        """
        More redirects: a mapping from an old page to its new page, both
        relative to the source directory (source path, ``.html`` path or
        document name), or to an absolute URL.

        Example: ``specs_redirects = {'specs/2025.1/approved/cells.rst':
        'specs/2025.1/implemented/cells.rst'}``
        """,
    ),
    ConfigValue(
        'specs_json',
        True,
        (bool, str),
        """
        Write every spec's metadata, URL and findings as JSON into the
        output directory: ``True`` for ``specs.json``, a file name (relative
        to the output directory) for another, ``False`` for none.

        Example: ``specs_json = 'api/specs.json'``
        """,
    ),
    ConfigValue(
        'specs_feed',
        False,
        (bool, str),
        """
        Write an Atom feed of the specs, newest first, into the output
        directory: ``True`` for ``specs.atom``, a file name for another.
        Needs ``html_baseurl`` (feed links are absolute).

        Example: ``specs_feed = True``
        """,
    ),
    ConfigValue(
        'specs_feed_size',
        20,
        (int,),
        """
        How many specs the feed lists at most.

        Example: ``specs_feed_size = 50``
        """,
    ),
    ConfigValue(
        'specs_feed_filter',
        {},
        (dict,),
        """
        Which specs the feed lists: a mapping from ``release``, ``status``,
        ``project`` or ``kind`` to a value or a list of values; a spec is
        listed when it matches every key.

        Example: ``specs_feed_filter = {'status': ['approved', 'implemented']}``
        """,
    ),
    ConfigValue(
        'specs_feed_date_field',
        'date',
        (str,),
        """
        The docinfo field that gives a spec's date in the feed
        (``:date: 2025-03-14``, or with a time, ISO 8601).  Specs without
        it get the date of their last commit, from one ``git log`` pass.

        Example: ``specs_feed_date_field = 'updated'``
        """,
    ),
)


@dataclass(frozen=True)
class PublishOptions:
    """The validated publishing configuration."""

    redirect_patterns: tuple[str, ...]
    redirects: Mapping[str, str]
    json_file: str | None
    feed_file: str | None
    feed_size: int
    feed_filter: Mapping[str, tuple[str, ...]]
    date_field: str
    base_url: str


def _output_file(name: str, value: object, default: str, problems: list[str]) -> str | None:
    if value is False:
        return None
    if value is True:
        return default
    if isinstance(value, str) and value:
        normal = posixpath.normpath(value)
        if not (
            value.startswith(('/', '\\'))
            or '\\' in value
            or normal in ('.', '..')
            or normal.startswith('../')
        ):
            return normal
    problems.append(
        f'{name}: expected True, False or a file name inside the output directory; got {value!r}'
    )
    return None


def load_options(config: Config) -> PublishOptions:
    """Validate the publishing values; raise ConfigError naming every problem."""
    problems: list[str] = []

    files = config.specs_redirect_files
    patterns: tuple[str, ...] = ()
    if files is True:
        patterns = ('redirects', '**/redirects')
    elif isinstance(files, str) and files:
        patterns = (files,)
    elif files is not False:
        problems.append(
            f'specs_redirect_files: expected True, False or a glob pattern; got {files!r}'
        )

    mapping = config.specs_redirects
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        problems.append(
            f'specs_redirects: expected a dict of path to path or URL; got {mapping!r}'
        )
        mapping = {}

    json_file = _output_file('specs_json', config.specs_json, 'specs.json', problems)
    feed_file = _output_file('specs_feed', config.specs_feed, 'specs.atom', problems)
    base_url = config.html_baseurl or ''
    if feed_file is not None and not base_url:
        problems.append(
            "specs_feed: set html_baseurl to the site's address (e.g. "
            "'https://specs.example.org/'); feed links and ids are absolute"
        )

    size = config.specs_feed_size
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        problems.append(f'specs_feed_size: expected a positive number; got {size!r}')
        size = 1

    feed_filter: dict[str, tuple[str, ...]] = {}
    raw_filter = config.specs_feed_filter
    if not isinstance(raw_filter, dict):
        raw_filter = {}
        problems.append(f'specs_feed_filter: expected a dict; got {config.specs_feed_filter!r}')
    for key, value in raw_filter.items():
        values = (value,) if isinstance(value, str) else value
        if key not in _FEED_FILTER_FIELDS or not (
            isinstance(values, (list, tuple))
            and values
            and all(isinstance(v, str) for v in values)
        ):
            problems.append(
                f'specs_feed_filter: expected keys among {", ".join(_FEED_FILTER_FIELDS)}, '
                f'each with a value or a list of values; got {key!r}: {value!r}'
            )
            continue
        feed_filter[key] = tuple(values)

    date_field = config.specs_feed_date_field
    if not isinstance(date_field, str) or not date_field:
        problems.append(f'specs_feed_date_field: expected a field name; got {date_field!r}')

    if problems:
        raise ConfigError(
            'sphinxcontrib_specs: unusable publishing configuration:\n'
            + '\n'.join(f'  {p}' for p in problems)
        )
    return PublishOptions(
        redirect_patterns=patterns,
        redirects=dict(mapping),
        json_file=json_file,
        feed_file=feed_file,
        feed_size=size,
        feed_filter=feed_filter,
        date_field=date_field,
        base_url=base_url if base_url.endswith('/') else f'{base_url}/',
    )


def check_config(app: Sphinx, config: Config) -> None:
    """Refuse unusable publishing values before anything is read."""
    if SpecsDomain.name not in app.registry.domains:
        raise ConfigError(
            'sphinxcontrib_specs.publish publishes what sphinxcontrib_specs collects: add '
            "'sphinxcontrib_specs' to extensions"
        )
    load_options(config)


class _Output:
    """Writes files into the output directory: atomically, only when their
    bytes change, and never outside it."""

    def __init__(self, outdir: str) -> None:
        self.root = os.path.realpath(outdir)
        # Where each directory really is: redirect pages share a few
        # directories, and resolving links once per page cost 20 ms a build.
        self._inside: dict[str, bool] = {}

    def _is_inside(self, parent: str) -> bool:
        inside = self._inside.get(parent)
        if inside is None:
            real = os.path.realpath(parent)
            inside = os.path.commonpath([self.root, real]) == self.root
            if os.path.isdir(real):
                self._inside[parent] = inside
        return inside

    def write(self, name: str, data: bytes) -> bool:
        """Write ``data`` to ``name`` (a ``/``-separated path in the output
        directory), unless it is there already.

        Returns False (and writes nothing) when the path would leave the
        output directory, through ``..`` or a symbolic link.
        """
        path = os.path.join(self.root, *name.split('/'))
        parent = os.path.dirname(path)
        if not self._is_inside(parent):
            return False
        try:
            with open(path, 'rb') as existing:
                if existing.read() == data:
                    return True
        except OSError:
            pass
        if not os.path.isdir(parent):
            os.makedirs(parent, exist_ok=True)
            # A link made meanwhile could lead elsewhere: look again.
            self._inside.pop(parent, None)
            if not self._is_inside(parent):
                return False
        write_atomically(path, data)
        return True


def _warn(settings: Settings, message: str, location: str) -> None:
    if settings.rules.get('redirect') is not None:
        logger.warning(message, type='specs', subtype='redirect', location=location)


_REFRESH_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{canonical}">
<meta name="robots" content="noindex">
<title>Moved: {title}</title>
</head>
<body>
<p>This page has moved to <a href="{url}">{title}</a>.</p>
</body>
</html>
"""


def _refresh_page(url: str, canonical: str, title: str) -> bytes:
    return _REFRESH_PAGE.format(
        url=html.escape(url),
        canonical=html.escape(canonical),
        title=html.escape(title),
    ).encode('utf-8')


def _pages(app: Sphinx, builder: StandaloneHTMLBuilder) -> set[str]:
    """Document names of the pages the build writes, under every name that
    reaches them (``dirhtml`` serves ``a/index`` as ``a``)."""
    pages = set(app.env.found_docs) | {'genindex', 'search'}
    pages |= set(app.config.html_additional_pages)
    pages |= {index[0] for index in getattr(builder, 'domain_indices', ())}
    if builder.name == 'dirhtml':
        pages |= {page[: -len('/index')] for page in pages if page.endswith('/index')}
    return pages


def _title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def _assignment_line(path: str, name: str) -> int:
    """The line of ``path`` that assigns ``name`` (1 if none does: the value
    came from the command line)."""
    try:
        with open(path, encoding='utf-8') as stream:
            for number, line in enumerate(stream, start=1):
                if line.startswith(name) and line[len(name) :].lstrip().startswith('='):
                    return number
    except OSError:
        pass
    return 1


def write_redirects(app: Sphinx, builder: StandaloneHTMLBuilder, options: PublishOptions) -> None:
    domain = get_domain(app.env)
    settings = domain.settings
    srcdir = str(app.srcdir)
    entries: list[redirects.Entry] = []
    problems: list[redirects.Problem] = []
    for path in sorted(
        get_matching_files(srcdir, options.redirect_patterns, app.config.exclude_patterns)
    ):
        try:
            with open(os.path.join(srcdir, path), encoding='utf-8', errors='replace') as stream:
                text = stream.read()
        except OSError as exc:
            problems.append(redirects.Problem(path, 1, f'cannot read the redirects file: {exc}'))
            continue
        found, refused = redirects.parse_file(text, path, settings.source_suffixes)
        entries += found
        problems += refused
    conf = os.path.join(str(app.confdir), 'conf.py')
    found, refused = redirects.parse_mapping(options.redirects, conf, settings.source_suffixes)
    entries += found
    problems += refused
    resolved, unresolved = redirects.resolve(entries, _pages(app, builder))
    problems += unresolved

    outdir = str(app.outdir)
    output = _Output(outdir)
    for redirect in resolved:
        page_uri = builder.get_target_uri(redirect.source)
        if redirect.is_url:
            url = canonical = title = redirect.target
        else:
            target_uri = builder.get_target_uri(redirect.target)
            url = quote(relative_uri(page_uri, target_uri) or './', safe="/#:@!$&'()*+,;=-._~")
            canonical = (
                urljoin(options.base_url, quote(target_uri)) if app.config.html_baseurl else url
            )
            title = _title(app.env, redirect.target)
        name = os.path.relpath(builder.get_outfilename(redirect.source), outdir)
        try:
            written = output.write(name.replace(os.sep, '/'), _refresh_page(url, canonical, title))
        except OSError as exc:
            entry = redirect.entry
            problems.append(
                redirects.Problem(entry.origin, entry.line, f'cannot write {name}: {exc}')
            )
            continue
        if not written:
            entry = redirect.entry
            problems.append(
                redirects.Problem(
                    entry.origin,
                    entry.line,
                    f'{name} leaves the output directory (through a link); nothing written',
                )
            )

    mapping_line = _assignment_line(conf, 'specs_redirects')
    for problem in sorted(problems, key=lambda p: (p.origin, p.line, p.message)):
        if problem.origin == conf:
            location = f'{conf}:{mapping_line}'
        else:
            location = f'{os.path.join(srcdir, problem.origin)}:{problem.line}'
        _warn(settings, problem.message, location)


def _spec_json(
    app: Sphinx,
    builder: StandaloneHTMLBuilder,
    record: SpecRecord,
    findings: Iterable[Finding],
) -> dict[str, Any]:
    source = os.path.relpath(app.env.doc2path(record.docname), app.srcdir)
    return {
        'docname': record.docname,
        'kind': record.kind,
        'title': record.title,
        'url': builder.get_target_uri(record.docname),
        'source': source.replace(os.sep, '/'),
        'release': record.release,
        'status': record.status or None,
        'project': record.project,
        'metadata': dict(record.metadata),
        'template': record.template,
        'trackers': list(record.trackers),
        'assignees': list(record.assignees),
        'findings': [{'code': f.code, 'line': f.line, 'message': f.message} for f in findings],
    }


def _records(env: BuildEnvironment) -> list[SpecRecord]:
    specs = get_domain(env).specs
    return [specs[d] for d in sorted(specs) if d in env.found_docs]


def export_json(app: Sphinx, builder: StandaloneHTMLBuilder) -> bytes:
    """``specs.json``: every spec, in document name order (schema version 1)."""
    findings = get_domain(app.env).findings()
    document = {
        'schema_version': SCHEMA_VERSION,
        'generator': f'sphinx-specs {__version__}',
        'project': app.config.project,
        'base_url': app.config.html_baseurl or None,
        'builder': builder.name,
        'specs': [_spec_json(app, builder, r, findings[r.docname]) for r in _records(app.env)],
    }
    text = json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False)
    return f'{text}\n'.encode()


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
    records = [r for r in _records(app.env) if _matches(r, wanted)]
    dates: dict[str, datetime.datetime] = {}
    undated: dict[str, str] = {}
    for record in records:
        when = parse_date(record.metadata.get(options.date_field, ''))
        if when is not None:
            dates[record.docname] = when
        else:
            undated[str(app.env.doc2path(record.docname))] = record.docname
    if undated:
        from_git = gitdates.last_changed(
            undated, str(app.srcdir), os.path.join(str(app.doctreedir), GIT_DATES_CACHE)
        )
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
    document = feed.Feed(
        url=urljoin(site, quote(options.feed_file or '')),
        site=site,
        title=app.config.project,
        author=app.config.author or app.config.project or 'sphinx-specs',
        generator='sphinx-specs',
        generator_version=__version__,
        generator_uri='https://sphinx-specs.readthedocs.io/',
    )
    return feed.atom(document, entries)


def _feed_entry(
    builder: StandaloneHTMLBuilder,
    options: PublishOptions,
    settings: Settings,
    record: SpecRecord,
    when: datetime.datetime,
) -> feed.Entry:
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
    return feed.Entry(
        url=urljoin(options.base_url, quote(builder.get_target_uri(record.docname))),
        title=record.title or record.docname,
        updated=when,
        summary=' '.join(summary),
        authors=record.assignees,
        categories=tuple(categories),
    )


def write_outputs(app: Sphinx, exception: Exception | None) -> None:
    """On a successful html or dirhtml build, write every enabled output."""
    builder = app.builder
    if exception is not None or not (
        isinstance(builder, StandaloneHTMLBuilder) and builder.name in _BUILDERS
    ):
        return
    options = load_options(app.config)
    if options.redirect_patterns or options.redirects:
        write_redirects(app, builder, options)
    if options.json_file is not None:
        _write_output(app, options.json_file, export_json(app, builder), 'specs_json')
    if options.feed_file is not None:
        _write_output(app, options.feed_file, export_feed(app, builder, options), 'specs_feed')


def _write_output(app: Sphinx, name: str, data: bytes, value: str) -> None:
    if not _Output(str(app.outdir)).write(name, data):
        conf = os.path.join(str(app.confdir), 'conf.py')
        logger.warning(
            '%s: %s leaves the output directory (through a link); nothing written',
            value,
            name,
            type='specs',
            subtype='config',
            location=f'{conf}:{_assignment_line(conf, value)}',
        )


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the publishing values and handlers (once, however often called).

    Part of ``sphinxcontrib_specs``; needs its domain.
    """
    if CONFIG_VALUES[0].name not in app.config:
        for value in CONFIG_VALUES:
            app.add_config_value(value.name, value.default, '', types=value.types)
        app.connect('config-inited', check_config)
        app.connect('build-finished', write_outputs)
    return {
        'version': __version__,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }


register_code(
    'redirect',
    """A redirect that cannot be honoured; no page is written for it.

Reported at the line of the ``redirects`` file (or at ``conf.py`` for the
``specs_redirects`` mapping): a target that is no page of the site (even
after following the redirects that start there), a cycle, a redirect whose
old page is a real page (it would replace it), an old page redirected twice
to different places, a line that is not two paths, a path that leaves the
output directory (``../../etc/passwd``, ``/etc/passwd``), and a target URL
that is not ``http`` or ``https``.  Chains (a page moved twice) are
followed to the final page without a warning.

Bad (in ``specs/2025.1/redirects``: the spec was renamed when it moved,
and the second line points outside the site)::

    approved/cells.rst ../implemented/cells.rst
    ../../../etc/passwd implemented/cells-v2.rst

Good::

    approved/cells.rst ../implemented/cells-v2.rst
    approved/placement.rst https://docs.openstack.org/placement/latest/
""",
    'metadata',
)
