"""False findings from metadata, each seen in a real repository.

Tracker links in comments, the template's own example link, two docnames
of one file, specs of other projects, field lists that are content, and
assignees written in the forms people use.  One root per scenario
(``tests/roots/test-meta-*``), built once per test: the whole warning list,
what ``specs.json`` publishes of each spec, and the same findings from
``sphinx-specs check``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from conftest import warning_lines
from index_helpers import copy_root
from sphinx.testing.util import SphinxTestApp
from test_cli_check import run

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.config.load import load_settings
from sphinxcontrib_specs.config.settings import SettingsError
from sphinxcontrib_specs.core.duplicates import duplicate_findings
from sphinxcontrib_specs.core.metadata import (
    Header,
    assignee_entries,
    assignees_from_lines,
    read_header,
)
from sphinxcontrib_specs.core.records import Identity


class Built(NamedTuple):
    warnings: list[str]
    #: docname -> what ``specs.json`` says of the spec's metadata.
    published: dict[str, dict[str, Any]]
    #: docname -> (release, status, project), as recorded when read.
    recorded: dict[str, tuple[str, str, str]]
    #: The same, as scanned before reading, for the index pages.
    scanned: dict[str, tuple[str, str, str]]


def _build(srcdir: Path) -> Built:
    app = SphinxTestApp('html', srcdir=srcdir)
    try:
        app.build()
        exported = json.loads((app.outdir / 'specs.json').read_text())
        domain = get_domain(app.env)
        recorded = {
            doc: (r.release or '', r.status, r.project or '') for doc, r in domain.specs.items()
        }
        scanned = {
            doc: (e.release, e.status, e.project) for doc, e in domain.data['light'].items()
        }
        warnings = warning_lines(app)
    finally:
        app.cleanup()
    # The command line, run in the same directory, must not see the output.
    shutil.rmtree(srcdir / '_build')
    published = {
        spec['docname']: {
            key: spec[key] for key in ('project', 'metadata', 'trackers', 'assignees')
        }
        for spec in exported['specs']
    }
    return Built(warnings, published, recorded, scanned)


def _assert_check_agrees(
    srcdir: Path,
    built: Built,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``sphinx-specs check`` reports what the build reports."""
    status, lines, _err = run(['check', '-j', '1'], srcdir, capsys, monkeypatch)
    findings = [line for line in built.warnings if '[specs.' in line]
    assert (status, sorted(lines)) == (1 if findings else 0, sorted(findings))


def _configure(srcdir: Path, setting: str) -> None:
    """Add a line to the root's ``conf.py``, for the build and the command line."""
    with (srcdir / 'conf.py').open('a') as stream:
        stream.write(f'{setting}\n')


# ---------------------------------------------------------------------------
# Tracker links: the preamble's, never a comment's

OSLO_BLUEPRINT = 'https://blueprints.launchpad.net/oslo.messaging/+spec/retry-jitter'
OSLO_BUG = 'https://bugs.launchpad.net/oslo.db/+bug/2071234'


def test_a_link_in_a_comment_is_no_tracker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every spec keeps the template's instructions comment, with its example
    blueprint: no spec is for that blueprint, so none repeats another."""
    srcdir = copy_root('meta-comment-links', tmp_path)
    built = _build(srcdir)
    assert built.warnings == []
    assert built.published == {
        'specs/2025.1/lock-timeouts': {
            'project': None,
            # The docinfo block, below the comment, still counts.
            'metadata': {'status': 'implemented', 'release': '2025.1', 'name': 'lock-timeouts'},
            'trackers': [],
            'assignees': ['cleo'],
        },
        'specs/2025.1/pool-metrics': {
            'project': None,
            'metadata': {'status': 'approved', 'release': '2025.1', 'name': 'pool-metrics'},
            # Not the blueprint of the comment in the preamble either.
            'trackers': [OSLO_BUG],
            'assignees': ['ben'],
        },
        'specs/2025.1/retry-jitter': {
            'project': 'oslo.messaging',
            'metadata': {
                'status': 'approved',
                'release': '2025.1',
                'name': 'retry-jitter',
                'project': 'oslo.messaging',
                'blueprint': 'retry-jitter',
            },
            'trackers': [OSLO_BLUEPRINT],
            'assignees': ['ana'],
        },
    }
    assert built.scanned == built.recorded
    _assert_check_agrees(srcdir, built, capsys, monkeypatch)


COMMENTED = 'https://blueprints.launchpad.net/oslo/+spec/awesome-thing'


@pytest.mark.parametrize(
    'text',
    [
        f'..\n  For example {COMMENTED}\n\n=====\nTitle\n=====\n\nText.\n',
        f'=====\nTitle\n=====\n\n.. {COMMENTED}\n\nText.\n',
        f'=====\nTitle\n=====\n\n..\n   Example:\n\n   {COMMENTED}\n\nText.\n',
        # Not in the preamble: before the title, only docinfo fields count.
        f'{COMMENTED}\n\n=====\nTitle\n=====\n\nText.\n',
    ],
)
def test_comments_and_text_before_the_title_hold_no_tracker(text: str) -> None:
    assert read_header(text) == Header()


def test_a_quote_after_an_empty_comment_is_text() -> None:
    text = f'=====\nTitle\n=====\n\n..\n\n   {COMMENTED}\n'
    assert read_header(text).trackers == [COMMENTED]


def test_a_docinfo_field_holds_a_tracker() -> None:
    text = f':blueprint: {COMMENTED}\n\n=====\nTitle\n=====\n\nText.\n'
    assert read_header(text) == Header(
        fields={'blueprint': COMMENTED},
        trackers=[COMMENTED],
        blueprint_project='oslo',
        blueprint_name='awesome-thing',
        blueprint_line=1,
    )


# ---------------------------------------------------------------------------
# The template's example link

EXAMPLE = 'https://blueprints.launchpad.net/nova/+spec/example'


def _example_metadata(name: str) -> dict[str, Any]:
    return {
        'project': None,
        'metadata': {'status': 'approved', 'release': '2025.1', 'name': name},
        'trackers': [],
        'assignees': [],
    }


def test_the_template_example_link_names_no_blueprint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two specs that kept the template's example link are not for one blueprint."""
    srcdir = copy_root('meta-example-links', tmp_path)
    built = _build(srcdir)
    assert built.warnings == []
    assert built.published == {
        'specs/2025.1/approved/cache-weigher': {
            **_example_metadata('cache-weigher'),
            'assignees': ['dana'],
        },
        'specs/2025.1/approved/host-drain': {
            **_example_metadata('host-drain'),
            'assignees': ['eli'],
        },
        'specs/2025.1/approved/image-cache-stats': {
            'project': 'nova',
            'metadata': {
                'status': 'approved',
                'release': '2025.1',
                'name': 'image-cache-stats',
                'project': 'nova',
                'blueprint': 'image-cache-stats',
            },
            'trackers': ['https://blueprints.launchpad.net/nova/+spec/image-cache-stats'],
            'assignees': ['fay'],
        },
    }
    assert built.scanned == built.recorded
    _assert_check_agrees(srcdir, built, capsys, monkeypatch)


def test_the_template_example_link_is_a_placeholder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root('meta-example-links', tmp_path)
    _configure(srcdir, "specs_rules = {'placeholder': True}")
    built = _build(srcdir)
    assert built.warnings == [
        (
            f"specs/2025.1/approved/{name}.rst:7: WARNING: the template's example tracker "
            f"link '{EXAMPLE}' at column 1 is left in; replace it with the link of this "
            "spec's blueprint, bug or story [specs.placeholder]"
        )
        for name in ('cache-weigher', 'host-drain')
    ]
    _assert_check_agrees(srcdir, built, capsys, monkeypatch)


# ---------------------------------------------------------------------------
# One file, two docnames


def test_two_docnames_of_one_file_are_one_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A release view of symbolic links repeats no spec; a copy left behind
    is still reported, once."""
    srcdir = copy_root('meta-symlink-views', tmp_path)
    view = srcdir / 'specs' / '2025.1'
    view.mkdir()
    os.symlink('../approved/cache-weigher.rst', view / 'cache-weigher.rst')
    os.symlink('../implemented/port-audit.rst', view / 'port-audit.rst')
    built = _build(srcdir)
    assert built.warnings == [
        (
            'specs/approved/port-audit.rst:2: WARNING: this spec is published twice in release '
            "2025.1: specs/2025.1/port-audit.rst has the same name ('port-audit'); "
            'keep one, remove the other and redirect its path to the one kept '
            '[specs.duplicate_spec]'
        )
    ]
    _assert_check_agrees(srcdir, built, capsys, monkeypatch)


# ---------------------------------------------------------------------------
# Specs of other projects


def test_specs_of_other_projects_are_not_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same names under two projects, one blueprint name in two Launchpad
    projects, and collection pages (one per project and status) are no
    duplicates; a copy within one project still is."""
    srcdir = copy_root('meta-projects', tmp_path)
    built = _build(srcdir)
    assert built.warnings == [
        (
            'specs/2025.1/implemented/glance/image-import.rst:5: WARNING: this spec is published '
            'twice in release 2025.1: specs/2025.1/approved/glance/image-import.rst has the same '
            "name and blueprint ('image-import'); keep one, remove the other and redirect its "
            'path to the one kept [specs.duplicate_spec]'
        )
    ]
    _assert_check_agrees(srcdir, built, capsys, monkeypatch)


def _identity(docname: str, **fields: Any) -> Identity:
    values: dict[str, Any] = {
        'docname': docname,
        'path': f'{docname}.rst',
        'kind': 'spec',
        'release': '2025.1',
        'name': docname.rsplit('/', 1)[-1],
        'blueprint': '',
        'title_line': 2,
        'blueprint_line': 0,
        'project': '',
        'blueprint_project': '',
        'source': f'/src/{docname}.rst',
        'sections': frozenset({'problem description', 'proposed change'}),
    }
    return Identity(**{**values, **fields})


def test_a_spec_of_no_known_project_is_compared_with_all() -> None:
    found = duplicate_findings(
        [
            _identity('specs/2025.1/approved/foo', project='glance'),
            _identity('specs/2025.1/implemented/foo'),
        ]
    )
    assert list(found) == ['specs/2025.1/implemented/foo']


# ---------------------------------------------------------------------------
# Field lists that are content


def test_fields_below_the_title_are_metadata_only_when_known(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spec lite's ``:problem:`` and ``:solution:`` are its text; its
    ``:project:``, a named field and the feed's date are metadata; so is
    every field of a docinfo block."""
    srcdir = copy_root('meta-lite-fields', tmp_path)
    built = _build(srcdir)
    assert built.warnings == []
    assert built.published == {
        'specs/2025.1/spec-lite-swift-credentials': {
            'project': 'glance_store',
            'metadata': {
                'status': 'approved',
                'release': '2025.1',
                'name': 'swift-credentials',
                'project': 'glance_store',
            },
            'trackers': [],
            'assignees': [],
        },
        'specs/2025.1/volume-images': {
            'project': 'glance',
            'metadata': {
                'status': 'implemented',
                'release': '2025.1',
                'name': 'volume-images',
                'project': 'glance',
                'blueprint': 'volume-images',
                'topic': 'volumes',
                'date': '2025-03-14',
                'reviewer': 'Ida Lund',
            },
            'trackers': ['https://blueprints.launchpad.net/glance/+spec/volume-images'],
            'assignees': ['ivo'],
        },
    }
    assert built.scanned == built.recorded
    _assert_check_agrees(srcdir, built, capsys, monkeypatch)


def test_metadata_fields_must_be_a_list_of_names(tmp_path: Path) -> None:
    (tmp_path / 'template.rst').write_text('=====\nTitle\n=====\n\nOne\n===\n')
    with pytest.raises(SettingsError) as raised:
        load_settings({'specs_metadata_fields': 'topic'}, str(tmp_path))
    assert str(raised.value) == (
        "specs_metadata_fields: expected a list of field names; got 'topic'"
    )


# ---------------------------------------------------------------------------
# Assignees


def test_assignees_as_people_write_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root('meta-assignees', tmp_path)
    built = _build(srcdir)
    assert built.warnings == []
    assert {doc: spec['assignees'] for doc, spec in built.published.items()} == {
        'specs/2025.1/bracketed': [
            'mira, mira@example.org',
            'tkato',
            'Sam K Osei (sam@example.org, IRC: samo)',
        ],
        'specs/2025.1/listed': ['Rui Santos <rui@example.org>'],
        # The template's own placeholders, whatever they say.
        'specs/2025.1/placeholders-left': [],
        'specs/2025.1/surname-first': [
            'Okafor, Ngozi',
            'Lindqvist, Tove <tove@example.org>',
            'rkato',
            'mpetrov',
        ],
    }
    _assert_check_agrees(srcdir, built, capsys, monkeypatch)


@pytest.mark.parametrize(
    ('lines', 'people'),
    [
        (['Primary assignee:', '  Lindqvist, Tove'], ['Lindqvist, Tove']),
        (['Other contributors: Ana Silva, Ben Okoro'], ['Ana Silva', 'Ben Okoro']),
        (
            ['Primary assignee:', '  ana <ana@example.org>, ben <ben@example.org>'],
            [
                'ana <ana@example.org>',
                'ben <ben@example.org>',
            ],
        ),
        (['Primary assignee:', '  rkato,'], ['rkato']),
        (
            ['Other assignees:', '  None (help is welcome)', '  (TBC)', '  <None>'],
            [],
        ),
        (['Primary assignee:', '  <launchpad-id>', '  <add your name here>'], []),
        (
            ['Primary assignees:', '', '* Okafor, Ngozi Ada <ngozi@example.org>'],
            ['Okafor, Ngozi Ada <ngozi@example.org>'],
        ),
        (['Primary assignee:', '  <Tove Lindqvist>'], ['Tove Lindqvist']),
    ],
)
def test_assignee_forms(lines: list[str], people: list[str]) -> None:
    assert assignees_from_lines(lines) == people


def test_only_the_template_placeholder_is_dropped() -> None:
    template = assignee_entries(['Primary assignee:', '  <your nick>'])
    spec = ['Primary assignee:', '  <Your  nick>', '', 'Other contributors:', '  <tkato>']
    assert assignees_from_lines(spec, template) == ['tkato']
