"""Edit-then-rebuild: findings follow the sources and persist between builds.

Each test builds its own copy of ``test-incremental`` with the ``app``
fixture, edits the copy, and rebuilds it with a fresh application that
loads the saved environment, as a second ``sphinx-build`` run would.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import assert_no_warnings, warning_lines
from sphinx.testing.util import SphinxTestApp

RETENTION_MISSES_TESTING = (
    'specs/2025.1/backup-retention.rst:12: WARNING: missing required section '
    "'Testing' (template specs/template.rst:17); add it after 'Proposed change' "
    '[specs.missing_section]'
)

pytestmark = pytest.mark.sphinx('html', testroot='incremental')

MakeApp = Callable[..., SphinxTestApp]


def edit(path: Path, change: Callable[[str], str]) -> None:
    """Rewrite ``path`` and make sure its mtime is later than the last read."""
    path.write_text(change(path.read_text()))
    now = time.time_ns()
    os.utime(path, ns=(now, now))


def rebuild(make_app: MakeApp, previous: SphinxTestApp) -> tuple[SphinxTestApp, list[str]]:
    """Build the source tree again; return the app and the documents it re-read."""
    # Unregister the previous application's nodes and directives first, or
    # Sphinx warns that the new one registers them again.
    previous.cleanup()
    app = make_app('html', srcdir=previous.srcdir)
    read: list[str] = []
    app.connect('env-before-read-docs', lambda _app, _env, docnames: read.extend(docnames))
    app.build()
    return app, sorted(read)


def test_unchanged_faulty_spec_is_still_reported(app: SphinxTestApp, make_app: MakeApp) -> None:
    app.build()
    assert warning_lines(app) == [RETENTION_MISSES_TESTING]

    again, read = rebuild(make_app, app)
    assert read == []
    assert warning_lines(again) == [RETENTION_MISSES_TESTING]


def test_edited_spec_is_revalidated(app: SphinxTestApp, make_app: MakeApp) -> None:
    app.build()
    edit(
        app.srcdir / 'specs/2025.1/parallel-backups.rst',
        lambda text: text.replace('Testing\n=======\n\nTempest tests.\n', ''),
    )

    again, read = rebuild(make_app, app)
    assert read == ['specs/2025.1/parallel-backups']
    assert warning_lines(again) == [
        RETENTION_MISSES_TESTING,
        (
            'specs/2025.1/parallel-backups.rst:12: WARNING: missing required section '
            "'Testing' (template specs/template.rst:17); add it after 'Proposed change' "
            '[specs.missing_section]'
        ),
    ]


def test_fixed_spec_stops_warning(app: SphinxTestApp, make_app: MakeApp) -> None:
    app.build()
    edit(
        app.srcdir / 'specs/2025.1/backup-retention.rst',
        lambda text: text + '\nTesting\n=======\n\nUnit tests.\n',
    )

    again, _read = rebuild(make_app, app)
    assert_no_warnings(again)


def test_removed_spec_stops_warning(app: SphinxTestApp, make_app: MakeApp) -> None:
    app.build()
    (app.srcdir / 'specs/2025.1/backup-retention.rst').unlink()

    again, _read = rebuild(make_app, app)
    assert_no_warnings(again)


def test_template_edit_revalidates_every_spec(app: SphinxTestApp, make_app: MakeApp) -> None:
    app.build()
    edit(
        app.srcdir / 'specs/template.rst',
        lambda text: text + '\nSecurity review\n===============\n\nWho reviewed it.\n',
    )

    again, read = rebuild(make_app, app)
    assert read == [
        'specs/2025.1/backup-retention',
        'specs/2025.1/parallel-backups',
        'specs/template',
    ]
    assert warning_lines(again) == [
        RETENTION_MISSES_TESTING,
        (
            'specs/2025.1/backup-retention.rst:12: WARNING: missing required section '
            "'Security review' (template specs/template.rst:22); add it after "
            "'Proposed change' [specs.missing_section]"
        ),
        (
            'specs/2025.1/parallel-backups.rst:17: WARNING: missing required section '
            "'Security review' (template specs/template.rst:22); add it after "
            "'Testing' [specs.missing_section]"
        ),
    ]


def test_template_finding_goes_away_when_the_template_is_fixed(
    app: SphinxTestApp, make_app: MakeApp
) -> None:
    edit(app.srcdir / 'specs/template.rst', lambda text: text.replace('aliases', 'alias'))
    app.build()
    assert warning_lines(app)[0] == (
        "specs/template.rst:5: WARNING: unknown template annotation 'specs: alias Problem' "
        "in section 'Problem description'; use 'specs: optional', 'specs: since RELEASE' "
        "or 'specs: aliases TITLE | TITLE' [specs.template]"
    )
    edit(app.srcdir / 'specs/template.rst', lambda text: text.replace('alias', 'aliases'))

    again, _read = rebuild(make_app, app)
    assert warning_lines(again) == [RETENTION_MISSES_TESTING]


def test_same_application_sees_the_edited_template(app: SphinxTestApp) -> None:
    app.build()
    edit(
        app.srcdir / 'specs/template.rst',
        lambda text: text + '\nSecurity review\n===============\n\nWho reviewed it.\n',
    )
    app.warning.seek(0)
    app.warning.truncate()

    app.build()
    assert [line for line in warning_lines(app) if 'Security review' in line] == [
        (
            'specs/2025.1/backup-retention.rst:12: WARNING: missing required section '
            "'Security review' (template specs/template.rst:22); add it after "
            "'Proposed change' [specs.missing_section]"
        ),
        (
            'specs/2025.1/parallel-backups.rst:17: WARNING: missing required section '
            "'Security review' (template specs/template.rst:22); add it after "
            "'Testing' [specs.missing_section]"
        ),
    ]
