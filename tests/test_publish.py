"""Publishing in real builds: redirect pages, specs.json and the Atom feed.

Every test builds its own copy of ``test-publish``: three redirects files
worth of good, chained, broken and hostile lines, specs with and without a
``:date:``, a title full of markup characters, and one spec with a finding.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, warning_lines
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

import sphinxcontrib_specs
from sphinxcontrib_specs.adapter.publish.export import SCHEMA_VERSION

MakeApp = Callable[..., SphinxTestApp]
ATOM = '{http://www.w3.org/2005/Atom}'
SCHEMA = json.loads(
    (Path(sphinxcontrib_specs.__file__).parent / 'schemas' / 'specs.schema.json').read_text()
)

REDIRECT_WARNINGS = [
    (
        "specs/2025.1/redirects:6: WARNING: redirect target 'specs/2025.1/implemented/gone' is "
        'no page of this site; point it at the page that replaced it, or remove the line '
        '[specs.redirect]'
    ),
    (
        'specs/2025.1/redirects:7: WARNING: redirect cycle specs/2025.1/approved/ping -> '
        'specs/2025.1/approved/pong -> specs/2025.1/approved/ping; point one of them at a page '
        '[specs.redirect]'
    ),
    (
        'specs/2025.1/redirects:8: WARNING: redirect cycle specs/2025.1/approved/pong -> '
        'specs/2025.1/approved/ping -> specs/2025.1/approved/pong; point one of them at a page '
        '[specs.redirect]'
    ),
    (
        "specs/2025.1/redirects:9: WARNING: 'specs/2025.1/approved/cells' is a page of this "
        'site; a redirect would replace it. Remove the redirect or the page [specs.redirect]'
    ),
    (
        "specs/2025.1/redirects:10: WARNING: '../../../etc/passwd' leaves the output directory; "
        "nothing written for '../../../etc/passwd implemented/quotas.rst' [specs.redirect]"
    ),
    (
        "specs/2025.1/redirects:11: WARNING: '../../../../outside.rst' leaves the output "
        "directory; nothing written for 'approved/escape.rst ../../../../outside.rst' "
        '[specs.redirect]'
    ),
    (
        "specs/2025.1/redirects:12: WARNING: '/etc/passwd' is absolute; write a relative path; "
        "nothing written for '/etc/passwd implemented/quotas.rst' [specs.redirect]"
    ),
    (
        "specs/2025.1/redirects:13: WARNING: expected 'old new' (two paths without spaces), "
        "found 3 fields: 'approved/a b.rst implemented/quotas.rst' [specs.redirect]"
    ),
    (
        "specs/2025.1/redirects:14: WARNING: expected 'old new' (two paths without spaces), "
        "found 3 fields: 'approved/three.rst implemented/quotas.rst extra.rst' [specs.redirect]"
    ),
    (
        "specs/2025.1/redirects:15: WARNING: 'javascript:alert(1)' is not an http(s) URL; only "
        "those can be redirect targets; nothing written for 'approved/script.rst "
        "javascript:alert(1)' [specs.redirect]"
    ),
    (
        "specs/2025.1/redirects:16: WARNING: 'specs/2025.1/approved/quotas' is already "
        "redirected to 'specs/2025.1/implemented/quotas' (specs/2025.1/redirects:3); keep one "
        'of the two [specs.redirect]'
    ),
]

#: Redirect pages (relative to the output directory, html builder) and the
#: URL each refreshes to.
HTML_REDIRECTS = {
    'specs/2025.1/approved/quotas.html': '../implemented/quotas.html',
    'specs/2025.1/approved/quota-v1.html': '../implemented/quotas.html',
    'specs/2025.1/approved/placement.html': 'https://docs.example.org/placement/latest/',
    'specs/2024.2/approved/backups.html': '../implemented/backups.html',
    'old/overview.html': '../index.html',
    'old/placement.html': 'https://docs.example.org/placement/',
}
DIRHTML_REDIRECTS = {
    'specs/2025.1/approved/quotas/index.html': '../../implemented/quotas/',
    'specs/2025.1/approved/quota-v1/index.html': '../../implemented/quotas/',
    'specs/2025.1/approved/placement/index.html': 'https://docs.example.org/placement/latest/',
    'specs/2024.2/approved/backups/index.html': '../../implemented/backups/',
    'old/overview/index.html': '../../',
    'old/placement/index.html': 'https://docs.example.org/placement/',
}
#: Specs with a date, newest first: the feed's entries.
FEED_ORDER = [
    'specs/2025.1/implemented/quotas',
    'specs/2025.1/approved/cells',
    'specs/2025.1/approved/scheduler',
    'specs/2024.2/approved/ironic',
]
SPECS = sorted([*FEED_ORDER, 'specs/2024.2/implemented/backups'])


def copy_root(workdir: Path, name: str = 'src') -> Path:
    srcdir = workdir / name
    shutil.copytree(ROOTS / 'test-publish', srcdir)
    return srcdir


def build(
    make_app: MakeApp, srcdir: Path, builder: str = 'html', **kwargs: Any
) -> tuple[SphinxTestApp, list[str]]:
    app = make_app(builder, srcdir=srcdir, **kwargs)
    app.build()
    return app, warning_lines(app)


def outputs(outdir: Path) -> dict[str, bytes]:
    """Every file the publishing step writes, by path."""
    names = ['specs.json', 'specs.atom', *HTML_REDIRECTS, *DIRHTML_REDIRECTS]
    return {n: (outdir / n).read_bytes() for n in names if (outdir / n).exists()}


def refresh_target(page: Path) -> str:
    text = page.read_text()
    prefix = '<meta http-equiv="refresh" content="0; url='
    start = text.index(prefix) + len(prefix)
    return text[start : text.index('"', start)]


def check_schema(value: Any, schema: dict[str, Any], where: str = '$') -> None:
    """Validate ``value`` against the subset of JSON Schema the export uses.

    Any keyword outside that subset fails, so the schema cannot grow beyond
    what this checker understands without the test noticing.
    """
    if '$ref' in schema:
        name = schema['$ref'].removeprefix('#/$defs/')
        check_schema(value, SCHEMA['$defs'][name], where)
        return
    known = {
        '$schema', '$id', '$defs', 'title', 'description', 'type', 'const', 'enum',
        'required', 'properties', 'additionalProperties', 'items', 'minimum',
    }  # fmt: skip
    assert set(schema) <= known, f'{where}: checker does not know {set(schema) - known}'
    kinds = {
        'string': str,
        'integer': int,
        'array': list,
        'object': dict,
        'null': type(None),
    }
    if 'type' in schema:
        types = schema['type'] if isinstance(schema['type'], list) else [schema['type']]
        assert any(isinstance(value, kinds[t]) and not isinstance(value, bool) for t in types), (
            f'{where}: {value!r} is not {types}'
        )
    if 'const' in schema:
        assert value == schema['const'], where
    if 'enum' in schema:
        assert value in schema['enum'], where
    if 'minimum' in schema:
        assert value >= schema['minimum'], where
    if isinstance(value, dict):
        missing = set(schema.get('required', ())) - set(value)
        assert not missing, f'{where}: missing {missing}'
        properties = schema.get('properties', {})
        extra = schema.get('additionalProperties', True)
        for key, item in value.items():
            if key in properties:
                check_schema(item, properties[key], f'{where}.{key}')
            else:
                assert extra is not False, f'{where}: unexpected {key!r}'
                if isinstance(extra, dict):
                    check_schema(item, extra, f'{where}.{key}')
    if isinstance(value, list) and 'items' in schema:
        for index, item in enumerate(value):
            check_schema(item, schema['items'], f'{where}[{index}]')


def test_html_build_writes_every_good_redirect_and_reports_the_rest(
    make_app: MakeApp, tmp_path: Path
) -> None:
    srcdir = copy_root(tmp_path)
    app, lines = build(make_app, srcdir)

    assert [line for line in lines if '[specs.redirect]' in line] == REDIRECT_WARNINGS
    others = [line for line in lines if '[specs.redirect]' not in line]
    assert len(others) == 1
    assert others[0].startswith('specs/2024.2/approved/ironic.rst:')
    assert others[0].endswith('[specs.missing_section]')

    for name, url in HTML_REDIRECTS.items():
        assert refresh_target(app.outdir / name) == url, name
    page = (app.outdir / 'specs/2025.1/approved/quota-v1.html').read_text()
    assert (
        '<link rel="canonical" '
        'href="https://specs.example.org/demo/specs/2025.1/implemented/quotas.html">'
    ) in page
    assert '<a href="../implemented/quotas.html">Unified quotas</a>' in page

    # Nothing for the refused lines, in the output directory or anywhere else.
    approved = app.outdir / 'specs/2025.1/approved'
    for name in ('gone', 'ping', 'pong', 'escape', 'script', 'three', 'a b'):
        assert not (approved / f'{name}.html').exists(), name
    assert 'Cells' in (approved / 'cells.html').read_text()
    written = {p.name for p in tmp_path.rglob('*')}
    assert not written & {'passwd.html', 'outside.html', 'passwd'}
    assert not list(tmp_path.rglob('*.tmp'))


def test_dirhtml_build_writes_directory_pages(make_app: MakeApp, tmp_path: Path) -> None:
    app, lines = build(make_app, copy_root(tmp_path), 'dirhtml')
    assert [line for line in lines if '[specs.redirect]' in line] == REDIRECT_WARNINGS
    for name, url in DIRHTML_REDIRECTS.items():
        assert refresh_target(app.outdir / name) == url, name
    data = json.loads((app.outdir / 'specs.json').read_text())
    assert data['builder'] == 'dirhtml'
    assert [s['url'] for s in data['specs']] == [f'{d}/' for d in SPECS]


@pytest.mark.parametrize('builder', ['html', 'dirhtml'])
def test_specs_json_lists_every_spec_and_follows_its_schema(
    make_app: MakeApp, tmp_path: Path, builder: str
) -> None:
    app, _ = build(make_app, copy_root(tmp_path), builder)
    data = json.loads((app.outdir / 'specs.json').read_text(encoding='utf-8'))
    check_schema(data, SCHEMA)
    assert data['schema_version'] == SCHEMA_VERSION
    assert [s['docname'] for s in data['specs']] == SPECS
    ironic = next(s for s in data['specs'] if s['docname'] == 'specs/2024.2/approved/ironic')
    assert [f['code'] for f in ironic['findings']] == ['missing_section']
    cells = next(s for s in data['specs'] if s['docname'] == 'specs/2025.1/approved/cells')
    assert cells['title'] == 'Cells <v2> & "quoted" \'titles\' ]]> ok'
    assert cells['metadata']['date'] == '2025-03-14'
    assert (cells['release'], cells['status'], cells['source']) == (
        '2025.1',
        'approved',
        'specs/2025.1/approved/cells.rst',
    )
    scheduler = next(s for s in data['specs'] if s['docname'].endswith('/scheduler'))
    assert scheduler['project'] == 'placement'


def test_specs_json_holds_one_spec_per_line(make_app: MakeApp, tmp_path: Path) -> None:
    app, _ = build(make_app, copy_root(tmp_path), 'html')
    lines = (app.outdir / 'specs.json').read_text(encoding='utf-8').splitlines()
    # The head, one line per spec, and the closing line: a diff of two
    # exports shows which specs changed.
    assert lines[0].endswith('"specs": [')
    assert lines[-1] == ']}'
    specs = [json.loads(line.rstrip(',')) for line in lines[1:-1]]
    assert [spec['docname'] for spec in specs] == SPECS


def test_the_schema_checker_rejects_what_the_schema_forbids() -> None:
    good = {
        'schema_version': 1,
        'generator': 'sphinx-specs',
        'project': 'p',
        'base_url': None,
        'builder': 'html',
        'specs': [],
    }
    check_schema(good, SCHEMA)
    for bad in (
        {**good, 'schema_version': 2},
        {**good, 'extra': 1},
        {**good, 'builder': 'latex'},
        {k: v for k, v in good.items() if k != 'specs'},
        {**good, 'specs': [{'docname': 'x'}]},
    ):
        with pytest.raises(AssertionError):
            check_schema(bad, SCHEMA)


def test_the_feed_parses_lists_dated_specs_newest_first_and_escapes_titles(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app, _ = build(make_app, copy_root(tmp_path))
    document = (app.outdir / 'specs.atom').read_bytes()
    root = ET.fromstring(document)
    assert root.tag == f'{ATOM}feed'
    assert root.findtext(f'{ATOM}id') == 'https://specs.example.org/demo/specs.atom'
    assert root.findtext(f'{ATOM}title') == 'Demo <Specs> & Co'
    assert root.findtext(f'{ATOM}updated') == '2025-05-01T08:30:00Z'
    assert root.findtext(f'{ATOM}author/{ATOM}name') == 'Demo "team"'
    entries = root.findall(f'{ATOM}entry')
    base = 'https://specs.example.org/demo/'
    assert [e.findtext(f'{ATOM}id') for e in entries] == [f'{base}{d}.html' for d in FEED_ORDER]
    for entry in entries:
        assert entry.findtext(f'{ATOM}title')
        assert entry.findtext(f'{ATOM}updated')
    cells = entries[1]
    assert cells.findtext(f'{ATOM}title') == 'Cells <v2> & "quoted" \'titles\' ]]> ok'
    assert b'Cells &lt;v2&gt; &amp; "quoted"' in document
    assert cells.findtext(f'{ATOM}summary') == 'Approved for 2025.1 Epoxy'
    scheduler = entries[2]
    assert [c.get('term') for c in scheduler.findall(f'{ATOM}category')] == [
        'status:approved',
        'release:2025.1',
        'project:placement',
    ]


def test_feed_size_and_filter(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    app, _ = build(
        make_app,
        srcdir,
        confoverrides={
            'specs_feed': 'feeds/approved.xml',
            'specs_feed_filter': {'status': 'approved', 'release': ['epoxy', '2024.2']},
            'specs_feed_size': 2,
            'specs_json': False,
        },
    )
    root = ET.fromstring((app.outdir / 'feeds/approved.xml').read_bytes())
    assert root.findtext(f'{ATOM}id') == 'https://specs.example.org/demo/feeds/approved.xml'
    assert [e.findtext(f'{ATOM}id') for e in root.findall(f'{ATOM}entry')] == [
        'https://specs.example.org/demo/specs/2025.1/approved/cells.html',
        'https://specs.example.org/demo/specs/2025.1/approved/scheduler.html',
    ]
    assert not (app.outdir / 'specs.atom').exists()
    assert not (app.outdir / 'specs.json').exists()


def _git(cwd: Path, *args: str, date: str = '2026-02-03T04:05:06Z') -> None:
    env = {
        **os.environ,
        'GIT_AUTHOR_NAME': 'test',
        'GIT_AUTHOR_EMAIL': 'test@example.org',
        'GIT_COMMITTER_NAME': 'test',
        'GIT_COMMITTER_EMAIL': 'test@example.org',
        'GIT_AUTHOR_DATE': date,
        'GIT_COMMITTER_DATE': date,
        'GIT_CONFIG_GLOBAL': os.devnull,
        'GIT_CONFIG_NOSYSTEM': '1',
    }
    subprocess.run(['git', *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_specs_without_a_date_field_get_their_last_commit_date(
    make_app: MakeApp, tmp_path: Path
) -> None:
    srcdir = copy_root(tmp_path)
    _git(srcdir, 'init', '-q')
    _git(srcdir, 'add', '.')
    _git(srcdir, 'commit', '-q', '-m', 'specs')
    app, _ = build(make_app, srcdir)
    root = ET.fromstring((app.outdir / 'specs.atom').read_bytes())
    entries = root.findall(f'{ATOM}entry')
    # The docinfo date wins; backups has none and takes its commit's date.
    assert [(e.findtext(f'{ATOM}title'), e.findtext(f'{ATOM}updated')) for e in entries] == [
        ('Parallel backups', '2026-02-03T04:05:06Z'),
        ('Unified quotas', '2025-05-01T08:30:00Z'),
        ('Cells <v2> & "quoted" \'titles\' ]]> ok', '2025-03-14T00:00:00Z'),
        ('Scheduler hints v2', '2025-01-20T00:00:00Z'),
        ('Ironic shards', '2024-06-01T00:00:00Z'),
    ]


def test_outputs_are_the_same_bytes_for_the_same_sources(
    make_app: MakeApp, tmp_path: Path
) -> None:
    first, _ = build(make_app, copy_root(tmp_path, 'one'))
    first.cleanup()
    second, _ = build(make_app, copy_root(tmp_path, 'two'))
    produced = outputs(first.outdir)
    assert set(produced) == {'specs.json', 'specs.atom', *HTML_REDIRECTS}
    assert produced == outputs(second.outdir)


def test_parallel_build_publishes_what_a_serial_build_does(
    make_app: MakeApp, tmp_path: Path
) -> None:
    serial, serial_lines = build(make_app, copy_root(tmp_path, 'serial'))
    serial.cleanup()
    parallel = make_app('html', srcdir=copy_root(tmp_path, 'parallel'), parallel=2)
    merged: list[int] = []
    # Sent only when documents were read in other processes.
    parallel.connect('env-merge-info', lambda _app, _env, docnames, _other: merged.append(1))
    parallel.build()
    assert merged
    assert warning_lines(parallel) == serial_lines
    assert outputs(parallel.outdir) == outputs(serial.outdir)


def test_rebuild_follows_edits_and_leaves_unchanged_outputs_alone(
    make_app: MakeApp, tmp_path: Path
) -> None:
    srcdir = copy_root(tmp_path)
    app, _ = build(make_app, srcdir)
    app.cleanup()
    untouched = app.outdir / 'specs/2024.2/approved/backups.html'
    before = untouched.stat().st_mtime_ns

    cells = srcdir / 'specs/2025.1/approved/cells.rst'
    cells.write_text(cells.read_text().replace('Cells <v2>', 'Cells v3'))
    (srcdir / 'specs/2025.1/approved/scheduler.rst').unlink()
    with (srcdir / 'specs/2025.1/redirects').open('a') as stream:
        stream.write('approved/scheduler.rst ../implemented/quotas.rst\n')
    again, lines = build(make_app, srcdir)

    data = json.loads((again.outdir / 'specs.json').read_text())
    assert [s['docname'] for s in data['specs']] == [d for d in SPECS if 'scheduler' not in d]
    assert any(s['title'].startswith('Cells v3') for s in data['specs'])
    titles = [
        e.findtext(f'{ATOM}title')
        for e in ET.fromstring((again.outdir / 'specs.atom').read_bytes()).iter(f'{ATOM}entry')
    ]
    assert 'Scheduler hints v2' not in titles
    assert any(t and t.startswith('Cells v3') for t in titles)
    # The deleted spec's page now redirects, and the redirect file's
    # warnings are reported again though no document was re-read for them.
    assert refresh_target(again.outdir / 'specs/2025.1/approved/scheduler.html') == (
        '../implemented/quotas.html'
    )
    assert [line for line in lines if '[specs.redirect]' in line] == REDIRECT_WARNINGS
    assert untouched.stat().st_mtime_ns == before


def test_written_files_follow_the_umask(make_app: MakeApp, tmp_path: Path) -> None:
    app, _ = build(make_app, copy_root(tmp_path))
    umask = os.umask(0)
    os.umask(umask)
    for name in ('specs.json', 'specs.atom', 'old/overview.html'):
        assert (app.outdir / name).stat().st_mode & 0o777 == 0o666 & ~umask, name


def test_a_link_in_the_output_directory_cannot_lead_writes_outside(
    make_app: MakeApp, tmp_path: Path
) -> None:
    srcdir = copy_root(tmp_path)
    outside = tmp_path / 'outside'
    outside.mkdir()
    outdir = srcdir / '_build' / 'html'
    outdir.mkdir(parents=True)
    (outdir / 'old').symlink_to(outside)
    app, lines = build(make_app, srcdir, confoverrides={'specs_json': 'old/specs.json'})
    assert list(outside.iterdir()) == []
    conf = [line for line in lines if line.startswith('conf.py')]
    assert conf == [
        (
            'conf.py:10: WARNING: old/overview.html leaves the output directory (through a '
            'link); nothing written [specs.redirect]'
        ),
        (
            'conf.py:10: WARNING: old/placement.html leaves the output directory (through a '
            'link); nothing written [specs.redirect]'
        ),
        (
            'conf.py:1: WARNING: specs_json: old/specs.json leaves the output directory '
            '(through a link); nothing written [specs.config]'
        ),
    ]
    assert app.outdir == outdir


def test_redirect_warnings_can_be_switched_off(make_app: MakeApp, tmp_path: Path) -> None:
    app, lines = build(
        make_app, copy_root(tmp_path), confoverrides={'specs_rules': {'redirect': False}}
    )
    assert not [line for line in lines if '[specs.redirect]' in line]
    assert (app.outdir / 'specs/2025.1/approved/quota-v1.html').exists()
    assert not (app.outdir / 'specs/2025.1/approved/gone.html').exists()


def test_other_builders_publish_nothing(make_app: MakeApp, tmp_path: Path) -> None:
    app, lines = build(make_app, copy_root(tmp_path), 'text')
    assert not [line for line in lines if '[specs.redirect]' in line]
    assert not (app.outdir / 'specs.json').exists()
    assert not (app.outdir / 'specs.atom').exists()
    assert not list(app.outdir.rglob('*.html'))


def test_unusable_publishing_values_are_all_reported(make_app: MakeApp, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        make_app(
            'html',
            srcdir=copy_root(tmp_path),
            confoverrides={
                'html_baseurl': '',
                'specs_json': '../specs.json',
                'specs_feed_size': 0,
                'specs_feed_filter': {'owner': 'me'},
                'specs_redirect_files': 3,
            },
        )
    message = str(raised.value)
    for name in (
        'specs_redirect_files',
        'specs_json',
        'specs_feed: set html_baseurl',
        'specs_feed_size',
        'specs_feed_filter',
    ):
        assert name in message
