"""Which documents are specs: never a template, never an index page."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path
from typing import Any

import pytest
from conftest import warning_lines
from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx('html', testroot='basic')
def test_templates_and_index_pages_are_not_specs(app: SphinxTestApp) -> None:
    """``specs/2025.1/template.rst`` and ``specs/2025.1/index.rst`` match a pattern.

    The template is published as an orphan page (no toctree warning) and
    neither is checked as a spec.
    """
    app.build()
    assert sorted(app.env.get_domain('specs').data['specs']) == [
        'specs/2025.1/backup-retention',
        'specs/2025.1/parallel-backups',
    ]
    assert app.env.metadata['specs/2025.1/template'].get('orphan') is True
    assert (app.outdir / 'specs/2025.1/template.html').is_file()
    assert warning_lines(app) == [
        (
            'specs/2025.1/backup-retention.rst:12: WARNING: missing required section '
            "'Testing' (template specs/2025.1/template.rst:17); add it after "
            "'Proposed change' [specs.missing_section]"
        ),
    ]


@pytest.mark.sphinx(
    'html', testroot='basic', confoverrides={'specs_exclude': ['specs/*/backup-*']}
)
def test_excluded_documents_are_not_specs(app: SphinxTestApp) -> None:
    app.build()
    assert sorted(app.env.get_domain('specs').data['specs']) == ['specs/2025.1/parallel-backups']
    assert warning_lines(app) == []


@pytest.mark.sphinx(
    'html',
    testroot='basic',
    confoverrides={'extensions': ['sphinxcontrib_specs', 'edit_after_scan']},
)
def test_a_spec_edited_after_the_header_scan_is_checked_as_sphinx_read_it(
    app: SphinxTestApp,
) -> None:
    """The checks take the bytes the header scan read only while the file is
    unchanged: a spec saved in between is checked as it is now."""
    app.build()
    assert warning_lines(app) == [
        (
            'specs/2025.1/backup-retention.rst:12: WARNING: missing required section '
            "'Testing' (template specs/2025.1/template.rst:17); add it after "
            "'Proposed change' [specs.missing_section]"
        ),
        (
            'specs/2025.1/parallel-backups.rst:22: WARNING: trailing whitespace from '
            'column 48; delete it [specs.trailing_whitespace]'
        ),
    ]


def _environment_goes(srcdir: Path, builddir: Path, **kwargs: Any) -> bool:
    """Whether the environment of a build of ``srcdir`` is collected once
    the next application starts (Sphinx's logging holds the last one until
    then)."""
    app = SphinxTestApp('html', srcdir=srcdir, builddir=builddir, **kwargs)
    try:
        app.build()
        environment = weakref.ref(app.env)
    finally:
        app.cleanup()
    del app
    SphinxTestApp('html', srcdir=srcdir, builddir=builddir / 'next').cleanup()
    gc.collect()
    return environment() is None


def test_a_finished_build_leaves_its_environment_to_the_collector(
    rootdir: Path, tmp_path: Path
) -> None:
    """The extension keeps nothing of a build's environment once Sphinx has
    let it go: a process that builds many times holds one at a time."""
    srcdir = tmp_path / 'src'
    shutil.copytree(rootdir / 'test-basic', srcdir)
    if not _environment_goes(srcdir, tmp_path / 'plain', confoverrides={'extensions': []}):
        pytest.skip("this Sphinx keeps a finished build's environment itself")
    assert _environment_goes(srcdir, tmp_path / 'specs')
