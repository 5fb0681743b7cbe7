"""The Atom document and the dates it is built from, without Sphinx builds."""

from __future__ import annotations

import datetime
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import git

from sphinxcontrib_specs.adapter.publish.atom import parse_date
from sphinxcontrib_specs.core.feed import Category, Feed, FeedEntry, atom
from sphinxcontrib_specs.core.gitdates import last_changed

ATOM = '{http://www.w3.org/2005/Atom}'
UTC = datetime.timezone.utc

FEED = Feed(
    url='https://specs.example.org/specs.atom',
    site='https://specs.example.org/',
    title='Nova <specs> & "friends"',
    author='Nova & co',
    generator='sphinx-specs',
    generator_version='0.1.0',
    generator_uri='https://sphinx-specs.readthedocs.io/',
)
HOSTILE = FeedEntry(
    url='https://specs.example.org/specs/a.html?x=1&y="2"',
    title='Use <b>bold</b> & "quotes" \'here\' ]]> \x0b\x00\ufffe',
    updated=datetime.datetime(
        2025, 3, 14, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    ),
    summary='Approved for <2025.1> & "later"',
    authors=('Zoë <zoe@example.org>',),
    categories=(Category('status:approved', 'Approved "yes"'), Category('release:2025.1')),
)
PLAIN = FeedEntry(
    url='https://specs.example.org/specs/b.html',
    title='Plain',
    updated=datetime.datetime(2024, 1, 1, tzinfo=UTC),
)


def _parse(document: bytes) -> ET.Element:
    return ET.fromstring(document)


def test_the_feed_parses_and_has_the_required_elements() -> None:
    root = _parse(atom(FEED, [HOSTILE, PLAIN]))
    assert root.tag == f'{ATOM}feed'
    for name in ('id', 'title', 'updated', 'author'):
        assert root.find(f'{ATOM}{name}') is not None, name
    assert root.findtext(f'{ATOM}updated') == '2025-03-14T10:00:00Z'
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None
    assert self_link.get('href') == FEED.url
    entries = root.findall(f'{ATOM}entry')
    assert len(entries) == 2
    for entry in entries:
        for name in ('id', 'title', 'updated'):
            assert entry.findtext(f'{ATOM}{name}'), name
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None
        assert link.get('href') == entry.findtext(f'{ATOM}id')


def test_markup_characters_are_escaped_and_invalid_characters_dropped() -> None:
    document = atom(FEED, [HOSTILE])
    root = _parse(document)
    assert root.findtext(f'{ATOM}title') == 'Nova <specs> & "friends"'
    assert root.findtext(f'{ATOM}author/{ATOM}name') == 'Nova & co'
    entry = root.find(f'{ATOM}entry')
    assert entry is not None
    assert entry.findtext(f'{ATOM}title') == 'Use <b>bold</b> & "quotes" \'here\' ]]> '
    assert entry.findtext(f'{ATOM}summary') == 'Approved for <2025.1> & "later"'
    assert entry.findtext(f'{ATOM}author/{ATOM}name') == 'Zoë <zoe@example.org>'
    assert entry.findtext(f'{ATOM}id') == HOSTILE.url
    assert [(c.get('term'), c.get('label')) for c in entry.findall(f'{ATOM}category')] == [
        ('status:approved', 'Approved "yes"'),
        ('release:2025.1', None),
    ]
    assert b'<b>' not in document
    assert b'&lt;b&gt;bold&lt;/b&gt; &amp; "quotes"' in document


def test_the_feed_is_deterministic_and_dates_are_utc() -> None:
    first = atom(FEED, [HOSTILE, PLAIN])
    assert first == atom(FEED, [HOSTILE, PLAIN])
    assert b'<updated>2025-03-14T10:00:00Z</updated>' in first
    assert b'<updated>2024-01-01T00:00:00Z</updated>' in first


def test_an_empty_feed_is_valid_and_dated_at_the_epoch() -> None:
    root = _parse(atom(FEED, []))
    assert root.findall(f'{ATOM}entry') == []
    assert root.findtext(f'{ATOM}updated') == '1970-01-01T00:00:00Z'


def test_naive_dates_are_refused() -> None:
    naive = FeedEntry(url='https://x.example/', title='x', updated=datetime.datetime(2025, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValueError, match='time zone'):
        atom(FEED, [naive])


@pytest.mark.parametrize(
    ('text', 'expected'),
    [
        ('2025-03-14', datetime.datetime(2025, 3, 14, tzinfo=UTC)),
        ('2025-03-14T10:30:00Z', datetime.datetime(2025, 3, 14, 10, 30, tzinfo=UTC)),
        ('2025-03-14 10:30', datetime.datetime(2025, 3, 14, 10, 30, tzinfo=UTC)),
        ('2025-03-14T10:30:00+02:00', datetime.datetime(2025, 3, 14, 8, 30, tzinfo=UTC)),
        (' 2025-03-14 ', datetime.datetime(2025, 3, 14, tzinfo=UTC)),
        ('14 March 2025', None),
        ('', None),
    ],
)
def test_docinfo_dates(text: str, expected: datetime.datetime | None) -> None:
    assert parse_date(text) == expected


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A repository with three commits, the specs reached through a link."""
    repo = tmp_path / 'repo'
    (repo / 'specs' / 'approved').mkdir(parents=True)
    (repo / 'doc').mkdir()
    (repo / 'doc' / 'approved').symlink_to('../specs/approved')
    git(repo, 'init', '-q')
    (repo / 'specs' / 'approved' / 'old.rst').write_text('old\n')
    (repo / 'specs' / 'approved' / 'moved.rst').write_text('moved\n')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'one', date='2020-01-01T00:00:00Z')
    (repo / 'specs' / 'approved' / 'new spec.rst').write_text('new\n')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'two', date='2021-01-01T00:00:00Z')
    git(repo, 'mv', 'specs/approved/moved.rst', 'specs/approved/renamed.rst')
    git(repo, 'commit', '-q', '-m', 'three', date='2022-01-01T00:00:00+05:00')
    (repo / 'specs' / 'approved' / 'untracked.rst').write_text('untracked\n')
    return repo


def test_one_git_pass_dates_every_file(history: Path) -> None:
    doc = history / 'doc'
    files = [
        'approved/old.rst',
        'approved/new spec.rst',
        str(doc / 'approved' / 'renamed.rst'),
        'approved/untracked.rst',
        '../../outside.rst',
    ]
    assert last_changed(files, str(doc)) == {
        'approved/old.rst': datetime.datetime(2020, 1, 1, tzinfo=UTC),
        'approved/new spec.rst': datetime.datetime(2021, 1, 1, tzinfo=UTC),
        str(doc / 'approved' / 'renamed.rst'): datetime.datetime(2021, 12, 31, 19, tzinfo=UTC),
    }


def test_a_shallow_clone_dates_only_what_its_history_shows(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / 'clone'
    git(tmp_path, 'clone', '-q', '--depth', '2', f'file://{history}', str(clone))
    dates = last_changed(
        ['specs/approved/old.rst', 'specs/approved/new spec.rst', 'specs/approved/renamed.rst'],
        str(clone),
    )
    # old.rst last changed before the clone's boundary: its date is unknown.
    assert dates == {'specs/approved/renamed.rst': datetime.datetime(2021, 12, 31, 19, tzinfo=UTC)}


def test_the_history_is_read_again_only_when_the_commit_changes(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_run = subprocess.run

    def counting_run(command: list[str], **kwargs: Any) -> Any:
        # gitdates runs git -c core.quotepath=off SUBCOMMAND ...
        if command[:3] == ['git', '-c', 'core.quotepath=off']:
            calls.append(command[3])
        return real_run(command, **kwargs)

    monkeypatch.setattr(subprocess, 'run', counting_run)
    cache = str(tmp_path / 'doctrees' / 'gitdates.json')
    files = ['specs/approved/old.rst', 'specs/approved/renamed.rst']
    first = last_changed(files, str(history), cache)
    # What git tracks is counted first, to decide whether to restrict the walk.
    assert calls == ['rev-parse', 'ls-files', 'log']
    assert first == {
        'specs/approved/old.rst': datetime.datetime(2020, 1, 1, tzinfo=UTC),
        'specs/approved/renamed.rst': datetime.datetime(2021, 12, 31, 19, tzinfo=UTC),
    }

    # Same commit (uncommitted edits do not count): the cache answers.
    (history / 'specs' / 'approved' / 'old.rst').write_text('edited\n')
    calls.clear()
    assert last_changed(files, str(history), cache) == first
    assert calls == ['rev-parse']

    # A new commit: the history is read again.
    git(history, 'commit', '-q', '-am', 'four', date='2023-06-01T00:00:00Z')
    calls.clear()
    assert last_changed(files, str(history), cache) == {
        **first,
        'specs/approved/old.rst': datetime.datetime(2023, 6, 1, tzinfo=UTC),
    }
    assert calls == ['rev-parse', 'ls-files', 'log']

    # A damaged cache is read as no cache.
    Path(cache).write_text('{"key": ')
    calls.clear()
    assert last_changed(files, str(history), cache)['specs/approved/old.rst'].year == 2023
    assert calls == ['rev-parse', 'ls-files', 'log']


def test_no_dates_outside_a_work_tree_or_withoutgit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / 'a.rst').write_text('a\n')
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path.parent))
    assert last_changed(['a.rst'], str(tmp_path)) == {}
    monkeypatch.setenv('PATH', str(tmp_path / 'no-such-dir'))
    assert last_changed(['a.rst'], str(tmp_path)) == {}
