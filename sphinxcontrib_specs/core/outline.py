"""The outline model: a document's section tree, and a reader for rST source.

A spec's outline is taken from the doctree Sphinx already parsed (see
:mod:`sphinxcontrib_specs.checking.doctree`).  Templates, which may live outside the
source directory and may use directives a bare docutils parser does not know,
are read with :func:`scan_outline`, a line scanner that follows the rST rules
for section titles: a title starts in column 0, is underlined (and optionally
overlined) with one repeated punctuation character, and its level is the
order in which its adornment style first appears.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    'FrozenOutline',
    'Outline',
    'Section',
    'fold_title',
    'freeze_outline',
    'keep_template_outlines',
    'normalize_title',
    'plain_title',
    'scan_outline',
    'template_outline',
    'template_outlines',
    'thaw_outline',
]


_ADORNMENT = re.compile(r'^([!-/:-@\[-`{-~])\1*\s*$')
_INLINE_MARKUP = re.compile(r':[\w.+-]+:`|``|[`*]')
_BULLET = re.compile(r'^(?:[-*+\u2022]|\d+[.)]|#\.)\s+')


#: Typographic quotes, folded to the ASCII ones they stand for: a title
#: written with either looks the same once published.
_QUOTES = str.maketrans('\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f', '\'\'\'\'""""')


#: Plain titles by title, as :data:`_FOLDED` (below) keeps folded ones.
_PLAIN: dict[str, str] = {}


def plain_title(title: str) -> str:
    """A title as written in rST source, its inline markup left out."""
    plain = _PLAIN.get(title)
    if plain is None:
        plain = _INLINE_MARKUP.sub('', title).strip()
        if len(_PLAIN) < 100_000:
            _PLAIN[title] = plain
    return plain


#: Folded titles by title: a repository's specs share their template's
#: titles, so the same few hundred strings are folded for every spec.
_FOLDED: dict[str, str] = {}


def fold_title(title: str) -> str:
    """A title with its spacing and quotes folded, its case kept."""
    folded = _FOLDED.get(title)
    if folded is None:
        folded = ' '.join(title.translate(_QUOTES).split())
        if len(_FOLDED) < 100_000:
            _FOLDED[title] = folded
    return folded


def normalize_title(title: str) -> str:
    """The form in which titles are compared: case, spacing and quotes folded."""
    return fold_title(title).casefold()


def normalize_text(text: str) -> str:
    """The form in which body paragraphs are compared."""
    return ' '.join(_INLINE_MARKUP.sub('', text).split())


class _FirstUse:
    """:attr:`Section.key`: computed on first use and kept in the instance,
    as :func:`functools.cached_property` does but without its lock, which
    Python 3.11 takes on each first use (every section of every spec)."""

    def __get__(self, instance: Section | None, owner: type | None = None) -> str:
        if instance is None:
            return self  # type: ignore[return-value]
        key = normalize_title(instance.written or instance.title)
        instance.__dict__['key'] = key
        return key


@dataclass
class Section:
    """One section: its title, where it starts, what it holds."""

    #: The title as shown: in an outline taken from a doctree, with smart
    #: quotes, substitutions and roles resolved and section numbers left out.
    title: str
    line: int
    level: int
    #: The title as written in the source (:func:`plain_title`), which is
    #: what is compared with the template's, whatever the parser made of
    #: it; empty when it is ``title``, as in outlines read from source.
    written: str = ''
    #: Body paragraphs, normalized (:func:`normalize_text`).  Read from
    #: templates only: outlines taken from doctrees leave them empty.
    paragraphs: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    has_body: bool = False
    children: list[Section] = field(default_factory=list)

    @property
    def spelling(self) -> str:
        """The title as written, spacing and quotes folded."""
        return fold_title(self.written or self.title)

    #: The folded title as written (computed on first use).
    key = _FirstUse()

    def walk(self) -> list[Section]:
        """This section and all sections below it, in document order."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


@dataclass
class Outline:
    """A document's section tree.

    ``tops`` are the sections at the top level of the document.  A well-formed
    spec has exactly one: its title, which holds the level-1 sections.
    """

    tops: list[Section] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def title(self) -> Section | None:
        return self.tops[0] if self.tops else None

    @property
    def sections(self) -> list[Section]:
        """The level-1 sections.

        When a document has several top-level titles (a title adorned like
        its sections), the later ones are read as level-1 sections, which is
        what the author meant; the ``title`` rule reports the mistake.
        """
        if not self.tops:
            return []
        return [*self.tops[0].children, *self.tops[1:]]


def _is_adornment(line: str) -> bool:
    return bool(_ADORNMENT.match(line))


def _explicit_comment(first: str) -> str | None:
    """The text of a comment, or None if the explicit markup is not one."""
    body = first[2:].strip()
    if not body:
        return ''
    if body[0] in '_[|' or re.match(r'^[\w:.+-]+\s*::', body):
        return None
    return body


def scan_outline(text: str | list[str], *, sections: int | None = None) -> Outline:
    """Read the section tree of rST source without a docutils parser.

    ``text`` is the source, or its lines (``str.splitlines()``).  With
    ``sections``, reading stops once that many sections are open: the
    outline then ends there, and its sections' paragraphs are left out (a
    header needs the title and the first section only, and is read on
    every build of a large repository).
    """
    lines = text.splitlines() if isinstance(text, str) else text
    styles: list[tuple[str, bool]] = []
    outline = Outline()
    stack: list[Section] = []
    paragraph: list[str] = []
    opened = 0
    keep_paragraphs = sections is None

    def current_comments() -> list[str]:
        return stack[-1].comments if stack else outline.comments

    def end_paragraph() -> None:
        if paragraph and stack:
            stack[-1].paragraphs.append(normalize_text(' '.join(paragraph)))
        paragraph.clear()

    def open_section(title: str, line: int, style: tuple[str, bool]) -> None:
        nonlocal opened
        if style not in styles:
            styles.append(style)
        level = styles.index(style)
        while stack and stack[-1].level >= level:
            stack.pop()
        section = Section(title=plain_title(title), line=line, level=level)
        opened += 1
        if stack:
            stack[-1].children.append(section)
        else:
            outline.tops.append(section)
        stack.append(section)

    i = 0
    count = len(lines)
    while i < count:
        if opened == sections:
            break
        line = lines[i]
        stripped = line.strip()
        previous_blank = i == 0 or not lines[i - 1].strip()
        if not stripped:
            end_paragraph()
            i += 1
            continue
        if (
            previous_blank
            and _is_adornment(line)
            and i + 2 < count
            and lines[i + 1].strip()
            and lines[i + 2].rstrip() == line.rstrip()
            and not _is_adornment(lines[i + 1])
        ):
            end_paragraph()
            open_section(lines[i + 1].strip(), i + 2, (stripped[0], True))
            i += 3
            continue
        if (
            previous_blank
            and not line[0].isspace()
            and not _is_adornment(line)
            and not line.startswith('..')
            and i + 1 < count
            and _is_adornment(lines[i + 1])
            and (len(lines[i + 1].rstrip()) >= len(stripped) or len(lines[i + 1].rstrip()) >= 4)
        ):
            end_paragraph()
            open_section(stripped, i + 1, (lines[i + 1].strip()[0], False))
            i += 2
            continue
        if line.startswith('..') and (len(line) == 2 or line[2].isspace()) and previous_blank:
            end_paragraph()
            comment = _explicit_comment(line)
            block = [comment] if comment else []
            i += 1
            while i < count and (not lines[i].strip() or lines[i][0].isspace()):
                block.append(lines[i].strip())
                i += 1
            if comment is not None:
                current_comments().append('\n'.join(block).strip())
            elif stack:
                stack[-1].has_body = True
            continue
        if stack:
            stack[-1].has_body = True
            if previous_blank and line[0].isspace():
                # An indented block (quote, literal block, list body) is body
                # text but not a paragraph of its own section.
                while i < count and (not lines[i].strip() or lines[i][0].isspace()):
                    i += 1
                continue
            if keep_paragraphs:
                paragraph.append(_BULLET.sub('', stripped) if not paragraph else stripped)
        i += 1
    end_paragraph()
    return outline


#: Outlines of templates by text: the configuration reads every template's
#: titles, and the checks then parse the same files (a few dozen, read on
#: every build).  Never changed once made (see :func:`template_outline`).
_TEMPLATE_OUTLINES: dict[str, Outline] = {}


#: Outlines kept from an earlier build, by the digest of their text (see
#: :func:`keep_template_outlines`).
_KEPT_OUTLINES: dict[str, Outline] = {}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()


def template_outline(text: str) -> Outline:
    """:func:`scan_outline` of a template's text, made once per text.

    The outline is shared: whoever takes it must not change it.
    """
    outline = _TEMPLATE_OUTLINES.get(text)
    if outline is None:
        outline = _KEPT_OUTLINES.get(_digest(text)) if _KEPT_OUTLINES else None
        if outline is None:
            outline = scan_outline(text)
        if len(_TEMPLATE_OUTLINES) >= 256:
            _TEMPLATE_OUTLINES.clear()
        _TEMPLATE_OUTLINES[text] = outline
    return outline


def keep_template_outlines(outlines: Mapping[str, Outline]) -> None:
    """Take the outlines an earlier build made (:func:`template_outlines`),
    for :func:`template_outline` to give for texts with the same digest
    instead of parsing them again."""
    _KEPT_OUTLINES.update(outlines)


def template_outlines() -> dict[str, Outline]:
    """Every template outline :func:`template_outline` gave in this process
    (and may give again), by the SHA-256 digest of the text."""
    return {_digest(text): outline for text, outline in _TEMPLATE_OUTLINES.items()}


#: An outline as nested tuples of strings and numbers (:func:`freeze_outline`):
#: ``(tops, comments)``, each section ``(title, line, level, written,
#: has_body, comments, children)``.  Kept while a build reads hundreds of
#: documents, it is what the garbage collector stops looking at.
FrozenOutline = tuple[tuple[Any, ...], tuple[str, ...]]


def _frozen(section: Section) -> tuple[Any, ...]:
    return (
        section.title,
        section.line,
        section.level,
        section.written,
        section.has_body,
        tuple(section.comments),
        tuple(map(_frozen, section.children)),
    )


def _thawed(frozen: tuple[Any, ...]) -> Section:
    title, line, level, written, has_body, comments, children = frozen
    return Section(
        title=title,
        line=line,
        level=level,
        written=written,
        comments=list(comments),
        has_body=has_body,
        children=list(map(_thawed, children)),
    )


def freeze_outline(outline: Outline) -> FrozenOutline:
    """``outline`` as nested tuples (its sections' paragraphs left out, as
    outlines taken from doctrees have none)."""
    return tuple(map(_frozen, outline.tops)), tuple(outline.comments)


def thaw_outline(frozen: FrozenOutline) -> Outline:
    """The outline :func:`freeze_outline` froze."""
    tops, comments = frozen
    return Outline(tops=list(map(_thawed, tops)), comments=list(comments))
