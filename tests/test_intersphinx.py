"""Specs in ``objects.inv``, linked from another Sphinx project through intersphinx.

``test-refs-site`` is built once; ``test-refs-citing``, a project's
documentation with no specs, no template and no ``specs_*`` value, maps
its ``objects.inv`` (a local file, so no network is needed) as
``nova-specs`` and cites its specs with ``:spec:`nova-specs:name``` and
``:external+nova-specs:spec:``.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from references_helpers import build, copy_root, links

BASE = 'https://specs.example.org/nova/'


@pytest.fixture(scope='module')
def inventory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = copy_root('refs-site', tmp_path_factory.mktemp('inventory'))
    build(srcdir)
    return srcdir / '_build' / 'html' / 'objects.inv'


def _citing(tmp_path: Path, inventory: Path) -> Path:
    return copy_root(
        'refs-citing',
        tmp_path,
        f'intersphinx_mapping = {{"nova-specs": ({BASE!r}, {str(inventory)!r})}}\n',
    )


def test_every_spec_is_in_objects_inv_under_each_name_that_is_its_alone(
    inventory: Path,
) -> None:
    *header, compressed = inventory.read_bytes().split(b'\n', 4)
    entries = [
        line
        for line in zlib.decompress(compressed).decode().splitlines()
        if ' specs:spec ' in line
    ]
    assert header[3] == b'# The remainder of this file is compressed using zlib.'
    vtpm_2024 = 'specs/2024.1/approved/live-migration-with-vtpm.html Live migration with vTPM'
    vtpm_2025 = (
        'specs/2025.1/approved/live-migration-with-vtpm.html Live migration with vTPM, continued'
    )
    cells = 'specs/2025.1/implemented/cells-v2.html Cells v2'
    hints = 'specs/2025.1/approved/scheduler-hints.html Scheduler hints'
    assert sorted(entries) == sorted(
        [
            f'2024.1/live-migration-with-vtpm specs:spec 1 {vtpm_2024}',
            f'2024.1/approved/live-migration-with-vtpm specs:spec -1 {vtpm_2024}',
            f'specs/2024.1/approved/live-migration-with-vtpm specs:spec -1 {vtpm_2024}',
            f'2025.1/live-migration-with-vtpm specs:spec 1 {vtpm_2025}',
            f'2025.1/approved/live-migration-with-vtpm specs:spec -1 {vtpm_2025}',
            f'specs/2025.1/approved/live-migration-with-vtpm specs:spec -1 {vtpm_2025}',
            f'cells-v2 specs:spec 1 {cells}',
            f'2025.1/cells-v2 specs:spec -1 {cells}',
            f'implemented/cells-v2 specs:spec -1 {cells}',
            f'2025.1/implemented/cells-v2 specs:spec -1 {cells}',
            f'specs/2025.1/implemented/cells-v2 specs:spec -1 {cells}',
            f'specs/2025.1/approved/cells specs:spec -1 {cells}',
            f'scheduler-hints specs:spec 1 {hints}',
            f'hint-based-scheduling specs:spec -1 {hints}',
            f'2025.1/scheduler-hints specs:spec -1 {hints}',
            f'nova/scheduler-hints specs:spec -1 {hints}',
            f'approved/scheduler-hints specs:spec -1 {hints}',
            f'nova/2025.1/scheduler-hints specs:spec -1 {hints}',
            f'2025.1/approved/scheduler-hints specs:spec -1 {hints}',
            f'specs/2025.1/approved/scheduler-hints specs:spec -1 {hints}',
        ]
    )


def test_another_project_links_specs_by_name_through_intersphinx(
    tmp_path: Path, inventory: Path
) -> None:
    srcdir = _citing(tmp_path, inventory)
    _app, warnings = build(srcdir)
    # A site with no spec and no template of its own builds without a word.
    assert warnings == []
    page = srcdir / '_build' / 'html' / 'index.html'
    assert links(page, 'external') == [
        (f'{BASE}specs/2024.1/approved/live-migration-with-vtpm.html', 'Live migration with vTPM'),
        (f'{BASE}specs/2025.1/approved/scheduler-hints.html', 'Scheduler hints'),
        (f'{BASE}specs/2025.1/implemented/cells-v2.html', 'the cells work'),
        (f'{BASE}specs/2025.1/implemented/cells-v2.html', 'Cells v2'),
        (f'{BASE}specs/2025.1/approved/scheduler-hints.html', 'Scheduler hints'),
        (
            f'{BASE}specs/2025.1/approved/live-migration-with-vtpm.html',
            'Live migration with vTPM, continued',
        ),
    ]


def test_what_no_inventory_names_is_reported_with_the_names_it_has(
    tmp_path: Path, inventory: Path
) -> None:
    srcdir = _citing(tmp_path, inventory)
    (srcdir / 'broken.rst').write_text(
        ':orphan:\n\nBroken\n======\n\n'
        ':spec:`nova-specs:scheduler-hint` and :spec:`nova-spec:cells-v2`.\n',
        encoding='utf-8',
    )
    _app, warnings = build(srcdir)
    assert warnings == [
        (
            "broken.rst:6: WARNING: no spec 'scheduler-hint' in the intersphinx inventory "
            "'nova-specs'; did you mean 'scheduler-hints'? [specs.ref]"
        ),
        (
            "broken.rst:6: WARNING: unknown spec 'nova-spec:cells-v2': 'nova-spec' is neither a "
            "site of specs_external nor an intersphinx inventory; did you mean 'nova-specs'? "
            '[specs.ref]'
        ),
    ]
