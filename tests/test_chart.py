"""The overview chart's colours, patterns and ids.

Contrast is WCAG's: the ratio of the relative luminances of two colours,
each plus 0.05.  Grayscale is what CSS ``filter: grayscale(1)`` and most
printers make of a colour: its luma (Rec. 709 weights on the encoded
values) on all three channels.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from index_helpers import build, copy_root, write

from sphinxcontrib_specs.core.chart import PATTERNS, STATUS_COLOURS, overview_chart
from sphinxcontrib_specs.core.grouping import Ordering
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.statuses import (
    DEFAULT_STATUS_ALIASES,
    DEFAULT_STATUSES,
    StatusVocabulary,
)

ORDERING = Ordering(ReleaseTable({}), StatusVocabulary(DEFAULT_STATUSES, DEFAULT_STATUS_ALIASES))

#: The page backgrounds of the themes the extension is tested with: white
#: (alabaster, furo, openstackdocstheme) and furo's dark scheme.
BACKGROUNDS = {'light': '#ffffff', 'furo dark': '#131416'}
#: The patterns' marks: white, at this opacity, over the status's colour.
MARKS = ('#ffffff', 0.7)


def channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def grayscale(colour: str) -> str:
    r, g, b = channels(colour)
    luma = round(0.2126 * r + 0.7152 * g + 0.0722 * b)
    return f'#{luma:02x}{luma:02x}{luma:02x}'


def over(top: str, opacity: float, below: str) -> str:
    mixed = (
        round(t * opacity + b * (1 - opacity))
        for t, b in zip(channels(top), channels(below), strict=True)
    )
    return '#{:02x}{:02x}{:02x}'.format(*mixed)


def test_the_helpers_agree_with_wcag() -> None:
    assert contrast('#000000', '#ffffff') == pytest.approx(21)
    assert contrast('#777777', '#ffffff') == pytest.approx(4.48, abs=0.01)
    assert grayscale('#ff0000') == '#363636'


@pytest.mark.parametrize('background', sorted(BACKGROUNDS))
def test_every_colour_stands_out_on_light_and_dark_pages(background: str) -> None:
    """3:1, what WCAG asks of graphics, on the page behind the bars."""
    ratios = [contrast(colour, BACKGROUNDS[background]) for colour in STATUS_COLOURS]
    assert min(ratios) >= 3, dict(zip(STATUS_COLOURS, ratios, strict=True))


def test_neighbouring_colours_differ_in_lightness_and_in_grayscale() -> None:
    """Segments side by side: dark and light colours alternate, past the last too."""
    pairs = list(zip(STATUS_COLOURS, STATUS_COLOURS[1:] + STATUS_COLOURS[:1], strict=True))
    assert min(contrast(a, b) for a, b in pairs) >= 1.8
    assert min(contrast(grayscale(a), grayscale(b)) for a, b in pairs) >= 1.8


def test_patterns_stand_out_on_their_colour() -> None:
    colour, opacity = MARKS
    assert min(contrast(c, over(colour, opacity, c)) for c in STATUS_COLOURS) >= 2.2


def test_no_two_statuses_look_alike() -> None:
    """Colour and pattern together tell every status of a chart apart, up to 56."""
    looks = [
        (STATUS_COLOURS[i % len(STATUS_COLOURS)], PATTERNS[i % len(PATTERNS)]) for i in range(56)
    ]
    assert len(set(looks)) == len(looks)
    # Neighbours differ in pattern even where colours cannot be seen.
    assert all(looks[i][1] != looks[i + 1][1] for i in range(len(looks) - 1))


def test_the_chart_matches_its_patterns() -> None:
    chart = overview_chart(
        ['2025.1', 'backlog'],
        ['approved', 'implemented', 'abandoned'],
        {('2025.1', 'approved'): 3, ('2025.1', 'implemented'): 1, ('backlog', 'abandoned'): 2},
        ORDERING,
        anchor='overview',
    )
    patterns = re.findall(
        r'<pattern id="([^"]+)" [^>]*><rect width="6" height="6" fill="([^"]+)"/>'
        r'<g fill="#ffffff" fill-opacity="0.7">',
        chart,
    )
    assert patterns == [
        ('overview-pattern-1', STATUS_COLOURS[1]),
        ('overview-pattern-2', STATUS_COLOURS[2]),
    ]
    # Segments in percentages of the longest bar (4 specs), apart by 2 px.
    segments = re.findall(
        r'<svg x="([\d.]+)%" width="([\d.]+)%" height="100%"><title>([^<]*)</title>'
        r'<rect x="(\d)" width="100%" height="100%" fill="([^"]+)"/></svg>',
        chart,
    )
    assert segments == [
        ('0.000', '75.000', '2025.1 Epoxy: 3 Approved', '0', STATUS_COLOURS[0]),
        ('75.000', '25.000', '2025.1 Epoxy: 1 Implemented', '2', 'url(#overview-pattern-1)'),
        ('0.000', '50.000', 'Backlog: 2 Abandoned', '0', 'url(#overview-pattern-2)'),
    ]


def test_a_chart_of_one_plain_status_needs_no_patterns() -> None:
    chart = overview_chart(['2025.1'], ['approved'], {('2025.1', 'approved'): 1}, ORDERING)
    assert '<pattern' not in chart
    assert 'specs-chart-patterns' not in chart


def test_ids_are_unique_in_the_page(tmp_path: Path) -> None:
    """Two overviews on a page whose section took the first id: each its own ids."""
    srcdir = copy_root('index-nova', tmp_path)
    write(
        srcdir / 'twice.rst',
        ':orphan:\n\n'
        'Specs overview\n==============\n\n'
        '.. spec-index::\n   :release: 2025.1\n   :overview:\n   :group-by:\n\n'
        '.. spec-index::\n   :status: approved\n   :overview:\n   :group-by:\n',
    )
    shot, app = build(srcdir)
    assert shot.warnings == []
    page = (Path(app.outdir) / 'twice.html').read_text()
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    # The section took "specs-overview": the overviews' ids start after it.
    charts = re.findall(r'<figure class="specs-chart" id="([^"]+)"', page)
    assert charts == ['specs-overview-2-chart', 'specs-overview-3-chart']
    # Each chart links to the box of the table that follows it.
    links = re.findall(r'<a href="#(specs-overview[^"]*)">', page)
    assert links == ['specs-overview-2', 'specs-overview-3']
    for chart, link in zip(charts, links, strict=True):
        assert page.index(f'id="{chart}"') < page.index(f'id="{link}"')
