"""Reading a document as Sphinx's reader does, with docutils and no application.

The command line checks specs without a Sphinx build: no extension is
imported, no environment is pickled.  To find what the build finds, a
document must come out of this reader with the doctree the build hands to
``doctree-read``: the same docutils settings (the title stays a top-level
section), the same ``rst_prolog`` and ``rst_epilog``, the same smart quotes
in titles, the docinfo fields the build collects, and the same replacement
of undecodable bytes.

Directives and roles docutils does not know (Sphinx's own, such as
``toctree`` or ``:doc:``, and any extension's) become stand-ins
(:mod:`.standins`): a directive is one body element, or nothing for the few
Sphinx directives that render nothing; a role is its text, or its explicit
title (``:doc:`Title <path>``` gives ``Title``), as in the doctree Sphinx
reads.  Their content is not parsed, so sections inside ``.. only::`` are
not seen (Sphinx sees them).
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from docutils import nodes, utils
from docutils.frontend import Values, get_default_settings
from docutils.nodes import Node, system_message
from docutils.parsers.rst import Parser, states
from docutils.readers import standalone
from docutils.statemachine import StringList, string2lines
from docutils.transforms import Transform, frontmatter, misc, references
from docutils.transforms.universal import SmartQuotes
from docutils.utils import normalize_language_tag
from docutils.utils.smartquotes import educate_tokens, smartchars
from sphinx.util.nodes import is_smartquotable

from sphinxcontrib_specs.cli.standins import StandIns, default_role
from sphinxcontrib_specs.core.encoding import decode

__all__ = ['ReadOptions', 'ReadResult', 'SpecReader']


@dataclass(frozen=True)
class ReadOptions:
    """The configuration values that change how Sphinx reads a document."""

    language: str = 'en'
    smartquotes: bool = True
    smartquotes_action: str = 'qDe'
    rst_prolog: str = ''
    rst_epilog: str = ''
    default_role: str = ''
    source_encoding: str = 'utf-8-sig'
    trim_footnote_reference_space: bool = False

    @classmethod
    def from_config(cls, config: Any) -> ReadOptions:
        """The options of a Sphinx configuration, for the html builders.

        Smart quotes are on where Sphinx's html builders apply them: the
        ``smartquotes`` value, minus excluded languages, for languages
        docutils has quotes for.
        """
        language = config.language or 'en'
        excluded = config.smartquotes_excludes or {}
        smartquotes = (
            bool(config.smartquotes)
            and language not in excluded.get('languages', [])
            and 'html' not in excluded.get('builders', [])
            and any(tag in smartchars.quotes for tag in normalize_language_tag(language))
        )
        return cls(
            language=language,
            smartquotes=smartquotes,
            smartquotes_action=config.smartquotes_action,
            rst_prolog=config.rst_prolog or '',
            rst_epilog=config.rst_epilog or '',
            default_role=config.default_role or '',
            source_encoding=config.source_encoding,
            trim_footnote_reference_space=config.trim_footnote_reference_space,
        )


@dataclass
class ReadResult:
    """A document as the build sees it on ``doctree-read``.

    ``docinfo`` holds what Sphinx puts in ``env.metadata``; ``problems`` are
    the warnings Sphinx itself gives while reading: (line, message).  When
    docutils fails on the document (Sphinx stops the build), ``parsed`` is
    false and the failure is the last problem.
    """

    doctree: nodes.document
    docinfo: dict[str, object]
    source: bytes
    problems: list[tuple[int, str]] = field(default_factory=list)
    parsed: bool = True


class _CitationReferences(Transform):
    """Citation references as Sphinx shows them: ``[label]``."""

    default_priority = 619

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.citation_reference)):
            target = node.astext()
            node.replace_self(nodes.inline(target, f'[{target}]', support_smartquotes=False))


class _Inliner:
    """Inline markup parsed where the checks read it.

    The text of a paragraph directly in a section is never read from the
    doctree (the text rules read the source), so it is kept as it is
    written; that is most of a spec's text, and a large part of the time
    docutils spends.  Titles, field lists, docinfo and everything nested
    are parsed in full, by docutils' own inliner, a new one per document
    as docutils makes (one inliner set up twice matches its patterns
    twice).  A wrapper, not a subclass: docutils' inliner builds its
    patterns from the attributes of its own class only.
    """

    def __init__(self) -> None:
        self._inliner = states.Inliner()

    def init_customizations(self, settings: Any) -> None:
        self._inliner = states.Inliner()
        self._inliner.init_customizations(settings)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inliner, name)

    def parse(
        self, text: str, lineno: int, memo: Any, parent: nodes.Element
    ) -> tuple[list[Node], list[system_message]]:
        if isinstance(parent, nodes.section) and not _opens_section(parent):
            return [nodes.Text(text)], []
        found: tuple[list[Node], list[system_message]] = self._inliner.parse(
            text, lineno, memo, parent
        )
        return found


def _opens_section(parent: nodes.section) -> bool:
    # docutils adds a new section to its parent before parsing its title.
    last = parent.children[-1] if parent.children else None
    return isinstance(last, nodes.section) and not last.children


class _Parser(Parser):
    """The reST parser as Sphinx runs it: prolog and epilog, no smart quotes."""

    def __init__(self, prolog: str, epilog: str) -> None:
        super().__init__(inliner=cast('states.Inliner', _Inliner()))
        self.prolog = prolog
        self.epilog = epilog

    def get_transforms(self) -> list[type[Transform]]:
        return [t for t in super().get_transforms() if t is not SmartQuotes]

    def parse(self, inputstring: str, document: nodes.document) -> None:
        self.setup_parse(inputstring, document)
        self.statemachine = states.RSTStateMachine(
            state_classes=self.state_classes,
            initial_state=self.initial_state,
            debug=document.reporter.debug_flag,
        )
        lines = string2lines(
            inputstring, tab_width=document.settings.tab_width, convert_whitespace=True
        )
        content = StringList(lines, document.current_source)
        _prepend_prolog(content, self.prolog)
        _append_epilog(content, self.epilog)
        self.statemachine.run(content, document, inliner=self.inliner)
        self.finish_parse()


_FIELD_NAME = re.compile(states.Body.patterns['field_marker'])


def _prepend_prolog(content: StringList, prolog: str) -> None:
    # As Sphinx: after the docinfo lines at the top, between blank lines.
    if not prolog:
        return
    position = 0
    for line in content:
        if not _FIELD_NAME.match(line):
            break
        position += 1
    if position > 0:
        content.insert(position, '', '<generated>', 0)
        position += 1
    lineno = 0
    for lineno, line in enumerate(prolog.splitlines()):
        content.insert(position + lineno, line, '<rst_prolog>', lineno)
    content.insert(position + lineno + 1, '', '<generated>', 0)


def _append_epilog(content: StringList, epilog: str) -> None:
    if not epilog:
        return
    if len(content) > 0:
        source, lineno = content.info(-1)
    else:
        source, lineno = '<generated>', 0
    content.append('', source, (lineno or 0) + 1)
    for lineno, line in enumerate(epilog.splitlines()):
        content.append(line, '<rst_epilog>', lineno)


class _SphinxSmartQuotes(SmartQuotes):
    """Smart quotes as Sphinx puts them, in the text the checks read.

    Sphinx educates every block of text.  The checks read the section titles,
    the docinfo and the field list below the title from the doctree (body
    text they read from the source), so only those are educated: each block
    is educated on its own, so they get the text the build gives them, at a
    fraction of the cost.  Paragraphs keep their ASCII quotes.
    """

    default_priority = 750

    def get_tokens(
        self, txtnodes: Iterable[Node]
    ) -> Generator[tuple[Literal['literal', 'plain'], str], None, None]:
        for txtnode in txtnodes:
            if is_smartquotable(txtnode):
                yield 'plain', re.sub(r'(?<=\x00)([-\\\'".`])', r'\\\1', str(txtnode))
            else:
                yield 'literal', txtnode.astext()

    def apply(self, **kwargs: Any) -> None:
        language = self.document.settings.language_code
        for block in _blocks_read(self.document):
            if isinstance(block, self.nodes_to_skip):
                continue
            txtnodes = [
                text
                for text in block.findall(nodes.Text)
                if not isinstance(text.parent, nodes.option_string)
            ]
            tags = normalize_language_tag(block.get_language_code(language))
            lang = next((tag for tag in tags if tag in smartchars.quotes), '')
            teacher = educate_tokens(
                self.get_tokens(txtnodes), attr=self.smartquotes_action, language=lang
            )
            for txtnode, newtext in zip(txtnodes, teacher, strict=True):
                assert txtnode.parent is not None
                txtnode.parent.replace(txtnode, nodes.Text(newtext))


def _blocks_read(document: nodes.document) -> Iterator[nodes.Element]:
    """The blocks of text the checks read (see _SphinxSmartQuotes)."""
    first_section = True
    for child in document.children:
        if isinstance(child, nodes.docinfo):
            yield from _text_blocks(child)
        elif isinstance(child, nodes.section):
            if first_section:
                body = [
                    c
                    for c in child.children[1:]
                    if not isinstance(c, (nodes.comment, nodes.target))
                ]
                if body and isinstance(body[0], nodes.field_list):
                    yield from _text_blocks(body[0])
                first_section = False
            for section in child.findall(nodes.section):
                if section.children and isinstance(section[0], nodes.title):
                    yield section[0]


def _text_blocks(node: nodes.Element) -> Iterator[nodes.Element]:
    for element in node.findall(nodes.TextElement):
        if not isinstance(element.parent, nodes.TextElement):
            yield element


def _pop_docinfo(document: nodes.document) -> dict[str, object]:
    """The docinfo fields, as Sphinx's metadata collector records them."""
    index = document.first_child_not_matching_class(nodes.PreBibliographic)  # type: ignore[arg-type]
    if index is None or not isinstance(document[index], nodes.docinfo):
        return {}
    metadata: dict[str, object] = {}
    for node in document[index].children:
        if isinstance(node, nodes.authors):
            metadata['authors'] = [author.astext() for author in node.children]
        elif isinstance(node, nodes.field):
            metadata[node[0].astext()] = node[1].astext()
        elif isinstance(node, nodes.TextElement):
            metadata[node.__class__.__name__] = node.astext()
    if 'tocdepth' in metadata:
        try:
            metadata['tocdepth'] = int(str(metadata['tocdepth']))
        except ValueError:
            metadata['tocdepth'] = 0
    document.pop(index)
    return metadata


class SpecReader:
    """Reads documents into the doctrees a Sphinx build would read.

    Settings, parser and transforms are made once; one reader reads any
    number of documents.
    """

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self._parser = _Parser(options.rst_prolog, options.rst_epilog)
        settings: Values = get_default_settings(standalone.Reader, _Parser)
        # What Sphinx's environment sets (sphinx.environment.default_settings).
        overrides = {
            'auto_id_prefix': 'id',
            'image_loading': 'link',
            'embed_stylesheet': False,
            'cloak_email_addresses': True,
            'pep_base_url': 'https://peps.python.org/',
            'pep_references': None,
            'rfc_base_url': 'https://datatracker.ietf.org/doc/html/',
            'rfc_references': None,
            'input_encoding': options.source_encoding,
            'doctitle_xform': False,
            'sectsubtitle_xform': False,
            'section_self_link': False,
            'halt_level': 5,
            'file_insertion_enabled': True,
            'smartquotes_locales': [],
            'language_code': options.language,
            'smart_quotes': True,
            'trim_footnote_reference_space': options.trim_footnote_reference_space,
            # Docutils' own messages are the build's business, not ours.
            'report_level': 5,
        }
        for name, value in overrides.items():
            setattr(settings, name, value)
        self._settings = settings
        # Of the transforms Sphinx's reader applies before ``doctree-read``,
        # those that change the text or the structure the checks read.
        transforms: list[type[Transform]] = [
            references.Substitutions,
            frontmatter.DocInfo,
            references.Footnotes,
            misc.Transitions,
            _CitationReferences,
        ]
        if options.smartquotes:
            transforms.append(
                type(
                    '_SmartQuotes',
                    (_SphinxSmartQuotes,),
                    {'smartquotes_action': options.smartquotes_action},
                )
            )
        self._transforms = transforms
        self._stand_ins = StandIns()

    def read(self, path: str, source: bytes, *, docname: str = '') -> ReadResult:
        """The doctree of ``source``, the bytes of the file at ``path``.

        ``docname`` is where Sphinx would report an unknown default role;
        with the stand-ins every role is known, so nothing reports it.
        """
        text, problems = decode(source, self.options.source_encoding)
        document = utils.new_document(path, self._settings)
        try:
            with self._stand_ins, default_role(self.options.default_role):
                self._parser.parse(text, document)
            document.transformer.add_transforms(self._transforms)
            document.transformer.apply_transforms()
        except Exception as exc:  # noqa: BLE001 (such as a NUL in an include's path)
            problems.append((1, f'docutils cannot parse this file: {exc!r}'))
            return ReadResult(document, {}, source, problems, parsed=False)
        return ReadResult(document, _pop_docinfo(document), source, problems)
