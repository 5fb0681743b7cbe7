"""What a rebuild does not do again: the outputs made from all the records,
the names of ``objects.inv``, the file rules' listing, the history.

Each is kept with a digest of what it is made from (or the times of the
directories it listed), and made again when that changes; these tests
count the work done in real rebuilds of ``test-publish``, and check that
every change still shows.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, git, warning_lines
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_specs.adapter import events
from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.page_templates import PageTemplates
from sphinxcontrib_specs.adapter.publish import atom, export
from sphinxcontrib_specs.core import outline
from sphinxcontrib_specs.core.githead import head_commit

SPEC = 'specs/2025.1/approved/cells.rst'
TITLE = 'Cells <v2> & "quoted" \'titles\' ]]> ok'
REFRESH_PAGE = 'specs/2025.1/approved/quotas.html'


def copy_root(workdir: Path) -> Path:
    srcdir = workdir / 'src'
    shutil.copytree(ROOTS / 'test-publish', srcdir)
    # Times older than the clock's tick: directories just made are not trusted.
    for root, dirs, _files in os.walk(srcdir):
        for name in [*dirs, '']:
            os.utime(os.path.join(root, name), ns=(10**18, 10**18))
    return srcdir


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each output is made, and the source tree listed."""
    counts: Counter[str] = Counter()

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return function(*args, **kwargs)

        return counted

    # Imported by publishing when it writes them.
    monkeypatch.setattr(export, 'export_json', counting('json', export.export_json))
    monkeypatch.setattr(atom, 'export_feed', counting('feed', atom.export_feed))
    render = PageTemplates.render_html
    monkeypatch.setattr(PageTemplates, 'render_html', counting('refresh page', render))
    monkeypatch.setattr(events, 'list_tree', counting('file rules listing', events.list_tree))
    return counts


def build(srcdir: Path, **kwargs: Any) -> tuple[SphinxTestApp, list[str]]:
    # Outside the source directory, as a specs repository builds.
    app = SphinxTestApp('html', srcdir=srcdir, builddir=srcdir.parent / 'build', **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warning_lines(app)


def first_build(tmp_path: Path, made: Counter[str]) -> tuple[Path, SphinxTestApp, list[str]]:
    """A copy of the root, built once; ``made`` counts from there on."""
    srcdir = copy_root(tmp_path)
    app, warnings = build(srcdir)
    made.clear()
    return srcdir, app, warnings


def specs_json(app: SphinxTestApp) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((app.outdir / 'specs.json').read_text())
    return {spec['docname']: spec for spec in document['specs']}


def test_an_edit_that_changes_no_record_makes_no_output_again(
    tmp_path: Path, made: Counter[str]
) -> None:
    srcdir = copy_root(tmp_path)
    app, warnings = build(srcdir)
    assert made == {'json': 1, 'feed': 1, 'refresh page': 6, 'file rules listing': 1}
    first = {n: (app.outdir / n).read_bytes() for n in ('specs.json', 'specs.atom', REFRESH_PAGE)}

    made.clear()
    spec = srcdir / SPEC
    spec.write_text(spec.read_text() + '\nOne more paragraph, which no record holds.\n')
    app, again = build(srcdir)
    assert made == {}
    assert again == warnings
    assert {n: (app.outdir / n).read_bytes() for n in first} == first


def test_a_changed_record_makes_the_outputs_from_all_records_again(
    tmp_path: Path, made: Counter[str]
) -> None:
    srcdir, _app, _warnings = first_build(tmp_path, made)
    spec = srcdir / SPEC
    spec.write_text(spec.read_text().replace(TITLE, 'Cells, retitled'.ljust(len(TITLE))))
    app, _warnings = build(srcdir)
    # The refresh pages name no title of that spec: none is made again.
    assert made == {'json': 1, 'feed': 1}
    assert specs_json(app)['specs/2025.1/approved/cells']['title'] == 'Cells, retitled'
    assert 'Cells, retitled' in (app.outdir / 'specs.atom').read_text()
    assert ('spec', 'Cells, retitled') in {
        (kind, shown)
        for _name, shown, kind, _doc, _anchor, _priority in get_domain(app.env).get_objects()
    }


def test_an_output_deleted_from_the_output_directory_is_made_again(
    tmp_path: Path, made: Counter[str]
) -> None:
    srcdir, app, _warnings = first_build(tmp_path, made)
    first = {n: (app.outdir / n).read_bytes() for n in ('specs.json', REFRESH_PAGE)}
    for name in first:
        (app.outdir / name).unlink()
    app, _warnings = build(srcdir)
    assert made == {'json': 1, 'refresh page': 1}
    assert {n: (app.outdir / n).read_bytes() for n in first} == first


def test_new_page_suffixes_make_the_outputs_again(tmp_path: Path, made: Counter[str]) -> None:
    # No record changes, and Sphinx keeps the environment: the links do.
    srcdir, _app, _warnings = first_build(tmp_path, made)
    app, _warnings = build(srcdir, confoverrides={'html_file_suffix': '.htm'})
    assert made == {'json': 1, 'feed': 1, 'refresh page': 6}
    spec = specs_json(app)['specs/2025.1/approved/cells']
    assert spec['url'] == 'specs/2025.1/approved/cells.htm'
    assert (app.outdir / 'specs/2025.1/approved/quotas.htm').is_file()


def test_a_changed_setting_that_changes_no_record_makes_the_outputs_again(
    tmp_path: Path, made: Counter[str]
) -> None:
    # specs_redirects reads no document again, and the records stay the same.
    srcdir, app, _warnings = first_build(tmp_path, made)
    redirects = {**app.config.specs_redirects, 'specs/2025.1/approved/renamed.rst': SPEC}
    app, _warnings = build(srcdir, confoverrides={'specs_redirects': redirects})
    assert made == {'json': 1, 'feed': 1, 'refresh page': 1}
    assert 'specs/2025.1/approved/renamed' in {
        name for name, *_rest in get_domain(app.env).get_objects()
    }


def test_an_edited_redirects_file_is_read_again(tmp_path: Path, made: Counter[str]) -> None:
    srcdir, _app, warnings = first_build(tmp_path, made)
    redirects = srcdir / 'specs/2024.2/redirects'
    redirects.write_text(
        redirects.read_text() + 'approved/old-backups.rst ../implemented/backups.rst\n'
    )
    app, again = build(srcdir)
    assert made == {'refresh page': 1}
    assert again == warnings
    page = (app.outdir / 'specs/2024.2/approved/old-backups.html').read_text()
    assert 'url=../implemented/backups.html' in page
    assert 'specs/2024.2/approved/old-backups' in {
        name for name, *_rest in get_domain(app.env).get_objects()
    }


def test_a_rebuild_parses_only_the_templates_whose_text_changed(
    tmp_path: Path, made: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir, _app, warnings = first_build(tmp_path, made)
    parsed: list[str] = []
    scan_outline = outline.scan_outline

    def new_process() -> None:
        # Each build of a repository is a process of its own.
        monkeypatch.setattr(outline, '_TEMPLATE_OUTLINES', {})
        monkeypatch.setattr(outline, '_KEPT_OUTLINES', {})
        parsed.clear()

    def counted(text: Any, **kwargs: Any) -> outline.Outline:
        parsed.append(text)
        return scan_outline(text, **kwargs)

    monkeypatch.setattr(outline, 'scan_outline', counted)
    new_process()
    _app, again = build(srcdir)
    assert parsed == []
    assert again == warnings

    template = srcdir / 'specs/template.rst'
    template.write_text(template.read_text().replace('Problem description', 'Problem'))
    new_process()
    _app, edited = build(srcdir)
    assert parsed == [template.read_text()]
    assert edited != warnings
    new_process()
    _app, again = build(srcdir)
    assert parsed == []
    assert again == edited


def test_a_file_added_to_a_spec_directory_is_found_by_the_next_rebuild(
    tmp_path: Path, made: Counter[str]
) -> None:
    srcdir, _app, warnings = first_build(tmp_path, made)
    # Nothing changed in the directories: not listed again.
    _app, again = build(srcdir)
    assert made['file rules listing'] == 0
    assert again == warnings

    (srcdir / 'specs/2025.1/approved/notes.txt').write_text('Not a spec.\n')
    _app, added = build(srcdir)
    assert made['file rules listing'] == 1
    assert [line for line in added if line not in warnings] == [
        (
            'specs/2025.1/approved/notes.txt:1: WARNING: '
            "'notes.txt' is in a spec directory but does not end in .rst, so Sphinx never "
            'reads it; rename it, or move it out of specs/2025.1/approved [specs.file_extension]'
        )
    ]

    (srcdir / 'specs/2025.1/approved/notes.txt').unlink()
    _app, removed = build(srcdir)
    assert removed == warnings


# ---------------------------------------------------------------------------
# The commit checked out, without git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which('git') is None:
        pytest.skip('git is not installed')
    repo = tmp_path / 'repo'
    (repo / 'doc' / 'source').mkdir(parents=True)
    git(repo, 'init', '-q', '-b', 'main')
    for number in (1, 2):
        (repo / 'doc' / 'source' / 'index.rst').write_text(f'Version {number}\n')
        git(repo, 'add', '-A')
        git(repo, 'commit', '-q', '-m', f'commit {number}')
    return repo


def test_the_commit_is_read_as_git_reads_it(repo: Path, tmp_path: Path) -> None:
    source = repo / 'doc' / 'source'
    head = git(repo, 'rev-parse', 'HEAD').strip()
    assert head_commit(str(source)) == head
    # Branches packed into one file.
    git(repo, 'pack-refs', '--all')
    assert not (repo / '.git' / 'refs' / 'heads' / 'main').exists()
    assert head_commit(str(source)) == head
    # A detached head.
    first = git(repo, 'rev-parse', 'HEAD~1').strip()
    git(repo, 'checkout', '-q', first)
    assert head_commit(str(source)) == first
    git(repo, 'checkout', '-q', 'main')
    # A linked work tree: ``.git`` is a file that points at its git directory.
    git(repo, 'worktree', 'add', '-q', '-b', 'other', str(tmp_path / 'linked'), first)
    assert (tmp_path / 'linked' / '.git').is_file()
    assert head_commit(str(tmp_path / 'linked' / 'doc' / 'source')) == first
    # No repository at all.
    outside = tmp_path / 'outside'
    outside.mkdir()
    assert head_commit(str(outside)) == ''


def test_what_the_files_do_not_tell_plainly_is_left_to_git(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A shallow clone can be deepened under the same commit.
    clone = tmp_path / 'clone'
    git(tmp_path, 'clone', '-q', '--depth', '1', f'file://{repo}', str(clone))
    assert head_commit(str(clone)) is None
    # A repository named by the environment.
    monkeypatch.setenv('GIT_DIR', str(repo / '.git'))
    assert head_commit(str(repo)) is None
