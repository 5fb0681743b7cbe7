"""What readers of the generated pages get: templates, headings, order, tables, the feed.

``test-pages-nova`` is laid out as nova-specs is: a template per release
directory (``specs/<release>/template.rst``), the newest release
(2026.1) with a template and no spec yet, a backlog, an abandoned spec,
two specs whose file names sort the other way round from their titles,
and a hand-written page with a ``spec-index`` in the middle of its text.
Each test compares the whole structure a page shows (its doctree, as the
builder writes it) or the HTML that carries it.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import warning_lines
from docutils import nodes
from index_helpers import build, copy_root, edit, generated_files, write
from sphinx import addnodes
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_specs.adapter.indexes.layout import JUMP_LIST_FROM

ROOT = Path(__file__).resolve().parents[1]
NOVA_INDEX_PAGE = ROOT / 'doc/recipes/nova_index_page.rst.jinja'

TEMPLATE_TITLE = 'Example Spec - The title of your blueprint'


def _text(node: nodes.Element) -> str:
    """A text element's text, each link followed by where it goes."""
    text = ' '.join(''.join(child.astext() for child in node.findall(nodes.Text)).split())
    links = [
        r.get('refuri') or f'#{r["refid"]}'
        for r in node.findall(nodes.reference)
        if r.get('refuri') or r.get('refid')
    ]
    return text + ''.join(f' -> {link}' for link in links)


def _describe(node: nodes.Element) -> str:
    marks = [f'#{i}' for i in node.get('ids', [])] + [f'.{c}' for c in node.get('classes', [])]
    return ' '.join([node.tagname, *marks])


def shape(node: nodes.Node, depth: int = 0) -> list[str]:
    """A node and what it holds, one line per element (text elements and
    table rows whole), for comparing the structure of a page."""
    if not isinstance(node, nodes.Element):
        return []
    pad = '  ' * depth
    if isinstance(node, addnodes.toctree):
        lines = [f'{pad}toctree hidden={node["hidden"]} caption={node["caption"]!r}']
        return lines + [f'{pad}  {title or "-"} <{name}>' for title, name in node['entries']]
    if isinstance(node, nodes.raw):
        return [f'{pad}raw {node["format"]}']
    if isinstance(node, nodes.table):
        lines = [f'{pad}{_describe(node)}']
        for title in node.children:
            if isinstance(title, nodes.title):
                lines.append(f'{pad}  caption: {title.astext()}')
        for row in node.findall(nodes.row):
            cells = [
                ('*' if 'stub' in _stub_of(entry) else '') + entry.astext()
                for entry in row.children
            ]
            lines.append(f'{pad}  | {" | ".join(cells)}')
        return lines
    if isinstance(node, nodes.TextElement):
        return [f'{pad}{_describe(node)}: {_text(node)}']
    lines = [f'{pad}{_describe(node)}']
    if node.get('label'):
        lines[0] += f' label={node["label"]!r}'
    for child in node.children:
        lines.extend(shape(child, depth + 1))
    return lines


def _stub_of(entry: nodes.Element) -> str:
    """'stub' if the cell heads its row."""
    row = entry.parent
    column = row.index(entry)
    tgroup = row.parent.parent
    colspecs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
    return 'stub' if colspecs[column].get('stub') else ''


def page_shape(app: SphinxTestApp, docname: str) -> list[str]:
    """The structure of a page's body as the builder writes it."""
    doctree = app.env.get_doctree(docname)
    app.env.apply_post_transforms(doctree, docname)
    (top,) = (n for n in doctree.children if isinstance(n, nodes.section))
    return shape(top)


@dataclass
class Built:
    """What one build of a root made, kept once the application is gone."""

    outdir: Path
    warnings: list[str]
    #: docname -> its structure (:func:`page_shape`).
    shapes: dict[str, list[str]]
    #: docname -> (text, anchor) of each entry of its contents.
    tocs: dict[str, list[tuple[str, str]]]
    #: docname -> its title in the navigation.
    titles: dict[str, str]
    read: list[str]

    def html(self, page: str) -> str:
        return (self.outdir / f'{page}.html').read_text()


def built(srcdir: Path, buildername: str = 'html', **kwargs: Any) -> Built:
    """Build ``srcdir`` and keep what the tests compare."""
    app = SphinxTestApp(buildername, srcdir=srcdir, **kwargs)
    read: list[str] = []
    app.connect('env-before-read-docs', lambda _app, _env, docnames: read.extend(docnames))
    try:
        app.build()
        env = app.env
        return Built(
            outdir=Path(app.outdir),
            warnings=warning_lines(app),
            shapes={doc: page_shape(app, doc) for doc in sorted(env.found_docs)},
            tocs={
                doc: [(r.astext(), r['anchorname']) for r in toc.findall(nodes.reference)]
                for doc, toc in env.tocs.items()
            },
            titles={doc: env.titles[doc].astext() for doc in sorted(env.found_docs)},
            read=sorted(read),
        )
    finally:
        app.cleanup()


@pytest.fixture(scope='module')
def nova(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built(copy_root('pages-nova', tmp_path_factory.mktemp('pages')))


def test_builds_without_warnings_and_every_page_is_reachable(tmp_path: Path) -> None:
    shot, _app = build(copy_root('pages-nova', tmp_path), 'dummy')
    assert shot.warnings == []
    assert 'multiple toctrees' not in shot.status
    assert shot.reachable() == shot.found_docs


def test_site_index_links_the_template_of_the_newest_release(nova: Built) -> None:
    """2026.1 has no spec, so no page; its template, the one a new spec
    starts from, is on the site index, under a title that names it."""
    assert nova.shapes['index'] == [
        'section #openstack-nova-project-plans',
        '  title: OpenStack Nova Project Plans',
        '  compound .toctree-wrapper',
        '    toctree hidden=False caption=None',
        '      - <readme>',
        '      - <notes>',
        '  raw html',
        "  scroll_box #specs-overview .specs-scroll label='Specs per release and status'",
        '    table #specs-overview-table .specs-overview',
        '      caption: Specs per release and status',
        '      | *Release | Approved | Implemented | Abandoned | Total',
        '      | *2025.2 Flamingo | 2 | 1 | 0 | 3',
        '      | *2025.1 Epoxy | 0 | 1 | 0 | 1',
        '      | *Backlog | 1 | 0 | 0 | 1',
        '      | *No release | 0 | 0 | 1 | 1',
        '      | *Total | 3 | 2 | 1 | 6',
        '  compound .toctree-wrapper .specs-toctree',
        "    toctree hidden=False caption='Releases'",
        '      - <by/release/2025.2>',
        '      - <by/release/2025.1>',
        '      - <by/release/backlog>',
        '  compound .toctree-wrapper .specs-toctree',
        "    toctree hidden=False caption='Statuses'",
        '      - <by/status/approved>',
        '      - <by/status/implemented>',
        '      - <by/status/abandoned>',
        '  compound .toctree-wrapper .specs-toctree',
        "    toctree hidden=False caption='Projects'",
        '      - <by/project/nova>',
        '  compound .toctree-wrapper .specs-toctree',
        "    toctree hidden=False caption='Templates'",
        '      Template for 2026.1 Gazpacho <specs/2026.1/template>',
    ]
    html = nova.html('index')
    assert (
        '<li class="toctree-l1"><a class="reference internal" href="specs/2026.1/template.html">'
        'Template for 2026.1 Gazpacho</a></li>'
    ) in html


def test_release_page_shows_its_template_and_groups_as_sections(nova: Built) -> None:
    assert nova.shapes['by/release/2025.2'] == [
        'section #flamingo-specifications',
        '  title: 2025.2 Flamingo specifications',
        '  compound .toctree-wrapper .specs-toctree',
        '    toctree hidden=True caption=None',
        '      Template for 2025.2 Flamingo <specs/2025.2/template>',
        '      - <specs/2025.2/approved/z-apple-picking>',
        '      - <specs/2025.2/approved/a-zebra-crossing>',
        '      - <specs/2025.2/implemented/memory-ballooning>',
        (
            '  paragraph .specs-template: Template for 2025.2 Flamingo -> '
            '../../specs/2025.2/template.html'
        ),
        '  section #status-approved .specs-group .specs-group-status',
        '    title .specs-level-1: Approved (2)',
        '    bullet_list .specs-list',
        '      list_item',
        (
            '        paragraph: Apple picking (bob) -> '
            '../../specs/2025.2/approved/z-apple-picking.html'
        ),
        '      list_item',
        (
            '        paragraph: Zebra crossing (alice) -> '
            '../../specs/2025.2/approved/a-zebra-crossing.html'
        ),
        '  section #status-implemented .specs-group .specs-group-status',
        '    title .specs-level-1: Implemented (1)',
        '    bullet_list .specs-list',
        '      list_item',
        (
            '        paragraph: Memory ballooning (carol) -> '
            '../../specs/2025.2/implemented/memory-ballooning.html'
        ),
    ]


def test_group_headings_are_in_the_page_contents(nova: Built) -> None:
    """Sphinx's contents of the page (furo's "On this page", a screen
    reader's headings) list the groups."""
    assert nova.warnings == []
    assert nova.tocs['by/status/approved'] == [
        ('Approved specifications', ''),
        ('2025.2 Flamingo (2)', '#release-2025.2'),
        ('Backlog (1)', '#release-backlog'),
    ]
    html = nova.html('by/status/approved')
    assert (
        '<section class="specs-group specs-group-release" id="release-2025.2">\n'
        '<h2 class="specs-level-1">2025.2 Flamingo <span class="specs-count">(2)</span>'
    ) in html


def test_navigation_follows_the_order_of_the_list(nova: Built) -> None:
    """Apple picking (file z-apple-picking) comes before Zebra crossing
    (a-zebra-crossing): on the page, in the sidebar and in next/previous."""
    html = nova.html('specs/2025.2/approved/z-apple-picking')
    assert re.findall(r'<link rel="(prev|next)" title="([^"]+)" href="([^"]+)" />', html) == [
        ('next', 'Zebra crossing', 'a-zebra-crossing.html'),
        ('prev', 'Template for 2025.2 Flamingo', '../template.html'),
    ]


def test_templates_are_called_after_their_release_in_the_navigation(
    nova: Built,
) -> None:
    """Not by the placeholder title they hold, which their page keeps."""
    assert {name: t for name, t in nova.titles.items() if name.endswith('template')} == {
        'specs/2025.1/template': 'Template for 2025.1 Epoxy',
        'specs/2025.2/template': 'Template for 2025.2 Flamingo',
        'specs/2026.1/template': 'Template for 2026.1 Gazpacho',
        'specs/backlog/template': 'Template for Backlog',
    }
    html = nova.html('specs/2026.1/template')
    assert f'<title>{TEMPLATE_TITLE}' in html
    assert f'<h1>{TEMPLATE_TITLE}' in html


def test_lines_do_not_repeat_what_their_heading_says(nova: Built) -> None:
    """A status page grouped by release says no status on its lines; the
    project page says it under its status headings."""
    assert nova.shapes['by/status/approved'][2:] == [
        '  section #release-2025.2 .specs-group .specs-group-release',
        '    title .specs-level-1: 2025.2 Flamingo (2)',
        '    bullet_list .specs-list',
        '      list_item',
        (
            '        paragraph: Apple picking (bob) -> '
            '../../specs/2025.2/approved/z-apple-picking.html'
        ),
        '      list_item',
        (
            '        paragraph: Zebra crossing (alice) -> '
            '../../specs/2025.2/approved/a-zebra-crossing.html'
        ),
        '  section #release-backlog .specs-group .specs-group-release',
        '    title .specs-level-1: Backlog (1)',
        '    bullet_list .specs-list',
        '      list_item',
        (
            '        paragraph: Maintenance mode -> '
            '../../specs/backlog/approved/maintenance-mode.html'
        ),
    ]


def test_an_index_in_running_text_has_rubrics(nova: Built) -> None:
    """A section there would swallow the paragraph after the index."""
    assert nova.shapes['notes'] == [
        'section #notes',
        '  title: Notes',
        '  paragraph: The approved specs, by release:',
        '  container #release-2025.2 .specs-group .specs-group-release',
        '    rubric .specs-level-1: 2025.2 Flamingo (2)',
        '    bullet_list .specs-list',
        '      list_item',
        '        paragraph: Apple picking (bob) -> specs/2025.2/approved/z-apple-picking.html',
        '      list_item',
        '        paragraph: Zebra crossing (alice) -> specs/2025.2/approved/a-zebra-crossing.html',
        '  container #release-backlog .specs-group .specs-group-release',
        '    rubric .specs-level-1: Backlog (1)',
        '    bullet_list .specs-list',
        '      list_item',
        '        paragraph: Maintenance mode -> specs/backlog/approved/maintenance-mode.html',
        '  paragraph: They are reviewed every week.',
    ]
    assert nova.tocs['notes'] == [('Notes', '')]


def test_overview_table_is_a_captioned_region_with_row_headers(nova: Built) -> None:
    html = nova.html('index')
    box = html[html.index('<div aria-label') : html.index('</thead>')]
    assert box == (
        '<div aria-label="Specs per release and status" '
        'class="specs-scroll docutils container" id="specs-overview" role="region" '
        'tabindex="0">\n'
        '<table class="specs-overview docutils align-left" id="specs-overview-table">\n'
        '<caption><span class="caption-text">Specs per release and status</span>'
        '<a class="headerlink" href="#specs-overview-table" title="Link to this table">¶</a>'
        '</caption>\n'
        '<thead>\n'
        '<tr class="row-odd"><th class="head stub specs-column-release"><p>Release</p></th>\n'
        '<th class="head specs-column-count"><p>Approved</p></th>\n'
        '<th class="head specs-column-count"><p>Implemented</p></th>\n'
        '<th class="head specs-column-count"><p>Abandoned</p></th>\n'
        '<th class="head specs-column-count"><p>Total</p></th>\n'
        '</tr>\n'
    )
    assert (
        '<tr class="row-odd"><th class="stub specs-column-release"><p>2025.1 Epoxy</p></th>\n'
        '<td class="specs-column-count"><p>0</p></td>\n'
    ) in html


def test_long_index_starts_with_links_to_its_groups(tmp_path: Path) -> None:
    srcdir = copy_root('pages-nova', tmp_path)
    spec = (srcdir / 'specs/2025.2/approved/a-zebra-crossing.rst').read_text()
    for number in range(JUMP_LIST_FROM):
        name = f'extra-{number:02}'
        write(
            srcdir / f'specs/2025.2/implemented/{name}.rst',
            # As long as 'Zebra crossing', which the title's rules fit.
            spec.replace('Zebra crossing', f'Extra spec {number:03}').replace(
                'a-zebra-crossing', name
            ),
        )
    done = built(srcdir)
    assert done.warnings == []
    shown = done.shapes['by/release/2025.2']
    jump = shown.index('  container .specs-jump')
    assert shown[jump : jump + 8] == [
        '  container .specs-jump',
        '    paragraph .specs-jump-label: Jump to:',
        '    bullet_list .specs-jump-links',
        '      list_item',
        '        paragraph: Approved (2) -> #status-approved',
        '      list_item',
        '        paragraph: Implemented (21) -> #status-implemented',
        '  section #status-approved .specs-group .specs-group-status',
    ]


FEED_LINK = '<link rel="alternate" type="application/atom+xml" title="Nova Specs" href="{}" />'


@pytest.mark.parametrize(
    ('buildername', 'page', 'href'),
    [
        ('html', 'by/release/2025.2.html', '../../specs.atom'),
        ('html', 'index.html', 'specs.atom'),
        ('dirhtml', 'by/release/2025.2/index.html', '../../../specs.atom'),
    ],
)
def test_pages_link_the_feed_in_their_head(
    buildername: str, page: str, href: str, tmp_path: Path
) -> None:
    srcdir = copy_root('pages-nova', tmp_path)
    done = built(
        srcdir,
        buildername,
        confoverrides={'specs_feed': True, 'html_baseurl': 'https://specs.example.org/'},
    )
    html = (done.outdir / page).read_text()
    head = html[: html.index('</head>')]
    assert head.count('application/atom+xml') == 1
    assert FEED_LINK.format(href) in head
    assert (done.outdir / 'specs.atom').is_file()


def test_no_feed_no_link(nova: Built) -> None:
    assert 'application/atom+xml' not in nova.html('index')


@pytest.mark.parametrize('theme', ['furo', 'openstackdocs'])
def test_themes_show_the_groups_and_the_template(theme: str, tmp_path: Path) -> None:
    """furo's "On this page" and openstackdocstheme's "Page Contents" list
    the groups; their previous/next links and sidebars name the template."""
    pytest.importorskip('furo' if theme == 'furo' else 'openstackdocstheme')
    overrides: dict[str, object] = {
        'html_theme': theme,
        'specs_feed': True,
        'html_baseurl': 'https://specs.example.org/',
    }
    if theme == 'openstackdocs':
        overrides.update(
            extensions=['sphinxcontrib_specs', 'openstackdocstheme'],
            openstackdocs_repo_name='openstack/nova-specs',
            openstackdocs_auto_name=False,
            openstackdocs_auto_version=False,
        )
    srcdir = copy_root('pages-nova', tmp_path)
    html = built(srcdir, confoverrides=overrides).html('by/release/2025.2')
    local = (
        '<li><a class="reference internal" href="#status-approved">Approved '
        '<span class="specs-count">(2)</span></a></li>\n'
        '<li><a class="reference internal" href="#status-implemented">Implemented '
        '<span class="specs-count">(1)</span></a></li>'
    )
    assert local in html
    assert FEED_LINK.format('../../specs.atom') in html
    assert 'Template for 2025.2 Flamingo' in re.sub(r'\s+', ' ', html)
    assert TEMPLATE_TITLE not in html


def test_parallel_build_makes_the_same_pages(tmp_path: Path) -> None:
    one, two = (
        built(copy_root('pages-nova', tmp_path / str(parallel)), parallel=parallel)
        for parallel in (1, 2)
    )
    assert two.warnings == []
    assert (two.shapes, two.tocs, two.titles) == (one.shapes, one.tocs, one.titles)


def test_retitled_spec_moves_in_the_list_and_the_navigation(tmp_path: Path) -> None:
    srcdir = copy_root('pages-nova', tmp_path)
    built(srcdir)
    edit(
        srcdir / 'specs/2025.2/approved/z-apple-picking.rst',
        lambda text: text.replace('=============\nApple picking\n=============', '==\nZz\n=='),
    )
    done = built(srcdir)
    assert done.read == [
        'by/project/nova',
        'by/release/2025.2',
        'by/status/approved',
        'notes',
        'specs/2025.2/approved/z-apple-picking',
    ]
    shown = done.shapes['by/release/2025.2']
    assert shown[3:8] == [
        '    toctree hidden=True caption=None',
        '      Template for 2025.2 Flamingo <specs/2025.2/template>',
        '      - <specs/2025.2/approved/a-zebra-crossing>',
        '      - <specs/2025.2/approved/z-apple-picking>',
        '      - <specs/2025.2/implemented/memory-ballooning>',
    ]
    assert [line.split(' -> ')[0] for line in shown if 'paragraph:' in line] == [
        '        paragraph: Zebra crossing (alice)',
        '        paragraph: Zz (bob)',
        '        paragraph: Memory ballooning (carol)',
    ]


def test_a_newer_template_takes_the_site_index(tmp_path: Path) -> None:
    """A template for 2026.2 lands: it is the one new specs start from.
    2026.1's, which no page holds now, keeps its title (it is still the
    template of 2026.1), and is not read again."""
    srcdir = copy_root('pages-nova', tmp_path)
    built(srcdir)
    shutil.copytree(srcdir / 'specs/2026.1', srcdir / 'specs/2026.2')
    done = built(srcdir)
    assert done.warnings == []
    assert done.read == ['index', 'specs/2026.2/template']
    assert done.shapes['index'][-2:] == [
        "    toctree hidden=False caption='Templates'",
        '      Template for 2026.2 Hibiscus <specs/2026.2/template>',
    ]
    assert done.titles['specs/2026.1/template'] == 'Template for 2026.1 Gazpacho'
    assert done.titles['specs/2026.2/template'] == 'Template for 2026.2 Hibiscus'


def test_a_template_that_serves_no_release_gets_its_own_title_back(tmp_path: Path) -> None:
    """``specs/template.rst`` serves 2024.1, which has no template of its own,
    until the only 2024.1 spec goes."""
    srcdir = copy_root('pages-nova', tmp_path)
    shutil.copyfile(srcdir / 'specs/2025.1/template.rst', srcdir / 'specs/template.rst')
    spec = srcdir / 'specs/2024.1/implemented/port-audit.rst'
    spec.parent.mkdir(parents=True)
    shutil.copyfile(srcdir / 'specs/2025.1/implemented/port-audit.rst', spec)
    overrides = {'specs_templates': ['specs/{release}/template.rst', 'specs/template.rst']}
    first = built(srcdir, confoverrides=overrides)
    assert first.warnings == []
    assert first.titles['specs/template'] == 'Template for 2024.1 Caracal'
    assert first.shapes['by/release/2024.1'][3:5] == [
        '    toctree hidden=True caption=None',
        '      Template for 2024.1 Caracal <specs/template>',
    ]
    spec.unlink()
    second = built(srcdir, confoverrides=overrides)
    assert second.warnings == []
    assert 'specs/template' in second.read
    assert second.titles['specs/template'] == TEMPLATE_TITLE


BACKLOG_PAGE = """\
.. Generated by sphinxcontrib_specs from the specs' metadata; edits are overwritten.
   Configure with specs_index_dir in conf.py.

======================
Backlog specifications
======================

A backlog spec states a problem the team agrees to solve and a first idea
of how, and waits for someone to take it on.

To propose one for a release, fill in its missing sections and submit it
as :doc:`/readme` describes.

.. spec-index::
   :release: backlog
   :group-by: status
   :toctree:
"""


def test_nova_recipe_keeps_the_words_of_the_backlog_and_abandoned_pages(
    tmp_path: Path,
) -> None:
    """``doc/recipes/nova_index_page.rst.jinja`` as the project's template of
    index pages: the backlog and abandoned pages say what it gives them;
    the others are as generated."""
    srcdir = copy_root('pages-nova', tmp_path)
    template = srcdir / '_templates/specs/index-page.rst.jinja'
    template.parent.mkdir(parents=True)
    shutil.copyfile(NOVA_INDEX_PAGE, template)
    done = built(srcdir, confoverrides={'templates_path': ['_templates']})
    backlog = done.shapes['by/release/backlog']
    abandoned = done.shapes['by/status/abandoned']
    pages = generated_files(srcdir)
    assert pages['release/backlog.rst'] == BACKLOG_PAGE
    assert 'A backlog spec' not in pages['release/2025.2.rst']
    assert done.warnings == []
    assert backlog[:5] == [
        'section #backlog-specifications',
        '  title: Backlog specifications',
        (
            '  paragraph: A backlog spec states a problem the team agrees to solve and a first '
            'idea of how, and waits for someone to take it on.'
        ),
        (
            '  paragraph: To propose one for a release, fill in its missing sections and submit '
            'it as How to submit a spec describes. -> ../../readme.html'
        ),
        '  compound .toctree-wrapper .specs-toctree',
    ]
    assert [line for line in abandoned if 'paragraph' in line or 'literal' in line][:3] == [
        '  paragraph: These specs were approved once and then given up.',
        (
            '  paragraph: To move a spec here, with the redirect that keeps its old links '
            'working, try it first with --dry-run:'
        ),
        (
            '  literal_block: sphinx-specs move --dry-run '
            'specs/backlog/approved/great-idea.rst abandoned'
        ),
    ]
