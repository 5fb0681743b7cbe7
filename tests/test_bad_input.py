"""Bad templates and bad specs: one clear warning each, and the build goes on."""

from __future__ import annotations

import shutil
from pathlib import Path

import docutils
import pytest
import sphinx
from conftest import ROOTS, warning_lines
from sphinx.testing.util import SphinxTestApp

#: What becomes of a spec saved as Latin-1: docutils replaces the byte and
#: warns, or, from Sphinx 9 on, the extension leaves the file out.
LATIN_1 = (
    (
        "specs/2025.1/latin-1.rst:15: WARNING: byte b'\\xe9' at column 32 is not valid "
        'UTF-8: Sphinx cannot read the file, so it is left out of the build; save it as '
        'UTF-8 (or set source_encoding to the encoding it is in) [specs.encoding]'
    )
    if sphinx.version_info >= (9,)
    else (
        'specs/2025.1/latin-1.rst:15: WARNING: undecodable source characters, '
        'replacing with "?": b\'Persist them under /var/log/caf>>>\\xe9<<<.\''
    )
)

MISSING_TESTING = (
    'specs/2025.1/missing-testing.rst:12: WARNING: missing required section '
    "'Testing' (template specs/template.rst:17); add it after 'Proposed change' "
    '[specs.missing_section]'
)


@pytest.mark.sphinx('html', testroot='bad-specs')
def test_bad_specs_do_not_stop_the_build(app: SphinxTestApp) -> None:
    app.build()
    lines = warning_lines(app)
    # Sphinx resolves the index's toctree once per page written, and warns
    # each time about the two documents that have no title.
    no_title = [line for line in lines if line.endswith('[toc.no_title]')]
    assert set(no_title) == {
        (
            'index.rst:4: WARNING: toctree contains reference to document '
            f"'specs/2025.1/{name}' that doesn't have a title: no link will be generated "
            '[toc.no_title]'
        )
        for name in ('empty', 'untitled')
    }
    # Docutils 0.22 reports a malformed table at the faulty row, and why.
    table_error = (
        [
            'specs/2025.1/broken-table.rst:15: ERROR: Malformed table.',
            'Right border not aligned or missing.',
        ]
        if docutils.__version_info__ >= (0, 22)
        else ['specs/2025.1/broken-table.rst:12: ERROR: Malformed table.']
    )
    expected_reading = [
        *table_error,
        '+--------+---------+',
        '| option | default |',
        '+========+=========+',
        '| debug  | False',
        '+--------+---------+ [docutils]',
    ]
    # Sphinx's own findings come while reading, the extension's after; a file
    # the extension leaves out is reported before anything is read.
    expected_reading = (
        [LATIN_1, *expected_reading]
        if sphinx.version_info >= (9,)
        else [*expected_reading, LATIN_1]
    )
    assert [line for line in lines if line not in no_title] == [
        *expected_reading,
        (
            'specs/2025.1/empty.rst:1: WARNING: the spec has no title and no sections; '
            'write it from the template (specs/template.rst), or, if the file is not a '
            'spec, leave it out with specs_exclude [specs.title]'
        ),
        MISSING_TESTING,
        (
            "specs/2025.1/two-titles.rst:18: WARNING: 'Testing' is adorned like the title "
            "'Log levels', so the spec has several top-level titles; adorn sections as "
            'the template does (template specs/template.rst) [specs.title]'
        ),
        (
            'specs/2025.1/untitled.rst:1: WARNING: the spec has no title and no sections; '
            'write it from the template (specs/template.rst), or, if the file is not a '
            'spec, leave it out with specs_exclude [specs.title]'
        ),
    ]


@pytest.mark.sphinx('html', testroot='empty-template')
def test_unusable_templates_are_reported_at_the_template(app: SphinxTestApp) -> None:
    """A template without sections, and a template annotation nobody knows.

    The policy template lies outside the documents (excluded), so its
    warning names the file rather than a document.  Specs checked against a
    template without sections get no findings of their own.
    """
    app.build()
    assert warning_lines(app) == [
        (
            'specs/template.rst:2: WARNING: the template has no sections below its title, '
            'so specs cannot be checked against it; give it a title and level-1 sections '
            '[specs.template]'
        ),
        (
            "templates/policy.rst:5: WARNING: unknown template annotation 'specs: required' "
            "in section 'Rationale'; use 'specs: optional', 'specs: since RELEASE' or "
            "'specs: aliases TITLE | TITLE' [specs.template]"
        ),
        (
            "policies/tea-breaks.rst:5: WARNING: missing required section 'Policy' "
            "(template templates/policy.rst:12); add it after 'Rationale' "
            '[specs.missing_section]'
        ),
    ]


@pytest.mark.skipif(sphinx.version_info < (9,), reason='Sphinx 7.4 and 8 read such files')
def test_a_file_left_out_is_reported_until_it_is_fixed(tmp_path: Path) -> None:
    """Unchanged, it is reported again; saved as UTF-8, it is built."""
    srcdir = tmp_path / 'bad-specs'
    shutil.copytree(ROOTS / 'test-bad-specs', srcdir)
    latin_1 = srcdir / 'specs/2025.1/latin-1.rst'
    outdir = srcdir / '_build' / 'html'

    def build() -> list[str]:
        app = SphinxTestApp('html', srcdir=srcdir)
        try:
            app.build()
            return [line for line in warning_lines(app) if 'latin-1' in line]
        finally:
            app.cleanup()

    assert build() == [LATIN_1]
    assert not (outdir / 'specs/2025.1/latin-1.html').exists()
    assert build() == [LATIN_1]
    fixed = latin_1.read_bytes().decode('latin-1')
    latin_1.write_text(fixed, encoding='utf-8')
    assert build() == []
    assert 'Persist them under /var/log/café.' in (outdir / 'specs/2025.1/latin-1.html').read_text(
        encoding='utf-8'
    )
