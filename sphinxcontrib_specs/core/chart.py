"""The overview chart: specs per release and status, as an inline SVG.

No script, no style sheet and no dependency: text takes the page's colour,
so the chart suits light and dark themes.  Text is escaped, and characters
XML 1.0 cannot hold are dropped, so that any label makes a chart that
parses (an XHTML or EPUB page is XML).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable

from sphinxcontrib_specs.core.feed import xml_safe
from sphinxcontrib_specs.core.grouping import Ordering

#: Bar colours, one per status in a chart, in order.  Each has a contrast of
#: at least 3:1 (what WCAG asks of graphics) with white and with the
#: near-black backgrounds of dark themes, so bars stand out on both.
_STATUS_COLOURS = (
    '#2e8540',
    '#1f77d0',
    '#d95f02',
    '#8e5cc7',
    '#00838f',
    '#d0367a',
    '#8a8a1e',
    '#7a7a7a',
    '#a6761d',
)
#: The chart's font size, and a generous guess at the width of one of its
#: characters: an SVG cannot measure its text, so the layout reserves room.
_CHART_FONT_SIZE = 12
_CHART_CHAR_WIDTH = 7.2


def _text_width(text: str) -> int:
    return math.ceil(len(text) * _CHART_CHAR_WIDTH)


def _escape(text: str) -> str:
    return html.escape(xml_safe(text))


def overview_svg(
    releases: list[str],
    statuses: list[str],
    counts: dict[tuple[str, str], int],
    ordering: Ordering,
    *,
    title: str = 'Specs per release and status',
    label: Callable[[str, str], str] | None = None,
) -> str:
    """A stacked bar per release, one colour per status; no script, no style sheet.

    Text takes the page's text colour, so the chart suits light and dark
    themes; the legend wraps to the chart's width.  ``title`` names the
    chart for screen readers and tooltips; ``label(dimension, value)`` gives
    the text of a release or status (``ordering.label`` if not given), so a
    page in another language passes its own words for both.
    """
    label = label or ordering.label
    bar_height, gap, bars_width, legend_row = 16, 5, 360, 18
    release_labels = {r: label('release', r) for r in releases}
    label_width = max((_text_width(text) for text in release_labels.values()), default=0) + 8
    width = label_width + bars_width + 40
    most = max((sum(counts.get((r, s), 0) for s in statuses) for r in releases), default=1) or 1
    colours = {s: _STATUS_COLOURS[i % len(_STATUS_COLOURS)] for i, s in enumerate(statuses)}
    # The legend: a swatch and a label per status, in columns as wide as the
    # longest label, as many to a row as the chart is wide.
    status_labels = {s: label('status', s) for s in statuses}
    column = 14 + max((_text_width(text) for text in status_labels.values()), default=0) + 16
    per_row = max(width // column, 1)
    legend: list[str] = []
    for index, status in enumerate(statuses):
        x, y = index % per_row * column, index // per_row * legend_row
        legend.append(
            f'<rect x="{x}" y="{y + 3}" width="10" height="10" fill="{colours[status]}"/>'
        )
        legend.append(
            f'<text x="{x + 14}" y="{y + 12}" fill="currentColor">'
            f'{_escape(status_labels[status])}</text>'
        )
    top = math.ceil(len(statuses) / per_row) * legend_row + 6
    height = top + len(releases) * (bar_height + gap)
    parts = [
        (
            '<svg xmlns="http://www.w3.org/2000/svg" class="specs-chart" role="img" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family="sans-serif" font-size="{_CHART_FONT_SIZE}">'
        ),
        f'<title>{_escape(title)}</title>',
        *legend,
    ]
    for row, release in enumerate(releases):
        y = top + row * (bar_height + gap)
        release_label = _escape(release_labels[release])
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 12}" text-anchor="end" '
            f'fill="currentColor">{release_label}</text>'
        )
        segments = [(s, counts.get((release, s), 0)) for s in statuses]
        segments = [(s, n) for s, n in segments if n]
        offset = float(label_width)
        for index, (status, number) in enumerate(segments):
            length = bars_width * number / most
            # A hairline of background between two segments tells them apart
            # whatever their colours.
            drawn = max(length - 1, 0.5) if index < len(segments) - 1 else length
            parts.append(
                f'<rect x="{offset:.1f}" y="{y}" width="{drawn:.1f}" height="{bar_height}" '
                f'fill="{colours[status]}"><title>{release_label}: {number} '
                f'{_escape(status_labels[status])}</title></rect>'
            )
            offset += length
        total = sum(n for _s, n in segments)
        parts.append(f'<text x="{offset + 4:.1f}" y="{y + 12}" fill="currentColor">{total}</text>')
    parts.append('</svg>')
    return ''.join(parts)
