"""Generated index pages for each layout seen in the field.

Every root holds a bare ``.. spec-index::`` on its root page and specs in
one layout of ``shared/corpora/README.md``; nova's own layout is in
``test_indexes_site.py``.  For each: the exact generated sources, every
spec in exactly one toctree, and what each page lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from index_helpers import (
    Snapshot,
    build,
    copy_root,
    generated_files,
    page_content,
    project_stub,
    release_stub,
    status_stub,
    toctree_captions,
    write,
)

Built = Callable[[str], Snapshot]


@pytest.fixture(scope='module')
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Build a root once for the whole module, on first use."""
    shots: dict[str, Snapshot] = {}

    def shot_of(name: str) -> Snapshot:
        if name not in shots:
            shots[name], _app = build(copy_root(name, tmp_path_factory.mktemp(name)), 'dummy')
        return shots[name]

    return shot_of


def check_site(shot: Snapshot, pages: dict[str, object]) -> None:
    assert shot.warnings == []
    listed = [doc for entries in shot.toctrees.values() for doc in entries]
    assert sorted(listed) == sorted(set(listed)), 'a document is in two toctrees'
    assert 'multiple toctrees' not in shot.status
    assert shot.reachable() == shot.found_docs
    assert shot.pages == pages


# ---------------------------------------------------------------------------
# specs/<release>/<name>.rst with one specs/template.rst; status directories
# (untargeted, backlog/<release>) beside the releases.

# Every generated page groups by status or lists one status: its lines do
# not say it.
TYPED = 'Typed options (alice)'
ENV = 'Environment sources (bob)'
REGISTRY = 'Driver registry (carol)'
YAML = 'YAML files'
REMOTE = 'Remote sources'


def test_flat(built: Built) -> None:
    shot = built('index-flat')
    assert generated_files(shot.srcdir) == {
        'release/2025.2.rst': release_stub('2025.2 Flamingo', '2025.2'),
        'release/2025.1.rst': release_stub('2025.1 Epoxy', '2025.1'),
        'release/2024.2.rst': release_stub('2024.2 Dalmatian', '2024.2'),
        'release/untargeted.rst': release_stub('Untargeted', 'untargeted'),
        'status/approved.rst': status_stub('Approved', 'approved'),
        'status/backlog.rst': status_stub('Backlog', 'backlog'),
        'project/oslo.config.rst': project_stub('oslo.config'),
    }
    assert shot.toctrees == {
        'by/release/2024.2': ['specs/2024.2/driver-registry'],
        'by/release/2025.1': ['specs/2025.1/env-sources', 'specs/2025.1/typed-options'],
        'by/release/2025.2': ['specs/backlog/2025.2/remote-sources'],
        'by/release/untargeted': ['specs/untargeted/yaml-files'],
        'index': [
            'process',
            'by/release/2025.2',
            'by/release/2025.1',
            'by/release/2024.2',
            'by/release/untargeted',
            'by/status/approved',
            'by/status/backlog',
            'by/project/oslo.config',
            # Serves every release: the site index holds it (see the next test).
            'specs/template',
        ],
    }
    check_site(
        shot,
        {
            'index': [
                [
                    ['Release', 'Approved', 'Backlog', 'Total'],
                    ['2025.2 Flamingo', '0', '1', '1'],
                    ['2025.1 Epoxy', '2', '0', '2'],
                    ['2024.2 Dalmatian', '1', '0', '1'],
                    ['Untargeted', '1', '0', '1'],
                    ['Total', '4', '1', '5'],
                ]
            ],
            'by/release/2025.2': [('Backlog (1)', [REMOTE])],
            'by/release/2025.1': [('Approved (2)', [ENV, TYPED])],
            'by/release/2024.2': [('Approved (1)', [REGISTRY])],
            'by/release/untargeted': [('Approved (1)', [YAML])],
            'by/status/approved': [
                ('2025.1 Epoxy (2)', [ENV, TYPED]),
                ('2024.2 Dalmatian (1)', [REGISTRY]),
                ('Untargeted (1)', [YAML]),
            ],
            'by/status/backlog': [('2025.2 Flamingo (1)', [REMOTE])],
            'by/project/oslo.config': [
                ('2025.2 Flamingo (1)', [('Backlog (1)', [REMOTE])]),
                ('2025.1 Epoxy (2)', [('Approved (2)', [ENV, TYPED])]),
                ('2024.2 Dalmatian (1)', [('Approved (1)', [REGISTRY])]),
                ('Untargeted (1)', [('Approved (1)', [YAML])]),
            ],
        },
    )


def test_shared_template_is_in_the_site_index_only(tmp_path: Path) -> None:
    """A template several releases use is in no release page's toctree, but
    in the site index's, under its own caption; one per release stays on
    its release page (see test_indexes_site.py)."""
    shot, _app = build(copy_root('index-flat', tmp_path))
    assert shot.warnings == []
    assert 'multiple toctrees' not in shot.status
    parents = [doc for doc, entries in shot.toctrees.items() if 'specs/template' in entries]
    assert parents == ['index']
    content = page_content(shot.srcdir, 'index')
    assert toctree_captions(content) == ['Releases', 'Statuses', 'Projects', 'Templates']
    templates = content[content.index('caption-text">Templates') :]
    # Called after the newest release it serves, not by its placeholder title.
    assert re.findall(r'<a class="reference internal" href="([^"]*)">([^<]*)</a>', templates) == [
        ('specs/template.html', 'Template for 2025.2 Flamingo')
    ]


def test_a_template_moves_to_the_site_index_when_a_second_release_uses_it(
    tmp_path: Path,
) -> None:
    srcdir = copy_root('index-flat', tmp_path)
    # The template of a newer release, which new specs start from, is the
    # site index's; specs/template.rst then serves only the releases below.
    write(srcdir / 'specs/2026.1-template.rst', (srcdir / 'specs/template.rst').read_text())
    later = srcdir / 'specs/2024.2/driver-registry.rst'
    text = later.read_text()
    for spec in (
        later,
        *srcdir.glob('specs/backlog/2025.2/*.rst'),
        *srcdir.glob('specs/untargeted/*.rst'),
    ):
        spec.unlink()
    shot, _app = build(srcdir, 'dummy')
    assert shot.warnings == []
    only_2025_1 = ['specs/2025.1/env-sources', 'specs/2025.1/typed-options']
    assert shot.toctrees['by/release/2025.1'] == ['specs/template', *only_2025_1]
    assert shot.toctrees['index'][-1] == 'specs/2026.1-template'
    write(later, text)
    read: list[str] = []
    shot, _app = build(srcdir, 'dummy', read=read)
    assert shot.warnings == []
    assert 'multiple toctrees' not in shot.status
    assert shot.toctrees['by/release/2025.1'] == only_2025_1
    assert shot.toctrees['by/release/2024.2'] == ['specs/2024.2/driver-registry']
    assert shot.toctrees['index'][-2:] == ['specs/2026.1-template', 'specs/template']
    assert {'by/release/2025.1', 'index'} <= set(read)
    # Two processes place it where one does.
    parallel, _app = build(copy_root('index-flat', tmp_path / 'parallel'), 'dummy', parallel=2)
    serial, _app = build(copy_root('index-flat', tmp_path / 'serial'), 'dummy')
    assert parallel.toctrees == serial.toctrees


# ---------------------------------------------------------------------------
# specs/<status>/<release>/<name>.rst; templates kept out of the Sphinx
# project (exclude_patterns), so no release page lists one.


def test_status_then_release(built: Built) -> None:
    shot = built('index-status-release')
    hints = 'Port hints (alice)'
    qos = 'QoS floor (bob)'
    dns = 'DNS zones (carol)'
    bgp = 'OVN BGP'
    assert generated_files(shot.srcdir) == {
        'release/2025.1.rst': release_stub('2025.1 Epoxy', '2025.1'),
        'release/2024.1.rst': release_stub('2024.1 Caracal', '2024.1'),
        'release/backlog.rst': release_stub('Backlog', 'backlog'),
        'status/approved.rst': status_stub('Approved', 'approved'),
        'status/implemented.rst': status_stub('Implemented', 'implemented'),
        'project/neutron.rst': project_stub('neutron'),
    }
    assert shot.toctrees == {
        'by/release/2024.1': ['specs/implemented/2024.1/dns-zones'],
        'by/release/2025.1': [
            'specs/approved/2025.1/port-hints',
            'specs/implemented/2025.1/qos-floor',
        ],
        'by/release/backlog': ['specs/backlog/ovn-bgp'],
        'index': [
            'process',
            'by/release/2025.1',
            'by/release/2024.1',
            'by/release/backlog',
            'by/status/approved',
            'by/status/implemented',
            'by/project/neutron',
        ],
    }
    check_site(
        shot,
        {
            'index': [
                [
                    ['Release', 'Approved', 'Implemented', 'Total'],
                    ['2025.1 Epoxy', '1', '1', '2'],
                    ['2024.1 Caracal', '0', '1', '1'],
                    ['Backlog', '1', '0', '1'],
                    ['Total', '2', '2', '4'],
                ]
            ],
            'by/release/2025.1': [('Approved (1)', [hints]), ('Implemented (1)', [qos])],
            'by/release/2024.1': [('Implemented (1)', [dns])],
            'by/release/backlog': [('Approved (1)', [bgp])],
            'by/status/approved': [('2025.1 Epoxy (1)', [hints]), ('Backlog (1)', [bgp])],
            'by/status/implemented': [
                ('2025.1 Epoxy (1)', [qos]),
                ('2024.1 Caracal (1)', [dns]),
            ],
            'by/project/neutron': [
                ('2025.1 Epoxy (2)', [('Approved (1)', [hints]), ('Implemented (1)', [qos])]),
                ('2024.1 Caracal (1)', [('Implemented (1)', [dns])]),
                ('Backlog (1)', [('Approved (1)', [bgp])]),
            ],
        },
    )


# ---------------------------------------------------------------------------
# specs/<project>/<release>/<name>.rst, stated in specs_patterns.  The path
# names the project; the blueprint URL would say otherwise for glance_store.


def test_project_first(built: Built) -> None:
    shot = built('index-project')
    image = 'Image import (alice)'
    quota = 'Quota usage (bob)'
    s3 = 'S3 multipart (carol)'
    cli = 'CLI progress'
    assert generated_files(shot.srcdir) == {
        'release/2025.1.rst': release_stub('2025.1 Epoxy', '2025.1'),
        'release/2024.2.rst': release_stub('2024.2 Dalmatian', '2024.2'),
        'status/approved.rst': status_stub('Approved', 'approved'),
        'project/glance.rst': project_stub('glance'),
        'project/glance_store.rst': project_stub('glance_store'),
        'project/python-glanceclient.rst': project_stub('python-glanceclient'),
    }
    assert shot.toctrees == {
        # Within a group by title, as the page lists them.
        'by/release/2024.2': [
            'specs/python-glanceclient/2024.2/cli-progress',
            'specs/glance/2024.2/quota-usage',
        ],
        'by/release/2025.1': [
            'specs/glance/2025.1/image-import',
            'specs/glance_store/2025.1/s3-multipart',
        ],
        'index': [
            'process',
            'by/release/2025.1',
            'by/release/2024.2',
            'by/status/approved',
            'by/project/glance',
            'by/project/glance_store',
            'by/project/python-glanceclient',
            'specs/template',
        ],
    }
    check_site(
        shot,
        {
            'index': [
                [
                    ['Release', 'Approved', 'Total'],
                    ['2025.1 Epoxy', '2', '2'],
                    ['2024.2 Dalmatian', '2', '2'],
                    ['Total', '4', '4'],
                ]
            ],
            'by/release/2025.1': [('Approved (2)', [image, s3])],
            'by/release/2024.2': [('Approved (2)', [cli, quota])],
            'by/status/approved': [
                ('2025.1 Epoxy (2)', [image, s3]),
                ('2024.2 Dalmatian (2)', [cli, quota]),
            ],
            'by/project/glance': [
                ('2025.1 Epoxy (1)', [('Approved (1)', [image])]),
                ('2024.2 Dalmatian (1)', [('Approved (1)', [quota])]),
            ],
            'by/project/glance_store': [('2025.1 Epoxy (1)', [('Approved (1)', [s3])])],
            'by/project/python-glanceclient': [
                ('2024.2 Dalmatian (1)', [('Approved (1)', [cli])])
            ],
        },
    )


# ---------------------------------------------------------------------------
# Status directories only; the release is a field holding a version number,
# mapped to a series by specs_release_aliases (36.0, 35.1) or not (34.0,
# which then sorts as a version: after every series, so first when the
# newest come first).


def test_status_only_with_version_numbers(built: Built) -> None:
    shot = built('index-status-only')
    boot = 'Boot modes (alice)'
    firmware = 'Firmware updates (bob)'
    power = 'Power sync'
    raid = 'RAID hints'
    history = 'Node history'
    deploy = 'Old deploy'
    assert generated_files(shot.srcdir) == {
        'release/34.0.rst': release_stub('34.0', '34.0'),
        'release/2026.2.rst': release_stub('2026.2 Hibiscus', '2026.2'),
        'release/2026.1.rst': release_stub('2026.1 Gazpacho', '2026.1'),
        'release/backlog.rst': release_stub('Backlog', 'backlog'),
        'status/approved.rst': status_stub('Approved', 'approved'),
        'status/not-implemented.rst': status_stub('Not implemented', 'not-implemented'),
        'status/retired.rst': status_stub('Retired', 'retired', toctree=True),
        'project/ironic.rst': project_stub('ironic'),
    }
    assert shot.toctrees == {
        'by/release/2026.1': [
            'specs/approved/firmware-updates',
            'specs/not-implemented/raid-hints',
        ],
        'by/release/2026.2': ['specs/approved/boot-modes'],
        'by/release/34.0': ['specs/approved/power-sync'],
        'by/release/backlog': ['specs/backlog/node-history'],
        'by/status/retired': ['specs/retired/old-deploy'],
        'index': [
            'process',
            'by/release/34.0',
            'by/release/2026.2',
            'by/release/2026.1',
            'by/release/backlog',
            'by/status/approved',
            'by/status/not-implemented',
            'by/status/retired',
            'by/project/ironic',
            'specs/template',
        ],
    }
    check_site(
        shot,
        {
            'index': [
                [
                    ['Release', 'Approved', 'Not implemented', 'Retired', 'Total'],
                    ['34.0', '1', '0', '0', '1'],
                    ['2026.2 Hibiscus', '1', '0', '0', '1'],
                    ['2026.1 Gazpacho', '1', '1', '0', '2'],
                    ['Backlog', '1', '0', '0', '1'],
                    ['No release', '0', '0', '1', '1'],
                    ['Total', '4', '1', '1', '6'],
                ]
            ],
            'by/release/34.0': [('Approved (1)', [power])],
            'by/release/2026.2': [('Approved (1)', [boot])],
            'by/release/2026.1': [('Approved (1)', [firmware]), ('Not implemented (1)', [raid])],
            'by/release/backlog': [('Approved (1)', [history])],
            'by/status/approved': [
                ('34.0 (1)', [power]),
                ('2026.2 Hibiscus (1)', [boot]),
                ('2026.1 Gazpacho (1)', [firmware]),
                ('Backlog (1)', [history]),
            ],
            'by/status/not-implemented': [('2026.1 Gazpacho (1)', [raid])],
            'by/status/retired': [('No release (1)', [deploy])],
            'by/project/ironic': [
                ('34.0 (1)', [('Approved (1)', [power])]),
                ('2026.2 Hibiscus (1)', [('Approved (1)', [boot])]),
                (
                    '2026.1 Gazpacho (2)',
                    [('Approved (1)', [firmware]), ('Not implemented (1)', [raid])],
                ),
                ('Backlog (1)', [('Approved (1)', [history])]),
                ('No release (1)', [('Retired (1)', [deploy])]),
            ],
        },
    )


# ---------------------------------------------------------------------------
# Codenames after 2023 (dalmatian, epoxy, hibiscus) next to numbered
# releases: one page per release, whatever the directory is called.


def test_codenames_and_numbers_are_one_release(built: Built) -> None:
    shot = built('index-codenames')
    tags = 'Volume tags (alice)'
    verify = 'Backup verify (bob)'
    groups = 'Replication groups'
    encrypted = 'Encrypted backups'
    clones = 'Thin clones'
    migrate = 'AZ migrate'
    assert generated_files(shot.srcdir) == {
        'release/2026.2.rst': release_stub('2026.2 Hibiscus', '2026.2'),
        'release/2025.1.rst': release_stub('2025.1 Epoxy', '2025.1'),
        'release/2024.2.rst': release_stub('2024.2 Dalmatian', '2024.2'),
        'release/2023.1.rst': release_stub('2023.1 Antelope', '2023.1'),
        'status/approved.rst': status_stub('Approved', 'approved'),
        'status/implemented.rst': status_stub('Implemented', 'implemented'),
        'project/cinder.rst': project_stub('cinder'),
    }
    assert shot.toctrees == {
        'by/release/2023.1': ['specs/2023.1/implemented/az-migrate'],
        'by/release/2024.2': [
            'specs/dalmatian/approved/volume-tags',
            'specs/2024.2/implemented/backup-verify',
        ],
        'by/release/2025.1': [
            'specs/2025.1/approved/encrypted-backups',
            'specs/epoxy/approved/replication-groups',
        ],
        'by/release/2026.2': ['specs/hibiscus/approved/thin-clones'],
        'index': [
            'process',
            'by/release/2026.2',
            'by/release/2025.1',
            'by/release/2024.2',
            'by/release/2023.1',
            'by/status/approved',
            'by/status/implemented',
            'by/project/cinder',
            'specs/template',
        ],
    }
    check_site(
        shot,
        {
            'index': [
                [
                    ['Release', 'Approved', 'Implemented', 'Total'],
                    ['2026.2 Hibiscus', '1', '0', '1'],
                    ['2025.1 Epoxy', '2', '0', '2'],
                    ['2024.2 Dalmatian', '1', '1', '2'],
                    ['2023.1 Antelope', '0', '1', '1'],
                    ['Total', '4', '2', '6'],
                ]
            ],
            'by/release/2026.2': [('Approved (1)', [clones])],
            'by/release/2025.1': [('Approved (2)', [encrypted, groups])],
            'by/release/2024.2': [('Approved (1)', [tags]), ('Implemented (1)', [verify])],
            'by/release/2023.1': [('Implemented (1)', [migrate])],
            'by/status/approved': [
                ('2026.2 Hibiscus (1)', [clones]),
                ('2025.1 Epoxy (2)', [encrypted, groups]),
                ('2024.2 Dalmatian (1)', [tags]),
            ],
            'by/status/implemented': [
                ('2024.2 Dalmatian (1)', [verify]),
                ('2023.1 Antelope (1)', [migrate]),
            ],
            'by/project/cinder': [
                ('2026.2 Hibiscus (1)', [('Approved (1)', [clones])]),
                ('2025.1 Epoxy (2)', [('Approved (2)', [encrypted, groups])]),
                (
                    '2024.2 Dalmatian (2)',
                    [('Approved (1)', [tags]), ('Implemented (1)', [verify])],
                ),
                ('2023.1 Antelope (1)', [('Implemented (1)', [migrate])]),
            ],
        },
    )
