"""Read back what index pages show, as plain structures to compare whole.

A test builds a root, takes a :class:`Snapshot` (toctrees, what each
``spec-index`` shows, the generated sources, the metadata boxes), cleans the
application up, and compares the snapshot with the whole expected value.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import ROOTS, warning_lines
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

#: One thing an index shows: a group ``(heading, items)``, an entry's text,
#: a table (a list of rows of cell texts) or a paragraph such as "No specs.".
Item = Any


def table_rows(table: nodes.Node) -> list[list[str]]:
    """Header and body rows of a table, as cell texts."""
    return [[entry.astext() for entry in row.children] for row in table.findall(nodes.row)]


def _classes(node: nodes.Node) -> list[str]:
    return node.get('classes', []) if isinstance(node, nodes.Element) else []


def _items(children: list[nodes.Node]) -> list[Item]:
    found: list[Item] = []
    for child in children:
        classes = _classes(child)
        if 'specs-group' in classes:
            heading, *rest = child.children
            found.append((heading.astext(), _items(rest)))
        elif 'specs-list' in classes:
            found.extend(item.astext() for item in child.children)
        elif 'specs-table' in classes or 'specs-overview' in classes:
            found.append(table_rows(child))
        elif 'specs-scroll' in classes:
            found.extend(_items(child.children))
        elif 'specs-empty' in classes:
            found.append(child.astext())
        elif isinstance(child, nodes.section):
            found.extend(_items(child.children))
    return found


def index_items(doctree: nodes.document) -> list[Item]:
    """What the spec-index directives of a resolved doctree show, in order."""
    return _items(doctree.children)


def index_links(doctree: nodes.document) -> list[tuple[str, str]]:
    """(text, target) of every link in the lists and tables of an index."""
    found = []
    for reference in doctree.findall(nodes.reference):
        parent = reference.parent
        while parent is not None and not {'specs-list', 'specs-table'} & set(_classes(parent)):
            parent = parent.parent
        if parent is not None:
            found.append((reference.astext(), reference.get('refuri', '')))
    return found


def metadata_box(doctree: nodes.document) -> list[tuple[str, str]] | None:
    """The (field, text) pairs of a spec's metadata box, or None: as nodes,
    or as the markup HTML builders get."""
    for box in doctree.findall(nodes.Element):
        if isinstance(box, nodes.container) and 'specs-metadata' in box['classes']:
            return [(f[0].astext(), f[1].astext()) for f in box.findall(nodes.field)]
        if isinstance(box, nodes.raw) and box.get('specs_metadata'):
            fields = re.findall(
                r'<dt [^>]*>(.*?)<span.*?</dt>\n<dd [^>]*><p>(.*?)</p>', box.astext()
            )
            return [
                (html.unescape(name), html.unescape(re.sub('<[^>]+>', '', value)))
                for name, value in fields
            ]
    return None


@dataclass
class Snapshot:
    """What one build produced, kept after the application is cleaned up."""

    srcdir: Path
    warnings: list[str]
    status: str
    toctrees: dict[str, list[str]]
    found_docs: set[str]
    #: docname -> what its spec-index directives show (documents with any).
    pages: dict[str, list[Item]] = field(default_factory=dict)
    #: docname -> (text, target) of the links its indexes show.
    links: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: docname -> metadata box fields (specs with a box).
    boxes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    root_doc: str = 'index'

    def reachable(self) -> set[str]:
        """Documents reachable from the root document through toctrees."""
        seen = {self.root_doc}
        todo = [self.root_doc]
        while todo:
            for child in self.toctrees.get(todo.pop(), []):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return seen


def snapshot(app: SphinxTestApp) -> Snapshot:
    env = app.env
    shot = Snapshot(
        srcdir=Path(app.srcdir),
        warnings=warning_lines(app),
        status=app.status.getvalue(),
        toctrees={doc: list(entries) for doc, entries in sorted(env.toctree_includes.items())},
        found_docs=set(env.found_docs),
        root_doc=app.config.root_doc,
    )
    for docname in sorted(env.found_docs):
        # As the builder writes it: placeholders filled, links resolved.
        doctree = env.get_doctree(docname)
        env.apply_post_transforms(doctree, docname)
        items = index_items(doctree)
        if items:
            shot.pages[docname] = items
            shot.links[docname] = index_links(doctree)
        box = metadata_box(doctree)
        if box is not None:
            shot.boxes[docname] = box
    return shot


def build(
    srcdir: Path,
    buildername: str = 'html',
    *,
    read: list[str] | None = None,
    written: list[str] | None = None,
    **kwargs: Any,
) -> tuple[Snapshot, SphinxTestApp]:
    """Build ``srcdir``, snapshot it, and clean the application up.

    ``read`` collects the documents the build reads; ``written`` the pages
    the HTML builder writes.
    """
    app = SphinxTestApp(buildername, srcdir=srcdir, **kwargs)
    if read is not None:
        app.connect('env-before-read-docs', lambda _app, _env, docnames: read.extend(docnames))
    if written is not None:
        app.connect('html-page-context', lambda _app, page, *_args: written.append(page))
    try:
        app.build()
        return snapshot(app), app
    finally:
        app.cleanup()


def page_content(srcdir: Path, page: str) -> str:
    """What the html builder wrote for ``page`` between its sections' tags."""
    html = (srcdir / f'_build/html/{page}.html').read_text()
    return html[html.index('<section') : html.rindex('</section>')]


def toctree_captions(content: str) -> list[str]:
    """The captions of the visible toctrees in a page's content."""
    return re.findall(
        r'<p class="caption" role="heading"><span class="caption-text">([^<]*)</span>', content
    )


def copy_root(name: str, workdir: Path) -> Path:
    """A private copy of ``tests/roots/test-<name>`` to build and edit."""
    srcdir = workdir / f'test-{name}'
    shutil.copytree(ROOTS / f'test-{name}', srcdir)
    return srcdir


def generated_files(srcdir: Path, index_dir: str = 'by') -> dict[str, str]:
    """The files under the index directory: relative path -> text."""
    root = srcdir / index_dir
    return {
        path.relative_to(root).as_posix(): path.read_text()
        for path in sorted(root.rglob('*'))
        if path.is_file()
    }


def mtimes(srcdir: Path, index_dir: str = 'by') -> dict[str, int]:
    root = srcdir / index_dir
    return {
        path.relative_to(root).as_posix(): path.stat().st_mtime_ns
        for path in sorted(root.rglob('*'))
        if path.is_file()
    }


def write(path: Path, text: str) -> None:
    """Write ``path`` with an mtime later than any earlier read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    now = time.time_ns()
    os.utime(path, ns=(now, now))


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text()
    changed = change(text)
    assert changed != text, f'the edit changes nothing in {path}'
    write(path, changed)


def stub(title: str, options: list[str]) -> str:
    """The exact source of a generated page."""
    rule = '=' * len(title)
    lines = '\n'.join(f'   {option}' for option in options)
    return (
        ".. Generated by sphinxcontrib_specs from the specs' metadata; edits are overwritten.\n"
        '   Configure with specs_index_dir in conf.py.\n'
        '\n'
        f'{rule}\n{title}\n{rule}\n'
        '\n'
        '.. spec-index::\n'
        f'{lines}\n'
    )


def release_stub(label: str, value: str) -> str:
    return stub(
        f'{label} specifications', [f':release: {value}', ':group-by: status', ':toctree:']
    )


def status_stub(label: str, value: str, *, toctree: bool = False) -> str:
    options = [f':status: {value}', ':group-by: release']
    return stub(f'{label} specifications', [*options, ':toctree:'] if toctree else options)


def project_stub(value: str) -> str:
    return stub(f'{value} specifications', [f':project: {value}', ':group-by: release, status'])
