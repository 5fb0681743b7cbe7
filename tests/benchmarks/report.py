"""The benchmark suite's results as reStructuredText tables and an SVG plot.

``suite.py`` prints :func:`render`'s tables; with ``--docs`` it also writes
them to ``doc/performance/results.txt`` (included by
``doc/performance.rst``) and the scaling plot to
``doc/performance/scaling.svg``.  Run alone, this module renders the
saved ``doc/performance/results.json`` again::

    python tests/benchmarks/report.py
"""

from __future__ import annotations

import json
import math
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

__all__ = ['DOCS', 'render', 'scaling_svg']

DOCS = Path(__file__).resolve().parents[2] / 'doc' / 'performance'

#: What the issue asks for: the extension's share of a full build, of an
#: incremental build after a body edit, and growth from 1,000 to 5,000 specs.
FULL_LIMIT = 1.03
CPU = 'cpu_seconds'
INCREMENTAL_LIMIT = 1.10
GROWTH_SLACK = 1.1

CONFIG_NAMES = {
    'without': 'without the extension',
    'validation': 'validation only',
    'indexes': 'validation and indexes',
    'full': 'validation, indexes and publishing',
}
STEP_NAMES = {
    'no-op': 'nothing changed',
    'edit': "one spec's body edited",
    'status': "one spec's status changed",
}


def _median(part: dict[str, Any], side: str, key: str = 'seconds') -> float:
    return statistics.median(part[side][key])


def _round_ratio(part: dict[str, Any], side: str, base: str, key: str = 'seconds') -> float:
    pairs = zip(part[side][key], part[base][key], strict=True)
    return statistics.median(s / b for s, b in pairs)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A reStructuredText simple table."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    rule = '  '.join('=' * width for width in widths)

    def line(cells: Sequence[str]) -> str:
        return '  '.join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return ['', rule, line(headers), rule, *(line(row) for row in rows), rule, '']


def _heading(text: str, char: str) -> list[str]:
    return [text, char * len(text), '']


def _machine(part: dict[str, Any]) -> str:
    before, after = part['machine'], part.get('machine_after', part['machine'])
    return (
        f'{before["cpus"]} CPUs, Python {before["python"]}; load average '
        f'(1, 5, 15 min) {", ".join(map(str, before["load"]))} before, '
        f'{", ".join(map(str, after["load"]))} after'
    )


def _about(part: dict[str, Any]) -> list[str]:
    return [
        (
            f'{part["specs"]:,} specs, {part["lines"]:,} lines; {part["rounds"]} rounds; '
            f'{_machine(part)}; started {part["started"]}, {part["minutes"]} minutes; '
            f'``{part["command"]}``.'
        ),
        '',
    ]


def _full(part: dict[str, Any]) -> list[str]:
    rows = []
    for builder in ('html', 'dummy'):
        builds = part[builder]
        for side in builds:
            label, _, jobs = side.partition(' -j ')
            base = 'without -j 2' if jobs and 'without -j 2' in builds else 'without'
            rows.append(
                [
                    builder,
                    CONFIG_NAMES[label] + (f', -j {jobs}' if jobs else ''),
                    f'{_median(builds, side):.2f}',
                    f'{_round_ratio(builds, side, base):.3f}',
                    f'{_round_ratio(builds, side, base, CPU):.3f}',
                    f'{_median(builds, side, "max_rss_mib"):.0f}',
                ]
            )
    headers = ['builder', 'configuration', 'median s', 'vs without', 'CPU vs without', 'peak MiB']
    # -j 2 rows compare with the build without the extension at -j 2, where measured.
    html = part['html']
    steps = [
        ('validation', 'without', 'validation'),
        ('indexes', 'validation', 'index pages and metadata box'),
        ('full', 'indexes', 'publishing'),
        ('full', 'without', 'the whole extension'),
    ]
    parts = [
        [
            what,
            f'{_median(html, side) - _median(html, base):+.2f}',
            f'{(_round_ratio(html, side, base) - 1) * 100:+.1f} %',
            f'{(_round_ratio(html, side, base, CPU) - 1) * 100:+.1f} %',
        ]
        for side, base, what in steps
        if side in html and base in html
    ]
    if len(parts) < len(steps):
        return _table(headers, rows)
    return [
        *_table(headers, rows),
        'What each part adds to the html build (each against the configuration before it):',
        *_table(['part', 's (medians)', 'time', 'CPU time'], parts),
    ]


def _parallel(part: dict[str, Any]) -> list[str]:
    html = part['html']
    rows = [
        [
            CONFIG_NAMES[label],
            f'{_median(html, label):.2f}',
            f'{_median(html, f"{label} -j 2"):.2f}',
            f'{_round_ratio(html, f"{label} -j 2", label):.3f}',
        ]
        for label in ('without', 'full')
        if f'{label} -j 2' in html
    ]
    return _table(['html build', '-j 1 s', '-j 2 s', '-j 2 / -j 1'], rows)


def _incremental(part: dict[str, Any]) -> list[str]:
    rows = []
    for step, name in STEP_NAMES.items():
        builds = part[step]
        rows.append(
            [
                name,
                f'{_median(builds, "without"):.2f}',
                f'{_median(builds, "full"):.2f}',
                f'{_round_ratio(builds, "full", "without"):.3f}',
                f'{_round_ratio(builds, "full", "without", CPU):.3f}',
                f'{_median(builds, "full") / _median(part["no-op"], "full"):.2f}',
                part['read'][step]['full'],
            ]
        )
    headers = ['rebuild after', 'without s', 'with s', 'with / without', 'CPU', 'with / no-op']
    headers.append('read')
    return [
        *_table(headers, rows),
        (
            f'The spec edited and moved: ``{part["spec"]}``.  "read" is what Sphinx '
            'reported reading, with the extension.'
        ),
        '',
    ]


def _check(part: dict[str, Any]) -> list[str]:
    rows = [
        [
            'bare docutils, one process',
            f'{_median(part, "docutils"):.2f}',
            '1',
        ],
        [
            '``sphinx-specs check``',
            f'{_median(part, "check"):.2f}',
            f'{_round_ratio(part, "check", "docutils"):.3f}',
            f'{_median(part, "check", CPU):.2f}',
        ],
    ]
    rows[0].append(f'{_median(part, "docutils", CPU):.2f}')
    return [
        *_table(['every spec', 'median s', 'vs docutils', 'CPU s'], rows),
        f'{part["files"]:,} files; the command said: ``{part["said"]}``.',
        '',
    ]


def _growth(points: list[dict[str, Any]], side: str, key: str) -> float | None:
    """How much more the largest size costs than the one before, relative to size."""
    if len(points) < 2:
        return None
    small, large = points[-2], points[-1]
    if side not in small['sides'] or side not in large['sides']:
        return None
    ratio = statistics.median(large['sides'][side][key]) / statistics.median(
        small['sides'][side][key]
    )
    return ratio / (large['specs'] / small['specs'])


def _scaling(scaling: dict[str, Any]) -> list[str]:
    points = scaling['points']
    rows = []
    for point in points:
        sides = point['sides']
        row = [
            f'{point["specs"]:,}',
            f'{point["lines"]:,}',
            str(point['rounds']),
            f'{statistics.median(sides["full"]["seconds"]):.2f}',
            f'{statistics.median(sides["full"][CPU]):.2f}',
            f'{statistics.median(sides["full"]["max_rss_mib"]):.0f}',
        ]
        if 'without' in sides:
            row += [
                f'{statistics.median(sides["without"]["seconds"]):.2f}',
                f'{statistics.median(sides["without"]["max_rss_mib"]):.0f}',
                f'{_round_ratio(sides, "full", "without"):.3f}',
            ]
        else:
            row += ['', '', '']
        rows.append(row)
    headers = ['specs', 'lines', 'rounds', 'with s', 'with CPU s', 'with MiB', 'without s']
    headers.append('without MiB')
    headers.append('with / without')
    lines = [*_table(headers, rows)]
    if len(points) >= 2:
        small, large = points[-2]['specs'], points[-1]['specs']
        for key, what in (('seconds', 'Time'), (CPU, 'CPU time'), ('max_rss_mib', 'Peak memory')):
            growth = _growth(points, 'full', key)
            assert growth is not None
            lines.append(
                f'{what}, with the extension, at {large:,} specs: '
                f'{growth * large / small:.2f} times {small:,} specs.'
            )
            lines.append('')
    return lines


def _targets(results: dict[str, Any]) -> list[str]:
    rows = []

    def verdict(ok: bool) -> str:
        return 'met' if ok else '**missed**'

    for key, part in results['corpora'].items():
        name = 'synthetic' if key == 'synthetic' else 'real corpus'
        if 'full' in part:
            for builder in ('html', 'dummy'):
                builds = part['full'][builder]
                ratio = _round_ratio(builds, 'full', 'without')
                rows.append(
                    [
                        f'extension adds <= 3 % to a full {builder} build',
                        name,
                        f'{(ratio - 1) * 100:+.1f} %',
                        f'{(_round_ratio(builds, "full", "without", CPU) - 1) * 100:+.1f} %',
                        verdict(ratio <= FULL_LIMIT),
                    ]
                )
            if 'full -j 2' in part['full']['html']:
                ratio = _round_ratio(part['full']['html'], 'full -j 2', 'full')
                rows.append(
                    ['-j 2 faster than -j 1 (html)', name, f'{ratio:.3f}', '', verdict(ratio < 1)]
                )
        if 'incremental' in part:
            builds = part['incremental']['edit']
            ratio = _round_ratio(builds, 'full', 'without')
            rows.append(
                [
                    'edit one spec: <= 10 % more than without',
                    name,
                    f'{(ratio - 1) * 100:+.1f} %',
                    f'{(_round_ratio(builds, "full", "without", CPU) - 1) * 100:+.1f} %',
                    verdict(ratio <= INCREMENTAL_LIMIT),
                ]
            )
    scaling = results.get('scaling')
    if scaling and len(scaling['points']) >= 2:
        small, large = scaling['points'][-2]['specs'], scaling['points'][-1]['specs']
        for key, what in (('seconds', 'time'), ('max_rss_mib', 'memory')):
            growth = _growth(scaling['points'], 'full', key)
            cpu = _growth(scaling['points'], 'full', CPU) if key == 'seconds' else None
            assert growth is not None
            limit = GROWTH_SLACK * large / small
            rows.append(
                [
                    f'{what}: {large:,} specs <= {limit:g} x {small:,}',
                    'synthetic',
                    f'{growth * large / small:.2f} x',
                    '' if cpu is None else f'{cpu * large / small:.2f} x',
                    verdict(growth <= GROWTH_SLACK),
                ]
            )
    return _table(['target', 'corpus', 'time', 'CPU time', 'verdict'], rows)


def render(results: dict[str, Any], docs: Path | None = None) -> str:
    """The tables; with ``docs``, also written there with the plot."""
    lines = [*_heading('Targets', '-')]
    lines += [
        (
            'Ratios are medians of the ratio of each round (both sides measured '
            'back to back, under much the same load); verdicts judge the '
            'wall-clock time, CPU time (user and system) is shown beside it, '
            'as it varies less with the load of other work.'
        ),
        *_targets(results),
    ]
    titles = {'synthetic': 'Synthetic repository', 'real': 'Real corpus'}
    for key, part in results['corpora'].items():
        lines += _heading(f'{titles[key]}: {part["name"]}', '-')
        lines += _about(part)
        if 'full' in part:
            lines += [*_heading('Full builds', '~'), *_full(part['full'])]
            if 'full -j 2' in part['full']['html']:
                lines += [*_heading('Parallel builds', '~'), *_parallel(part['full'])]
        if 'check' in part:
            lines += [*_heading('sphinx-specs check', '~'), *_check(part['check'])]
        if 'incremental' in part:
            lines += [
                *_heading('Incremental html builds', '~'),
                *_incremental(part['incremental']),
            ]
    scaling = results.get('scaling')
    if scaling:
        lines += _heading('Scaling', '-')
        about = {**scaling, 'specs': 0, 'lines': 0, 'rounds': 0}
        lines += [
            (
                f'Fresh ``{scaling["builder"]}`` builds, ``-j 1``; {_machine(about)}; '
                f'started {scaling["started"]}, {scaling["minutes"]} minutes; '
                f'``{scaling["command"]}``.'
            ),
            '',
        ]
        lines += _scaling(scaling)
        if docs is not None:
            lines += [
                '.. figure:: performance/scaling.svg',
                '   :alt: Build time and peak memory against the number of specs',
                '',
                (
                    '   Time and peak memory of a fresh dummy build, against the number '
                    'of specs; the dotted line is proportional growth from the middle size.'
                ),
                '',
            ]
    text = '\n'.join(lines).rstrip() + '\n'
    if docs is not None:
        docs.mkdir(parents=True, exist_ok=True)
        (docs / 'results.txt').write_text(text)
        if scaling:
            (docs / 'scaling.svg').write_text(scaling_svg(scaling['points']))
    return text


def _ticks(top: float) -> list[float]:
    """Round tick values from 0 to at least ``top``."""
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [step * i for i in range(math.ceil(top / step) + 1)]


def _number(value: float) -> str:
    return f'{value:,.0f}' if value >= 10 or value == 0 else f'{value:g}'


def _format(value: object) -> str:
    return f'{value:.1f}' if isinstance(value, float) else str(value)


def _element(tag: str, text: str | None = None, **attributes: object) -> str:
    """One SVG element; ``class_`` stands for the ``class`` attribute."""
    pairs = ' '.join(
        f'{name.rstrip("_")}="{escape(_format(value))}"' for name, value in attributes.items()
    )
    return f'<{tag} {pairs}/>' if text is None else f'<{tag} {pairs}>{escape(text)}</{tag}>'


def _panel(
    points: list[dict[str, Any]], key: str, title: str, left: float, top: float
) -> list[str]:
    width, height = 250.0, 170.0
    bottom = top + height
    x_ticks = _ticks(max(p['specs'] for p in points))
    y_ticks = _ticks(max(v for p in points for s in p['sides'].values() for v in s[key]))

    def x(value: float) -> float:
        return left + width * value / x_ticks[-1]

    def y(value: float) -> float:
        return bottom - height * value / y_ticks[-1]

    out = [_element('text', title, x=left, y=top - 12, class_='title')]
    for tick in y_ticks:
        out += [
            _element('line', x1=left, x2=left + width, y1=y(tick), y2=y(tick), class_='grid'),
            _element('text', _number(tick), x=left - 6, y=y(tick) + 4, class_='ylabel'),
        ]
    out += [
        _element('text', _number(tick), x=x(tick), y=bottom + 16, class_='xlabel')
        for tick in x_ticks
    ]
    out += [
        _element('text', 'specs', x=left + width / 2, y=bottom + 32, class_='xlabel'),
        _element('line', x1=left, x2=left + width, y1=bottom, y2=bottom, class_='axis'),
        _element('line', x1=left, x2=left, y1=top, y2=bottom, class_='axis'),
    ]
    if len(points) >= 2:
        middle = points[-2]
        slope = statistics.median(middle['sides']['full'][key]) / middle['specs']
        end = min(x_ticks[-1], y_ticks[-1] / slope)
        out.append(
            _element('line', x1=x(0), y1=y(0), x2=x(end), y2=y(slope * end), class_='linear')
        )
    for side in ('without', 'full'):
        measured = [p for p in points if side in p['sides']]
        coords = [(x(p['specs']), y(statistics.median(p['sides'][side][key]))) for p in measured]
        path = ' '.join(f'{cx:.1f},{cy:.1f}' for cx, cy in coords)
        out.append(_element('polyline', points=path, class_=side))
        out += [_element('circle', cx=cx, cy=cy, r=3, class_=side) for cx, cy in coords]
    return out


_STYLE = """
text { font-family: sans-serif; font-size: 11px; fill: #333; }
.title { font-size: 12px; font-weight: bold; }
.xlabel { text-anchor: middle; }
.ylabel { text-anchor: end; }
.grid { stroke: #ddd; stroke-width: 1; }
.axis { stroke: #333; stroke-width: 1; }
.linear { stroke: #888; stroke-width: 1.5; stroke-dasharray: 2 3; }
.full { fill: none; stroke: #1f6fb4; stroke-width: 2; }
.without { fill: none; stroke: #e08a1e; stroke-width: 2; stroke-dasharray: 6 3; }
circle.full { fill: #1f6fb4; stroke: none; }
circle.without { fill: #e08a1e; stroke: none; }
"""


_SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="680" height="280" '
    'viewBox="0 0 680 280" role="img">'
)


def scaling_svg(points: list[dict[str, Any]]) -> str:
    """Two panels, seconds and peak MiB against specs, as a standalone SVG."""
    legend = 262
    legends = [
        (60, 'full', 'with the extension'),
        (230, 'without', 'without'),
        (330, 'linear', 'proportional to the number of specs'),
    ]
    body = [
        *_panel(points, 'seconds', 'Fresh dummy build, seconds', 60, 30),
        *_panel(points, 'max_rss_mib', 'Peak memory, MiB', 390, 30),
    ]
    for left, class_, text in legends:
        body += [
            _element('line', x1=left, x2=left + 20, y1=legend, y2=legend, class_=class_),
            _element('text', text, x=left + 26, y=legend + 4),
        ]
    size = {'width': 680, 'height': 280}
    return '\n'.join(
        [
            _SVG_OPEN,
            '<title>Build time and peak memory against the number of specs</title>',
            f'<style>{_STYLE}</style>',
            _element('rect', fill='#fff', **size),
            *body,
            '</svg>',
            '',
        ]
    )


def main() -> int:
    results = json.loads((DOCS / 'results.json').read_text())
    print(render(results, DOCS))
    return 0


if __name__ == '__main__':
    sys.exit(main())
