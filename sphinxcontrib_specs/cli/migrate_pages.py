"""Which hand-written index pages go, which stay, and what each kept one becomes.

The decisions, in the order they are taken:

#. A page *goes* when it has nothing of its own: only its title, section
   titles, comments, toctrees and the lines that introduce them ("Approved
   specs:"); when its toctrees list specs or templates (directly or through
   other pages that go), or nothing at all where its siblings do; when the
   specs it lists are those of a filter, not picked by hand; and when no
   spec links to it (a spec is never changed, so its links must keep
   working).  Every other page stays: the root page, a page with text, a
   page whose toctree links elsewhere.
#. Each page that goes is replaced by the generated page that lists the
   same specs (the smallest one that lists them all), or by the root page.
#. On a page that stays, each toctree of specs or of pages that go becomes,
   in place, a ``spec-index`` that lists the same specs (on the root page,
   the first one becomes the site index instead, or the site index goes
   above the subsection that holds it; one alone in a section of its own
   goes, as the site index lists its specs).  The documents in it
   that are neither specs nor templates stay in a toctree, with the ones
   that only pages that went used to list.
#. Sections left with nothing in them go; the section that holds the site
   index stays, under the title "Specifications" if it named a release.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field

from sphinxcontrib_specs.cli.migrate_edit import (
    SITE_INDEX,
    PageEdit,
    Rewrite,
    assemble,
    exact_filter,
    site_index_place,
    spec_index_lines,
    toctree_lines,
)
from sphinxcontrib_specs.cli.migrate_read import DIMENSIONS, Listing
from sphinxcontrib_specs.cli.rst_pages import Page, Toctree, doc_references, docname_join
from sphinxcontrib_specs.core.grouping import page_name

__all__ = ['PageEdit', 'Plan', 'plan_pages']

#: Where a document is listed: (page, toctree number, entry number).
Place = tuple[str, int, int]


@dataclass
class Plan:
    """Removed page -> the page that replaces it; page -> its edit; notes."""

    removed: dict[str, str] = field(default_factory=dict)
    edits: dict[str, PageEdit] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def plan_pages(listing: Listing) -> Plan:
    return _Planner(listing).plan()


class _Planner:
    def __init__(self, listing: Listing) -> None:
        self.listing = listing
        known = listing.facts
        # The specs the generated pages list; the others are documents like
        # any page that is no spec, to keep in a toctree.
        self.specs = {d: f for d, f in known.specs.items() if d not in known.unlisted}
        self.pages = listing.pages
        self.root = listing.root
        self.parents: dict[str, list[Place]] = defaultdict(list)
        for page, toctrees in listing.toctrees.items():
            for number, entries in enumerate(toctrees):
                for position, (_entry, targets) in enumerate(entries):
                    for target in targets or ():
                        self.parents[target].append((page, number, position))
        self.members: dict[tuple[str, str], frozenset[str]] = {}
        for dimension in DIMENSIONS[:3]:
            for value in {facts[dimension] for facts in self.specs.values()}:
                if value or dimension == 'status':
                    self.members[dimension, value] = frozenset(
                        d for d, facts in self.specs.items() if facts[dimension] == value
                    )
        self.kept: dict[str, str] = {}
        self.removed: set[str] = set()
        self.relocated: dict[Place | None, list[str]] = defaultdict(list)
        #: The pages that stay whose toctrees are rewritten.
        self.rewritten: set[str] = set()

    # -- which pages go ---------------------------------------------------------

    def _targets(self, page: str) -> list[str]:
        return [
            t for entries in self.listing.toctrees[page] for _e, ts in entries for t in ts or ()
        ]

    def _own_reason(self, docname: str, page: Page) -> str | None:
        if docname == self.root:
            return 'it is the root page'
        if page.text_blocks:
            return f'it has text of its own (line {page.text_blocks[0].start + 1})'
        if page.site_index:
            return 'it holds the site index'
        for entries in self.listing.toctrees[docname]:
            for entry, targets in entries:
                if targets is None:
                    return f'its toctree links to {entry.text} (line {entry.line + 1})'
        return None

    def _lists_specs(self, page: str, going: set[str], seen: set[str]) -> bool:
        seen.add(page)
        for target in self._targets(page):
            if target in self.specs or target in self.listing.templates:
                return True
            if target in going and target not in seen and self._lists_specs(target, going, seen):
                return True
        return False

    def _may_go(self, page: str, going: set[str]) -> bool:
        if self._targets(page):
            # Specs picked by hand, which no filter selects, are the page's own
            # choice: the page stays.
            listed = self._reach(page, going)
            return self._lists_specs(page, going, set()) and (
                not listed or exact_filter(listed, self.specs, None) is not None
            )
        if not self.pages[page].toctrees:
            return False
        # An empty page goes with the pages beside it: a release page with
        # no spec yet.
        for parent, number, _position in self.parents[page]:
            if parent in going:
                return True
            siblings = self.listing.toctrees[parent][number]
            if any(
                t in self.specs or (t in going and t != page)
                for _e, ts in siblings
                for t in ts or ()
            ):
                return True
        return False

    def _decide_removals(self) -> None:
        for docname, page in self.pages.items():
            reason = self._own_reason(docname, page)
            if reason is not None:
                self.kept[docname] = reason
        going = set(self.pages) - set(self.kept)
        while True:
            still = {name for name in going if self._may_go(name, going)}
            for name in sorted(still):
                spec = self.listing.facts.linked.get(name)
                if spec is not None:
                    self.kept[name] = f'the spec {self.listing.shown(spec)} links to it'
                    still.discard(name)
            if still == going:
                break
            going = still
        self.removed = going
        for name in set(self.pages) - going - set(self.kept):
            self.kept[name] = (
                'the specs it lists are picked by hand'
                if self._reach(name)
                else 'it lists no spec of its own'
            )

    def _reach(self, page: str, going: set[str] | None = None) -> set[str]:
        """The specs a page lists, itself or through the pages that go
        (``going``; by default those removed)."""
        going = self.removed if going is None else going
        found: set[str] = set()
        todo, seen = [page], {page}
        while todo:
            for target in self._targets(todo.pop()):
                if target in self.specs:
                    found.add(target)
                elif target in going and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return found

    def replacement(self, specs: set[str]) -> str:
        """The generated page that lists ``specs``: the smallest that lists them all."""
        index_dir = self.listing.project.settings.index_dir
        covering = [
            (len(members), DIMENSIONS.index(dimension), dimension, value)
            for (dimension, value), members in self.members.items()
            if specs and specs <= members
        ]
        if not covering:
            return self.root
        _size, _order, dimension, value = min(covering)
        return f'{index_dir}/{dimension}/{page_name(value)}'

    # -- documents that only removed pages listed ----------------------------

    def _relocate(self) -> None:
        templates = self.listing.templates
        for document in sorted(self.parents):
            if document in self.specs or document in templates or document in self.removed:
                continue
            if document == self.root or not all(
                parent in self.removed for parent, _n, _p in self.parents[document]
            ):
                continue
            self.relocated[self._nearest_kept(document)].append(document)

    def _nearest_kept(self, document: str) -> Place | None:
        """Where a page that stays listed the closest removed page that listed ``document``."""
        todo = [parent for parent, _n, _p in self.parents[document]]
        seen = set(todo)
        while todo:
            page = todo.pop(0)
            for place in self.parents[page]:
                if place[0] not in self.removed:
                    return place
                if place[0] not in seen:
                    seen.add(place[0])
                    todo.append(place[0])
        return None

    # -- what the pages that stay become --------------------------------------

    def plan(self) -> Plan:
        self._decide_removals()
        self._relocate()
        plan = Plan(notes=self.listing.notes)
        site_elsewhere = (
            any(page.site_index for name, page in self.pages.items() if name != self.root)
            or not self.specs
        )
        root_page = self.pages.get(self.root)
        if root_page is None and not site_elsewhere:
            plan.notes.append(
                f'the root page {self.root!r} is not a reStructuredText page this command can '
                'edit, so nothing was changed: add a spec-index directive with no options to it'
            )
            return plan
        for name in sorted(self.removed):
            plan.removed[name] = self.replacement(self._reach(name))
        for docname, page in sorted(self.pages.items()):
            if docname in self.removed:
                continue
            site = docname == self.root and not site_elsewhere and not page.site_index
            edit = self._edit(docname, page, plan.removed, site)
            if edit is None:
                continue
            plan.edits[docname] = edit
            if docname in self.rewritten and docname != self.root:
                plan.notes.append(f'{self.listing.shown(docname)} stays: {self.kept[docname]}')
        return plan

    def _entries_after(self, docname: str, number: int, keep_specs: bool, spot: bool) -> list[str]:
        """The entries of a toctree once its specs and removed pages are gone,
        with the documents that only removed pages listed where those were."""
        lines: list[str] = []
        directory = posixpath.dirname(docname) or '.'
        toctree = self.pages[docname].toctrees[number]

        def stays(target: str) -> bool:
            return (keep_specs and target in self.specs) or not (
                target in self.specs or target in self.listing.templates or target in self.removed
            )

        for position, (entry, targets) in enumerate(self.listing.toctrees[docname][number]):
            pattern = toctree.glob and any(c in entry.text for c in '*?[')
            if targets is None or (not targets and not pattern):
                # A link, or a document that does not exist (Sphinx says so).
                lines.append(entry.text)
            elif not pattern:
                if stays(targets[0]):
                    lines.append(entry.text)
            else:
                lines.extend(posixpath.relpath(t, directory) for t in targets if stays(t))
            moved = self.relocated.get((docname, number, position), [])
            lines.extend(posixpath.relpath(d, directory) for d in moved)
        if spot:
            lines.extend(posixpath.relpath(d, directory) for d in self.relocated.get(None, []))
        return lines

    def _affected(self, docname: str, number: int) -> tuple[set[str], bool]:
        """The specs a toctree lists, itself or through removed pages, and
        whether it lists any removed page."""
        specs: set[str] = set()
        removed = False
        for _entry, targets in self.listing.toctrees[docname][number]:
            for target in targets or ():
                if target in self.specs:
                    specs.add(target)
                elif target in self.removed:
                    removed = True
                    specs |= self._reach(target)
        return specs, removed

    def _alone(self, page: Page, toctree: Toctree, affected: set[int]) -> bool:
        """Whether ``toctree`` is all there is in its section (beside other
        affected toctrees, the lines that introduce them and comments)."""
        heading = page.section_of(toctree.start)
        if heading is None or heading == page.headings[0]:
            return False
        end = page.section_end(heading)
        return all(
            block.kind in ('label', 'comment')
            or (block.kind == 'toctree' and block.start in affected)
            for block in page.blocks
            if heading.end <= block.start < end
        )

    def _edit(
        self, docname: str, page: Page, removed: dict[str, str], site: bool
    ) -> PageEdit | None:
        # Toctree start line -> its number, for each toctree that lists specs
        # or removed pages.
        affected: dict[int, int] = {}
        for number, toctree in enumerate(page.toctrees):
            specs, lists_removed = self._affected(docname, number)
            if specs or lists_removed:
                affected[toctree.start] = number
        spot = None
        if site:
            alone = [
                start
                for start, number in affected.items()
                if self._alone(page, page.toctrees[number], set(affected))
            ]
            spot = min(alone or affected, default=None)
        site_at = site_index_place(page, spot) if spot is not None else None
        if site_at is not None:
            # The site index goes above the subsections, the toctree stays a toctree.
            spot = None
        rewrites = []
        for start, number in sorted(affected.items()):
            rewrite = self._rewrite(docname, page, number, start == spot, set(affected))
            if rewrite is not None:
                rewrites.append(rewrite)
                self.rewritten.add(docname)
        references = [
            (line, match, target)
            for line, match, target in doc_references(page.lines, docname)
            if target in removed
        ]
        tail: list[str] = []
        moved: list[str] = []
        if docname == self.root and spot is None:
            moved = self.relocated.get(None, [])
            if site and site_at is None:
                tail += ['', *SITE_INDEX]
            if moved:
                tail += ['', '.. toctree::', '   :maxdepth: 1', '', *(f'   {d}' for d in moved)]
        if not rewrites and not references and not tail and site_at is None:
            return None
        return assemble(
            page,
            rewrites,
            references=references,
            removed=removed,
            spot=spot,
            site_at=site_at,
            tail=tail,
            tail_moved=moved,
            rename=lambda title: _renamed(self, title),
        )

    def _intended(self, docname: str, number: int) -> tuple[str, ...] | None:
        """The dimensions whose value the toctree's patterns spell out for
        every spec they list, themselves or through removed pages
        (``specs/backlog/**``: the status); None if one is listed otherwise."""
        fixed = self._spelled(docname, number, {docname})
        return tuple(d for d in DIMENSIONS if d in fixed) if fixed else None

    def _spelled(self, docname: str, number: int, seen: set[str]) -> set[str] | None:
        settings = self.listing.project.settings
        toctree = self.pages[docname].toctrees[number]
        fixed: set[str] | None = None

        def narrow(spelled: set[str] | None) -> None:
            # None: no spec there, nothing to narrow by.
            nonlocal fixed
            if spelled is not None:
                fixed = spelled if fixed is None else fixed & spelled

        for entry, targets in self.listing.toctrees[docname][number]:
            wildcard = re.search(r'[*?\[]', entry.text) if toctree.glob else None
            literal = (
                len(docname_join(docname, entry.text[: wildcard.start()] + 'x')) - 1
                if wildcard
                else None
            )
            for target in targets or ():
                if target in self.removed and target not in seen:
                    seen.add(target)
                    for inner in range(len(self.pages[target].toctrees)):
                        narrow(self._spelled(target, inner, seen))
                if target not in self.specs:
                    continue
                if literal is None:
                    return set()
                classified = settings.classify(target)
                pattern = settings.pattern_of(classified[0], target) if classified else None
                found = pattern.regex.match(target) if pattern else None
                narrow(
                    {d for d in found.groupdict() if found.end(d) <= literal} if found else set()
                )
        return fixed

    def _rewrite(
        self, docname: str, page: Page, number: int, is_spot: bool, affected: set[int]
    ) -> Rewrite | None:
        toctree = page.toctrees[number]
        specs, lists_removed = self._affected(docname, number)
        rest = self._entries_after(docname, number, keep_specs=False, spot=is_spot)
        kept = toctree_lines(toctree, rest) if rest else []
        moved = tuple(
            document
            for position in range(len(toctree.entries))
            for document in self.relocated.get((docname, number, position), [])
        ) + tuple(self.relocated.get(None, []) if is_spot else ())
        if is_spot:
            return Rewrite(
                toctree,
                [*SITE_INDEX, *([''] if kept else []), *kept],
                'the toctree becomes the site index (.. spec-index::), which lists every spec'
                + _staying(rest),
                moved,
            )
        alone = docname == self.root and self._alone(page, toctree, affected)
        chosen = (
            None
            if alone or not specs
            else exact_filter(specs, self.specs, self._intended(docname, number))
        )
        if chosen is not None:
            grouped = [
                d for d in ('release', 'status') if len({self.specs[s][d] for s in specs}) > 1
            ]
            index = spec_index_lines(chosen, grouped)
            options = ', '.join(line.strip() for line in index[1:])
            return Rewrite(
                toctree,
                [*index, *([''] if kept else []), *kept],
                f'the toctree becomes a spec-index ({options}) of the same '
                f'{len(specs)} spec{"s" if len(specs) != 1 else ""}' + _staying(rest),
                moved,
            )
        if specs and docname != self.root and not lists_removed:
            self.listing.notes.append(
                f'{self.listing.shown(docname)}:{toctree.start + 1}: the toctree '
                'lists a selection of specs no spec-index filter selects, so it is left '
                'as it is'
            )
            return None
        if specs and not alone and docname != self.root:
            rest = self._entries_after(docname, number, keep_specs=True, spot=False)
            kept = toctree_lines(toctree, rest)
        what = 'the generated pages list its specs' if specs else 'it only listed removed pages'
        if kept:
            return Rewrite(toctree, kept, f'the toctree keeps {_count(rest)}: {what}', moved)
        return Rewrite(toctree, [], f'the toctree is removed: {what}')


def _count(entries: list[str]) -> str:
    return f'{len(entries)} entr{"ies" if len(entries) != 1 else "y"}'


def _staying(rest: list[str]) -> str:
    return f'; a toctree keeps {_count(rest)}' if rest else ''


def _renamed(planner: _Planner, title: str) -> str | None:
    """'Specifications' if the title names a release (it now holds them all)."""
    releases = planner.listing.project.settings.releases
    named = {facts['release'] for facts in planner.specs.values()}
    words = title.replace('(', ' ').replace(')', ' ').split()
    if any(releases.parse(word).name in named for word in words):
        return 'Specifications'
    return None
