"""How a page that stays is rewritten: its toctrees, its ``:doc:`` links, its empty sections.

What replaces a toctree (a ``spec-index`` with the filters that select the
same specs, or a toctree of what is no spec), where the site index goes,
and the page's new text.  Everything else on the page is kept line for line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

from sphinxcontrib_specs.cli.migrate_read import DIMENSIONS
from sphinxcontrib_specs.cli.rst_pages import Heading, Page, Toctree, relink

__all__ = [
    'SITE_INDEX',
    'PageEdit',
    'Rewrite',
    'assemble',
    'exact_filter',
    'site_index_place',
    'spec_index_lines',
    'toctree_lines',
]

SITE_INDEX = ['.. spec-index::']


@dataclass
class PageEdit:
    """A page's new text, and what changed, per line of the old text (1-based)."""

    text: str
    changes: list[tuple[int, str]]


@dataclass
class Rewrite:
    """What one toctree of a page that stays becomes."""

    toctree: Toctree
    #: The new lines; empty: the toctree and the line introducing it go.
    lines: list[str]
    change: str
    #: The documents it lists now because only removed pages listed them.
    moved: tuple[str, ...] = ()


def toctree_lines(toctree: Toctree, entries: list[str]) -> list[str]:
    """A toctree of ``entries`` with the options of ``toctree`` (``:glob:`` only
    if an entry is a pattern), indented as it is."""
    indent = toctree.indent
    options = [
        f'{indent}:{name}: {value}'.rstrip()
        for name, value in toctree.options
        if name != 'glob' or any(any(c in e for c in '*?[') for e in entries)
    ]
    return ['.. toctree::', *options, '', *(f'{indent}{entry}' for entry in entries)]


def spec_index_lines(filters: dict[str, list[str]], grouped: list[str]) -> list[str]:
    """A ``spec-index`` with ``filters`` (``""`` for no value), grouped by ``grouped``."""
    lines = [*SITE_INDEX]
    for dimension, values in filters.items():
        shown = ', '.join(value or '""' for value in values)
        lines.append(f'   :{dimension}: {shown}')
    if grouped != ['release', 'status'] or not filters:
        # With no option at all, the directive would be the site index.
        lines.append(f'   :group-by: {", ".join(grouped)}'.rstrip())
    return lines


def assemble(
    page: Page,
    rewrites: list[Rewrite],
    *,
    references: list[tuple[int, re.Match[str], str]],
    removed: dict[str, str],
    spot: int | None,
    site_at: int | None,
    tail: list[str],
    tail_moved: list[str],
    rename: Callable[[str], str | None],
) -> PageEdit:
    """The page's new text, from its rewritten toctrees, links and sections.

    ``references`` are the ``:doc:`` links to point at the pages that
    replace removed ones (``removed``).  The site index replaces the
    toctree that starts at line ``spot``, or is put before line
    ``site_at``.  ``tail`` is added at the end, listing ``tail_moved``.
    ``rename`` gives the new title of the section that holds the site
    index, if it needs one.
    """
    lines = list(page.lines)
    changes: list[tuple[int, str]] = []
    for line, match, target in sorted(references, key=lambda r: (r[0], -r[1].start())):
        text = lines[line]
        lines[line] = text[: match.start()] + relink(match, removed[target]) + text[match.end() :]
        changes.append((line + 1, f'the :doc: link to {target} points at {removed[target]}'))
    cuts: list[tuple[int, int, list[str]]] = []
    gone: set[int] = set()
    for rewrite in rewrites:
        toctree = rewrite.toctree
        start = toctree.start
        if not rewrite.lines and toctree.label is not None:
            start = toctree.label
            gone.add(toctree.label)
        if not rewrite.lines or toctree.start == spot:
            gone.add(toctree.start)
        cuts.append((start, toctree.end, rewrite.lines))
        changes.append((toctree.start + 1, rewrite.change))
        changes.extend((toctree.start + 1, _moved(document)) for document in rewrite.moved)
    if site_at is not None:
        cuts.append((site_at, site_at, ['', *SITE_INDEX]))
        changes.append((site_at, 'the site index (.. spec-index::) is added here'))
    if tail:
        cuts.append((len(lines), len(lines), tail))
        what = ' and '.join(
            part
            for part, there in (
                ('the site index (.. spec-index::)', SITE_INDEX[0] in tail),
                ('a toctree of documents only removed pages listed', '.. toctree::' in tail),
            )
            if there
        )
        changes.append((len(lines), f'{what} is added at the end'))
        changes.extend((len(lines), _moved(document)) for document in tail_moved)
    anchor = spot if spot is not None else site_at
    cuts.extend(_section_cuts(page, gone, anchor, rename, changes))
    for start, end, new in sorted(cuts, key=lambda cut: cut[0], reverse=True):
        stop = end
        if not new:
            # The blank lines after what goes go with it.
            while stop < len(lines) and not lines[stop].strip():
                stop += 1
        lines[start:stop] = new
    while lines and not lines[-1].strip():
        lines.pop()
    return PageEdit(
        page.newline.join(lines) + page.newline, sorted(changes, key=lambda change: change[0])
    )


def _moved(document: str) -> str:
    return f'{document} is listed here now: only removed pages listed it'


def _section_cuts(
    page: Page,
    gone: set[int],
    spot: int | None,
    rename: Callable[[str], str | None],
    changes: list[tuple[int, str]],
) -> list[tuple[int, int, list[str]]]:
    """Titles of sections left empty, removed; the one holding the site index kept."""

    def emptied(heading: Heading) -> bool:
        end = page.section_end(heading)
        inside = [b for b in page.blocks if heading.end <= b.start < end]
        return any(b.start in gone for b in inside) and all(
            b.start in gone or b.kind == 'comment' for b in inside
        )

    candidates = [h for h in page.headings[1:] if emptied(h)]
    keep = None
    if spot is not None:
        holding = [h for h in candidates if h.start < spot < page.section_end(h)]
        keep = min(holding, key=lambda h: h.level, default=None)
    cuts = []
    for heading in candidates:
        if heading == keep:
            title = rename(heading.title)
            if title is not None:
                cuts.append((heading.start, heading.end, _heading_lines(heading, title)))
                changes.append(
                    (
                        heading.start + 1,
                        f'section {heading.title!r} becomes {title!r}: it holds the site index',
                    )
                )
            continue
        cuts.append((heading.start, heading.end, []))
        changes.append(
            (heading.start + 1, f'section {heading.title!r} is removed: nothing is left in it')
        )
    return cuts


def _heading_lines(heading: Heading, title: str) -> list[str]:
    rule = heading.style[0] * len(title)
    return [rule, title, rule] if heading.style[1] else [title, rule]


def exact_filter(
    specs: set[str], facts: dict[str, dict[str, str]], intended: tuple[str, ...] | None
) -> dict[str, list[str]] | None:
    """spec-index filters that select exactly ``specs``; None if none do.

    First the filters the toctree's own patterns meant (``intended``:
    ``approved/*`` in a release directory, the release and the status), or
    else the release and status the specs share; with the project or kind
    if those are needed too.  Else the fewest filters that do, of any values.
    """
    values = {d: sorted({facts[s][d] for s in specs}) for d in DIMENSIONS}
    shared = tuple(d for d in ('release', 'status') if len(values[d]) == 1 and values[d][0])
    if intended is not None:
        shared = tuple(d for d in intended if len(values[d]) == 1)
    fewest = [
        subset for size in range(len(DIMENSIONS) + 1) for subset in combinations(DIMENSIONS, size)
    ]
    # Fewest filters first, then those not for 'no value', then fewest values.
    fewest.sort(
        key=lambda s: (len(s), sum('' in values[d] for d in s), sum(len(values[d]) for d in s))
    )
    extras: list[tuple[str, ...]] = [(), ('project',), ('kind',), ('project', 'kind')]
    for subset in [*(shared + extra for extra in extras if shared), *fewest]:
        if any(',' in v or v != v.strip() for d in subset for v in values[d]):
            continue
        chosen = {d: values[d] for d in subset}
        selected = {
            s for s, f in facts.items() if all(f[d] in wanted for d, wanted in chosen.items())
        }
        if selected == specs:
            return chosen
    return None


def site_index_place(page: Page, spot: int) -> int | None:
    """Where the site index goes instead of the toctree at ``spot``: right
    under the title of the top-level section that holds it in a subsection
    ("Specifications", above "Current" and "Past"), when nothing but
    comments comes between that title and its first subsection."""
    section = page.section_of(spot)
    if section is None or section == page.headings[0]:
        return None
    parent = page.parent_of(section)
    if parent is None or parent == page.headings[0] or page.parent_of(parent) != page.headings[0]:
        return None
    first = next(h for h in page.headings if h.start > parent.start)
    if any(b.kind != 'comment' for b in page.blocks if parent.end <= b.start < first.start):
        return None
    return parent.end
