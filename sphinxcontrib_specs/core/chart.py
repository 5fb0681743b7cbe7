"""The overview chart: specs per release and status, as HTML with small SVG bars.

The chart is a figure with a visible title, a legend, a row per release
(its label, a stacked bar, its total) and a sentence that describes it and
links to the overview table, which holds the same numbers.  Text is HTML
text in the page's font and colour, so it stays as legible as the rest of
the page at any width: the style sheet puts each label beside its bar on
wide screens and above it on narrow ones.  Bars are drawn in percentages
of their width and are never scaled, so they fill any column.

Each status has a colour and a pattern, in the legend's order, so segments
differ without colour too (in grayscale, or for readers who do not tell
the colours apart).  It needs no script; without the style sheet its
rows still read in order, a label, a bar and a total each.
Text is escaped, and characters XML 1.0 cannot hold are dropped, so that
any label makes a chart that parses (an XHTML or EPUB page is XML).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from sphinxcontrib_specs.core.feed import xml_safe
from sphinxcontrib_specs.core.grouping import Ordering

__all__ = ['PATTERNS', 'STATUS_COLOURS', 'overview_chart']

#: Bar colours, one per status in a chart, in order.  Each has a contrast
#: of at least 3:1 (what WCAG asks of graphics) with white and with the
#: near-black backgrounds of dark themes (furo's ``#131416``), so bars stand
#: out on both; dark and light colours alternate, so neighbours differ by
#: about 1.8:1 in lightness, in colour and in grayscale.  The count is even,
#: so the alternation holds past the last colour too.
STATUS_COLOURS = (
    '#1c62c4',
    '#da7918',
    '#117432',
    '#13a0ad',
    '#9327e0',
    '#9f9412',
    '#c31c53',
    '#43a512',
)

#: The white marks drawn over each status's colour, in order: none, then
#: stripes, dots and hatching, so that no two neighbouring statuses look
#: alike without colour.  Seven patterns against eight colours: a colour
#: comes back with another pattern.  Each is the content of a 6 x 6 tile,
#: and how the tile is turned (diagonal stripes one way, then the other).
PATTERNS = (
    ('', ''),
    ('<rect width="2.5" height="6"/>', 'rotate(45)'),
    ('<circle cx="3" cy="3" r="1.4"/>', ''),
    ('<rect width="6" height="2.5"/>', ''),
    ('<rect width="2.5" height="6"/>', 'rotate(-45)'),
    ('<rect x="2" width="2" height="6"/>', ''),
    ('<path d="M0 0H6V1.5H0zM0 0H1.5V6H0z"/>', ''),
)
#: Space between two segments of a bar, in pixels: the page shows through,
#: so neighbours are apart whatever their colours.
_GAP = 2
_SVG = 'xmlns="http://www.w3.org/2000/svg"'


def _escape(text: str) -> str:
    return html.escape(xml_safe(text))


def _fill(anchor: str, index: int) -> str:
    if PATTERNS[index % len(PATTERNS)][0]:
        return f'url(#{anchor}-pattern-{index})'
    return STATUS_COLOURS[index % len(STATUS_COLOURS)]


def _patterns(anchor: str, count: int) -> str:
    """The pattern of each status, in a hidden SVG the bars and swatches refer to."""
    tiles = []
    for index in range(count):
        marks, turn = PATTERNS[index % len(PATTERNS)]
        if not marks:
            continue
        transform = f' patternTransform="{turn}"' if turn else ''
        tiles.append(
            f'<pattern id="{anchor}-pattern-{index}" width="6" height="6" '
            f'patternUnits="userSpaceOnUse"{transform}>'
            f'<rect width="6" height="6" fill="{STATUS_COLOURS[index % len(STATUS_COLOURS)]}"/>'
            f'<g fill="#ffffff" fill-opacity="0.7">{marks}</g></pattern>'
        )
    if not tiles:
        return ''
    return (
        f'<svg {_SVG} class="specs-chart-patterns" width="0" height="0" '
        f'aria-hidden="true" focusable="false"><defs>{"".join(tiles)}</defs></svg>'
    )


def _bar(anchor: str, release: str, segments: list[tuple[int, int, str]], most: int) -> str:
    """One release's bar: segments side by side, in percentages of the bar's width.

    Each segment is an inner SVG as wide as its share; its rectangle starts
    :data:`_GAP` pixels in and is clipped at the inner SVG's right edge, so
    a gap separates it from the segment before it at any width.
    """
    described = ', '.join(f'{number} {status}' for _index, number, status in segments)
    parts = [
        (
            f'<svg {_SVG} class="specs-chart-bar" width="100%" height="16" role="img" '
            f'aria-label="{release}: {described}">'
        )
    ]
    offset = 0
    for position, (index, number, status) in enumerate(segments):
        start, width = 100 * offset / most, 100 * number / most
        inset = _GAP if position else 0
        parts.append(
            f'<svg x="{start:.3f}%" width="{width:.3f}%" height="100%">'
            f'<title>{release}: {number} {status}</title>'
            f'<rect x="{inset}" width="100%" height="100%" fill="{_fill(anchor, index)}"/>'
            '</svg>'
        )
        offset += number
    parts.append('</svg>')
    return ''.join(parts)


def overview_chart(
    releases: list[str],
    statuses: list[str],
    counts: dict[tuple[str, str], int],
    ordering: Ordering,
    *,
    anchor: str = 'specs-chart',
    title: str = 'Specs per release and status',
    description: str = (
        'Each bar is a release, split by status in the order of the legend; '
        'each status has its own colour and pattern.'
    ),
    table_link: tuple[str, str] | None = None,
    label: Callable[[str, str], str] | None = None,
) -> str:
    """A figure: a title, a legend, a stacked bar per release, a description.

    ``anchor`` is the figure's HTML id, unique in the page; the ids of its
    parts start with it.  ``title`` is shown above the chart and names it;
    ``description`` is shown under it and describes it, followed by a link
    when ``table_link`` is ``(id, text)``: to the table with the numbers.
    ``label(dimension, value)`` gives the text of a release or status
    (``ordering.label`` if not given), so a page in another language passes
    its own words for all of these.
    """
    label = label or ordering.label
    anchor = _escape(anchor)
    most = max((sum(counts.get((r, s), 0) for s in statuses) for r in releases), default=0)
    status_labels = [_escape(label('status', s)) for s in statuses]
    described = _escape(description)
    if table_link is not None:
        target, text = table_link
        described += f' <a href="#{_escape(target)}">{_escape(text)}</a>'
    parts = [
        (
            f'<figure class="specs-chart" id="{anchor}" aria-labelledby="{anchor}-title" '
            f'aria-describedby="{anchor}-description">'
        ),
        f'<figcaption class="specs-chart-title" id="{anchor}-title">{_escape(title)}</figcaption>',
        _patterns(anchor, len(statuses)),
        '<ul class="specs-chart-legend">',
    ]
    for index, status_label in enumerate(status_labels):
        parts.append(
            f'<li><svg {_SVG} class="specs-chart-swatch" width="14" height="14" '
            f'aria-hidden="true" focusable="false"><rect width="14" height="14" '
            f'fill="{_fill(anchor, index)}"/></svg>{status_label}</li>'
        )
    parts.append('</ul><div class="specs-chart-rows">')
    for release in releases:
        numbers = [
            (i, counts.get((release, s), 0), status_labels[i]) for i, s in enumerate(statuses)
        ]
        segments = [segment for segment in numbers if segment[1]]
        release_label = _escape(label('release', release))
        parts.append(
            '<div class="specs-chart-row">'
            f'<span class="specs-chart-label">{release_label}</span>'
            f'{_bar(anchor, release_label, segments, most or 1)}'
            f'<span class="specs-chart-total">{sum(n for _i, n, _s in segments)}</span></div>'
        )
    parts.append(
        f'</div><p class="specs-chart-description" id="{anchor}-description">{described}</p>'
        '</figure>'
    )
    return ''.join(parts)
