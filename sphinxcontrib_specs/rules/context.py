"""What a document rule looks at: :class:`Context`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from sphinxcontrib_specs.core.metadata import Header, read_header
from sphinxcontrib_specs.core.outline import Outline
from sphinxcontrib_specs.core.releases import Release
from sphinxcontrib_specs.core.template import Template
from sphinxcontrib_specs.rules.align import Comparison, compare

__all__ = ['Context', 'source_lines']


def source_lines(source: bytes) -> list[str]:
    """The lines of a document's raw source, ``\\r`` included, one per line feed."""
    lines = source.decode('utf-8', errors='replace').split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    return lines


@dataclass
class Context:
    """What rules look at for one document.

    ``source`` is the file's raw bytes (read once; text rules need what
    Python's text mode hides, such as carriage returns), ``path`` its path
    relative to the source directory, ``metadata`` its release, status,
    project, name and other fields, ``header`` the fields and tracker links
    its record took (by default read from ``source`` the same way).
    """

    outline: Outline
    template: Template | None
    release: Release | None
    source: bytes = b''
    path: str = ''
    metadata: Mapping[str, str] = field(default_factory=dict)
    kind: str = 'spec'
    header: Header | None = None

    @cached_property
    def record_header(self) -> Header:
        """``header``, or the header the record would read: tracker links from
        the preamble only, never from a comment, the template's example links
        left out."""
        if self.header is not None:
            return self.header
        examples = self.template.trackers if self.template is not None else frozenset()
        text = self.source.decode('utf-8', 'replace')
        return read_header(text, self.outline, examples=examples)

    @cached_property
    def comparison(self) -> Comparison:
        return compare(self.outline, self.template, self.release)

    @cached_property
    def lines(self) -> list[str]:
        """The lines of ``source``, ``\\r`` included, one per line feed
        (decoded once for every rule that reads them; do not change them)."""
        return source_lines(self.source)
