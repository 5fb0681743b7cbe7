"""``duplicate_spec``: one spec published twice in one release.

The comparison itself first (pure, no Sphinx), then ``test-index-duplicates``
built: once, with ``-j 2``, with the rule switched off, and edited and
rebuilt step by step.  ``test_cli_check.py`` has the command line's side.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from index_helpers import build, copy_root, edit, write

from sphinxcontrib_specs.core.duplicates import Identity, duplicate_findings
from sphinxcontrib_specs.core.records import Finding


def _spec(docname: str, blueprint: str = '', **fields: str) -> Identity:
    release, _status, name = docname.split('/')[1:]
    values = {'kind': 'spec', 'release': release, 'name': name, **fields}
    return Identity(
        docname=docname,
        path=f'{docname}.rst',
        blueprint=blueprint,
        title_line=2,
        blueprint_line=5 if blueprint else 0,
        project='',
        blueprint_project='',
        source=f'/src/{docname}.rst',
        sections=frozenset(),
        **values,
    )


def test_same_name_in_other_releases_or_kinds_is_no_duplicate() -> None:
    assert (
        duplicate_findings(
            [
                _spec('specs/2025.1/approved/foo', 'foo'),
                _spec('specs/2024.2/implemented/foo', 'foo'),
                _spec('specs/2025.1/policies/foo', kind='policy'),
                _spec('specs/2025.1/approved/bar', name=''),
                _spec('specs/2025.1/implemented/baz', name=''),
            ]
        )
        == {}
    )


def test_every_later_copy_names_the_first() -> None:
    first, *later = [f'specs/2025.1/{status}/foo' for status in ('abandoned', 'approved', 'done')]
    message = (
        'this spec is published twice in release 2025.1: specs/2025.1/abandoned/foo.rst has '
        "the same name ('foo'); keep one, remove the other and redirect its path to the one "
        'kept'
    )
    # In docname order, whatever order the records come in.
    assert duplicate_findings([_spec(d) for d in reversed([first, *later])]) == {
        docname: [Finding('duplicate_spec', 2, message)] for docname in later
    }


def test_a_blueprint_is_one_whatever_its_case() -> None:
    found = duplicate_findings(
        [
            _spec('specs/2025.1/approved/one', 'Port-Audit'),
            _spec('specs/2025.1/approved/two', 'port-audit'),
        ]
    )
    assert found == {
        'specs/2025.1/approved/two': [
            Finding(
                'duplicate_spec',
                5,
                'this spec is published twice in release 2025.1: specs/2025.1/approved/one.rst '
                "is for the same blueprint ('port-audit'); keep one, remove the other and "
                'redirect its path to the one kept, or give each spec its own blueprint',
            )
        ]
    }


def test_the_earliest_of_two_earlier_specs_is_named() -> None:
    found = duplicate_findings(
        [
            _spec('specs/2025.1/approved/aaa', 'shared'),
            _spec('specs/2025.1/approved/foo'),
            _spec('specs/2025.1/implemented/foo', 'shared'),
        ]
    )
    assert list(found) == ['specs/2025.1/implemented/foo']
    assert (
        'specs/2025.1/approved/aaa.rst is for the same blueprint'
        in found['specs/2025.1/implemented/foo'][0].message
    )


# ---------------------------------------------------------------------------
# In a build

SECOND_NAME = (
    'specs/2025.1/approved/second-name.rst:5: WARNING: this spec is published twice in '
    'release 2025.1: specs/2025.1/approved/first-name.rst is for the same blueprint '
    "('shared-blueprint'); keep one, remove the other and redirect its path to the one "
    'kept, or give each spec its own blueprint [specs.duplicate_spec]'
)
PORT_AUDIT = (
    'specs/2025.1/implemented/port-audit.rst:5: WARNING: this spec is published twice in '
    'release 2025.1: specs/2025.1/approved/port-audit.rst has the same name and blueprint '
    "('port-audit'); keep one, remove the other and redirect its path to the one kept "
    '[specs.duplicate_spec]'
)

#: With ``blueprints`` off: the name alone, at the title.
PORT_AUDIT_BY_NAME = (
    'specs/2025.1/implemented/port-audit.rst:2: WARNING: this spec is published twice in '
    "release 2025.1: specs/2025.1/approved/port-audit.rst has the same name ('port-audit'); "
    'keep one, remove the other and redirect its path to the one kept [specs.duplicate_spec]'
)


def test_duplicate_specs_in_one_release(tmp_path: Path) -> None:
    """One warning per pair, at the later document; other releases may reuse names."""
    shot, _app = build(copy_root('index-duplicates', tmp_path), 'dummy')
    assert shot.warnings == [SECOND_NAME, PORT_AUDIT]


def test_two_processes_report_what_one_does(tmp_path: Path) -> None:
    shot, _app = build(copy_root('index-duplicates', tmp_path), 'dummy', parallel=2)
    status = re.sub(r'\x1b\[[0-9;]*m', '', shot.status)
    assert re.search(r'reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+', status), 'not in chunks'
    assert shot.warnings == [SECOND_NAME, PORT_AUDIT]


@pytest.mark.parametrize(
    ('overrides', 'warnings'),
    [
        ({'specs_rules': {'duplicate_spec': False}}, []),
        # Names only: the two specs for one blueprint are left alone.
        (
            {'specs_rules': {'duplicate_spec': {'blueprints': False}}},
            [PORT_AUDIT_BY_NAME],
        ),
        # A spec the rule is off for is compared with no other.
        (
            {
                'specs_rule_overrides': [
                    {'status': 'implemented', 'rules': {'duplicate_spec': False}}
                ]
            },
            [SECOND_NAME],
        ),
    ],
)
def test_the_rule_can_be_switched_off(
    tmp_path: Path, overrides: dict[str, object], warnings: list[str]
) -> None:
    shot, _app = build(copy_root('index-duplicates', tmp_path), 'dummy', confoverrides=overrides)
    assert shot.warnings == warnings


def test_findings_follow_every_change_to_either_spec(tmp_path: Path) -> None:
    srcdir = copy_root('index-duplicates', tmp_path)
    specs = srcdir / 'specs'

    def rebuild() -> tuple[list[str], list[str]]:
        read: list[str] = []
        shot, _app = build(srcdir, 'dummy', read=read)
        return shot.warnings, sorted(read)

    assert rebuild()[0] == [SECOND_NAME, PORT_AUDIT]
    # Neither spec of a pair re-read: the findings stand.
    assert rebuild() == ([SECOND_NAME, PORT_AUDIT], [])
    edit(
        specs / '2025.1/approved/first-name.rst',
        lambda text: text.replace('What is broken.', 'Nothing works.'),
    )
    assert rebuild() == ([SECOND_NAME, PORT_AUDIT], ['specs/2025.1/approved/first-name'])
    # One of the pair deleted: its partner's finding goes.
    (specs / '2025.1/approved/port-audit.rst').unlink()
    assert rebuild()[0] == [SECOND_NAME]
    # A codename is the release its number is.
    write(
        specs / 'dalmatian/approved/port-audit.rst',
        (specs / '2024.2/implemented/port-audit.rst').read_text(),
    )
    dalmatian = (
        'specs/dalmatian/approved/port-audit.rst:5: WARNING: this spec is published twice in '
        'release 2024.2: specs/2024.2/implemented/port-audit.rst has the same name and '
        "blueprint ('port-audit'); keep one, remove the other and redirect its path to the "
        'one kept [specs.duplicate_spec]'
    )
    assert rebuild()[0] == [SECOND_NAME, dalmatian]
    edit(
        specs / 'dalmatian/approved/port-audit.rst',
        lambda text: text.replace(
            'Port audit\n==========\n',
            'Port audit\n==========\n\n.. specs-lint: disable=duplicate_spec\n',
        ),
    )
    assert rebuild()[0] == [SECOND_NAME]
    edit(
        specs / '2025.1/approved/second-name.rst',
        lambda text: text.replace('+spec/shared-blueprint', '+spec/second-name'),
    )
    assert rebuild() == ([], ['specs/2025.1/approved/second-name'])
