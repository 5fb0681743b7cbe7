"""References to specs in a build: other sites, stale pages, what names no spec.

* When the builder starts, the ``specs_external`` sites are read
  (:mod:`.external`), once per build, in the main process.
* Once reading is over (``env-get-updated``), the names of this site's
  specs are worked out again, and each page with ``:spec:`` references is
  written again when what one of them names changed since the page in the
  output directory was written (a spec renamed, moved, retitled, added or
  removed, here or on another site): the digest of what its targets name
  is compared with the one kept when it was last written, in a file of
  the doctree directory saved when a build has written its pages, as for
  the index pages (:mod:`.indexes.incremental`).  A page with a reference
  that names no spec keeps no digest, so it is written, and its warning
  given, on every build until the reference is fixed.
* A reference nothing resolves, neither this site, nor another, nor
  intersphinx, is reported as ``specs.ref`` (``warn-missing-reference``),
  with the names it comes close to.
* With ``specs_autolink``, a spec that links another spec of the site by
  its URL gets an ``autolink`` finding, kept in its record like the others.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from sphinxcontrib_specs.adapter.domain import SpecsDomain, get_domain
from sphinxcontrib_specs.adapter.indexes.incremental import load_written
from sphinxcontrib_specs.adapter.publish.refresh import assignment_line
from sphinxcontrib_specs.adapter.references import SpecReferenceRole
from sphinxcontrib_specs.config.common import did_you_mean
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.config.values import CONFIG_VALUES
from sphinxcontrib_specs.core.files import remove_temporaries, write_if_changed
from sphinxcontrib_specs.core.records import Finding, digest, in_line_order

__all__ = ['cites_only', 'setup']

logger = logging.getLogger(__name__)

#: In the doctree directory: output directory -> page -> the digest of what
#: its references named when it was last written there.
WRITTEN_DIGESTS = 'specs-references.json'


def read_external(app: Sphinx) -> None:
    """Read the ``specs_external`` sites (``builder-inited``)."""
    domain = get_domain(app.env)
    settings = domain.settings
    citations = domain.citations
    citations.external = {}
    if not settings.references.external:
        return
    # Imported when a site reads others: most read none.
    from sphinxcontrib_specs.adapter.external import load_source

    conf = os.path.join(str(app.confdir), 'conf.py')
    for source in settings.references.external:
        site, problems = load_source(source, settings, str(app.confdir), str(app.doctreedir))
        for problem in problems if settings.rules.get('external') is not None else ():
            logger.warning(
                'specs_external[%r]: %s',
                source.name,
                problem,
                type='specs',
                subtype='external',
                location=f'{conf}:{assignment_line(conf, "specs_external")}',
            )
        if site is not None:
            citations.external[source.name] = site


# ---------------------------------------------------------------------------
# Pages written again when what their references name changes


def _reference_digests(domain: SpecsDomain) -> dict[str, str]:
    """Each page with references -> the digest of what they name now."""
    citations = domain.citations
    found = domain.env.found_docs
    digests = {}
    for docname, targets in sorted(domain.data['references'].items()):
        if docname not in found:
            continue
        named = []
        for target in sorted(targets):
            site, resolution = citations.lookup(target)
            # Another site's page may move without its name or title changing.
            pages = (
                [site.base_url + site.specs[s.docname].url for s in resolution.matches]
                if site is not None
                else []
            )
            named.append((target, pages, [(s.docname, s.title) for s in resolution.matches]))
        digests[docname] = digest(named)
    return digests


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose references name something else than when they were written."""
    domain = get_domain(env)
    citations = domain.citations
    citations.refresh()
    citations.broken.clear()
    citations.digests = _reference_digests(domain)
    kept = load_written(app, WRITTEN_DIGESTS).get(str(app.outdir))
    citations.written = dict(kept) if isinstance(kept, dict) else {}
    if isinstance(app.builder, StandaloneHTMLBuilder):
        # Worked out now, while the environment is still to be kept: the
        # next build finds them there (see Citations.objects).
        citations.objects()
    return [d for d, digest in citations.digests.items() if citations.written.get(d) != digest]


def note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Note the digest of a page written now, unless a reference of it names no spec."""
    citations = get_domain(app.env).citations
    if docname in citations.broken:
        citations.written.pop(docname, None)
    elif docname in citations.digests:
        citations.written[docname] = citations.digests[docname]


def save_written(app: Sphinx, exception: Exception | None) -> None:
    """Keep the digests of the pages written, once the build has written them all."""
    if exception is not None:
        return
    citations = get_domain(app.env).citations
    kept = load_written(app, WRITTEN_DIGESTS)
    kept[str(app.outdir)] = {
        d: citations.written[d] for d in citations.digests if d in citations.written
    }
    doctreedir = str(app.doctreedir)
    remove_temporaries(doctreedir)
    data = json.dumps(kept, indent=1, sort_keys=True).encode()
    # A file that cannot be written only makes the next build write the pages again.
    with contextlib.suppress(OSError):
        write_if_changed(os.path.join(doctreedir, WRITTEN_DIGESTS), data)


# ---------------------------------------------------------------------------
# References nothing resolves


def _inventories(env: BuildEnvironment) -> dict[str, Any]:
    named = getattr(env, 'intersphinx_named_inventory', None)
    return named if isinstance(named, dict) else {}


def unresolved_message(domain: SpecsDomain, target: str) -> str:
    """Why ``target`` names no spec anywhere, and what to write instead."""
    citations = domain.citations
    source, colon, rest = target.partition(':')
    if colon and citations.names.resolve(target).spec is None:
        if source in citations.external:
            site = citations.external[source]
            return site.names.problem(site.names.resolve(rest), f' in {source}')
        if domain.settings.references.source(source) is not None:
            return (
                f'unknown spec {target!r}: the specs of {source!r} could not be read (see '
                'the warning about specs_external)'
            )
        inventories = _inventories(domain.env)
        if source in inventories:
            names = inventories[source].get('specs:spec', {})
            hint = did_you_mean(rest, names) if names else ''
            what = 'spec' if names else 'spec (it lists none: is it a site of specs?)'
            return f'no {what} {rest!r} in the intersphinx inventory {source!r}{hint}'
        sites = sorted({*(s.name for s in domain.settings.references.external), *inventories})
        if sites:
            hint = did_you_mean(source, sites) or f'; the sites are {", ".join(sites)}'
            return (
                f'unknown spec {target!r}: {source!r} is neither a site of specs_external '
                f'nor an intersphinx inventory{hint}'
            )
    return citations.names.problem(citations.names.resolve(target))


class SettleReferences(SphinxPostTransform):
    """Settle the references that name a spec they cannot link, before any is resolved.

    See :meth:`.references.Citations.settle`.  Only pages with ``:spec:``
    references are looked through.
    """

    # After the index placeholders are filled (5), before references are resolved (10).
    default_priority = 9

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        if self.env.docname not in domain.data['references']:
            return
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get('refdomain') == 'specs' and 'intersphinx' not in node:
                settled = domain.citations.settle(node)
                if settled is not None:
                    node.replace_self(settled)


def warn_unresolved(app: Sphinx, domain: Domain, node: nodes.Element) -> bool | None:
    """Report a ``:spec:`` reference nothing resolved (``warn-missing-reference``)."""
    if node.get('refdomain') != 'specs' or node.get('reftype') != 'spec':
        return None
    specs = get_domain(app.env)
    site, resolution = specs.citations.lookup(node['reftarget'])
    if site is None or resolution.spec is None:
        # A spec of a site without an address is shown unlinked: that site's
        # warning has said so.
        specs.citations.warn(unresolved_message(specs, node['reftarget']), node)
    return True


# ---------------------------------------------------------------------------
# Links to this site's own specs by URL


def _linked_docname(url: str, base_url: str, html_suffix: str) -> str:
    """The document name the page at ``url`` (under ``base_url``) has, if it is one:
    ``a/b.html`` (html) or ``a/b/`` (dirhtml)."""
    path = unquote(urlsplit(url[len(base_url) :]).path)
    return path.removesuffix(html_suffix).strip('/')


def spec_links(app: Sphinx, doctree: nodes.document) -> tuple[str, ...]:
    """The URLs a document links that are under the site's own address, in
    document order; none when ``autolink`` findings are off (``doctree-read``)."""
    settings = get_domain(app.env).settings
    base_url = settings.publishing.base_url
    if not settings.references.autolink or not base_url:
        return ()
    return tuple(
        url
        for reference in doctree.findall(nodes.reference)
        if (url := reference.get('refuri', '')).startswith(base_url)
    )


def add_autolinks(app: Sphinx, docname: str, links: Sequence[str], source: bytes) -> None:
    """Add an ``autolink`` finding to the record of the spec ``docname`` for
    each of its ``links`` (:func:`spec_links`) to a spec; ``source`` is the
    file's bytes, to find their lines in."""
    env = app.env
    domain = get_domain(env)
    settings = domain.settings
    record = domain.specs.get(docname)
    if not links or record is None:
        return
    release = settings.releases.parse(record.release) if record.release else None
    if settings.rules_for(record.kind, record.status, release).get('autolink') is None:
        return
    base_url = settings.publishing.base_url
    suffix = app.config.html_file_suffix or '.html'
    lines = source.decode('utf-8', 'replace').splitlines()
    findings = []
    searched = 0
    for url in links:
        target = _linked_docname(url, base_url, suffix)
        if target not in env.found_docs or settings.classify(target) is None:
            continue
        line = next((n for n in range(searched, len(lines)) if url in lines[n]), None)
        if line is not None:
            searched = line
        findings.append(
            Finding(
                'autolink',
                (line or 0) + 1,
                f"link to this site's spec {target} by its URL {url}; write "
                f':spec:`{target}` instead, which links the spec by name, follows it when '
                'it moves, and shows its title',
            )
        )
    if findings:
        merged = in_line_order([*record.findings, *findings])
        domain.add_spec(record._replace(findings=merged))


def cites_only(settings: Settings) -> bool:
    """Whether the site is one that only cites specs, so that having none is right.

    A portal (it reads other sites' specs), or a site with neither a
    template nor patterns or kinds of its own: the documentation of a
    project that links specs.  A site with a template, or that says where
    its specs are, is a specs repository, and is told when it has none.
    """
    if settings.references.external:
        return True
    default = next(v.default for v in CONFIG_VALUES if v.name == 'specs_patterns')
    patterns = [pattern.text for kind in settings.kinds for pattern in kind.patterns]
    return not settings.template_files and len(settings.kinds) == 1 and patterns == default


def setup(app: Sphinx) -> None:
    """Connect references; called from the extension's ``setup()``."""
    # ``:spec:`` with no domain, and ``:external+<inventory>:spec:``, look
    # in the standard domain.
    app.add_role_to_domain('std', 'spec', SpecReferenceRole())
    app.connect('builder-inited', read_external)
    app.connect('env-get-updated', pages_to_rewrite)
    app.add_post_transform(SettleReferences)
    app.connect('warn-missing-reference', warn_unresolved)
    app.connect('doctree-resolved', note_written)
    app.connect('build-finished', save_written)
    # After the record is made (events.read_doctree, priority 500).
