"""``sphinx-specs check``: the same findings as the build, and helpful errors.

Each test copies its root into ``tmp_path`` first: the command line reads
``conf.py`` and the specs where it runs, and a build writes ``_build``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOTS, warning_lines
from sphinx.testing.util import SphinxTestApp
from test_bad_input import LATIN_1
from test_duplicates import PORT_AUDIT, SECOND_NAME

from sphinxcontrib_specs import cli
from sphinxcontrib_specs.checking.doctree import outline_from_doctree, title_fields
from sphinxcontrib_specs.cli import pool
from sphinxcontrib_specs.cli.check import Report, write_reports
from sphinxcontrib_specs.cli.pool import _chunks
from sphinxcontrib_specs.cli.project import Project
from sphinxcontrib_specs.cli.reader import SpecReader
from sphinxcontrib_specs.core.encoding import decode, undecodable
from sphinxcontrib_specs.core.outline import Outline

#: Findings about the site as a whole, made while the build writes it: the
#: command line checks specs, not the published site.
SITE_CODES = ('[specs.redirect]',)

MARKUP_FINDINGS = [
    (
        "specs/2025.1/markup.rst:52: WARNING: section 'Use RFC 7232 caching' is not in "
        'the template (specs/template.rst); remove it, or make it a subsection of the '
        'section it belongs to [specs.extra_section]'
    ),
    (
        "specs/2025.1/markup.rst:57: WARNING: section '\u201cQuoted\u201d idea for Demo' "
        'is not in the template (specs/template.rst); remove it, or make it a subsection '
        'of the section it belongs to [specs.extra_section]'
    ),
    (
        "specs/2025.1/plain.rst:17: WARNING: missing required subsection 'Alternatives' "
        "under 'Proposed change' (template specs/template.rst:16); add it under "
        "'Proposed change' [specs.missing_subsection]"
    ),
]


def copy_root(name: str, tmp_path: Path) -> Path:
    srcdir = tmp_path / name
    shutil.copytree(ROOTS / f'test-{name}', srcdir)
    return srcdir


def run(
    args: list[str], cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, list[str], str]:
    """Run ``sphinx-specs`` in ``cwd``: exit status, output lines, error output."""
    monkeypatch.chdir(cwd)
    status = cli.main(args)
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def build_lines(srcdir: Path) -> list[str]:
    """The build's lines that the command line reports too."""
    app = SphinxTestApp('html', srcdir=srcdir)
    try:
        app.build()
        lines = warning_lines(app)
    finally:
        app.cleanup()
    shutil.rmtree(srcdir / '_build', ignore_errors=True)
    return [
        line
        for line in lines
        if ('[specs.' in line and not line.endswith(SITE_CODES))
        or 'undecodable source characters' in line
    ]


@pytest.mark.parametrize(
    'root',
    [
        'cli-markup',
        'bad-specs',
        'structure',
        'kinds',
        'overrides',
        'empty-template',
        'opt-out',
        'text-rules',
        'index-duplicates',
    ],
)
def test_check_reports_what_the_build_reports(
    root: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    srcdir = copy_root(root, tmp_path)
    expected = build_lines(srcdir)
    status, lines, _err = run(['check', '-j', '1'], srcdir, capsys, monkeypatch)
    assert sorted(lines) == sorted(expected)
    assert status == (1 if expected else 0)


def test_sphinx_markup_and_project_extensions_give_no_false_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Roles and directives of Sphinx, sphinx.ext.todo and the project's own
    extension (never imported) are read as the build reads them; smart
    quotes, a substitution from rst_prolog and a role in titles too.
    """
    srcdir = copy_root('cli-markup', tmp_path)
    monkeypatch.delitem(sys.modules, 'localext', raising=False)
    status, lines, err = run(['check'], srcdir, capsys, monkeypatch)
    assert lines == MARKUP_FINDINGS
    assert err == 'sphinx-specs: 2 specs checked, 3 findings\n'
    assert status == 1
    assert 'localext' not in sys.modules


def _shape(outline: Outline) -> list[tuple[str, int, int, list[str], bool, int]]:
    return [
        (s.title, s.line, s.level, s.comments, s.has_body, len(s.children))
        for top in outline.tops
        for s in top.walk()
    ]


def test_reader_gives_the_doctree_the_build_checks(tmp_path: Path) -> None:
    """Titles, lines, levels, comments, body, title fields and docinfo."""
    srcdir = copy_root('cli-markup', tmp_path)
    seen: dict[str, tuple[object, ...]] = {}
    docinfo: dict[str, dict[str, object]] = {}

    def record(app: SphinxTestApp, doctree: object) -> None:
        seen[app.env.docname] = (
            _shape(outline_from_doctree(doctree)),
            outline_from_doctree(doctree).comments,
            title_fields(doctree),
        )

    def record_docinfo(app: SphinxTestApp, doctree: object) -> None:
        docinfo[app.env.docname] = dict(app.env.metadata[app.env.docname])

    app = SphinxTestApp('html', srcdir=srcdir)
    try:
        # Before the extension's handler, which may add a metadata box; the
        # docinfo after Sphinx's collector has taken it.
        app.connect('doctree-read', record, priority=400)
        app.connect('doctree-read', record_docinfo, priority=900)
        app.build()
    finally:
        app.cleanup()
    project = Project.load(srcdir / 'conf.py')
    reader = SpecReader(project.read_options)
    for docname in ('specs/2025.1/markup', 'specs/2025.1/plain', 'other', 'index'):
        path = project.path(docname)
        read = reader.read(path, Path(path).read_bytes(), docname=docname)
        outline = outline_from_doctree(read.doctree)
        got = (_shape(outline), outline.comments, title_fields(read.doctree))
        assert (got, read.docinfo) == (seen[docname], docinfo[docname]), docname
    markup = seen['specs/2025.1/markup']
    assert markup[0][0][0] == 'Cache \u201cweights\u201d for Demo'
    assert markup[2] == {'release': '2025.1'}
    assert docinfo['specs/2025.1/markup'] == {'status': 'approved'}


def test_parallel_check_reports_what_one_process_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root('structure', tmp_path)
    _status, alone, _err = run(['check', '-j', '1'], srcdir, capsys, monkeypatch)
    monkeypatch.setattr(pool, '_PARALLEL_FROM', 1)
    _status, parallel, _err = run(['check', '-j', '2'], srcdir, capsys, monkeypatch)
    assert parallel == alone
    assert len(alone) > 5


def test_duplicates_are_found_among_the_specs_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With paths, ``duplicate_spec`` compares the specs given with each other only."""
    srcdir = copy_root('index-duplicates', tmp_path)
    later = 'specs/2025.1/implemented/port-audit.rst'
    status, lines, _err = run(['check', later], srcdir, capsys, monkeypatch)
    assert (status, lines) == (0, [])
    status, lines, _err = run(
        ['check', 'specs/2025.1/approved/port-audit.rst', later], srcdir, capsys, monkeypatch
    )
    assert (status, lines) == (1, [PORT_AUDIT])
    status, lines, _err = run(['check', 'specs/2025.1'], srcdir, capsys, monkeypatch)
    assert (status, lines) == (1, [SECOND_NAME, PORT_AUDIT])


def test_paths_are_shown_as_given_and_relative_to_the_current_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root('cli-markup', tmp_path)
    status, lines, _err = run(['check', '2025.1/plain.rst'], srcdir / 'specs', capsys, monkeypatch)
    assert status == 1
    assert lines == [MARKUP_FINDINGS[2].removeprefix('specs/')]
    status, lines, _err = run(
        ['check', '--conf', 'cli-markup', 'cli-markup/specs/2025.1'], tmp_path, capsys, monkeypatch
    )
    assert lines == [f'cli-markup/{line}' for line in MARKUP_FINDINGS]


def test_a_clean_spec_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root('basic', tmp_path)
    status, lines, err = run(
        ['check', 'specs/2025.1/parallel-backups.rst'], srcdir, capsys, monkeypatch
    )
    assert (status, lines, err) == (0, [], 'sphinx-specs: 1 spec checked, 0 findings\n')


def test_json_and_github_formats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root('cli-markup', tmp_path)
    status, lines, err = run(
        ['check', '--format', 'json', 'specs/2025.1/plain.rst'], srcdir, capsys, monkeypatch
    )
    assert status == 1
    assert err == ''
    assert json.loads('\n'.join(lines)) == [
        {
            'path': 'specs/2025.1/plain.rst',
            'line': 17,
            'code': 'missing_subsection',
            'message': "missing required subsection 'Alternatives' under 'Proposed change' "
            "(template specs/template.rst:16); add it under 'Proposed change'",
        }
    ]
    status, lines, err = run(
        ['check', '--format', 'github', 'specs/2025.1/plain.rst'], srcdir, capsys, monkeypatch
    )
    assert status == 1
    assert lines == [
        (
            '::warning file=specs/2025.1/plain.rst,line=17,title=specs.missing_subsection::'
            "missing required subsection 'Alternatives' under 'Proposed change' "
            "(template specs/template.rst:16); add it under 'Proposed change'"
        )
    ]


def test_github_annotations_escape_what_would_break_them() -> None:
    report = Report('a,b:c.rst', 3, None, '100% sure\nsecond line')
    out = _Buffer()
    write_reports([report], 'github', out)
    assert out.text == (
        '::warning file=a%2Cb%3Ac.rst,line=3,title=sphinx-specs::100%25 sure%0Asecond line\n'
    )


class _Buffer:
    def __init__(self) -> None:
        self.text = ''

    def write(self, text: str) -> int:
        self.text += text
        return len(text)


def test_files_that_are_not_text_are_one_finding_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not UTF-8: the build's finding (Sphinx's own warning before Sphinx 9)."""
    srcdir = copy_root('bad-specs', tmp_path)
    status, lines, _err = run(
        ['check', 'specs/2025.1/latin-1.rst', 'specs/2025.1/empty.rst'],
        srcdir,
        capsys,
        monkeypatch,
    )
    assert status == 1
    assert lines == [
        (
            'specs/2025.1/empty.rst:1: WARNING: the spec has no title and no sections; '
            'write it from the template (specs/template.rst), or, if the file is not a '
            'spec, leave it out with specs_exclude [specs.title]'
        ),
        LATIN_1,
    ]


def test_decode_replaces_each_undecodable_sequence_as_sphinx_does() -> None:
    text, problems = decode(b'\xef\xbb\xbfok\nbad \xff\xfe here\n\xe9')
    assert text == 'ok\nbad ?? here\n?'
    assert problems == [
        (2, 'undecodable source characters, replacing with "?": b\'bad >>>\\xff<<<\\xfe here\''),
        (2, 'undecodable source characters, replacing with "?": b\'bad \\xff>>>\\xfe<<< here\''),
        (3, 'undecodable source characters, replacing with "?": b\'>>>\\xe9<<<\''),
    ]


def test_undecodable_names_the_first_bad_byte_after_the_bom() -> None:
    """The line and column count characters of the decoded text, BOM left out."""
    assert undecodable(b'\xef\xbb\xbfok\nna\xc3\xafve \xff here\n\xe9') == (
        2,
        (
            "byte b'\\xff' at column 7 is not valid UTF-8: Sphinx cannot read the file, "
            'so it is left out of the build; save it as UTF-8 (or set source_encoding to '
            'the encoding it is in)'
        ),
    )
    assert undecodable('naïve\n'.encode()) is None
    assert undecodable(b'caf\xe9', 'latin-1') is None


def test_a_document_that_is_not_a_spec_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root('cli-markup', tmp_path)
    (tmp_path / 'README.rst').write_text('Read me\n=======\n')
    cases = {
        'other.rst': "other.rst is not a spec: its docname 'other' matches none of the "
        'patterns specs/{release}/{status}/{name}, specs/{status}/{release}/{name}, '
        'specs/{release}/{name}, specs/{status}/{name}',
        'index.rst': 'index.rst is not a spec: index pages are never specs',
        'specs/template.rst': 'specs/template.rst is not a spec: it is a template',
        'specs/2025.1/gone.rst': 'specs/2025.1/gone.rst: no such file',
        'conf.py': 'conf.py is not a source document of the Sphinx project in . '
        '(conf.py conf.py): it is outside the source directory, excluded, or not a '
        'source file',
        '../README.rst': '../README.rst is not a source document of the Sphinx project in '
        '. (conf.py conf.py): it is outside the source directory, excluded, or not a '
        'source file',
    }
    for path, message in cases.items():
        status, lines, err = run(['check', path], srcdir, capsys, monkeypatch)
        assert (status, lines, err) == (2, [], f'sphinx-specs check: error: {message}\n')


def test_only_specs_skips_other_files_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What pre-commit passes: every changed .rst file."""
    srcdir = copy_root('cli-markup', tmp_path)
    (tmp_path / 'README.rst').write_text('Read me\n=======\n')
    status, lines, err = run(
        [
            'check',
            '--only-specs',
            'index.rst',
            '../README.rst',
            'specs/template.rst',
            'specs/2025.1/plain.rst',
        ],
        srcdir,
        capsys,
        monkeypatch,
    )
    assert (status, lines) == (1, [MARKUP_FINDINGS[2]])
    assert err == 'sphinx-specs: 1 spec checked, 1 finding\n'
    status, lines, err = run(['check', '--only-specs', 'index.rst'], srcdir, capsys, monkeypatch)
    assert (status, lines, err) == (0, [], 'sphinx-specs: 0 specs checked, 0 findings\n')


def test_no_conf_py_says_where_it_looked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / 'repo'
    (repo / '.git').mkdir(parents=True)
    (repo / 'specs').mkdir()
    status, lines, err = run(['check'], repo / 'specs', capsys, monkeypatch)
    assert (status, lines) == (2, [])
    assert err == (
        'sphinx-specs check: error: no conf.py found: looked for conf.py, '
        'doc/source/conf.py, docs/source/conf.py, doc/conf.py, docs/conf.py, source/conf.py '
        f'in {repo / "specs"} and each parent directory up to {repo}; '
        'pass --conf PATH (a conf.py or its directory)\n'
    )
    status, lines, err = run(['check', '--conf', 'nowhere'], repo, capsys, monkeypatch)
    assert (status, err) == (
        2,
        'sphinx-specs check: error: --conf nowhere: there is no conf.py there\n',
    )


def test_conf_py_is_found_below_and_above(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / 'repo'
    (repo / '.git').mkdir(parents=True)
    shutil.copytree(ROOTS / 'test-cli-markup', repo / 'doc' / 'source')
    status, lines, _err = run(['check'], repo, capsys, monkeypatch)
    assert status == 1
    assert lines == [f'doc/source/{line}' for line in MARKUP_FINDINGS]
    status, lines, _err = run(
        ['check', 'plain.rst'], repo / 'doc/source/specs/2025.1', capsys, monkeypatch
    )
    assert lines == [MARKUP_FINDINGS[2].replace('specs/2025.1/', '')]
    status, lines, _err = run(
        ['check', '--conf', 'doc/source', 'doc/source/specs/2025.1/plain.rst'],
        repo,
        capsys,
        monkeypatch,
    )
    assert lines == [f'doc/source/{MARKUP_FINDINGS[2]}']


def test_conf_py_needs_no_extension_installed_but_must_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root('basic', tmp_path)
    conf = srcdir / 'conf.py'
    conf.write_text(
        conf.read_text().replace(
            "extensions = ['sphinxcontrib_specs']",
            "extensions = ['sphinxcontrib_specs', 'openstackdocstheme_not_installed']\n"
            "html_theme = 'openstackdocs'",
        )
    )
    status, lines, _err = run(['check'], srcdir, capsys, monkeypatch)
    assert status == 1
    assert len(lines) == 1
    conf.write_text('import not_installed_module\n' + conf.read_text())
    status, lines, err = run(['check'], srcdir, capsys, monkeypatch)
    assert (status, lines) == (2, [])
    assert err.startswith(f'sphinx-specs check: error: {conf}: There is a programmable error')
    assert "No module named 'not_installed_module'" in err


def test_unusable_settings_are_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root('basic', tmp_path)
    with (srcdir / 'conf.py').open('a') as conf:
        conf.write("specs_rules = {'line_lenght': False}\n")
    status, lines, err = run(['check'], srcdir, capsys, monkeypatch)
    assert (status, lines) == (2, [])
    assert err == (
        f'sphinx-specs check: error: {srcdir / "conf.py"}: sphinxcontrib_specs: unusable '
        "configuration:\nspecs_rules: unknown rule 'line_lenght'; did you mean 'line_length'?\n"
    )


def test_python_m_runs_the_command(tmp_path: Path) -> None:
    srcdir = copy_root('cli-markup', tmp_path)
    result = subprocess.run(
        [sys.executable, '-m', 'sphinxcontrib_specs', 'check', 'specs/2025.1/plain.rst'],
        cwd=srcdir,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, 'PYTHONWARNINGS': 'error'},
    )
    assert (result.returncode, result.stdout.splitlines()) == (1, [MARKUP_FINDINGS[2]])


def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(['check', '--format', 'xml'])
    assert raised.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_work_is_split_in_runs_of_about_the_same_size(tmp_path: Path) -> None:
    sizes = [10, 10, 10, 10, 40, 10, 10]
    items = []
    for number, size in enumerate(sizes):
        (tmp_path / f'{number}.rst').write_text('x' * size)
        items.append((str(number), f'{number}.rst'))
    chunks = _chunks(str(tmp_path), items, 3)
    assert [[docname for docname, _path in chunk] for chunk in chunks] == [
        ['0', '1', '2', '3'],
        ['4'],
        ['5', '6'],
    ]
