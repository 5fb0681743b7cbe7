"""``specs.json``: every spec with its metadata, URL and findings."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from sphinxcontrib_specs import __version__
from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.core.files import relative_path
from sphinxcontrib_specs.core.records import Finding, SpecRecord

__all__ = ['SCHEMA_VERSION', 'page_path', 'page_url']


#: Bump when ``specs.json`` changes incompatibly; the schema shipped in
#: ``sphinxcontrib_specs/schemas/specs.schema.json`` describes this version.
SCHEMA_VERSION = 1


def page_path(builder: StandaloneHTMLBuilder, docname: str) -> str:
    """Where the page of ``docname`` is, relative to the site's root: a path, not a URL.

    Sphinx's ``html`` builder gives it quoted and ``dirhtml`` as it is, so
    that quoting it once more would quote twice, and a ``#`` in a name
    would end the path; quote what this returns once, with
    :func:`page_url`.
    """
    uri = builder.get_target_uri(docname)
    return unquote(uri) if builder.name == 'html' else uri


def page_url(builder: StandaloneHTMLBuilder, docname: str) -> str:
    """The URL of the page of ``docname``, relative to the site's root, quoted once."""
    return quote(page_path(builder, docname))


def _spec_json(
    app: Sphinx,
    builder: StandaloneHTMLBuilder,
    record: SpecRecord,
    findings: Iterable[Finding],
) -> dict[str, Any]:
    source = relative_path(get_domain(app.env).source_path(record.docname), str(app.srcdir))
    return {
        'docname': record.docname,
        'kind': record.kind,
        'title': record.title,
        'url': page_url(builder, record.docname),
        'source': source,
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
    # One spec per line: a diff shows which specs changed, and the
    # encoder written in C does it (an indented document takes the
    # encoder written in Python, ten times as long).
    specs = document.pop('specs')
    head = json.dumps(document, sort_keys=True, ensure_ascii=False)
    lines = ',\n'.join(json.dumps(spec, sort_keys=True, ensure_ascii=False) for spec in specs)
    specs_text = f'[\n{lines}\n]' if lines else '[]'
    return f'{head[:-1]}, "specs": {specs_text}}}\n'.encode()
