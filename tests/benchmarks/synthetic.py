"""A synthetic specs repository of any size, for benchmarks.

Usage::

    python tests/benchmarks/synthetic.py TARGET [--specs 1000] [--seed 0] [--manual-index]

writes a Sphinx source directory that looks like nova-specs and builds
with zero warnings:

* ``conf.py``: the extension with its defaults, plus an Atom feed;
* ``specs/template.rst``: one template, nova's outline, prose of its own;
* ``specs/<release>/{approved,implemented}/<name>.rst``: ``--specs``
  specs across twelve releases and the ``backlog`` bucket, older releases
  mostly implemented, each written from the template with 300 to 600
  lines of generated text (paragraphs, lists, literal blocks, a table in
  some), a blueprint link and assignees;
* ``specs/<release>/redirects``: ``approved/x.rst ../implemented/x.rst``
  for two thirds of the implemented specs, as nova keeps them;
* ``index.rst``: the site index (one ``.. spec-index::``), or, with
  ``--manual-index``, what a repository keeps by hand without the
  extension: one page per release with a glob toctree per status.

The same ``--specs`` and ``--seed`` give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from sphinxcontrib_specs.core.releases import OPENSTACK_SERIES

__all__ = ['CONF', 'RELEASES', 'SyntheticSpec', 'generate', 'write_manual_index']

_SERIES = [number or name for number, name in OPENSTACK_SERIES]
#: Oldest first: the series from ussuri to 2025.2, as nova-specs names its
#: directories (codenames before 2023, numbers after), then a bucket.
RELEASES = (*_SERIES[_SERIES.index('ussuri') : _SERIES.index('2025.2') + 1], 'backlog')

CONF = """\
# A synthetic specs repository, written by tests/benchmarks/synthetic.py.
extensions = [
    'sphinxcontrib_specs',
]

project = 'Synthetic Specs'
copyright = 'benchmark'
exclude_patterns = ['_build']
html_baseurl = 'https://specs.example.org/'
specs_feed = True
"""

TEMPLATE_OUTLINE = (
    (
        'Problem description',
        [('Use Cases', 'Who needs the change, and what each of them does with it.')],
        'The problem, as an operator or a user meets it today.',
    ),
    (
        'Proposed change',
        [
            ('Alternatives', 'Other ways to solve the problem, and why not them.'),
            ('Data model impact', 'Tables, columns and objects that change.'),
            ('REST API impact', 'Each method added or changed, with examples.'),
            ('Security impact', 'Sensitive data, privileges, untrusted input.'),
            ('Notifications impact', 'Notifications added, changed or removed.'),
            ('Other end user impact', 'Clients and the dashboard.'),
            ('Performance Impact', 'Code paths that run more often.'),
            ('Other deployer impact', 'Configuration and upgrade steps.'),
            ('Developer impact', 'What drivers and other developers change.'),
            ('Upgrade impact', 'What an operator does, in which order.'),
        ],
        'The change in detail, and where it ends.',
    ),
    (
        'Implementation',
        [
            ('Assignee(s)', None),
            ('Feature Liaison', 'A core reviewer who follows the work.'),
            ('Work Items', 'The tasks, in the order they can merge.'),
        ],
        None,
    ),
    ('Dependencies', [], 'Specs, blueprints or libraries this work needs.'),
    ('Testing', [], 'How the change is tested beyond unit tests.'),
    ('Documentation Impact', [], 'The guides that change.'),
    ('References', [], 'Mailing list threads, summit notes, related specs.'),
    ('History', [], 'Releases in which the spec was revised, and why.'),
)

LICENSE = """\
..
 This work is licensed under a Creative Commons Attribution 3.0 Unported
 License.

 http://creativecommons.org/licenses/by/3.0/legalcode

"""

_WORDS_TEXT = """
instance host cell compute scheduler placement allocation inventory resource
provider trait aggregate flavor image volume attachment port network migration
evacuation rebuild resize shelve snapshot console quota limit policy
microversion request response field schema server hypervisor driver libvirt
device mediated accelerator topology memory page cpu pinning numa node weigher
filter conductor api database object version notification payload operator
deployer user tenant project domain token service catalog endpoint upgrade
rolling compatibility deprecation configuration option default value cache
lock timeout retry worker thread event queue message record table column index
query transaction the a of to and in for with on is that this we which when
each every not can should would will must may new existing current proposed
change add remove update support allow expose report store return validate
enable disable keep
"""
WORDS = tuple(_WORDS_TEXT.split())

_NAME_WORDS_TEXT = """
cache weigher numa live shared vgpu trait quota unified limits console spice
virtiofs share image property hint scheduler cell pci vfio ironic rescue
stable uuid tag lock graceful shutdown affinity group evacuate resize cold
boot volume multiattach encrypted port qos bandwidth accelerator cyborg mdev
secure tpm sev memory encryption
"""
NAME_WORDS = tuple(_NAME_WORDS_TEXT.split())

_PEOPLE_TEXT = """
alice-dev bob.ops carol_k dmitri erin-s fatima gustavo hiro ines_m jamal kwame
lena-p marco nadia olu priya quentin rosa sven tomoko
"""
PEOPLE = tuple(_PEOPLE_TEXT.split())

PROJECTS = ('nova', 'nova', 'nova', 'nova', 'placement')


@dataclass(frozen=True)
class SyntheticSpec:
    """Where a spec is, relative to the source directory, and what it says."""

    release: str
    status: str
    name: str
    project: str

    @property
    def path(self) -> str:
        return f'specs/{self.release}/{self.status}/{self.name}.rst'


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(7, 18))
    return ' '.join(words).capitalize() + '.'


def _paragraph(rng: random.Random, sentences: tuple[int, int] = (2, 6)) -> list[str]:
    text = ' '.join(_sentence(rng) for _ in range(rng.randint(*sentences)))
    return [*textwrap.wrap(text, 76), '']


def _bullets(rng: random.Random) -> list[str]:
    lines: list[str] = []
    for _ in range(rng.randint(3, 6)):
        wrapped = textwrap.wrap(_sentence(rng) + ' ' + _sentence(rng), 72)
        lines.append(f'* {wrapped[0]}')
        lines.extend(f'  {line}' for line in wrapped[1:])
    return [*lines, '']


def _literal(rng: random.Random) -> list[str]:
    fields = rng.sample(NAME_WORDS, 4)
    body = ['{', *(f'    "{field}": "{rng.choice(WORDS)}",' for field in fields), '}']
    return ['.. code-block:: json', '', *(f'    {line}' for line in body), '']


def _table(rng: random.Random) -> list[str]:
    rows = ['.. list-table::', '   :header-rows: 1', '', '   * - Option', '     - Default']
    for word in rng.sample(NAME_WORDS, 4):
        rows += [f'   * - ``{word}_{rng.choice(WORDS)}``', f'     - ``{rng.randint(0, 64)}``']
    return [*rows, '']


def _body(rng: random.Random, blocks: int) -> list[str]:
    lines: list[str] = []
    for _ in range(blocks):
        kind = rng.random()
        if kind < 0.6:
            lines += _paragraph(rng)
        elif kind < 0.82:
            lines += _bullets(rng)
        elif kind < 0.95:
            lines += ['For example::', '', *_literal(rng)[2:]]
        else:
            lines += _table(rng)
    return lines


def _heading(title: str, char: str, over: bool = False) -> list[str]:
    rule = char * len(title)
    return [*([rule] if over else []), title, rule, '']


def _template() -> str:
    lines = LICENSE.splitlines()
    lines += _heading('Example Spec - The title of your blueprint', '=', over=True)
    lines += ['Include the URL of your launchpad blueprint:', '']
    lines += ['https://blueprints.launchpad.net/nova/+spec/example', '']
    lines += ['One paragraph that says why the change is worth making.', '']
    for title, subsections, guidance in TEMPLATE_OUTLINE:
        lines += _heading(title, '=')
        if title == 'History':
            lines += ['.. specs: optional', '']
        if guidance:
            lines += [guidance, '']
        for subtitle, text in subsections:
            lines += _heading(subtitle, '-')
            if subtitle == 'Feature Liaison':
                lines += ['.. specs: optional', '']
            if text is None:
                lines += ['Primary assignee:', '  <launchpad-id or None>', '']
            else:
                lines += [text, '']
    return '\n'.join(lines) + '\n'


def _spec(spec: SyntheticSpec, rng: random.Random) -> str:
    # About 30 blocks of about 12 lines each: 300 to 600 lines in all.
    budget = rng.randint(30, 56)
    weights = [rng.random() for _ in range(24)]
    scale = budget / sum(weights)
    lines = LICENSE.splitlines()
    title = ' '.join(spec.name.split('-')[:-1]).capitalize() + f' ({spec.name[-4:]})'
    lines += _heading(title, '=', over=True)
    lines += [f'https://blueprints.launchpad.net/{spec.project}/+spec/{spec.name}', '']
    lines += _paragraph(rng, (3, 5))
    slot = 0
    for title_, subsections, _guidance in TEMPLATE_OUTLINE:
        if title_ == 'History' and rng.random() < 0.4:
            continue
        lines += _heading(title_, '=')
        if title_ != 'Implementation':
            lines += _body(rng, max(1, round(weights[slot] * scale)))
            slot += 1
        for subtitle, _text in subsections:
            lines += _heading(subtitle, '-')
            if subtitle == 'Assignee(s)':
                first, *others = rng.sample(PEOPLE, rng.randint(1, 3))
                lines += ['Primary assignee:', f'  {first}', '']
                if others:
                    lines += ['Other contributors:', *(f'  {p}' for p in others), '']
            elif subtitle == 'Feature Liaison':
                lines += ['Feature liaison:', f'  {rng.choice(PEOPLE)}', '']
            else:
                lines += _body(rng, max(1, round(weights[slot % 24] * scale)))
                slot += 1
    return '\n'.join(lines).rstrip('\n') + '\n'


def _plan(count: int, rng: random.Random) -> list[SyntheticSpec]:
    specs = []
    for number in range(count):
        # Later releases hold more specs; the bucket holds a few.
        position = min(int(rng.triangular(0, len(RELEASES), len(RELEASES) - 2)), len(RELEASES) - 1)
        release = RELEASES[position]
        age = (len(RELEASES) - 2 - position) / (len(RELEASES) - 2)
        implemented = release != 'backlog' and rng.random() < 0.3 + 0.6 * age
        words = rng.sample(NAME_WORDS, rng.randint(2, 4))
        specs.append(
            SyntheticSpec(
                release=release,
                status='implemented' if implemented else 'approved',
                name='-'.join(words) + f'-{number:04d}',
                project=rng.choice(PROJECTS),
            )
        )
    return specs


def _site_index() -> str:
    return '\n'.join([*_heading('Synthetic Specs', '=', over=True), '.. spec-index::', ''])


def write_manual_index(target: Path, specs: list[SyntheticSpec]) -> None:
    """Make ``index.rst`` what a repository without the extension keeps.

    One page per release, ``specs/<release>/index.rst``, with a glob
    toctree per status directory, and a root page listing the template and
    every release page.
    """
    releases = [r for r in reversed(RELEASES) if any(s.release == r for s in specs)]
    root = _heading('Synthetic Specs', '=', over=True)
    root += ['.. toctree::', '   :maxdepth: 1', '', '   specs/template']
    root += [*(f'   specs/{release}/index' for release in releases), '']
    (target / 'index.rst').write_text('\n'.join(root))
    for release in releases:
        page = _heading(f'{release} specifications', '=', over=True)
        for status in ('approved', 'implemented'):
            if any(s.release == release and s.status == status for s in specs):
                page += _heading(status.capitalize(), '-')
                page += ['.. toctree::', '   :glob:', '   :maxdepth: 1', '', f'   {status}/*', '']
        (target / 'specs' / release / 'index.rst').write_text('\n'.join(page))


def generate(target: Path, count: int, seed: int = 0) -> list[SyntheticSpec]:
    """Write a repository of ``count`` specs into ``target`` (emptied first)."""
    rng = random.Random(seed)
    shutil.rmtree(target, ignore_errors=True)
    (target / 'specs').mkdir(parents=True)
    (target / 'conf.py').write_text(CONF)
    (target / 'index.rst').write_text(_site_index())
    (target / 'specs' / 'template.rst').write_text(_template())
    specs = _plan(count, rng)
    redirects: dict[str, list[str]] = {}
    for spec in specs:
        path = target / spec.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_spec(spec, rng))
        if spec.status == 'implemented' and rng.random() < 2 / 3:
            line = f'approved/{spec.name}.rst ../implemented/{spec.name}.rst'
            redirects.setdefault(spec.release, []).append(line)
    for release, lines in redirects.items():
        (target / 'specs' / release / 'redirects').write_text('\n'.join(lines) + '\n')
    return specs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('target', type=Path)
    parser.add_argument('--specs', type=int, default=1000)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--manual-index', action='store_true')
    args = parser.parse_args()
    specs = generate(args.target, args.specs, args.seed)
    if args.manual_index:
        write_manual_index(args.target, specs)
    lines = sum(len((args.target / s.path).read_text().splitlines()) for s in specs)
    print(f'{len(specs)} specs, {lines} lines, in {args.target}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
