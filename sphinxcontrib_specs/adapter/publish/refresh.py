"""Refresh pages for moved specs, from ``redirects`` files and ``specs_redirects``."""

from __future__ import annotations

import os
from urllib.parse import quote, urljoin

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinxcontrib_specs import __version__
from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.page_templates import REDIRECT_PAGE, PageTemplates
from sphinxcontrib_specs.adapter.publish.export import page_path
from sphinxcontrib_specs.adapter.publish.output import Published, _Output
from sphinxcontrib_specs.checking.redirect_files import read_redirects
from sphinxcontrib_specs.config.publishing import PublishOptions
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.core import redirects
from sphinxcontrib_specs.core.files import relative_path

logger = logging.getLogger(__name__)


_BUILDERS = ('html', 'dirhtml')
#: The refresh pages, as a group of outputs (see Published).
_GROUP = 'refresh pages'


def _warn(settings: Settings, message: str, location: str) -> None:
    if settings.rules.get('redirect') is not None:
        logger.warning(message, type='specs', subtype='redirect', location=location)


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


def _relative(base: str, to: str) -> str:
    """The path from the page at ``base`` to the page at ``to``, both site paths.

    As Sphinx's ``relative_uri`` does, but on paths: a ``#`` is part of a
    name, not the start of a fragment.
    """
    base_parts, to_parts = base.split('/'), to.split('/')
    while len(base_parts) > 1 and len(to_parts) > 1 and base_parts[0] == to_parts[0]:
        base_parts.pop(0)
        to_parts.pop(0)
    return '../' * (len(base_parts) - 1) + '/'.join(to_parts) or './'


def links_of(builder: StandaloneHTMLBuilder) -> tuple[str, ...]:
    """What the pages' file names and links follow, besides the document
    names: the builder and its suffixes, as one sample page shows them."""
    sample = 'a/b'
    return (builder.name, builder.get_target_uri(sample), str(builder.get_outfilename(sample)))


def assignment_line(path: str, name: str) -> int:
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


def write_redirects(
    app: Sphinx,
    builder: StandaloneHTMLBuilder,
    options: PublishOptions,
    published: Published,
) -> None:
    """Write the refresh pages of moved specs; report the lines that lead nowhere.

    A page is made again only when what it says (or its template) changed
    since the output directory got it, or it is missing (``published``
    keeps what each was made from).
    """
    domain = get_domain(app.env)
    settings = domain.settings
    srcdir = str(app.srcdir)
    conf = os.path.join(str(app.confdir), 'conf.py')
    entries, problems = read_redirects(
        settings, srcdir, app.config.exclude_patterns, conf, domain.redirect_files()
    )
    resolved, unresolved = redirects.resolve(entries, _pages(app, builder))
    problems += unresolved

    outdir = str(app.outdir)
    output = _Output(outdir)
    templates = PageTemplates.of(app)
    template = Published.key(templates.source(REDIRECT_PAGE), __version__)
    # What every page says follows from these: while they hold, no page is made.
    made_of = Published.key(
        template,
        links_of(builder),
        app.config.html_baseurl,
        [(r.source, r.target, r.is_url, r.is_url or _title(app.env, r.target)) for r in resolved],
    )
    if published.current_group(_GROUP, made_of):
        resolved = []
    names = []
    for redirect in resolved:
        if redirect.is_url:
            url = canonical = title = redirect.target
        else:
            target = page_path(builder, redirect.target)
            # Quoted once, as Sphinx quotes its own links.
            url = quote(_relative(page_path(builder, redirect.source), target))
            canonical = url
            if app.config.html_baseurl:
                canonical = urljoin(options.base_url, quote(target))
            title = _title(app.env, redirect.target)
        shown = relative_path(str(builder.get_outfilename(redirect.source)), outdir)
        name = shown.replace('/', os.sep)
        context = {
            'url': url,
            'canonical': canonical,
            'title': title,
            'source': redirect.source,
            'target': redirect.target,
        }
        key = Published.key(template, shown, context)
        if published.current(shown, key):
            names.append(shown)
            continue
        content = templates.render_html(REDIRECT_PAGE, context).encode('utf-8')
        try:
            written = output.write(shown, content)
        except OSError as exc:
            entry = redirect.entry
            problems.append(
                redirects.Problem(entry.origin, entry.line, f'cannot write {name}: {exc}')
            )
            continue
        if written:
            published.note(shown, key)
            names.append(shown)
        else:
            entry = redirect.entry
            problems.append(
                redirects.Problem(
                    entry.origin,
                    entry.line,
                    f'{name} leaves the output directory (through a link); nothing written',
                )
            )

    if resolved and len(names) == len(resolved):
        published.note_group(_GROUP, made_of, names)
    mapping_line = assignment_line(conf, 'specs_redirects')
    for problem in sorted(problems, key=lambda p: (p.origin, p.line, p.message)):
        if problem.origin == conf:
            location = f'{conf}:{mapping_line}'
        else:
            location = f'{os.path.join(srcdir, problem.origin)}:{problem.line}'
        _warn(settings, problem.message, location)
