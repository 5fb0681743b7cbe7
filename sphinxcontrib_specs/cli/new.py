"""``sphinx-specs new``: a spec created from the template that applies."""

from __future__ import annotations

import argparse
import errno
import os

from docutils.utils import column_width

from sphinxcontrib_specs.cli.common import (
    EXIT_CLEAN,
    UsageError,
    check_directories,
    check_inside,
    display,
    writable_root,
)
from sphinxcontrib_specs.cli.move import _known_status
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.config.values import DEFAULT_KIND
from sphinxcontrib_specs.core.outline import scan_outline
from sphinxcontrib_specs.core.patterns import fill, template_fields

#: The longest file or directory name, in bytes, that common file systems
#: (ext4, XFS, APFS, NTFS) hold.
_NAME_MAX = 255

# -- new ----------------------------------------------------------------------


def _title_from_name(name: str) -> str:
    words = name.replace('_', ' ').replace('-', ' ').split()
    text = ' '.join(words)
    return text[:1].upper() + text[1:]


def _not_a_segment(value: str) -> bool:
    """Whether ``value`` cannot be one file or directory name of a spec's path."""
    return (
        value in ('', '.', '..')
        or '/' in value
        or '\\' in value
        or any(char.isspace() or not char.isprintable() for char in value)
    )


def retitle(text: str, title: str) -> str:
    """``text`` (a template) with its title replaced by ``title``.

    The adornment lines are resized to the new title, keeping whatever
    they had beyond the old title's length (an inset overlined title).
    Lengths are display widths, as docutils measures them: a wide (East
    Asian) character takes two columns.
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
        extra = max(len(adornment.rstrip()) - column_width(old.rstrip()), 0)
        lines[position] = (
            adornment.strip()[0] * (column_width(new) + extra) + lines[position][len(adornment) :]
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
    if _not_a_segment(name):
        raise UsageError(f'{args.name!r}: a spec name is one file name, without spaces')
    if args.title is not None and (
        not args.title.isprintable() or args.title != args.title.strip()
    ):
        raise UsageError(
            f'--title {args.title!r}: a title is one line of text, without spaces around it'
        )
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
        for field in template_fields(pattern.text):
            value = fields.get(field)
            if value and _not_a_segment(value):
                given = getattr(args, field, None) is not None
                where = f'--{field}' if given else f"specs_defaults['{field}'] in conf.py"
                raise UsageError(
                    f'{where} {value!r}: each field of the pattern {pattern.text} is one '
                    'directory or file name, without spaces, slashes or control characters, '
                    'and not . or ..; give another'
                )
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
    parts = (docname + suffix).split('/')
    for index, segment in enumerate(parts):
        size = len(os.fsencode(segment))
        if size > _NAME_MAX:
            parent = display(os.path.join(project.srcdir, *parts[:index]))
            shown = os.path.normpath(os.path.join(parent, segment[:20]))
            raise UsageError(
                f'{shown}...: a name of {size} bytes, and file systems hold names of at most '
                f'{_NAME_MAX}; give a shorter one'
            )
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
    created = retitle(_read_template(full_template), args.title or _title_from_name(name))
    check_inside(target, writable_root(project.srcdir))
    check_directories(os.path.dirname(target))
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, 'x', encoding='utf-8', newline='') as stream:
            stream.write(created)
    except OSError as exc:
        fix = (
            'give a shorter name'
            if exc.errno == errno.ENAMETOOLONG
            else 'check that its directory can be written to'
        )
        raise UsageError(f'cannot create {display(target)}: {exc.strerror}; {fix}') from None
    print(f'created {display(target)} from {display(full_template)}')
    return EXIT_CLEAN


def _read_template(path: str) -> str:
    """The text of the template at ``path``, line endings as they are."""
    try:
        with open(path, 'rb') as stream:
            data = stream.read()
    except OSError as exc:
        raise UsageError(
            f'cannot read the template {display(path)}: {exc.strerror}; fix it or '
            'specs_templates in conf.py'
        ) from None
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError as exc:
        line = data.count(b'\n', 0, exc.start) + 1
        raise UsageError(
            f'{display(path)}:{line}: the template is not UTF-8 '
            f'(byte {data[exc.start : exc.end]!r}); save it as UTF-8'
        ) from None
