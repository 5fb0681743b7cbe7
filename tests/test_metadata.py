"""Spec metadata: header fields, tracker URLs, assignees, and what a build records.

The pure functions of :mod:`sphinxcontrib_specs.metadata` first, then
``test-index-metadata``, whose specs each carry one way of stating
metadata, built once: the records, the warnings, and agreement between
the records and the early scan that decides the generated pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import warning_lines
from hypothesis import example, given
from hypothesis import strategies as st
from index_helpers import copy_root, edit
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.checking.document import written_fields
from sphinxcontrib_specs.cli.reader import ReadOptions, SpecReader
from sphinxcontrib_specs.core.metadata import (
    Header,
    assignee_lines,
    assignees_from_lines,
    first_lines,
    merge_metadata,
    read_header,
)
from sphinxcontrib_specs.core.outline import scan_outline

BLUEPRINT = 'https://blueprints.launchpad.net/nova/+spec/cache-weigher'
BUG = 'https://bugs.launchpad.net/neutron/+bug/2071234'
STORY = 'https://storyboard.openstack.org/#!/story/2011234'


def test_header_fields_before_the_title() -> None:
    text = f':status: implemented\n:Release: 2025.2\n\n=====\nTitle\n=====\n\n{BLUEPRINT}\n'
    assert read_header(text) == Header(
        fields={'status': 'implemented', 'release': '2025.2'},
        trackers=[BLUEPRINT],
        blueprint_project='nova',
        blueprint_name='cache-weigher',
        blueprint_line=8,
    )


def test_header_fields_after_the_title_and_every_tracker() -> None:
    text = (
        '=====\nTitle\n=====\n\n:project: glance_store\n:topic: stores\n\n'
        f'Blueprint: {BLUEPRINT}\nBug: {BUG}\nStory: {STORY}\nAgain: {BUG}\n\n'
        'Problem description\n===================\n\n'
        'https://blueprints.launchpad.net/nova/+spec/not-in-the-preamble\n'
    )
    # ``topic`` is no metadata field: below the title, it is the spec's content.
    assert read_header(text) == Header(
        fields={'project': 'glance_store'},
        trackers=[BLUEPRINT, BUG, STORY],
        blueprint_project='nova',
        blueprint_name='cache-weigher',
        blueprint_line=8,
    )


LICENSE = '..\n This work is licensed under a Creative Commons Attribution 3.0 License.\n\n'
TITLE = '=====\nTitle\n=====\n\n'


@pytest.mark.parametrize(
    ('text', 'fields'),
    [
        # A docinfo block below a license comment, and fields below the title:
        # the docinfo block wins.
        (
            (
                f'{LICENSE}:Status: implemented\n:release: 2025.2\n\n{TITLE}'
                ':status: approved\n:project: nova\n'
            ),
            {'status': 'implemented', 'release': '2025.2', 'project': 'nova'},
        ),
        # Targets, substitution definitions and comments may come first.
        (
            (
                f'{TITLE}.. _top:\n.. |x| replace:: y\n.. a comment\n   over two lines\n\n'
                ':release: 2025.1\n'
            ),
            {'release': '2025.1'},
        ),
        # Items separated by blank lines, a value on the next lines; below
        # the title, a field of another name is content.
        (
            f'{TITLE}:status:\n   implemented\n\n:Topic Area: stores\n   and images\n',
            {'status': 'implemented'},
        ),
        # Within one list, the last of two fields of one name.
        (f'{TITLE}:release: 2024.2\n:release: 2025.1\n', {'release': '2025.1'}),
        # After the tracker links, a field list is text.
        (f'{TITLE}{BLUEPRINT}\n\n:release: 2024.2\n', {}),
        # So it is after a directive, or an empty comment and a quote.
        (f'{TITLE}.. note:: Draft.\n\n:release: 2024.2\n', {}),
        (f'..\n\n   Quoted.\n\n:status: implemented\n\n{TITLE}', {}),
        # A role that opens a paragraph is no field.
        (f'{TITLE}:ref:`other` says more.\n', {}),
        # In a section, fields are text.
        (f'{TITLE}Problem\n-------\n\n:release: 2024.2\n', {}),
        # No title: a field list at the very top only.
        (':status: implemented\n\nText.\n\n:release: 2024.2\n', {'status': 'implemented'}),
    ],
)
def test_header_fields_are_those_at_the_top(text: str, fields: dict[str, str]) -> None:
    """The scan takes the fields the records take from Sphinx's doctree."""
    read = SpecReader(ReadOptions()).read('spec.rst', text.encode(), docname='spec')
    assert read_header(text).fields == written_fields(read.doctree, read.docinfo) == fields


def test_header_first_blueprint_names_the_spec() -> None:
    second = 'https://blueprints.launchpad.net/placement/+spec/other'
    header = read_header(f'=====\nTitle\n=====\n\n{BLUEPRINT} and {second}\n')
    assert header.trackers == [BLUEPRINT, second]
    assert (header.blueprint_project, header.blueprint_name) == ('nova', 'cache-weigher')


def test_merge_precedence_docinfo_path_trackers_defaults() -> None:
    header = Header(
        fields={'status': 'ignored when docinfo is given'},
        blueprint_project='nova',
        blueprint_name='cache-weigher',
    )
    defaults = {'status': 'approved', 'project': 'default-project', 'release': 'backlog'}
    assert merge_metadata(defaults, header, {'release': '2025.1', 'name': 'x'}) == {
        'status': 'ignored when docinfo is given',
        'project': 'nova',
        'release': '2025.1',
        'name': 'x',
        'blueprint': 'cache-weigher',
    }
    assert merge_metadata(
        defaults,
        header,
        {'release': '2025.1', 'project': 'placement', 'name': 'x'},
        {'release': '2025.2', 'reviewer': 'Jane'},
    ) == {
        'status': 'approved',
        'project': 'placement',
        'release': '2025.2',
        'name': 'x',
        'blueprint': 'cache-weigher',
        'reviewer': 'Jane',
    }


@pytest.mark.parametrize(
    ('lines', 'people'),
    [
        (
            ['Primary assignee:', '  alice', '', 'Other contributors:', '  bob', '  carol'],
            ['alice', 'bob', 'carol'],
        ),
        (['Primary assignee: alice', 'Other contributors: bob, carol'], ['alice', 'bob', 'carol']),
        (
            ['Primary assignee:', '  <launchpad-id or None>', 'Other contributors:', '  None'],
            [],
        ),
        (['Primary assignee:', '  TBD', '', 'Other contributors:', '  N/A'], []),
        (
            [
                'Primary assignee: frank',
                '',
                'Other contributors:',
                '',
                '* grace',
                '* heidi and ivan',
            ],
            ['frank', 'grace', 'heidi', 'ivan'],
        ),
        (
            ['Primary assignee:', '  alice', '', 'Reviewers are welcome.', '  not-a-person'],
            ['alice'],
        ),
        (['Assignee: alice', 'Assignees: alice, bob'], ['alice', 'bob']),
        (['Nobody is named here.'], []),
    ],
)
def test_assignees(lines: list[str], people: list[str]) -> None:
    assert assignees_from_lines(lines) == people


def test_assignee_lines_stop_at_the_next_section() -> None:
    text = (
        '=====\nTitle\n=====\n\nImplementation\n==============\n\n'
        'Assignee(s)\n-----------\n\nPrimary assignee:\n  alice\n\n'
        'Work Items\n----------\n\nPrimary assignee: not-me\n'
    )
    assert assignee_lines(text, scan_outline(text)) == ['', 'Primary assignee:', '  alice']
    assert assignee_lines('=====\nTitle\n=====\n', scan_outline('=====\nTitle\n=====\n')) == []


# ---------------------------------------------------------------------------
# What a build records

RECORDS = {
    'specs/2025.1/approved/fields-before': (
        'Fields before the title',
        {
            'status': 'implemented',
            'release': '2025.2',
            'project': 'glance_store',
            'name': 'fields-before',
            'reviewer': 'Jane Doe',
        },
        (),
        ('alice',),
    ),
    'specs/2025.1/approved/fields-after': (
        'Fields after the title',
        {
            'status': 'implemented',
            'release': '2024.2',
            'project': 'cinder',
            'blueprint': 'fields-after',
            'name': 'fields-after',
        },
        ('https://blueprints.launchpad.net/nova/+spec/fields-after',),
        ('bob',),
    ),
    'specs/2025.1/approved/blueprint-url': (
        'Blueprint URL',
        {
            'status': 'approved',
            'release': '2025.1',
            'project': 'glance',
            'blueprint': 'image-tags',
            'name': 'blueprint-url',
        },
        ('https://blueprints.launchpad.net/glance/+spec/image-tags',),
        ('carol', 'dave', 'erin <erin@example.org>'),
    ),
    'specs/2025.1/approved/bug-and-story': (
        'Bug and story',
        {'status': 'approved', 'release': '2025.1', 'name': 'bug-and-story'},
        (BUG, STORY),
        ('frank', 'grace', 'heidi', 'ivan'),
    ),
    'specs/2025.1/approved/placeholders': (
        'Placeholders',
        {
            'status': 'approved',
            'release': '2025.1',
            'project': 'nova',
            'blueprint': 'placeholders',
            'name': 'placeholders',
        },
        ('https://blueprints.launchpad.net/nova/+spec/placeholders',),
        (),
    ),
    'specs/2025.1/approved/typo-status': (
        'Typo in status',
        {'status': 'aproved', 'release': '2025.1', 'name': 'typo-status'},
        (),
        ('judy',),
    ),
    'specs/2025.1/approved/typo-release': (
        'Typo in release',
        {'status': 'approved', 'release': 'epoxxy', 'name': 'typo-release'},
        (),
        ('mallory',),
    ),
}

WARNINGS = [
    (
        "specs/2025.1/approved/typo-release.rst:5: WARNING: unknown release 'epoxxy'; "
        'use a series name or number (2025.1, epoxy), a version, or map it with '
        'specs_release_aliases [specs.unknown_release]'
    ),
    (
        "specs/2025.1/approved/typo-status.rst:5: WARNING: unknown status 'aproved'; "
        'use one of approved, implemented, in-progress, ongoing, done, backlog, ideas, '
        'untargeted, release_independent, not-implemented, superseded, retired, abandoned '
        '(or add it to specs_statuses) [specs.unknown_status]'
    ),
]

Grouping = dict[str, tuple[str, str, str]]


def _records_and_scan(srcdir: Path) -> tuple[list[str], dict[str, object], Grouping, Grouping]:
    """Warnings, records, and the grouping fields as recorded and as scanned."""
    app = SphinxTestApp('dummy', srcdir=srcdir)
    try:
        app.build()
        domain = get_domain(app.env)
        records: dict[str, object] = {
            doc: (r.title, r.metadata, r.trackers, r.assignees)
            for doc, r in sorted(domain.specs.items())
        }
        recorded = {
            doc: (r.release or '', r.status, r.project or '') for doc, r in domain.specs.items()
        }
        scanned = {
            doc: (e.release, e.status, e.project) for doc, e in domain.data['light'].items()
        }
        return warning_lines(app), records, recorded, scanned
    finally:
        app.cleanup()


@pytest.fixture(scope='module')
def metadata_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[str], dict[str, object], Grouping, Grouping]:
    return _records_and_scan(copy_root('index-metadata', tmp_path_factory.mktemp('metadata')))


def test_records(metadata_build: tuple[list[str], dict[str, object], Grouping, Grouping]) -> None:
    _warnings, records, _recorded, _scanned = metadata_build
    assert records == RECORDS


def test_unknown_status_and_release_warnings(
    metadata_build: tuple[list[str], dict[str, object], Grouping, Grouping],
) -> None:
    warnings, _records, _recorded, _scanned = metadata_build
    assert warnings == WARNINGS


def test_scan_agrees_with_records(
    metadata_build: tuple[list[str], dict[str, object], Grouping, Grouping],
) -> None:
    """The generated pages are decided before reading, from a scan of the files."""
    _warnings, _records, recorded, scanned = metadata_build
    assert scanned == recorded


def test_scan_agrees_with_records_on_fields_outside_the_header(tmp_path: Path) -> None:
    """A field list after the tracker links is text to both; a docinfo name
    in capitals is the same field to both."""
    srcdir = copy_root('index-metadata', tmp_path)
    edit(
        srcdir / 'specs/2025.1/approved/bug-and-story.rst',
        lambda text: text.replace('2011234\n\n', '2011234\n\n:release: 2024.2\n\n', 1),
    )
    edit(
        srcdir / 'specs/2025.1/approved/fields-before.rst',
        lambda text: text.replace(':release: 2025.2', ':Release: 2025.2'),
    )
    _warnings, records, recorded, scanned = _records_and_scan(srcdir)
    assert records == RECORDS
    assert scanned == recorded


#: Characters of texts with every kind of line end str.splitlines knows.
_LINE_TEXT = ['a', ' ', '\n', '\n', '\r', '\v', '\f', '\x1c', '\x85', '\u2028', 'é']


@given(
    st.text(st.sampled_from(_LINE_TEXT)),
    st.integers(min_value=0, max_value=12),
)
@example('one\ntwo\rthree\nfour\n', 2)
@example('one\ntwo\nthree\u2028four\n', 2)
def test_first_lines_are_those_splitlines_gives(text: str, count: int) -> None:
    """The first lines of a text, whatever ends them, are those
    ``str.splitlines`` gives; at least ``count`` of them, all of them when
    there are fewer."""
    lines = text.splitlines()
    found = first_lines(text, count)
    assert found == lines[: len(found)]
    assert len(found) >= min(count, len(lines))
