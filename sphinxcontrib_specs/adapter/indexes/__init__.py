"""Index pages: the ``spec-index`` directive, generated pages, metadata box.

How the pieces fit:

* Before anything is read (``builder-inited``), every spec's grouping
  metadata is taken from its path and the top of its file (the same
  functions the records use), and the generated pages (one per release,
  status and project) are written into ``specs_index_dir`` when their
  content changes (:mod:`.scan`).
* The directive, when its page is read, works out its groups, the order of
  its specs and its toctrees from that scan (:mod:`.plan`), emits the
  toctrees (so every spec sits in the navigation once, under its release
  page, in the order the page lists it; templates as :mod:`.templates`
  says) and leaves a pending node, which a transform turns into group
  headings (sections where they may be) and placeholders before Sphinx
  collects the page's contents (:mod:`.layout`).
* A post-transform fills the placeholders from the records when the page
  is written, with links every builder resolves (:mod:`.render`).
* ``env-get-outdated`` re-reads the index pages whose plan would change,
  and the templates whose title in the navigation would (Sphinx takes the
  previous and next links' titles from the documents);
  ``env-get-updated`` rewrites them when anything
  they show differs from what the output directory holds, which is noted
  when a page is written (``doctree-resolved``) and kept once the build
  has written them all (``build-finished``) (:mod:`.incremental`).
  Otherwise they are left alone.
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx

import sphinxcontrib_specs
from sphinxcontrib_specs.adapter.indexes.directive import SpecIndexDirective
from sphinxcontrib_specs.adapter.indexes.incremental import (
    note_written,
    outdated_indexes,
    save_written,
    updated_indexes,
)
from sphinxcontrib_specs.adapter.indexes.layout import spec_index
from sphinxcontrib_specs.adapter.indexes.metadata_box import (
    InsertMetadataBoxes,
    note_builder_format,
)
from sphinxcontrib_specs.adapter.indexes.render import (
    FillSpecIndexes,
    depart_scroll_box,
    scroll_box,
    visit_scroll_box,
)
from sphinxcontrib_specs.adapter.indexes.scan import write_index_pages

__all__ = ['setup']


#: The package's style sheet, published with the HTML builders' static files.
STATIC_DIR = os.path.join(os.path.dirname(os.path.abspath(sphinxcontrib_specs.__file__)), 'static')


def add_static_path(app: Sphinx) -> None:
    """Publish the package's style sheet with the HTML builders' static files."""
    app.config.html_static_path.append(STATIC_DIR)


def setup(app: Sphinx) -> None:
    app.add_css_file('specs.css')
    app.connect('builder-inited', add_static_path)
    app.add_node(spec_index)
    # Other writers show it as the container it is.
    app.add_node(scroll_box, html=(visit_scroll_box, depart_scroll_box))
    app.add_directive('spec-index', SpecIndexDirective)
    app.add_post_transform(FillSpecIndexes)
    app.add_post_transform(InsertMetadataBoxes)
    app.connect('builder-inited', note_builder_format)
    app.connect('builder-inited', write_index_pages)
    app.connect('env-get-outdated', outdated_indexes)
    app.connect('env-get-updated', updated_indexes)
    app.connect('doctree-resolved', note_written)
    app.connect('build-finished', save_written)
    # After Sphinx's own title collector (500), which it corrects.
