"""The baseline: recorded findings are not reported, new ones are, stale entries are.

Each test copies ``test-baseline`` into ``tmp_path``, records its baseline
with ``sphinx-specs baseline``, changes the copy, and builds it with
Sphinx (or runs ``sphinx-specs check``) the way a repository's CI does.
The root has a finding of each origin: a template's (``template``), a
spec's (``missing_section``, ``tab``) and the file rules'
(``file_extension``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sphinx
from conftest import ROOTS, warning_lines
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_specs import cli
from sphinxcontrib_specs.core.baseline import (
    HEADER,
    Baseline,
    Entry,
    Located,
    compare,
    format_baseline,
    parse_baseline,
    record,
)
from sphinxcontrib_specs.core.records import Finding

SPEC = 'specs/2025.1/backup-retention.rst'

TEMPLATE = (
    "specs/template.rst:5: WARNING: unknown template annotation 'specs: mandatory' in "
    "section 'Problem description'; use 'specs: optional', 'specs: since RELEASE' or "
    "'specs: aliases TITLE | TITLE' [specs.template]"
)
MISSING = (
    f"{SPEC}:12: WARNING: missing required section 'Testing' (template "
    "specs/template.rst:17); add it after 'Proposed change' [specs.missing_section]"
)
TAB = f'{SPEC}:18: WARNING: tab at column 2; use spaces instead [specs.tab]'
STRAY = (
    "specs/2025.1/notes.txt:1: WARNING: 'notes.txt' is in a spec directory but does not "
    'end in .rst, so Sphinx never reads it; rename it, or move it out of specs/2025.1 '
    '[specs.file_extension]'
)
EVERY = [TEMPLATE, MISSING, TAB, STRAY]

ENTRIES = [
    (
        f"{SPEC} missing_section 7cbfd7fa1ae8ab60 missing required section 'Testing' (template "
        "specs/template.rst:17); add it after 'Proposed change'"
    ),
    f'{SPEC} tab 0c325ef9cacd5841 tab at column 2; use spaces instead',
    (
        'specs/2025.1/notes.txt file_extension 84fc8a07c3bce6ea '
        "'notes.txt' is in a spec directory but does not end in .rst, so Sphinx never reads "
        'it; rename it, or move it out of specs/2025.1'
    ),
    (
        'specs/template.rst template f6ec474cf07a2411 '
        "unknown template annotation 'specs: mandatory' in section 'Problem description'; "
        "use 'specs: optional', 'specs: since RELEASE' or 'specs: aliases TITLE | TITLE'"
    ),
]
#: The line of the baseline file that holds the tab's entry.
TAB_ENTRY_LINE = HEADER.count('\n') + 2

STALE_TAB = (
    f'specs-baseline.txt:{TAB_ENTRY_LINE}: WARNING: known finding no longer occurs in '
    f'{SPEC} (tab: tab at column 2; use spaces instead); run '
    "'sphinx-specs baseline --shrink' to drop this line [specs.baseline]"
)


def copy_root(tmp_path: Path, name: str = 'baseline') -> Path:
    srcdir = tmp_path / name
    shutil.copytree(ROOTS / 'test-baseline', srcdir)
    return srcdir


def build(srcdir: Path, **kwargs: object) -> tuple[list[str], str]:
    """Build ``srcdir`` (incrementally, after a first build); warning lines and status."""
    app = SphinxTestApp('html', srcdir=srcdir, **kwargs)  # type: ignore[arg-type]
    try:
        app.build()
        return warning_lines(app), app.status.getvalue()
    finally:
        app.cleanup()


def run(
    args: list[str],
    cwd: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[int, list[str], list[str]]:
    """Run ``sphinx-specs`` in ``cwd``: exit status, output lines, error output lines."""
    monkeypatch.chdir(cwd)
    status = cli.main(args)
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` in ``path``, with an mtime later than the last build's."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    now = time.time_ns()
    os.utime(path, ns=(now, now))


def known(count: int) -> str:
    return f'sphinx-specs: {count} known findings not reported (baseline specs-baseline.txt)'


@pytest.fixture
def recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A copy of the root with its four findings recorded."""
    srcdir = copy_root(tmp_path)
    status, out, _err = run(['baseline', '-j', '1'], srcdir, capsys, monkeypatch)
    assert (status, out) == (
        0,
        [
            (
                'specs-baseline.txt: 4 known findings (file_extension 1, missing_section 1, '
                'tab 1, template 1); 4 added'
            )
        ],
    )
    return srcdir


def test_the_baseline_records_every_finding_sorted(recorded: Path) -> None:
    assert (recorded / 'specs-baseline.txt').read_text() == HEADER + ''.join(
        f'{line}\n' for line in ENTRIES
    )


def test_recorded_findings_are_not_reported_but_counted(
    recorded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings, status_text = build(recorded)
    assert warnings == []
    assert known(4) in status_text.splitlines()

    status, out, err = run(['check', '-j', '1'], recorded, capsys, monkeypatch)
    assert (status, out) == (0, [])
    assert err[-1] == (
        'sphinx-specs: 5 specs checked, 0 findings; 4 known findings not reported '
        '(baseline specs-baseline.txt)'
    )


def test_without_a_baseline_every_finding_is_reported(tmp_path: Path) -> None:
    warnings, status_text = build(copy_root(tmp_path))
    assert warnings == EVERY
    assert 'known finding' not in status_text


def test_a_new_finding_in_a_recorded_file_is_reported_at_its_line(
    recorded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(recorded / SPEC, '* daily\n', '* daily\n*\tmonthly\n')
    new_tab = f'{SPEC}:18: WARNING: tab at column 2; use spaces instead [specs.tab]'
    warnings, status_text = build(recorded)
    assert warnings == [new_tab]
    assert known(4) in status_text.splitlines()

    status, out, _err = run(['check', '-j', '1'], recorded, capsys, monkeypatch)
    assert (status, out) == (1, [new_tab])


def test_findings_stay_known_when_lines_move_and_the_file_changes_elsewhere(
    recorded: Path,
) -> None:
    spec = recorded / SPEC
    edit(spec, 'Short summary of the change.\n', 'A longer summary.\n\nOver\nthree lines.\n')
    edit(spec, 'Backups are kept forever.', 'Backups are kept for ever, and cost a lot.')
    edit(recorded / 'specs/template.rst', 'What to change.\n', 'What to change, and why.\n\n')
    warnings, status_text = build(recorded)
    assert warnings == []
    assert known(4) in status_text.splitlines()


def test_a_stale_entry_fails_the_build_until_shrink_drops_it(
    recorded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(recorded / SPEC, '*\tweekly', '* weekly')
    command = [
        sys.executable,
        '-m',
        'sphinx',
        '-W',
        '-q',
        '--no-color',
        '-b',
        'html',
        '.',
        '_build',
    ]
    result = subprocess.run(command, cwd=recorded, capture_output=True, text=True, check=False)
    # Sphinx 7 stops at the first warning under -W (status 2); 8 and later
    # report every warning and exit with 1.
    assert result.returncode == (1 if sphinx.version_info >= (8,) else 2)
    stderr = result.stderr.replace(f'{recorded}{os.sep}', '')
    if sphinx.version_info >= (8,):
        assert [line for line in stderr.splitlines() if 'WARNING' in line] == [STALE_TAB]
    else:
        # Sphinx 7 raises the warning as an error, without its prefix.
        assert STALE_TAB.replace(': WARNING: ', ':') in stderr.splitlines()

    status, out, _err = run(['check', '-j', '1'], recorded, capsys, monkeypatch)
    assert (status, out) == (1, [STALE_TAB])

    status, out, _err = run(['baseline', '--shrink', '-j', '1'], recorded, capsys, monkeypatch)
    assert (status, out) == (
        0,
        [
            (
                'specs-baseline.txt: 3 known findings (file_extension 1, missing_section 1, '
                'template 1); 1 dropped'
            )
        ],
    )
    assert (recorded / 'specs-baseline.txt').read_text() == HEADER + ''.join(
        f'{line}\n' for line in ENTRIES if ' tab ' not in line
    )
    result = subprocess.run(command, cwd=recorded, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, '')


def test_shrink_never_adds(
    recorded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (recorded / 'specs/2025.1/notes.txt').unlink()
    edit(recorded / 'specs/2025.1/parallel-backups.rst', 'Tempest tests.', 'Tempest\ttests.')
    run(['baseline', '--shrink', '-j', '1'], recorded, capsys, monkeypatch)
    assert (recorded / 'specs-baseline.txt').read_text() == HEADER + ''.join(
        f'{line}\n' for line in ENTRIES if 'notes.txt' not in line
    )
    status, out, _err = run(['check', '-j', '1'], recorded, capsys, monkeypatch)
    assert (status, out) == (
        1,
        [
            (
                'specs/2025.1/parallel-backups.rst:20: WARNING: tab at column 8; use spaces '
                'instead [specs.tab]'
            )
        ],
    )


def test_recording_again_leaves_the_file_as_it_was(
    recorded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    baseline = recorded / 'specs-baseline.txt'
    before = baseline.read_bytes()
    stamp = baseline.stat().st_mtime_ns
    for args in (['baseline'], ['baseline', '--shrink']):
        status, out, _err = run([*args, '-j', '1'], recorded, capsys, monkeypatch)
        assert (status, out) == (
            0,
            [
                (
                    'specs-baseline.txt: 4 known findings (file_extension 1, missing_section 1, '
                    'tab 1, template 1); unchanged'
                )
            ],
        )
    assert baseline.read_bytes() == before
    assert baseline.stat().st_mtime_ns == stamp


def test_nothing_to_record_writes_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root(tmp_path)
    (srcdir / 'conf.py').write_text(
        (srcdir / 'conf.py').read_text() + "specs_rules = {'*': False}\n"
    )
    status, out, _err = run(['baseline', '-j', '1'], srcdir, capsys, monkeypatch)
    assert (status, out) == (0, ['no finding to record: specs-baseline.txt not created'])
    assert not (srcdir / 'specs-baseline.txt').exists()


def test_a_damaged_line_is_reported_and_the_rest_still_applies(
    recorded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    baseline = recorded / 'specs-baseline.txt'
    lines = baseline.read_text().splitlines(keepends=True)
    # A merge gone wrong: the tab's entry cut short, a conflict marker.
    lines[TAB_ENTRY_LINE - 1] = f'{SPEC} tab 0c325ef9\n'
    lines.insert(TAB_ENTRY_LINE, '<<<<<<< HEAD\n')
    baseline.write_text(''.join(lines))
    damaged = [
        (
            f"specs-baseline.txt:{TAB_ENTRY_LINE}: WARNING: not a baseline entry: '0c325ef9' "
            'is not a fingerprint of 16 hexadecimal digits (a line holds a path, a code, a '
            "fingerprint and a message); fix or delete the line, or run 'sphinx-specs "
            "baseline' to record the baseline again [specs.baseline]"
        ),
        (
            f'specs-baseline.txt:{TAB_ENTRY_LINE + 1}: WARNING: not a baseline entry: it '
            'lacks a code or a fingerprint (a line holds a path, a code, a fingerprint and a '
            "message); fix or delete the line, or run 'sphinx-specs baseline' to record the "
            'baseline again [specs.baseline]'
        ),
    ]
    warnings, status_text = build(recorded)
    assert warnings == [TAB, *damaged]
    assert known(3) in status_text.splitlines()

    status, out, _err = run(['check', '-j', '1'], recorded, capsys, monkeypatch)
    assert (status, out) == (1, [TAB, *damaged])


def test_check_and_build_agree(
    recorded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stale entry, a new finding and known ones, in -j 1 and -j 2 builds."""
    edit(recorded / SPEC, '*\tweekly', '* weekly')
    edit(recorded / 'specs/2025.1/cold-storage.rst', 'Tempest tests.', 'Tempest\ttests.')
    cold = (
        'specs/2025.1/cold-storage.rst:20: WARNING: tab at column 8; use spaces instead '
        '[specs.tab]'
    )
    status, out, _err = run(['check', '-j', '2'], recorded, capsys, monkeypatch)
    assert (status, out) == (1, [cold, STALE_TAB])
    serial, _status = build(recorded, freshenv=True)
    parallel, _status = build(recorded, freshenv=True, parallel=2)
    assert serial == parallel == [cold, STALE_TAB]


def test_check_of_some_files_judges_only_their_entries(
    recorded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(recorded / SPEC, '*\tweekly', '* weekly')
    (recorded / 'specs/2025.1/notes.txt').unlink()
    other = ['check', '-j', '1', 'specs/2025.1/parallel-backups.rst']
    assert run(other, recorded, capsys, monkeypatch)[:2] == (0, [])
    status, out, err = run(['check', '-j', '1', SPEC], recorded, capsys, monkeypatch)
    assert (status, out) == (1, [STALE_TAB])
    assert err[-1] == (
        'sphinx-specs: 1 spec checked, 1 finding; 2 known findings not reported '
        '(baseline specs-baseline.txt)'
    )


def test_an_incremental_build_reads_the_baseline_again(recorded: Path) -> None:
    assert build(recorded)[0] == []
    baseline = recorded / 'specs-baseline.txt'
    recorded_text = baseline.read_text()
    baseline.write_text(recorded_text.replace(ENTRIES[1] + '\n', ''))

    read: list[str] = []
    app = SphinxTestApp('html', srcdir=recorded)
    app.connect('env-before-read-docs', lambda _app, _env, docnames: read.extend(docnames))
    try:
        app.build()
        assert read == []
        assert warning_lines(app) == [TAB]
    finally:
        app.cleanup()

    baseline.write_text(recorded_text)
    assert build(recorded)[0] == []


def test_a_rebuild_reads_the_line_of_a_known_finding_again_when_its_file_changed(
    recorded: Path,
) -> None:
    # The first build keeps the texts of the findings' lines; the edit
    # keeps the tab but changes its line's text, which the fingerprint
    # reads: the finding is new, and its entry stale.
    assert build(recorded)[0] == []
    edit(recorded / SPEC, '*\tweekly', '*\tfortnightly')
    warnings, status_text = build(recorded)
    assert warnings == [TAB, STALE_TAB]
    assert known(3) in status_text.splitlines()


def test_the_baseline_can_be_elsewhere_or_off(
    recorded: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    conf = recorded / 'conf.py'
    (recorded / 'specs-baseline.txt').rename(recorded / 'specs' / 'known.txt')
    conf.write_text(conf.read_text() + "specs_baseline = 'specs/known.txt'\n")
    assert build(recorded, freshenv=True)[0] == []

    conf.write_text(conf.read_text() + 'specs_baseline = None\n')
    assert build(recorded, freshenv=True)[0] == EVERY
    status, out, err = run(['baseline'], recorded, capsys, monkeypatch)
    assert (status, out) == (2, [])
    assert err == [
        (
            'sphinx-specs baseline: error: specs_baseline is None in conf.py, so no baseline '
            "is read; set it to a file name such as 'specs-baseline.txt' to record one"
        )
    ]


def test_switching_the_code_off_silences_stale_entries_only(recorded: Path) -> None:
    conf = recorded / 'conf.py'
    conf.write_text(conf.read_text() + "specs_rules = {'baseline': False}\n")
    edit(recorded / SPEC, '*\tweekly', '* weekly')
    edit(recorded / 'specs/2025.1/cold-storage.rst', 'Tempest tests.', 'Tempest\ttests.')
    assert build(recorded)[0] == [
        (
            'specs/2025.1/cold-storage.rst:20: WARNING: tab at column 8; use spaces instead '
            '[specs.tab]'
        )
    ]


# -- the file format and the fingerprints, without Sphinx ---------------------


def _tab(line: int, path: str = 'specs/a.rst') -> Located:
    return Located(path, Finding('tab', line, 'tab at column 1; use spaces instead'), 'x')


def test_identical_findings_are_counted() -> None:
    """Two identical lines: fixing either leaves one entry stale, one known."""
    entries = record([_tab(3), _tab(9)])
    assert len({entry.fingerprint for entry in entries}) == 2
    baseline = parse_baseline(format_baseline(entries))
    comparison = compare(baseline, [_tab(5)])
    assert (comparison.new, comparison.known, len(comparison.stale)) == ((), 1, 1)


def test_line_numbers_in_messages_do_not_count() -> None:
    def missing(template_line: int) -> Located:
        message = f"missing required section 'Testing' (template t.rst:{template_line})"
        return Located('a.rst', Finding('missing_section', 7, message), 'Testing')

    assert record([missing(17)])[0].fingerprint == record([missing(40)])[0].fingerprint


def test_paths_with_spaces_are_quoted_and_read_back() -> None:
    entries = record([_tab(1, 'specs/my spec.rst'), _tab(1, '#odd.rst')])
    text = format_baseline(entries)
    assert text.splitlines()[-2:] == [
        f'"#odd.rst" tab {entries[0].fingerprint} tab at column 1; use spaces instead',
        f'"specs/my spec.rst" tab {entries[1].fingerprint} tab at column 1; use spaces instead',
    ]
    lines = HEADER.count('\n')
    assert parse_baseline(text) == Baseline(
        (
            Entry(entries[0].path, 'tab', entries[0].fingerprint, entries[0].message, lines + 1),
            Entry(entries[1].path, 'tab', entries[1].fingerprint, entries[1].message, lines + 2),
        )
    )


def test_a_baseline_that_cannot_be_read_is_said_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root(tmp_path)
    (srcdir / 'specs-baseline.txt').mkdir()
    problem = (
        'cannot read the baseline: Is a directory; make it a readable file, or set '
        'specs_baseline to None'
    )
    warnings, _status = build(srcdir)
    assert warnings == [f'specs-baseline.txt:1: WARNING: {problem} [specs.baseline]', *EVERY]
    status, out, err = run(['check', '-j', '1'], srcdir, capsys, monkeypatch)
    assert (status, out, err) == (
        2,
        [],
        [f'sphinx-specs check: error: specs-baseline.txt: {problem}'],
    )
