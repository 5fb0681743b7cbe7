"""``sphinx-specs new``: a spec created from the template that applies."""

from __future__ import annotations

import argparse
import os

from sphinxcontrib_specs.cli.common import EXIT_CLEAN, UsageError, display
from sphinxcontrib_specs.cli.move import _known_status
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.config.values import DEFAULT_KIND
from sphinxcontrib_specs.core.outline import scan_outline
from sphinxcontrib_specs.core.patterns import fill

# -- new ----------------------------------------------------------------------


def _title_from_name(name: str) -> str:
    words = name.replace('_', ' ').replace('-', ' ').split()
    text = ' '.join(words)
    return text[:1].upper() + text[1:]


def retitle(text: str, title: str) -> str:
    """``text`` (a template) with its title replaced by ``title``.

    The adornment lines are resized to the new title, keeping whatever
    they had beyond the old title's length (an inset overlined title).
    """
    outline = scan_outline(text)
    if outline.title is None:
        raise UsageError('the template has no title to replace')
    lines = text.splitlines(keepends=True)
    index = outline.title.line - 1
    old = lines[index].rstrip('\r\n')
    ending = lines[index][len(old) :]
    indent = old[: len(old) - len(old.lstrip())]
    new = indent + title
    adorned = [index + 1]
    if (
        index > 0
        and lines[index - 1].strip()
        and lines[index - 1].rstrip() == lines[index + 1].rstrip()
    ):
        adorned.append(index - 1)
    lines[index] = new + ending
    for position in adorned:
        adornment = lines[position].rstrip('\r\n')
        extra = max(len(adornment.rstrip()) - len(old.rstrip()), 0)
        lines[position] = (
            adornment.strip()[0] * (len(new) + extra) + lines[position][len(adornment) :]
        )
    return ''.join(lines)


def _new_command(args: argparse.Namespace, project: Project) -> int:
    settings = project.settings
    kinds = {kind.name: kind for kind in settings.kinds}
    kind_name = args.kind or DEFAULT_KIND
    if kind_name not in kinds:
        raise UsageError(f'unknown kind {kind_name!r}; the kinds are: {", ".join(kinds)}')
    kind = kinds[kind_name]
    status = settings.defaults['status']
    if args.status is not None:
        status = _known_status(settings, args.status)
    if args.release is not None and not settings.releases.parse(args.release).known:
        raise UsageError(
            f'unknown release {args.release!r}; use a series name or number such as 2025.1, '
            'a version number, or one of the buckets: ' + ', '.join(settings.releases.buckets)
        )
    name = args.name
    for suffix in project.source_suffixes:
        name = name.removesuffix(suffix)
    if not name or '/' in name or name != name.strip() or ' ' in name:
        raise UsageError(f'{args.name!r}: a spec name is one file name, without spaces')
    fields = {
        **{k: v for k, v in settings.defaults.items() if k != 'status'},
        'name': name,
        'status': status,
    }
    if args.release is not None:
        fields['release'] = args.release
    if args.project is not None:
        fields['project'] = args.project
    docname = None
    unfilled = []
    for pattern in kind.patterns:
        candidate = fill(pattern.text, fields)
        if candidate is None:
            unfilled.append(pattern.text)
            continue
        classified = settings.classify(candidate)
        if classified is not None and classified[0].name == kind.name:
            docname = candidate
            break
        unfilled.append(pattern.text)
    if docname is None:
        raise UsageError(
            f'no pattern of the kind {kind.name!r} can be filled in: '
            f'{", ".join(unfilled)}; give --release, --status or --project'
        )
    suffix = next(
        (s for s, filetype in project.source_suffixes.items() if filetype == 'restructuredtext'),
        '.rst',
    )
    target = os.path.join(project.srcdir, docname + suffix)
    existing = [
        s
        for s in project.source_suffixes
        if os.path.lexists(os.path.join(project.srcdir, docname + s))
    ]
    if existing:
        there = os.path.join(project.srcdir, docname + existing[0])
        raise UsageError(f'{display(there)} exists; not overwritten')
    metadata = {k: v for k, v in fields.items() if k != 'name'}
    template_path, tried = settings.find_template(kind, metadata)
    if template_path is None:
        raise UsageError(
            f'no template applies to {docname!r}: tried {", ".join(tried) or "no path"}; '
            'add a template or give --release'
        )
    full_template = os.path.join(project.srcdir, template_path)
    with open(full_template, encoding='utf-8', newline='') as stream:
        text = stream.read()
    created = retitle(text, args.title or _title_from_name(name))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, 'x', encoding='utf-8', newline='') as stream:
        stream.write(created)
    print(f'created {display(target)} from {display(full_template)}')
    return EXIT_CLEAN
