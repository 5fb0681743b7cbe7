"""``ReleaseTable``: one release under both spellings, and their order."""

from __future__ import annotations

import pytest

from sphinxcontrib_specs.core.releases import ReleaseTable

TABLE = ReleaseTable()


def test_codename_and_number_are_one_release() -> None:
    dalmatian = TABLE.parse('dalmatian')
    assert dalmatian == TABLE.parse('2024.2') == TABLE.parse(' Dalmatian ')
    assert dalmatian.name == '2024.2'
    assert dalmatian.label == '2024.2 Dalmatian'
    assert dalmatian.known
    assert not dalmatian.is_bucket


def test_codename_only_series() -> None:
    zed = TABLE.parse('Zed')
    assert (zed.name, zed.label) == ('zed', 'Zed')


@pytest.mark.parametrize(
    'names',
    [
        ['austin', 'bexar', 'kilo', 'zed', '2023.1', 'bobcat', '2024.1', 'dalmatian', 'epoxy'],
        ['2025.2', 'gazpacho', '2026.2', '2027.1', '2027.2', '2030.1'],
        # Series, then versions, then names nobody knows, then buckets.
        [
            'hibiscus',
            '2099.2',
            '1.0',
            '10.1',
            '10.2',
            'v10.10',
            'version15.0',
            'someday',
            'backlog',
            'untargeted',
        ],
    ],
)
def test_order(names: list[str]) -> None:
    releases = [TABLE.parse(name) for name in names]
    assert sorted(releases) == releases
    assert sorted(releases, key=lambda r: r.key) == releases


def test_future_series_have_a_number_only() -> None:
    future = TABLE.parse('2027.2')
    assert (future.name, future.label, future.known) == ('2027.2', '2027.2', True)
    assert TABLE.parse('2027.1').key < future.key < TABLE.parse('2028.1').key


def test_versions_sort_numerically() -> None:
    assert TABLE.parse('10.2').key < TABLE.parse('10.10').key
    assert TABLE.parse('version15.0').name == 'version15.0'
    assert TABLE.parse('v15.0').key == TABLE.parse('15.0').key


def test_buckets() -> None:
    backlog = TABLE.parse('backlog')
    assert backlog.is_bucket
    assert backlog.known
    assert backlog.label == 'Backlog'
    assert TABLE.is_bucket('Untargeted')
    assert not TABLE.is_bucket('2025.1')
    custom = ReleaseTable(buckets=('ideas',))
    assert custom.parse('ideas').is_bucket
    assert not custom.parse('backlog').is_bucket
    assert custom.buckets == ['ideas']


def test_unknown_names_still_sort() -> None:
    unknown = TABLE.parse('Someday')
    assert not unknown.known
    assert unknown.name == 'Someday'
    assert TABLE.parse('zed').key < unknown.key < TABLE.parse('backlog').key


def test_aliases() -> None:
    ironic = ReleaseTable(aliases={'36.0': '2026.2', 'Next': 'backlog'})
    assert ironic.parse('36.0') == ironic.parse('hibiscus')
    assert ironic.parse('next').is_bucket
    assert ironic.parse('35.0').name == '35.0'


def test_spellings() -> None:
    """Every name of a release, the one written first (for template lookups)."""
    assert TABLE.spellings('caracal') == ['caracal', '2024.1']
    assert TABLE.spellings('2024.1') == ['2024.1', 'caracal']
    assert TABLE.spellings('zed') == ['zed']
    assert TABLE.spellings('10.1') == ['10.1']
    assert TABLE.spellings('backlog') == ['backlog']
    assert ReleaseTable(aliases={'36.0': '2026.2'}).spellings('36.0') == [
        '36.0',
        'hibiscus',
        '2026.2',
    ]
