"""Preamble rules: the top of a spec, its file name, its tracker link, its licence."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from sphinxcontrib_specs.core.metadata import TRACKERS
from sphinxcontrib_specs.core.records import Finding
from sphinxcontrib_specs.rules.context import Context
from sphinxcontrib_specs.rules.registry import rule

# Metadata rules --------------------------------------------------------------


_BLUEPRINT = dict(TRACKERS)['blueprint']


@rule(
    'filename',
    default=False,
    group='metadata',
    regexes=('pattern',),
    pattern=r'[a-z0-9]+(?:[-_][a-z0-9]+)*',
)
def filename(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The file name breaks the naming convention, or is not the blueprint's name.

    The name without its suffix must match the regular expression
    ``pattern`` (lowercase words joined by hyphens or underscores), and
    when the preamble (the text between the title and the first section)
    links a Launchpad blueprint, the name must be the blueprint's, as the
    nova and other OpenStack templates ask.  The blueprints are those of the
    spec's record: a link in a comment, or the template's own example link
    left in, names none.

    Bad (``specs/2025.1/approved/Cache_Weigher.rst``)::

        https://blueprints.launchpad.net/nova/+spec/cache-weigher

    Good (``specs/2025.1/approved/cache-weigher.rst``)::

        https://blueprints.launchpad.net/nova/+spec/cache-weigher
    """
    if not ctx.path:
        return
    base = ctx.path.rsplit('/', 1)[-1]
    name = base.rsplit('.', 1)[0] if '.' in base else base
    if not re.fullmatch(options['pattern'], name):
        yield Finding(
            'filename',
            1,
            f"file name '{base}' does not follow the naming convention "
            f'(pattern {options["pattern"]!r}); rename the file',
        )
        return
    header = ctx.record_header
    blueprints = [
        found.group('name').rstrip('.')
        for found in map(_BLUEPRINT.match, header.trackers)
        if found is not None
    ]
    if blueprints and name not in blueprints:
        blueprint = blueprints[0]
        yield Finding(
            'filename',
            header.blueprint_line,
            f"the file is named '{base}' but its blueprint is '{blueprint}'; name the file "
            f"'{blueprint}{base[len(name) :]}'",
        )


@rule(
    'tracker_link',
    default=False,
    group='metadata',
    regexes=('patterns',),
    patterns=(
        r'https?://blueprints\.launchpad\.net/[^/\s]+/\+spec/\S+',
        r'https?://(?:bugs\.)?launchpad\.net/(?:[^/\s]+/\+bug|bugs)/\d+',
        r'https?://storyboard\.openstack\.org/#!/story/\d+',
    ),
)
def tracker_link(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The preamble links no tracker item.

    The preamble is the text above the first section.  ``patterns`` are the
    regular expressions a tracker URL must match: by default a Launchpad
    blueprint or bug (``https://bugs.launchpad.net/nova/+bug/1921126``, or
    the short ``https://launchpad.net/bugs/1921126``), or a StoryBoard
    story.  The URLs are the tracker links of the spec's record: a link in a
    comment, or the template's own example link left in, is none.  The
    finding stands at the title.

    Bad::

        ======================
        Cache-aware scheduling
        ======================

        Weigh hosts by the images they have cached.

    Good::

        ======================
        Cache-aware scheduling
        ======================

        https://blueprints.launchpad.net/nova/+spec/cache-aware-scheduling

        Weigh hosts by the images they have cached.
    """
    if not ctx.source:
        return
    trackers = ctx.record_header.trackers
    if any(re.search(pattern, url) for pattern in options['patterns'] for url in trackers):
        return
    title = ctx.outline.title
    yield Finding(
        'tracker_link',
        title.line if title else 1,
        'no tracker link above the first section; add the URL of the blueprint, bug or '
        'story this spec is for',
    )


@rule(
    'license_header',
    default=False,
    group='metadata',
    text='This work is licensed under a Creative Commons Attribution 3.0 Unported License.',
)
def license_header(ctx: Context, options: Mapping[str, Any]) -> Iterator[Finding]:
    """The text above the title lacks the license statement.

    ``text`` is the statement, compared ignoring line breaks and spacing; the
    default is the one OpenStack specs templates open with, in a comment.

    Bad::

        ======================
        Cache-aware scheduling
        ======================

    Good::

        ..
         This work is licensed under a Creative Commons Attribution 3.0
         Unported License.

         http://creativecommons.org/licenses/by/3.0/legalcode

        ======================
        Cache-aware scheduling
        ======================
    """
    if not ctx.source:
        return
    title = ctx.outline.title
    lines = ctx.lines
    head = lines[: max(title.line - 2, 0)] if title else lines
    words = ' '.join(re.sub(r'^\s*\.\.', '', line) for line in head).split()
    if ' '.join(options['text'].split()) in ' '.join(words):
        return
    yield Finding(
        'license_header',
        1,
        f'the license statement is missing above the title; start the file with a comment '
        f'holding {options["text"]!r}',
    )
