"""No false findings from where specs are, what they are, and which template applies.

Each scenario is a small root; the build reports nothing, or the one right
finding, and ``sphinx-specs check`` reports what the build reports.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sphinx
from conftest import ROOTS, warning_lines
from sphinx.testing.util import SphinxTestApp
from test_bad_input import LATIN_1
from test_cli_check import build_lines, copy_root, run

from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.config.load import load_settings
from sphinxcontrib_specs.config.settings import Head, SettingsError

# -- Specs reached through symbolic links: every path form --------------------

QUOTAS = (
    "{path}:10: WARNING: missing required section 'Testing' (template "
    "specs/template.rst:15); add it after 'Proposed change' [specs.missing_section]"
)


def release_view(tmp_path: Path, *, view_is_spec: bool) -> Path:
    """The release-view repository, its links made.

    The specs are in ``specs/<status>/`` at the top; the source directory
    ``doc/source`` links to those directories, and holds a release view,
    ``specs/36.0/``, of links to the specs.  Either the view is what is
    checked (as its ``conf.py`` says), or the status directories are.
    """
    repo = copy_root('release-view', tmp_path)
    (repo / '.git').mkdir()
    specs = repo / 'doc' / 'source' / 'specs'
    for status in ('approved', 'implemented'):
        (specs / status).symlink_to(f'../../../specs/{status}')
    view = specs / '36.0'
    view.mkdir()
    (view / 'quotas.rst').symlink_to('../approved/quotas.rst')
    (view / 'audit-log.rst').symlink_to('../implemented/audit-log.rst')
    if not view_is_spec:
        with open(specs.parent / 'conf.py', 'a', encoding='utf-8') as conf:
            conf.write("specs_exclude = ['specs/36.0/*']\n")
    return repo


@pytest.mark.parametrize('view_is_spec', [True, False], ids=['view', 'status-directories'])
def test_the_build_checks_each_spec_once_at_the_path_it_publishes(
    tmp_path: Path, view_is_spec: bool
) -> None:
    repo = release_view(tmp_path, view_is_spec=view_is_spec)
    spec = 'specs/36.0/quotas.rst' if view_is_spec else 'specs/approved/quotas.rst'
    assert build_lines(repo / 'doc' / 'source') == [QUOTAS.format(path=spec)]


@pytest.mark.parametrize('view_is_spec', [True, False], ids=['view', 'status-directories'])
@pytest.mark.parametrize(
    ('given', 'shown', 'checked'),
    [
        # The file itself, outside the source directory: what pre-commit passes.
        ('specs/approved/quotas.rst', 'specs/approved/quotas.rst', 1),
        # The link in the release view.
        ('doc/source/specs/36.0/quotas.rst', 'doc/source/specs/36.0/quotas.rst', 1),
        # The file through the linked status directory.
        ('doc/source/specs/approved/quotas.rst', 'doc/source/specs/approved/quotas.rst', 1),
        # A directory of links, a directory linked to, and the directory above.
        ('doc/source/specs/36.0', 'specs/approved/quotas.rst', 2),
        ('specs/approved', 'specs/approved/quotas.rst', 1),
        ('specs', 'specs/approved/quotas.rst', 2),
    ],
)
def test_check_accepts_every_path_form_the_build_checks(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    view_is_spec: bool,
    given: str,
    shown: str,
    checked: int,
) -> None:
    repo = release_view(tmp_path, view_is_spec=view_is_spec)
    status, lines, err = run(['check', given], repo, capsys, monkeypatch)
    assert (status, lines) == (1, [QUOTAS.format(path=shown)])
    assert err == f'sphinx-specs: {checked} spec{"s" if checked > 1 else ""} checked, 1 finding\n'


def test_a_file_that_is_two_specs_is_checked_as_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without exclusions, the view and the status directory are both specs:
    the given path shows the one it names, the other is shown at its own
    path (in docname order)."""
    repo = release_view(tmp_path, view_is_spec=True)
    conf = repo / 'doc' / 'source' / 'conf.py'
    conf.write_text(conf.read_text().replace('specs_exclude', 'unused_exclude'))
    status, lines, _err = run(['check', 'specs/approved/quotas.rst'], repo, capsys, monkeypatch)
    assert (status, lines) == (
        1,
        [
            QUOTAS.format(path='doc/source/specs/36.0/quotas.rst'),
            QUOTAS.format(path='specs/approved/quotas.rst'),
        ],
    )


# -- Kinds recognised by their title or a field -------------------------------

LITE = 'specs/2025.1/approved/glance/cluster-awareness'
FULL = 'specs/2025.1/approved/glance/image-cache'
RFE = 'specs/2025.1/approved/glance/cache-metrics'


@pytest.mark.sphinx('html', testroot='spec-lite')
def test_kinds_are_recognised_by_title_and_field(app: SphinxTestApp) -> None:
    """Named like any spec, a spec lite is not checked against the spec
    template; its ``:project: Glance`` is its text, and makes no project page."""
    app.build()
    assert warning_lines(app) == []
    domain = get_domain(app.env)
    kinds = {docname: record.kind for docname, record in domain.specs.items()}
    assert kinds == {LITE: 'spec-lite', FULL: 'spec', RFE: 'rfe'}
    # The index pages, which read the files before the build does, agree.
    assert {docname: entry.kind for docname, entry in domain.data['light'].items()} == kinds
    assert domain.specs[LITE].metadata['project'] == 'glance'
    assert domain.specs[RFE].template == 'specs/rfe-template.rst'
    assert sorted(os.listdir(app.srcdir / 'by' / 'project')) == ['glance.rst']


def test_check_recognises_kinds_as_the_build_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root('spec-lite', tmp_path)
    assert build_lines(srcdir) == []
    status, lines, err = run(['check'], srcdir, capsys, monkeypatch)
    assert (status, lines, err) == (0, [], 'sphinx-specs: 3 specs checked, 0 findings\n')


def test_kind_recognition(tmp_path: Path) -> None:
    """Kinds recognised by content come first; titles and values are folded;
    a kind with patterns of its own is recognised there only."""
    (tmp_path / 'specs').mkdir()
    (tmp_path / 'specs/template.rst').write_text('T\n=\n\nS\n-\n')
    settings = load_settings(
        {
            'specs_kinds': {
                'policy': {'patterns': ['specs/{release}/{name}'], 'templates': []},
                'lite': {'title': ['Spec Lite:', 'Lite spec:'], 'templates': []},
                'rfe': {'fields': {'type': ['rfe', 'request*']}, 'templates': []},
                'note': {'patterns': ['notes/{name}'], 'title': 'Note:', 'templates': []},
            }
        },
        str(tmp_path),
    )

    def kind(docname: str, title: str, **fields: str) -> str | None:
        found = settings.classify(docname, Head(title, fields))
        return None if found is None else found[0].name

    assert kind('specs/2025.1/foo', 'Foo') == 'policy'
    assert kind('specs/2025.1/foo', 'spec  lite: Foo') == 'lite'
    assert kind('specs/2025.1/foo', 'LITE SPEC: Foo') == 'lite'
    assert kind('specs/2025.1/foo', 'Foo', type='RFE') == 'rfe'
    assert kind('specs/2025.1/foo', 'Foo', type='Request for enhancement') == 'rfe'
    assert kind('specs/2025.1/foo', 'Foo', type='bug') == 'policy'
    assert kind('notes/foo', 'Note: foo') == 'note'
    assert kind('notes/foo', 'Foo') is None
    assert kind('elsewhere/foo', 'Spec Lite: foo') is None
    # Without a head, the file's is read.
    (tmp_path / 'specs/2025.1').mkdir()
    lite = '==============\nSpec Lite: Bar\n==============\n'
    (tmp_path / 'specs/2025.1/bar.rst').write_text(lite)
    found = settings.classify('specs/2025.1/bar')
    assert found is not None
    assert (found[0].name, found[1]) == ('lite', {'release': '2025.1', 'name': 'bar'})


def test_kind_settings_are_validated(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(
            {
                'specs_kinds': {
                    'lite': {'title': '', 'fields': {'type': 3}, 'content_fields': 'yes'},
                    'nowhere': {'templates': []},
                },
                'specs_templates': [],
            },
            str(tmp_path),
        )
    assert str(raised.value).splitlines() == [
        "specs_kinds['lite'][content_fields]: expected True or False",
        "specs_kinds['lite'][title]: expected a title prefix or a list of them, got ''",
        (
            "specs_kinds['lite'][fields]['type']: expected a value or a list of values "
            '(globs), got 3'
        ),
        "specs_kinds['lite']: give it patterns, a title or fields to recognise it by",
        "specs_kinds['nowhere']: give it patterns, a title or fields to recognise it by",
    ]


# -- Copies of a template among the specs --------------------------------------


def test_copies_and_links_of_a_template_are_no_specs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy named like a template (as it is, or as it was) and a spec
    that is a link to the template are templates, not specs."""
    srcdir = copy_root('template-copies', tmp_path)
    (srcdir / 'specs/2025.1/approved/example.rst').symlink_to('../../template.rst')
    app = SphinxTestApp('html', srcdir=srcdir)
    try:
        app.build()
        assert warning_lines(app) == []
        assert sorted(get_domain(app.env).specs) == ['specs/2025.1/approved/image-cache']
    finally:
        app.cleanup()
    shutil.rmtree(srcdir / '_build')
    status, lines, err = run(['check'], srcdir, capsys, monkeypatch)
    assert (status, lines, err) == (0, [], 'sphinx-specs: 1 spec checked, 0 findings\n')
    copies = {
        'specs/2025.1/approved/template.rst': 'it is named like a template (a copy of one)',
        'specs/2025.1/approved/2025.1-template.rst': 'it is named like a template (a copy of one)',
        'specs/2025.1/approved/example.rst': 'it is a link to a template',
    }
    for path, reason in copies.items():
        status, lines, err = run(['check', path], srcdir, capsys, monkeypatch)
        assert (status, lines, err) == (
            2,
            [],
            f'sphinx-specs check: error: {path} is not a spec: {reason}\n',
        )


# -- A template the build excludes ----------------------------------------------

PASSED_OVER = (
    'specs/newton/subnet-types.rst:1: WARNING: the template specs/newton/template.rst is '
    'not used, because the build excludes it (exclude_patterns) and a later candidate of '
    'specs_templates exists: this spec is checked against specs/template.rst; delete '
    'specs/newton/template.rst if it is an old copy, or take its candidate out of '
    'specs_templates [specs.config]'
)


def test_an_excluded_old_copy_of_the_template_is_passed_over_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """newton's old copy is passed over for specs/template.rst, with a warning
    at each spec it would have applied to; ocata's copy is the template as
    it is, so nothing changes and nothing is said.  Deleting the old copy
    clears the warning on the next (incremental) build."""
    srcdir = copy_root('stale-template', tmp_path)

    def build() -> list[str]:
        app = SphinxTestApp('html', srcdir=srcdir)
        try:
            app.build()
            return warning_lines(app)
        finally:
            app.cleanup()

    assert build() == [PASSED_OVER]
    status, lines, _err = run(['check'], srcdir, capsys, monkeypatch)
    assert (status, lines) == (1, [PASSED_OVER])
    (srcdir / 'specs/newton/template.rst').unlink()
    assert build() == []


# -- Sphinx 9: files Sphinx cannot read or decode --------------------------------

UNREADABLE = (
    "specs/2025.1/empty.rst: WARNING: Ignored unreadable document 'specs/2025.1/empty.rst'."
)


@pytest.mark.skipif(sphinx.version_info < (9,), reason='Sphinx 7.4 and 8 read such files')
def test_a_file_sphinx_cannot_read_or_decode_is_reported_once_per_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The undecodable file is the extension's finding alone; the unreadable
    one is Sphinx's alone, which the extension's index scan does not repeat
    (Sphinx itself looks for documents twice in a first build)."""
    srcdir = tmp_path / 'bad-specs'
    shutil.copytree(ROOTS / 'test-bad-specs', srcdir)
    unreadable = str(srcdir / 'specs/2025.1/empty.rst')
    access = os.access
    # Running as root, a file cannot be made unreadable; Sphinx asks os.access.
    monkeypatch.setattr(
        os, 'access', lambda path, mode: str(path) != unreadable and access(path, mode)
    )
    app = SphinxTestApp('html', srcdir=srcdir)
    try:
        app.build()
        lines = warning_lines(app)
    finally:
        app.cleanup()
    assert [line for line in lines if 'empty.rst' in line or 'latin-1' in line] == [
        UNREADABLE,
        UNREADABLE,
        LATIN_1,
    ]
