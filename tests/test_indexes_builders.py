"""The site index with every builder, in parallel, and from clean builds.

Index content is made of doctree nodes and ``pending_xref`` links, so every
builder renders it; the chart is raw HTML and only HTML builders get it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from index_helpers import build, copy_root, generated_files
from sphinx.testing.util import SphinxTestApp
from test_indexes_site import BOXES, GENERATED, PAGES, TOCTREES

from sphinxcontrib_specs.adapter.indexes import STATIC_DIR

#: EPUB insists on these; they have nothing to do with the extension.
EPUB_CONFIG = {'project': 'Nova specs', 'copyright': '2026, Nova', 'version': '1'}
STYLE_SHEET = Path(STATIC_DIR) / 'specs.css'


# html: test_indexes_site.py builds the same root with it.
@pytest.mark.parametrize(
    'buildername', ['dirhtml', 'singlehtml', 'latex', 'text', 'epub', 'dummy']
)
def test_builder(buildername: str, tmp_path: Path) -> None:
    srcdir = copy_root('index-nova', tmp_path)
    kwargs = {'confoverrides': EPUB_CONFIG} if buildername == 'epub' else {}
    shot, app = build(srcdir, buildername, **kwargs)
    assert shot.warnings == []
    assert 'multiple toctrees' not in shot.status
    assert generated_files(srcdir) == GENERATED
    assert shot.toctrees == TOCTREES
    assert shot.pages == PAGES
    outdir = Path(app.outdir)
    check = CHECKS.get(buildername)
    if check is not None:
        check(outdir)


def _dirhtml(outdir: Path) -> None:
    page = (outdir / 'by/release/2025.1/index.html').read_text()
    assert '<svg' not in page
    assert 'href="../../../specs/2025.1/approved/cache-weigher/"' in page
    assert '<svg' in (outdir / 'index.html').read_text()


def _singlehtml(outdir: Path) -> None:
    page = (outdir / 'index.html').read_text()
    assert page.count('<figure class="specs-chart"') == 1
    # Each spec once, with its metadata box.
    assert page.count('<div class="specs-metadata docutils container">') == 8
    assert page.count('blueprint cache-weigher</a>') == 1


def _latex(outdir: Path) -> None:
    tex = next(outdir.glob('*.tex')).read_text()
    assert '<svg' not in tex
    chapters = re.findall(r'\\chapter\{([^}]*)\}', tex)
    assert chapters == [
        'Process',
        '2025.1 Epoxy specifications',
        '2024.2 Dalmatian specifications',
        '2024.1 Caracal specifications',
        'Backlog specifications',
        'Approved specifications',
        'Implemented specifications',
        'Abandoned specifications',
        'nova specifications',
        # The template of the newest release, on the site index, with the
        # title it holds.
        r'Example Spec \sphinxhyphen{',
    ]
    # Each spec is a section of its release's chapter, once.
    assert tex.count(r'\section{Cache weigher}') == 1


def _text(outdir: Path) -> None:
    assert (outdir / 'by/release/2025.1.txt').read_text() == (
        '2025.1 Epoxy specifications\n'
        '***************************\n'
        '\n'
        'Template for 2025.1 Epoxy\n'
        '\n'
        '\n'
        'Approved (2)\n'
        '============\n'
        '\n'
        '* Cache weigher (alice)\n'
        '\n'
        '* vTPM live migration (bob, carol)\n'
        '\n'
        '\n'
        'Implemented (1)\n'
        '===============\n'
        '\n'
        '* Port audit (dave)\n'
    )
    overview = (outdir / 'index.txt').read_text()
    table = overview[overview.index('+--') : overview.index('Releases')].strip()
    assert table.splitlines() == [
        '+------------------+----------+-------------+-----------+-------+',
        '| Release          | Approved | Implemented | Abandoned | Total |',
        '|==================|==========|=============|===========|=======|',
        '| 2025.1 Epoxy     | 2        | 1           | 0         | **3** |',
        '+------------------+----------+-------------+-----------+-------+',
        '| 2024.2 Dalmatian | 0        | 1           | 0         | **1** |',
        '+------------------+----------+-------------+-----------+-------+',
        '| 2024.1 Caracal   | 1        | 1           | 0         | **2** |',
        '+------------------+----------+-------------+-----------+-------+',
        '| Backlog          | 1        | 0           | 0         | **1** |',
        '+------------------+----------+-------------+-----------+-------+',
        '| No release       | 0        | 0           | 1         | **1** |',
        '+------------------+----------+-------------+-----------+-------+',
        '| **Total**        | **4**    | **3**       | **1**     | **8** |',
        '+------------------+----------+-------------+-----------+-------+',
    ]


def _epub(outdir: Path) -> None:
    package = (outdir / 'content.opf').read_text()
    hrefs = dict(re.findall(r'<item id="([^"]*)"\s+href="([^"]*)"', package))
    spine = [hrefs[idref] for idref in re.findall(r'<itemref idref="([^"]*)"', package)]
    # Every document once, in navigation order, then the general index.
    assert spine[:3] == ['index.xhtml', 'process.xhtml', 'by/release/2025.1.xhtml']
    assert sorted(spine) == sorted(
        [*(f'{doc}.xhtml' for doc in _documents(TOCTREES)), 'genindex.xhtml']
    )


def _documents(toctrees: dict[str, list[str]]) -> set[str]:
    return {'index', *(doc for docs in toctrees.values() for doc in docs)}


CHECKS = {
    'dirhtml': _dirhtml,
    'singlehtml': _singlehtml,
    'latex': _latex,
    'text': _text,
    'epub': _epub,
}


#: What each theme needs besides ``html_theme``, as a specs repository
#: using it would set.  openstackdocstheme registers its theme from its
#: extension; without the two ``auto`` values it looks for a pbr package
#: named after the project.
THEMES: dict[str, dict[str, object]] = {
    'alabaster': {},
    'furo': {},
    'openstackdocs': {
        'extensions': ['sphinxcontrib_specs', 'openstackdocstheme'],
        'openstackdocs_repo_name': 'openstack/nova-specs',
        'openstackdocs_auto_name': False,
        'openstackdocs_auto_version': False,
    },
}


@pytest.mark.parametrize('theme', sorted(THEMES))
def test_theme(theme: str, tmp_path: Path) -> None:
    """The site index, its pages and the metadata box in each theme, without a warning."""
    if theme == 'openstackdocs':
        # Not in the test extra: it needs Sphinx 8 or later, pbr and dulwich.
        pytest.importorskip('openstackdocstheme')
    srcdir = copy_root('index-nova', tmp_path)
    shot, app = build(srcdir, confoverrides={'html_theme': theme, **THEMES[theme]})
    # openstackdocstheme reports what it cannot read from git itself (a
    # test root is no clone): its own warnings, not the pages'.
    assert [w for w in shot.warnings if '[openstackdocstheme]' not in w] == []
    assert (shot.toctrees, shot.pages, shot.boxes) == (TOCTREES, PAGES, BOXES)
    outdir = Path(app.outdir)
    index = (outdir / 'index.html').read_text()
    assert index.count('<figure class="specs-chart"') == 1
    assert 'class="specs-scroll docutils container"' in index
    spec = (outdir / 'specs/2025.1/approved/cache-weigher.html').read_text()
    assert '_static/specs.css' in spec
    assert '<div class="specs-metadata docutils container">' in spec
    assert (outdir / '_static/specs.css').read_text() == STYLE_SHEET.read_text()


def test_parallel_build_is_byte_identical(tmp_path: Path) -> None:
    """``-j 2`` writes what ``-j 1`` writes; two clean builds, the same stubs."""
    serial_dir = copy_root('index-nova', tmp_path / 'serial')
    parallel_dir = copy_root('index-nova', tmp_path / 'parallel')
    serial, serial_app = build(serial_dir)
    parallel, parallel_app = build(parallel_dir, parallel=2)
    assert parallel.warnings == serial.warnings == []
    # Read in chunks by worker processes, not one by one.
    status = re.sub(r'\x1b\[[0-9;]*m', '', parallel.status)
    assert re.search(r'reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+', status)
    assert (parallel.pages, parallel.toctrees, parallel.boxes) == (
        serial.pages,
        serial.toctrees,
        serial.boxes,
    )
    for name in GENERATED:
        path = f'by/{name}'
        assert (parallel_dir / path).read_bytes() == (serial_dir / path).read_bytes(), path
    serial_out, parallel_out = Path(serial_app.outdir), Path(parallel_app.outdir)
    pages = sorted(p.relative_to(serial_out) for p in serial_out.rglob('*.html'))
    assert pages == sorted(p.relative_to(parallel_out) for p in parallel_out.rglob('*.html'))
    for page in pages:
        assert (parallel_out / page).read_bytes() == (serial_out / page).read_bytes(), page


# The metadata box as HTML ------------------------------------------------------


def _pages(outdir: Path) -> dict[str, str]:
    return {
        path.relative_to(outdir).as_posix(): path.read_text(encoding='utf-8')
        for path in sorted(outdir.rglob('*.html'))
    }


@pytest.mark.parametrize('root', ['index-nova', 'hostile-values', 'meta-assignees'])
def test_metadata_box_html_is_what_sphinx_writes_for_its_nodes(root: str, tmp_path: Path) -> None:
    """HTML builders get each box as the markup Sphinx's HTML writer makes
    of its nodes (which every other builder gets): every page is the same,
    byte for byte, with links, quotes, ampersands and at-signs in it."""
    pages = []
    for boxes in ('markup', 'nodes'):
        srcdir = copy_root(root, tmp_path / boxes)
        if boxes == 'nodes':
            with (srcdir / 'conf.py').open('a') as conf:
                conf.write("\nextensions.append('box_nodes_builder')\n")
        app = SphinxTestApp('html', srcdir=srcdir)
        try:
            app.build()
            pages.append(_pages(Path(app.outdir)))
        finally:
            app.cleanup()
    ready, from_nodes = pages
    assert sum('<div class="specs-metadata ' in page for page in ready.values()) >= 3
    assert ready == from_nodes
