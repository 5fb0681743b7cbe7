"""Docname patterns: which documents are specs, and their path metadata."""

from __future__ import annotations

import pytest

from sphinxcontrib_specs.core.patterns import (
    DEFAULT_PATTERNS,
    Pattern,
    PatternError,
    as_glob,
    fill,
    match_first,
)
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.statuses import (
    DEFAULT_STATUS_ALIASES,
    DEFAULT_STATUSES,
    StatusVocabulary,
)

STATUSES = StatusVocabulary(DEFAULT_STATUSES, DEFAULT_STATUS_ALIASES)
RELEASES = ReleaseTable()
PATTERNS = [Pattern.compile(text) for text in DEFAULT_PATTERNS]


def match(docname: str) -> dict[str, str] | None:
    return match_first(PATTERNS, docname, STATUSES, RELEASES)


@pytest.mark.parametrize(
    ('docname', 'fields'),
    [
        ('specs/2025.1/approved/foo', {'release': '2025.1', 'status': 'approved', 'name': 'foo'}),
        (
            'specs/epoxy/implemented/foo',
            {'release': 'epoxy', 'status': 'implemented', 'name': 'foo'},
        ),
        ('specs/approved/2025.1/foo', {'status': 'approved', 'release': '2025.1', 'name': 'foo'}),
        ('specs/2025.1/foo', {'release': '2025.1', 'name': 'foo'}),
        ('specs/abandoned/foo', {'status': 'abandoned', 'name': 'foo'}),
        ('specs/implemented/foo', {'status': 'implemented', 'name': 'foo'}),
        # A bucket is a release even though it is also a status.
        (
            'specs/backlog/approved/foo',
            {'release': 'backlog', 'status': 'approved', 'name': 'foo'},
        ),
        ('specs/backlog/foo', {'release': 'backlog', 'name': 'foo'}),
        # Other spellings of a status give the canonical name.
        (
            'specs/2025.1/in_progress/foo',
            {'release': '2025.1', 'status': 'in-progress', 'name': 'foo'},
        ),
        ('specs/unimplemented/foo', {'status': 'not-implemented', 'name': 'foo'}),
        ('specs/2025.1/Approved/foo', {'release': '2025.1', 'status': 'approved', 'name': 'foo'}),
    ],
)
def test_default_patterns(docname: str, fields: dict[str, str]) -> None:
    assert match(docname) == fields


@pytest.mark.parametrize(
    'docname', ['index', 'specs/foo', 'doc/specs/2025.1/foo', 'specs/2025.1/approved/x/foo']
)
def test_not_a_spec(docname: str) -> None:
    assert match(docname) is None


def test_status_only_matches_known_statuses() -> None:
    pattern = Pattern.compile('specs/{status}/{name}')
    assert pattern.match('specs/2025.1/foo', STATUSES, RELEASES) is None
    assert pattern.match('specs/drafts/foo', STATUSES, RELEASES) is None
    assert pattern.match('specs/retired/foo', STATUSES, RELEASES) == {
        'status': 'retired',
        'name': 'foo',
    }


def test_release_does_not_match_a_status() -> None:
    pattern = Pattern.compile('specs/{release}/{name}')
    assert pattern.match('specs/approved/foo', STATUSES, RELEASES) is None
    assert pattern.match('specs/untargeted/foo', STATUSES, RELEASES) == {
        'release': 'untargeted',
        'name': 'foo',
    }
    assert pattern.match('specs/anything/foo', STATUSES, RELEASES) == {
        'release': 'anything',
        'name': 'foo',
    }


def test_project_pattern_and_fields_within_a_segment() -> None:
    pattern = Pattern.compile('/specs/{project}/{release}/{name}/')
    assert pattern.match('specs/glance_store/2025.1/foo', STATUSES, RELEASES) == {
        'project': 'glance_store',
        'release': '2025.1',
        'name': 'foo',
    }
    pattern = Pattern.compile('specs/{release}-{name}')
    assert pattern.match('specs/zed-foo', STATUSES, RELEASES) == {'release': 'zed', 'name': 'foo'}


@pytest.mark.parametrize(
    ('text', 'message'),
    [
        (
            'specs/{nope}/{name}',
            (
                "'specs/{nope}/{name}': unknown field {nope}; the fields are {release}, "
                '{status}, {project}, {name}, {kind}'
            ),
        ),
        ('specs/{release}', "'specs/{release}': a pattern must contain {name}"),
        ('specs/{kind}/{name}', "'specs/{kind}/{name}': {kind} is not a docname field"),
        ('{name}/{name}', "'{name}/{name}': a field appears twice"),
        (
            'specs/{name!r}',
            (
                "'specs/{name!r}': unknown field {name}; the fields are {release}, "
                '{status}, {project}, {name}, {kind}'
            ),
        ),
        ('specs/{name', "'specs/{name': expected '}' before end of string"),
    ],
)
def test_malformed_patterns(text: str, message: str) -> None:
    with pytest.raises(PatternError) as raised:
        Pattern.compile(text)
    assert str(raised.value) == message


def test_fill_and_glob() -> None:
    assert fill('specs/{release}-template.rst', {'release': '2025.1'}) == (
        'specs/2025.1-template.rst'
    )
    assert fill('specs/{release}-template.rst', {'release': None}) is None
    assert fill('specs/{kind}/template.rst', {}) is None
    assert fill('template.rst', {}) == 'template.rst'
    assert as_glob('specs/{release}/{kind}.rst') == 'specs/*/*.rst'


def test_status_vocabulary() -> None:
    assert STATUSES.canonical(' In_Progress ') == 'in-progress'
    assert STATUSES.canonical('draft') is None
    assert STATUSES.label('not-implemented') == 'Not implemented'
    assert STATUSES.label('draft') == 'draft'
    order = sorted(['abandoned', 'draft', 'approved', 'implemented'], key=STATUSES.sort_key)
    assert order == ['approved', 'implemented', 'abandoned', 'draft']
