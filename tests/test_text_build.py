"""The text, file and content rules in real builds.

``test-text-rules`` holds a clean spec, ``neighbours.rst``, that puts a
literal block, a grid table, a code directive, a simple table, a
substitution and an include next to each other, and a spec that keeps the
template's guidance, in 2024.2 and in 2025.1.  The tests put defects into
their copy of the root, right next to those constructs, and check each is
reported at its line and nothing else is.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import assert_no_warnings, warning_lines
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx('html', testroot='text-rules')

MakeApp = Callable[..., SphinxTestApp]

NEIGHBOURS = 'specs/2025.1/approved/neighbours.rst'
KEPT = 'specs/2025.1/approved/guidance-kept.rst'


def change_lines(path: Path, changes: dict[int, str]) -> None:
    """Replace whole lines (1-based; each new text includes its line ending)."""
    lines = path.read_bytes().decode().splitlines(keepends=True)
    for number, text in changes.items():
        lines[number - 1] = text
    path.write_bytes(''.join(lines).encode())


#: One defect right after each construct of neighbours.rst, with its finding.
DEFECTS = {
    # A substitution reference on the line.
    13: (
        'Weigh hosts by the images\u200b they have cached, for |project|.\n',
        (
            'invisible character U+200B ZERO WIDTH SPACE at column 26; delete it '
            '[specs.invisible_character]'
        ),
    ),
    # The paragraph after a literal block is prose again.
    22: (
        'After the block, a paragraph that goes on and on, well past the limit of the rule.\n',
        'line is 82 characters long, over the limit of 79; wrap it [specs.line_length]',
    ),
    # After a grid table.
    33: (
        'After the table.   \n',
        'trailing whitespace from column 17; delete it [specs.trailing_whitespace]',
    ),
    # After a code-block directive.
    39: (
        'After the directive.\r\n',
        (
            'line 39 ends with CR LF (a Windows line ending); save the file with LF line '
            'endings [specs.carriage_return]'
        ),
    ),
    # After an include, with a substitution reference.
    54: (
        'After the include,\t|project| again.\n',
        'tab at column 19; use spaces instead [specs.tab]',
    ),
}


def expected(lines: list[int]) -> list[str]:
    return [f'{NEIGHBOURS}:{line}: WARNING: {DEFECTS[line][1]}' for line in lines]


def test_clean_spec_next_to_every_construct(app: SphinxTestApp) -> None:
    """Long lines in a literal block, tables, a code directive, after a URL."""
    app.build()
    assert_no_warnings(app)


@pytest.mark.sphinx('html', testroot='text-rules', confoverrides={'specs_rules': {'*': True}})
def test_clean_spec_passes_every_rule(app: SphinxTestApp) -> None:
    app.build()
    assert [line for line in warning_lines(app) if line.startswith(NEIGHBOURS)] == []


@pytest.mark.parametrize('parallel', [0, 2])
def test_defects_are_reported_at_their_lines(
    app: SphinxTestApp, make_app: MakeApp, parallel: int
) -> None:
    change_lines(app.srcdir / NEIGHBOURS, {n: text for n, (text, _) in DEFECTS.items()})
    if parallel:
        app.cleanup()
        app = make_app('html', srcdir=app.srcdir, parallel=parallel)
    app.build()
    assert warning_lines(app) == expected(sorted(DEFECTS))


def test_opt_out_of_named_rules(app: SphinxTestApp) -> None:
    changes = {n: text for n, (text, _) in DEFECTS.items()}
    changes[4] = '\n.. specs-lint: disable=line_length, carriage_return\n\n'
    change_lines(app.srcdir / NEIGHBOURS, changes)
    app.build()
    shifted = [
        line.replace(f'{NEIGHBOURS}:{n}:', f'{NEIGHBOURS}:{n + 2}:')
        for n, line in zip([13, 33, 54], expected([13, 33, 54]), strict=True)
    ]
    assert warning_lines(app) == shifted


def test_opt_out_in_an_included_file(app: SphinxTestApp) -> None:
    """A comment the spec includes counts as the spec's (the spec itself
    holds no marker, so this is what an include must not skip)."""
    snippet = app.srcdir / 'includes' / 'snippet.txt'
    snippet.write_text(snippet.read_text() + '\n.. specs-lint: disable=tab\n')
    change_lines(app.srcdir / NEIGHBOURS, {54: DEFECTS[54][0], 33: DEFECTS[33][0]})
    app.build()
    assert warning_lines(app) == expected([33])


@pytest.mark.sphinx(
    'html',
    testroot='text-rules',
    confoverrides={
        'specs_rule_overrides': [
            {
                'from': '2025.1',
                'rules': {'template_text': True, 'empty_section': True, 'placeholder': True},
            }
        ]
    },
)
def test_strict_rules_for_new_specs_only(app: SphinxTestApp) -> None:
    """Both releases keep the guidance; only the 2025.1 spec is held to it.

    The include in *Problem description* does not shift the lines after it.
    """
    app.build()
    assert warning_lines(app) == [
        (
            f"{KEPT}:16: WARNING: the template's guidance for 'Problem description' is "
            "left in: 'A detailed description of the problem. What problem is th...'; "
            'replace it with what the spec proposes [specs.template_text]'
        ),
        (
            f"{KEPT}:24: WARNING: section 'Alternatives' is empty; write its content, or "
            "'None' if there is nothing to say [specs.empty_section]"
        ),
        (
            f"{KEPT}:31: WARNING: template placeholder '<launchpad-id or None>' at column 3 "
            'is left in; replace it [specs.placeholder]'
        ),
        (
            f"{KEPT}:36: WARNING: the template's guidance for 'Testing' is left in: 'How "
            "will this be tested? Which tests will be added or cha...'; replace it with "
            'what the spec proposes [specs.template_text]'
        ),
    ]


BARE = """\
==============
Bare spec
==============

Weigh hosts by cache.

Problem description
===================

https://blueprints.launchpad.net/example/+spec/bare-spec
"""


@pytest.mark.sphinx(
    'html',
    testroot='text-rules',
    confoverrides={
        'specs_rules': {'filename': True, 'tracker_link': True, 'license_header': True}
    },
)
def test_metadata_rules(app: SphinxTestApp) -> None:
    (app.srcdir / 'specs/2025.1/approved/Bare_Spec.rst').write_text(BARE)
    app.build()
    bare = 'specs/2025.1/approved/Bare_Spec.rst'
    mine = ('[specs.filename]', '[specs.license_header]', '[specs.tracker_link]')
    assert [line for line in warning_lines(app) if line.endswith(mine)] == [
        (
            f"{bare}:1: WARNING: file name 'Bare_Spec.rst' does not follow the naming "
            "convention (pattern '[a-z0-9]+(?:[-_][a-z0-9]+)*'); rename the file "
            '[specs.filename]'
        ),
        (
            f'{bare}:1: WARNING: the license statement is missing above the title; start '
            "the file with a comment holding 'This work is licensed under a Creative "
            "Commons Attribution 3.0 Unported License.' [specs.license_header]"
        ),
        (
            f'{bare}:2: WARNING: no tracker link above the first section; add the URL of the '
            'blueprint, bug or story this spec is for [specs.tracker_link]'
        ),
    ]


# The file rules ---------------------------------------------------------------


def file_rule_lines(app: SphinxTestApp) -> list[str]:
    return [
        line
        for line in warning_lines(app)
        if 'specs.file_extension' in line or 'specs.unexpected_file' in line
    ]


FILE_FINDINGS = [
    (
        "specs/2025.1/approved/notes.txt:1: WARNING: 'notes.txt' is in a spec directory but "
        'does not end in .rst, so Sphinx never reads it; rename it, or move it out of '
        'specs/2025.1/approved [specs.file_extension]'
    ),
    (
        "specs/2025.1/stray.txt:1: WARNING: file 'stray.txt' in release directory "
        'specs/2025.1 is neither a spec directory nor a known support file; move it into a '
        "spec directory, or add it to the unexpected_file option 'allow' "
        '[specs.unexpected_file]'
    ),
]


#: A release directory holds status directories only (with the default
#: patterns, ``specs/{release}/{name}`` makes it a spec directory too).
RELEASE_STATUS_NAME = {
    'specs_patterns': ['specs/{release}/{status}/{name}'],
    'specs_rules': {'unexpected_file': True},
}


@pytest.mark.sphinx('html', testroot='text-rules', confoverrides=RELEASE_STATUS_NAME)
def test_file_rules_are_reported_on_every_build(app: SphinxTestApp, make_app: MakeApp) -> None:
    """An unchanged faulty tree fails the next build too; a fixed one does not."""
    for name in ('specs/2025.1/approved/notes.txt', 'specs/2025.1/stray.txt'):
        (app.srcdir / name).write_text('Notes.\n')
    (app.srcdir / 'specs/2025.1/approved/diagram.png').write_bytes(b'')
    (app.srcdir / 'specs/2025.1/redirects').write_text('')
    # Connected twice (by the extension and by a conf.py, say), reported once.
    app.build()
    assert warning_lines(app) == FILE_FINDINGS

    app.cleanup()
    again = make_app('html', srcdir=app.srcdir, confoverrides=RELEASE_STATUS_NAME)
    read: list[str] = []
    again.connect('env-before-read-docs', lambda _app, _env, docnames: read.extend(docnames))
    again.build()
    assert read == []
    assert warning_lines(again) == FILE_FINDINGS

    (app.srcdir / 'specs/2025.1/approved/notes.txt').unlink()
    again.cleanup()
    fixed = make_app('html', srcdir=app.srcdir, confoverrides=RELEASE_STATUS_NAME)
    fixed.build()
    assert warning_lines(fixed) == FILE_FINDINGS[1:]


def test_spec_directories_reached_through_links(tmp_path: Path) -> None:
    """nova-specs' layout: doc/source/specs/<release>/approved links to specs/."""
    root = Path(__file__).parent / 'roots' / 'test-text-rules'
    repo = tmp_path / 'repo'
    approved = repo / 'specs' / '2025.1' / 'approved'
    approved.mkdir(parents=True)
    (approved / 'neighbours.rst').write_bytes((root / NEIGHBOURS).read_bytes())
    (approved / 'notes.txt').write_text('Notes.\n')
    (repo / 'specs' / '2025.1' / 'redirects').write_text('')
    (repo / 'specs' / '2025.1' / 'stray.txt').write_text('Stray.\n')
    source = repo / 'doc' / 'source'
    (source / 'includes').mkdir(parents=True)
    (source / 'includes' / 'snippet.txt').write_text('Included.\n')
    (source / 'specs' / '2025.1').mkdir(parents=True)
    for name in ('conf.py', 'index.rst'):
        (source / name).write_bytes((root / name).read_bytes())
    (source / 'specs' / 'template.rst').write_bytes((root / 'specs/template.rst').read_bytes())
    os.symlink('../../../../specs/2025.1/approved', source / 'specs/2025.1/approved')
    os.symlink('../../../../specs/2025.1/redirects', source / 'specs/2025.1/redirects')
    (source / 'specs' / '2025.1' / 'index.rst').write_text('Index\n=====\n')

    app = SphinxTestApp('html', srcdir=source, confoverrides=RELEASE_STATUS_NAME)
    try:
        app.build()
        lines = [line.replace(f'{repo}{os.sep}', '<repo>/') for line in file_rule_lines(app)]
    finally:
        app.cleanup()
    assert lines == [
        FILE_FINDINGS[0],
        FILE_FINDINGS[1].replace('specs/2025.1/stray.txt:1:', '<repo>/specs/2025.1/stray.txt:1:'),
    ]
