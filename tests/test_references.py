"""The ``:spec:`` role in real builds: names, texts, moved specs, what names no spec.

``test-refs-site`` has four specs: one name in two releases
(``live-migration-with-vtpm``), a spec with a blueprint of another name
(``scheduler-hints``, blueprint ``hint-based-scheduling``) and a spec that
moved and was renamed (``approved/cells`` to ``implemented/cells-v2``, in
``specs/2025.1/redirects``).  ``refs.rst`` cites them in every form;
``broken.rst`` holds the references that name no spec, or two.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from references_helpers import build, copy_root, links

from sphinxcontrib_specs.core.citations import Citable, NameTable

HINTS = ('specs/2025.1/approved/scheduler-hints.html', 'Scheduler hints')
VTPM_2024 = ('specs/2024.1/approved/live-migration-with-vtpm.html', 'Live migration with vTPM')
VTPM_2025 = (
    'specs/2025.1/approved/live-migration-with-vtpm.html',
    'Live migration with vTPM, continued',
)
CELLS = ('specs/2025.1/implemented/cells-v2.html', 'Cells v2')

REFS = [
    HINTS,
    (HINTS[0], 'the hints'),
    VTPM_2024,
    VTPM_2025,
    CELLS,
    HINTS,
    CELLS,
    CELLS,
    HINTS,
]

AMBIGUOUS = (
    "broken.rst:4: WARNING: spec name 'live-migration-with-vtpm' is ambiguous: it names 2 "
    "specs, '2024.1/live-migration-with-vtpm' (Live migration with vTPM) and "
    "'2025.1/live-migration-with-vtpm' (Live migration with vTPM, continued); write one of "
    'these [specs.ref]'
)
UNKNOWN = (
    "broken.rst:10: WARNING: unknown spec 'zzz'; write the name of a spec (its file name, "
    "without suffix), qualified by its release if several specs have it ('2025.1/name'), or "
    'its document name [specs.ref]'
)
BROKEN = [
    AMBIGUOUS,
    (
        "broken.rst:6: WARNING: unknown spec 'scheduler-hint'; did you mean 'scheduler-hints'? "
        '[specs.ref]'
    ),
    (
        "broken.rst:8: WARNING: no spec matches '2023.1/scheduler-hints'; did you mean "
        "'scheduler-hints'? [specs.ref]"
    ),
    UNKNOWN,
]


@pytest.fixture(scope='module')
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    srcdir = copy_root('refs-site', tmp_path_factory.mktemp('refs'))
    _app, warnings = build(srcdir)
    return srcdir / '_build' / 'html', warnings


def test_references_link_the_spec_they_name_with_its_title(
    site: tuple[Path, list[str]],
) -> None:
    outdir, _warnings = site
    assert links(outdir / 'refs.html') == REFS


def test_what_names_no_spec_or_several_is_reported_at_the_reference(
    site: tuple[Path, list[str]],
) -> None:
    outdir, warnings = site
    assert warnings == BROKEN
    # Left as text: neither of two specs is linked.
    assert links(outdir / 'broken.html') == []


def test_a_spec_cites_a_spec_from_its_own_directory(tmp_path: Path) -> None:
    srcdir = copy_root('refs-site', tmp_path)
    spec = srcdir / 'specs/2025.1/implemented/cells-v2.rst'
    spec.write_text(
        spec.read_text().replace('Something.', 'Builds on :spec:`scheduler-hints`.'),
        encoding='utf-8',
    )
    _app, warnings = build(srcdir)
    assert warnings == BROKEN
    page = srcdir / '_build/html/specs/2025.1/implemented/cells-v2.html'
    assert links(page) == [('../approved/scheduler-hints.html', 'Scheduler hints')]


def test_two_processes_resolve_what_one_does(tmp_path: Path) -> None:
    srcdir = copy_root('refs-site', tmp_path)
    _app, warnings = build(srcdir, parallel=2)
    outdir = srcdir / '_build' / 'html'
    assert (warnings, links(outdir / 'refs.html')) == (BROKEN, REFS)


def _touch_later(path: Path) -> None:
    """Make sure Sphinx sees ``path`` as changed, whatever the clock's resolution."""
    later = time.time() + 2
    os.utime(path, (later, later))


def test_references_follow_a_spec_renamed_then_redirected(tmp_path: Path) -> None:
    srcdir = copy_root('refs-site', tmp_path)
    outdir = srcdir / '_build' / 'html'
    _app, first = build(srcdir)
    assert first == BROKEN
    refs_written = (outdir / 'refs.html').stat().st_mtime_ns

    # Nothing changed: the page with broken references is written again, so
    # its warnings stay; the others are left alone.
    _app, again = build(srcdir)
    assert again == BROKEN
    assert (outdir / 'refs.html').stat().st_mtime_ns == refs_written

    # Renamed, without a redirect: the pages that cite the old name say so.
    old = srcdir / 'specs/2025.1/approved/scheduler-hints.rst'
    new = old.with_name('scheduler-hints-v2.rst')
    old.rename(new)
    _touch_later(new)
    _app, renamed = build(srcdir)
    hint = "did you mean 'scheduler-hints-v2'? [specs.ref]"
    assert renamed == [
        AMBIGUOUS,
        f"broken.rst:6: WARNING: unknown spec 'scheduler-hint'; {hint}",
        f"broken.rst:8: WARNING: unknown spec '2023.1/scheduler-hints'; {hint}",
        UNKNOWN,
        f"refs.rst:4: WARNING: unknown spec 'scheduler-hints'; {hint}",
        f"refs.rst:6: WARNING: unknown spec 'scheduler-hints'; {hint}",
        f"refs.rst:16: WARNING: unknown spec 'approved/scheduler-hints'; {hint}",
    ]
    hints_v2 = ('specs/2025.1/approved/scheduler-hints-v2.html', 'Scheduler hints')
    assert links(outdir / 'refs.html') == [VTPM_2024, VTPM_2025, CELLS, hints_v2, CELLS, CELLS]

    # The redirect alone, no document changed: the old name names the new spec.
    with (srcdir / 'specs/2025.1/redirects').open('a', encoding='utf-8') as stream:
        stream.write('approved/scheduler-hints.rst scheduler-hints-v2.rst\n')
    _app, redirected = build(srcdir)
    assert redirected == [
        AMBIGUOUS,
        f"broken.rst:6: WARNING: unknown spec 'scheduler-hint'; {hint}",
        f"broken.rst:8: WARNING: unknown spec '2023.1/scheduler-hints'; {hint}",
        UNKNOWN,
    ]
    moved = [hints_v2 if link[0] == HINTS[0] else link for link in REFS]
    moved[1] = (hints_v2[0], 'the hints')
    assert links(outdir / 'refs.html') == moved

    # A clean build of the same sources agrees.
    _app, clean = build(srcdir, freshenv=True)
    assert (clean, links(outdir / 'refs.html')) == (redirected, moved)


def test_a_retitled_spec_is_cited_by_its_new_title(tmp_path: Path) -> None:
    srcdir = copy_root('refs-site', tmp_path)
    outdir = srcdir / '_build' / 'html'
    build(srcdir)
    spec = srcdir / 'specs/2025.1/implemented/cells-v2.rst'
    spec.write_text(
        spec.read_text().replace('========\nCells v2\n========', '=======\nCells 2\n======='),
        encoding='utf-8',
    )
    _touch_later(spec)
    _app, warnings = build(srcdir)
    assert warnings == BROKEN
    cells = (CELLS[0], 'Cells 2')
    assert links(outdir / 'refs.html') == [cells if link == CELLS else link for link in REFS]


def test_the_ref_code_can_be_switched_off(tmp_path: Path) -> None:
    srcdir = copy_root('refs-site', tmp_path, "specs_rules = {'ref': False}\n")
    _app, warnings = build(srcdir)
    assert warnings == []


# ---------------------------------------------------------------------------
# The names, without Sphinx


def _spec(docname: str, title: str, **fields: str) -> Citable:
    *directories, name = docname.split('/')
    release = fields.get('release', '')
    return Citable(
        docname=docname,
        title=title,
        name=fields.get('name', name),
        blueprint=fields.get('blueprint', ''),
        release=release,
        status=fields.get('status', ''),
        project=fields.get('project', ''),
        qualifiers=frozenset(
            q.casefold() for q in (*directories, *fields.values(), fields.get('alias', '')) if q
        ),
    )


TABLE = NameTable(
    [
        _spec('specs/2024.1/approved/vtpm', 'vTPM', release='2024.1', status='approved'),
        _spec(
            'specs/2025.1/approved/vtpm',
            'vTPM again',
            release='2025.1',
            alias='epoxy',
            status='approved',
            project='nova',
        ),
        _spec('specs/2025.1/implemented/cells-v2', 'Cells', release='2025.1', blueprint='cells'),
    ],
    {'specs/2025.1/approved/cells': 'specs/2025.1/implemented/cells-v2'},
)


@pytest.mark.parametrize(
    ('target', 'docnames', 'moved_from'),
    [
        ('specs/2025.1/approved/vtpm', ['specs/2025.1/approved/vtpm'], ''),
        ('specs/2025.1/approved/vtpm.rst', ['specs/2025.1/approved/vtpm'], ''),
        ('/specs/2025.1/approved/vtpm.html', ['specs/2025.1/approved/vtpm'], ''),
        ('vtpm', ['specs/2024.1/approved/vtpm', 'specs/2025.1/approved/vtpm'], ''),
        ('EPOXY/VTPM', ['specs/2025.1/approved/vtpm'], ''),
        ('nova/approved/vtpm', ['specs/2025.1/approved/vtpm'], ''),
        ('2023.1/vtpm', [], ''),
        ('cells-v2', ['specs/2025.1/implemented/cells-v2'], ''),
        (
            'specs/2025.1/approved/cells',
            ['specs/2025.1/implemented/cells-v2'],
            'specs/2025.1/approved/cells',
        ),
        ('approved/cells', ['specs/2025.1/implemented/cells-v2'], 'specs/2025.1/approved/cells'),
        ('cells', ['specs/2025.1/implemented/cells-v2'], ''),
    ],
)
def test_what_a_target_names(target: str, docnames: list[str], moved_from: str) -> None:
    resolution = TABLE.resolve(target)
    assert ([s.docname for s in resolution.matches], resolution.moved_from) == (
        docnames,
        moved_from,
    )


def test_the_usual_targets_of_a_spec_are_those_that_name_it_alone() -> None:
    assert [TABLE.citations(spec) for spec in TABLE.specs.values()] == [
        ['2024.1/vtpm', '2024.1/approved/vtpm', 'specs/2024.1/approved/vtpm'],
        [
            '2025.1/vtpm',
            'nova/vtpm',
            'nova/2025.1/vtpm',
            '2025.1/approved/vtpm',
            'specs/2025.1/approved/vtpm',
        ],
        ['cells-v2', 'cells', '2025.1/cells-v2', 'specs/2025.1/implemented/cells-v2'],
    ]


def test_a_spec_site_without_its_template_is_told_at_each_spec(tmp_path: Path) -> None:
    # Not an error when no template is configured, so that a site without
    # specs builds; a site with specs hears of the template at each of them.
    srcdir = copy_root('refs-site', tmp_path)
    (srcdir / 'specs/template.rst').unlink()
    _app, warnings = build(srcdir)
    tried = (
        "'specs/{0}-template.rst', 'specs/{1}-template.rst', 'specs/{0}/template.rst', "
        "'specs/{1}/template.rst', 'specs/template.rst', 'template.rst'"
    )
    message = (
        '{path}:1: WARNING: no template for this spec: none of {tried} exists '
        '(specs_templates); add a template there, give the document the missing metadata, '
        'or add a candidate path [specs.config]'
    )
    caracal, epoxy = tried.format('2024.1', 'caracal'), tried.format('2025.1', 'epoxy')
    assert warnings == [
        message.format(path='specs/2024.1/approved/live-migration-with-vtpm.rst', tried=caracal),
        message.format(path='specs/2025.1/approved/live-migration-with-vtpm.rst', tried=epoxy),
        message.format(path='specs/2025.1/approved/scheduler-hints.rst', tried=epoxy),
        message.format(path='specs/2025.1/implemented/cells-v2.rst', tried=epoxy),
        *BROKEN,
    ]


def test_links_by_url_to_a_spec_of_the_site_are_reported(tmp_path: Path) -> None:
    srcdir = copy_root('refs-site', tmp_path, 'specs_autolink = True\n')
    spec = srcdir / 'specs/2025.1/implemented/cells-v2.rst'
    spec.write_text(
        spec.read_text().replace(
            'Something.',
            'Something, as in\nhttps://specs.example.org/nova/specs/2025.1/approved/'
            'scheduler-hints.html\nor https://specs.example.org/nova/refs.html.',
        ),
        encoding='utf-8',
    )
    autolink = (
        "specs/2025.1/implemented/cells-v2.rst:9: WARNING: link to this site's spec "
        'specs/2025.1/approved/scheduler-hints by its URL https://specs.example.org/nova/'
        'specs/2025.1/approved/scheduler-hints.html; write '
        ':spec:`specs/2025.1/approved/scheduler-hints` instead, which links the spec by name, '
        'follows it when it moves, and shows its title [specs.autolink]'
    )
    _app, warnings = build(srcdir)
    assert warnings == [autolink, *BROKEN]
    # Kept with the spec's other findings: the next build says it again.
    _app, again = build(srcdir)
    assert again == [autolink, *BROKEN]
