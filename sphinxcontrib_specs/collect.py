"""Sphinx event handlers: validate settings, build records, report findings."""

from __future__ import annotations

import os
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from sphinxcontrib_specs.doctree import comments_of, outline_from_doctree, title_fields
from sphinxcontrib_specs.domain import (
    SpecRecord,
    TemplateRecord,
    get_domain,
    settings_from_config,
)
from sphinxcontrib_specs.findings import Finding
from sphinxcontrib_specs.indexes import insert_metadata_box
from sphinxcontrib_specs.layout import template_fields
from sphinxcontrib_specs.metadata import (
    assignee_lines,
    assignees_from_lines,
    merge_metadata,
    read_header,
)
from sphinxcontrib_specs.rules import Context, disabled_rules, run_rules
from sphinxcontrib_specs.settings import Settings, SettingsError

__all__ = ['check_config', 'read_doctree', 'report_findings']

logger = logging.getLogger(__name__)


def check_config(app: Sphinx, config: Config) -> None:
    """Validate the configuration before anything is read."""
    try:
        settings_from_config(config, str(app.srcdir))
    except SettingsError as exc:
        raise ConfigError(f'sphinxcontrib_specs: unusable configuration:\n{exc}') from None


def _docname_of(settings: Settings, path: str) -> str | None:
    for suffix in settings.source_suffixes:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return None


def read_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """Build the record of a spec from the doctree Sphinx parsed."""
    env = app.env
    docname = env.docname
    settings = get_domain(env).settings
    if docname in settings.template_docnames:
        # Templates are published for reference, not listed in toctrees.
        env.metadata[docname]['orphan'] = True
        return
    classified = settings.classify(docname)
    if classified is None:
        return
    kind, fields = classified
    source_path = env.doc2path(docname)
    try:
        with open(source_path, 'rb') as stream:
            source = stream.read()
    except OSError:
        source = b''
    text = source.decode('utf-8', 'replace')
    outline = outline_from_doctree(doctree)
    docinfo = {**title_fields(doctree)}
    docinfo.update((k, str(v)) for k, v in env.metadata[docname].items())
    header = read_header(text, outline)
    metadata = merge_metadata(settings.defaults, header, fields, docinfo)
    findings: list[Finding] = []
    status = settings.statuses.canonical(metadata['status'])
    if status is None:
        findings.append(
            Finding(
                'unknown_status',
                _field_line(text, 'status'),
                f'unknown status {metadata["status"]!r}; use one of '
                f'{", ".join(settings.statuses.labels)} (or add it to specs_statuses)',
            )
        )
        status = metadata['status']
    metadata['status'] = status
    written = dict(metadata)
    release = settings.releases.parse(metadata['release']) if metadata.get('release') else None
    if release is not None:
        metadata['release'] = release.name
        if not release.known:
            findings.append(
                Finding(
                    'unknown_release',
                    _field_line(text, 'release'),
                    f'unknown release {release.name!r}; use a series name or number '
                    '(2025.1, epoxy), a version, or map it with specs_release_aliases',
                )
            )

    rule_settings = settings.rules_for(kind.name, status, release)
    disabled, opt_out_findings = disabled_rules(comments_of(doctree))
    findings = [
        f for f in findings if f.code not in disabled and rule_settings.get(f.code) is not None
    ]
    findings.extend(opt_out_findings)
    template = None
    template_path = None
    if kind.templates:
        template_path, tried = settings.find_template(kind, written)
        if template_path is None:
            if rule_settings.get('config') is not None and 'config' not in disabled:
                name = (
                    'specs_templates'
                    if kind.name == 'spec'
                    else (f'specs_kinds[{kind.name!r}][templates]')
                )
                if tried:
                    reason = f'none of {", ".join(map(repr, tried))} exists'
                else:
                    reason = 'every candidate needs a field this document has none of ({})'.format(
                        ', '.join(sorted({f for t in kind.templates for f in template_fields(t)}))
                    )
                findings.append(
                    Finding(
                        'config',
                        1,
                        f'no template for this {kind.name}: {reason} ({name}); add a '
                        'template there, give the document the missing metadata, or add '
                        'a candidate path',
                    )
                )
        else:
            env.note_dependency(os.path.join(settings.srcdir, template_path))
            domain = get_domain(env)
            template = domain.template(template_path, kind.name)
            # Recorded anew whenever a spec using the template is read, which
            # is whenever the template changes (it is a dependency).
            template_doc = _docname_of(settings, template_path)
            domain.add_template(
                TemplateRecord(
                    template_path,
                    None if template_doc in env.found_docs else template_path,
                    tuple(template.problems),
                )
            )
    ctx = Context(
        outline=outline,
        template=template,
        release=release,
        source=source,
        path=os.path.relpath(source_path, settings.srcdir).replace(os.sep, '/'),
        metadata=metadata,
        kind=kind.name,
    )
    findings.extend(run_rules(ctx, rule_settings, disabled))
    title = outline.title.title if outline.title else ''
    record = SpecRecord(
        docname=docname,
        kind=kind.name,
        title=title,
        metadata=metadata,
        template=template_path,
        findings=tuple(sorted(findings, key=lambda f: f.line)),
        trackers=tuple(header.trackers),
        assignees=tuple(assignees_from_lines(assignee_lines(text, outline))),
    )
    get_domain(env).add_spec(record)
    if settings.metadata_box:
        insert_metadata_box(doctree, record, settings)


def _field_line(text: str, name: str) -> int:
    """The line of the ``:name:`` field, or 1."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().lower().startswith(f':{name}:'):
            return number
    return 1


def _warn(finding: Finding, location: Any) -> None:
    logger.warning(finding.message, type='specs', subtype=finding.code, location=location)


def report_findings(app: Sphinx, env: BuildEnvironment) -> None:
    """Report every finding of every spec, read in this build or not.

    Findings are reported here, once per build and in docname order, so an
    incremental build still fails on a faulty spec it did not re-read, and
    ``-j N`` reports exactly what ``-j 1`` does.
    """
    domain = get_domain(env)
    settings = get_domain(env).settings
    for template in domain.live_templates():
        if settings.rules.get('template') is None:
            break
        for finding in template.findings:
            if template.location is None:
                docname = _docname_of(settings, template.path)
                _warn(finding, (docname, finding.line))
            else:
                _warn(finding, f'{template.location}:{finding.line}')
    for docname in sorted(domain.specs):
        if docname not in env.found_docs:
            continue
        for finding in domain.specs[docname].findings:
            _warn(finding, (docname, finding.line))
