"""One spec's metadata and findings, from its doctree: shared by build and command line.

The Sphinx adapter calls :func:`check_spec` from its ``doctree-read`` handler
with the doctree Sphinx parsed; the command line calls it with a doctree it
parsed the same way.  So both find the same metadata, template and findings.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

import sphinx
from docutils import nodes

from sphinxcontrib_specs.checking.doctree import (
    comments_of,
    frozen_outline_from_doctree,
    title_fields,
)
from sphinxcontrib_specs.config.settings import Applicable, Settings
from sphinxcontrib_specs.core.duplicates import Identity
from sphinxcontrib_specs.core.metadata import (
    METADATA_FIELDS,
    Header,
    assignee_lines,
    assignees_from_lines,
    read_header,
)
from sphinxcontrib_specs.core.outline import (
    FrozenOutline,
    Outline,
    normalize_title,
    scan_outline,
    thaw_outline,
)
from sphinxcontrib_specs.core.patterns import template_fields
from sphinxcontrib_specs.core.records import Finding, SpecRecord, in_line_order
from sphinxcontrib_specs.core.template import Template
from sphinxcontrib_specs.rules.context import Context
from sphinxcontrib_specs.rules.optout import disabled_rules, may_opt_out
from sphinxcontrib_specs.rules.registry import run_rules

#: Sphinx 9 reads sources with strict decoding and stops the whole build at
#: the first file that is not in ``source_encoding``; earlier versions let
#: docutils replace the bytes and warn.  From 9 on, the extension reports
#: such a file itself and leaves it out, so the other documents still build.
SKIPS_UNDECODABLE = sphinx.version_info >= (9,)

__all__ = [
    'DatedTemplateLoader',
    'DoctreeFacts',
    'TemplateLoader',
    'check_facts',
    'check_spec',
    'doctree_facts',
    'resolve_header',
    'written_fields',
]


#: ``(path relative to the source directory, kind name) -> Template``.
TemplateLoader = Callable[[str, str], Template]
#: ``(template path, kind name, spec path) -> (Template, ...)``: the versions
#: of the template the spec may follow, those that stood while it was
#: written (paths relative to the source directory; see dated.py).
DatedTemplateLoader = Callable[[str, str, str], Sequence[Template]]


class DoctreeFacts(NamedTuple):
    """What checking a spec takes from its doctree (:func:`doctree_facts`)."""

    #: Its sections, frozen: the build keeps the facts of every spec it
    #: reads until they are checked.
    outline: FrozenOutline
    #: The fields the document states (:func:`written_fields`).
    written: tuple[tuple[str, str], ...]
    #: The first line and text of each comment, if the source may opt out
    #: of rules (else empty).
    comments: tuple[tuple[int, str], ...]


def doctree_facts(
    settings: Settings, doctree: nodes.document, docinfo: Mapping[str, object], source: bytes
) -> DoctreeFacts:
    """What :func:`check_facts` needs of the doctree of a document whose
    source is ``source``, and ``docinfo`` its docinfo fields."""
    # Walking the whole doctree for comments is a tenth of the checks; a
    # file without the opt-out marker (or an include that could hold it)
    # has nothing to find.
    aliases = settings.optout_aliases
    return DoctreeFacts(
        frozen_outline_from_doctree(doctree),
        tuple(written_fields(doctree, docinfo, settings.metadata_fields).items()),
        tuple(comments_of(doctree)) if may_opt_out(source, aliases) else (),
    )


def check_spec(
    settings: Settings,
    docname: str,
    doctree: nodes.document,
    *,
    path: str,
    source: bytes,
    docinfo: Mapping[str, object],
    load_template: TemplateLoader,
    load_dated_template: DatedTemplateLoader | None = None,
) -> SpecRecord | None:
    """Check the document ``docname``; None if it is not a spec.

    ``doctree`` is the document as Sphinx hands it to ``doctree-read`` (its
    title a top-level section), ``docinfo`` the fields Sphinx collected
    from the docinfo block before the title (``env.metadata[docname]``);
    the rest is as :func:`check_facts` takes it.
    """
    return check_facts(
        settings,
        docname,
        doctree_facts(settings, doctree, docinfo, source),
        path=path,
        source=source,
        load_template=load_template,
        load_dated_template=load_dated_template,
    )


def check_facts(
    settings: Settings,
    docname: str,
    facts: DoctreeFacts,
    *,
    path: str,
    source: bytes,
    load_template: TemplateLoader,
    load_dated_template: DatedTemplateLoader | None = None,
) -> SpecRecord | None:
    """Check the document ``docname`` from what its doctree says (``facts``);
    None if it is not a spec.

    ``path`` is its source path relative to the source directory, ``source``
    the file's bytes, and ``load_template`` gives the parsed template at a
    path for a kind.  The spec is checked against its
    template as ``load_dated_template`` gives it, if given, else the
    current one: the template of its time (:mod:`.dated`), and of the
    versions that stood while it was written, the one it follows best
    (fewest findings; the later on a tie).  Its metadata (the template's
    example tracker links) comes from the current one.
    """
    text = source.decode('utf-8', 'replace')
    outline = thaw_outline(facts.outline)
    written = dict(facts.written)
    header, applicable = resolve_header(
        settings,
        docname,
        text,
        outline=outline,
        written=written,
        load_template=load_template,
    )
    if applicable is None:
        return None
    kind, metadata, release = applicable.kind, applicable.metadata, applicable.release
    findings: list[Finding] = []
    if applicable.unknown_status is not None:
        findings.append(
            Finding(
                'unknown_status',
                _field_line(text, 'status'),
                f'unknown status {applicable.unknown_status!r}; use one of '
                f'{", ".join(settings.statuses.labels)} (or add it to specs_statuses)',
            )
        )
    if release is not None and not release.known:
        findings.append(
            Finding(
                'unknown_release',
                _field_line(text, 'release'),
                f'unknown release {release.name!r}; use a series name or number '
                '(2025.1, epoxy), a version, or map it with specs_release_aliases',
            )
        )
    rule_settings = applicable.rules
    disabled, opt_out_findings = disabled_rules(facts.comments, settings.optout_aliases)
    findings = [
        f for f in findings if f.code not in disabled and rule_settings.get(f.code) is not None
    ]
    findings.extend(opt_out_findings)
    template = None
    candidates: Sequence[Template] = ()
    template_path, tried = applicable.template_lookup
    if kind.templates:
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
            candidates = (
                load_dated_template(template_path, kind.name, path)
                if load_dated_template is not None
                else (load_template(template_path, kind.name),)
            )
            template = candidates[-1]
            config = rule_settings.get('config') is not None and 'config' not in disabled
            if applicable.passed_over and config:
                findings.append(_passed_over(applicable, template_path))
    ctx = Context(
        outline=outline,
        template=template,
        release=release,
        source=source,
        path=path,
        metadata=metadata,
        kind=kind.name,
        header=header,
    )
    found = list(run_rules(ctx, rule_settings, disabled))
    # Older versions that stood while the spec was written: the one it
    # follows best is the one its author followed.
    for candidate in reversed(candidates[:-1]):
        other = list(run_rules(replace(ctx, template=candidate), rule_settings, disabled))
        if len(other) < len(found):
            template, found = candidate, other
    findings.extend(found)
    identity = None
    duplicates = rule_settings.get('duplicate_spec')
    if release is not None and duplicates is not None and 'duplicate_spec' not in disabled:
        blueprint = metadata.get('blueprint', '') if duplicates['blueprints'] else ''
        if blueprint and blueprint == header.blueprint_name:
            blueprint_line = header.blueprint_line
        elif blueprint:
            # A blueprint given as a field, not as a URL.
            blueprint_line = _field_line(text, 'blueprint')
        else:
            blueprint_line = 1
        identity = Identity(
            docname=docname,
            path=path,
            kind=kind.name,
            release=release.name,
            name=metadata.get('name', ''),
            blueprint=blueprint,
            title_line=outline.title.line if outline.title else 1,
            blueprint_line=blueprint_line,
            project=metadata.get('project', ''),
            blueprint_project=(
                (header.blueprint_project or '') if blueprint == header.blueprint_name else ''
            ),
            source=settings.real_path(os.path.join(settings.srcdir, path)),
            sections=frozenset(normalize_title(section.title) for section in outline.sections),
        )
    return SpecRecord(
        docname=docname,
        kind=kind.name,
        title=outline.title.title if outline.title else '',
        metadata=metadata,
        template=template_path,
        findings=in_line_order(findings),
        trackers=tuple(header.trackers),
        assignees=tuple(
            assignees_from_lines(
                assignee_lines(text, outline), template.assignees if template else ()
            )
        ),
        identity=identity,
    )


def _passed_over(applicable: Applicable, used: str) -> Finding:
    """The finding for a template the build excludes, passed over for ``used``."""
    kind = applicable.kind
    name = 'specs_templates' if kind.name == 'spec' else f'specs_kinds[{kind.name!r}][templates]'
    skipped = applicable.passed_over[0]
    return Finding(
        'config',
        1,
        f'the template {skipped} is not used, because the build excludes it '
        f'(exclude_patterns) and a later candidate of {name} exists: this {kind.name} is '
        f'checked against {used}; delete {skipped} if it is an old copy, or take its '
        f'candidate out of {name}',
    )


def written_fields(
    doctree: nodes.document,
    docinfo: Mapping[str, object],
    names: frozenset[str] = METADATA_FIELDS,
) -> dict[str, str]:
    """The fields a document states: its docinfo, over the fields of ``names``
    of the field list below its title.

    Names ignore case, as below the title (Sphinx keeps a docinfo name as
    written unless docutils knows it, as it knows ``status``).
    """
    return {**title_fields(doctree, names), **{k.lower(): str(v) for k, v in docinfo.items()}}


def resolve_header(
    settings: Settings,
    docname: str,
    text: str,
    *,
    outline: Outline | None,
    written: Mapping[str, str] | None,
    load_template: TemplateLoader,
) -> tuple[Header, Applicable | None]:
    """The header of a document and what applies to it (None: it is no spec).

    ``written`` is the fields the spec states (by default those its header
    reads).  A tracker link that the spec's template shows as its example
    (``https://blueprints.launchpad.net/nova/+spec/example``) is left in by
    an author who has not filled it in: it is no tracker of the spec, and
    gives it neither a project nor a blueprint.  The index pages (before
    anything is parsed) and the records take their metadata from here, so
    both agree.
    """
    # The title and the first section below it are all the header needs.
    outline = outline if outline is not None else scan_outline(text.splitlines(), sections=2)
    key = _header_key(text, outline)
    memo = settings.resolved_headers
    if written is not None and key is not None:
        # The header scan resolved the same top of the same file before the
        # build read it: the same answer, if the fields Sphinx found are
        # those the scan read (as it takes them when given none).
        kept = memo.pop(docname, None)
        if kept is not None and kept[0] == key and list(written.items()) == kept[1]:
            return kept[2], kept[3]
    header = read_header(text, outline, names=settings.metadata_fields)
    head = settings.head_of(text, outline)
    applicable = settings.resolve(docname, header, written, head)
    if applicable is not None and header.trackers:
        template_path, _tried = applicable.template_lookup
        examples = (
            load_template(template_path, applicable.kind.name).trackers
            if template_path is not None
            else frozenset()
        )
        if not examples.isdisjoint(header.trackers):
            header = read_header(text, outline, names=settings.metadata_fields, examples=examples)
            applicable = settings.resolve(docname, header, written, head)
    if written is None and key is not None:
        memo[docname] = (key, list(header.fields.items()), header, applicable)
    return header, applicable


def _header_key(text: str, outline: Outline) -> tuple[object, ...] | None:
    """What :func:`resolve_header` reads of a document, besides its fields
    and its name: the top of the file down to the first section, where the
    title and that section are, and the title; None when it reads the
    whole file (no title, or no section below it)."""
    title = outline.title
    if title is None or not outline.sections:
        return None
    first = outline.sections[0].line
    # The header ends above the first section: the text down to it, cut at
    # a newline (each is a line end for str.splitlines, which may see more).
    end = -1
    for _line in range(first):
        end = text.find('\n', end + 1)
        if end < 0:
            end = len(text)
            break
    return (text[:end], title.line, first, title.written or title.title)


def _field_line(text: str, name: str) -> int:
    """The line of the ``:name:`` field, or 1."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().lower().startswith(f':{name}:'):
            return number
    return 1
