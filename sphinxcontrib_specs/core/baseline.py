"""The baseline: findings known when it was recorded, which are not reported.

A repository adopts the extension with the findings of that day recorded
in a file kept with its sources (``specs-baseline.txt``).  From then on the
build and ``sphinx-specs check`` report only the findings that are not in
it, and each entry that no longer occurs, so that the file only shrinks.

An entry names its finding by a fingerprint that survives lines moving and
edits elsewhere in the file: a hash of the file's path, the code, the
message with its line numbers taken out, and the text of the line the
finding stands at, stripped; identical findings are told apart by a
counter, in line order.  The file is plain text, one entry a line, sorted,
so that it reads well in a diff.  No Sphinx.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from sphinxcontrib_specs.core.files import existing_bytes
from sphinxcontrib_specs.core.records import Finding

__all__ = [
    'HEADER',
    'Baseline',
    'Comparison',
    'Entry',
    'Key',
    'Located',
    'SourceLines',
    'compare',
    'damaged_message',
    'fingerprint',
    'format_baseline',
    'keys',
    'known_message',
    'parse_baseline',
    'problems',
    'read_baseline',
    'record',
    'stale_message',
    'unreadable_message',
]

#: What the file says of itself, above its entries.
HEADER = """\
# sphinx-specs baseline: findings known when it was recorded.
#
# The build and `sphinx-specs check` do not report these findings; they
# report every other one, and each line here whose finding no longer
# occurs.  Fix a finding, then run `sphinx-specs baseline --shrink` to drop
# the lines that no longer occur; `sphinx-specs baseline` records every
# current finding again.
#
# One finding a line: path, code, fingerprint, message.  The fingerprint
# survives lines moving, and edits elsewhere in the file.
"""

#: Digits of the fingerprint: 64 bits, ample for the findings of one repository.
_DIGITS = 16
_FINGERPRINT = re.compile(rf'[0-9a-f]{{{_DIGITS}}}')
_CODE = re.compile(r'[A-Za-z0-9_]+')
#: Line numbers in messages: ``line 12``, ``lines 3-9``, ``template.rst:17``.
_LINE_NUMBERS = re.compile(r'(\blines? |\.\w+:)\d+(?:-\d+)?')
_CONTROL = re.compile(r'[\x00-\x1f\x7f]+')


class Located(NamedTuple):
    """A finding, the file it is in and the text of its line.

    ``path`` is relative to the source directory, with ``/`` separators;
    ``text`` is the finding's line, stripped ('' for findings about a whole
    file or directory).
    """

    path: str
    finding: Finding
    text: str


class Key(NamedTuple):
    """What a finding and its entry have in common."""

    path: str
    code: str
    fingerprint: str


class Entry(NamedTuple):
    """One line of the baseline: a known finding."""

    path: str
    code: str
    fingerprint: str
    #: The finding's message, for whoever reads the file.
    message: str
    #: Its line in the file (0 for an entry not read from one).
    line: int = 0

    @property
    def key(self) -> Key:
        return Key(self.path, self.code, self.fingerprint)


class Baseline(NamedTuple):
    """A baseline file's entries, and its lines that are no entry."""

    entries: tuple[Entry, ...] = ()
    #: (line, what is wrong with it) of each damaged line.
    damaged: tuple[tuple[int, str], ...] = ()


class Comparison(NamedTuple):
    """Findings against a baseline."""

    #: Indexes of the findings that are not in the baseline, in their order.
    new: tuple[int, ...]
    #: How many findings the baseline holds, and are therefore not reported.
    known: int
    #: Entries judged (see :func:`compare`) whose finding no longer occurs.
    stale: tuple[Entry, ...] = ()


#: What :class:`SourceLines` keeps between runs: path -> (the file's
#: modification time and size, {line: its text}).
KeptLines = dict[str, tuple[tuple[int, int], dict[int, str]]]


class SourceLines:
    """The lines of files, for the text a finding stands at; each file read once.

    Lines end at line feeds only, as the text rules count them.  A file
    that cannot be read has no lines.  With ``kept`` (a dict the caller
    keeps), the texts found are kept with each file's modification time
    and size, and a file that kept them is not read again: a rebuild
    matches every spec's findings with the baseline, most of them in
    files that did not change.  Only the files looked at in this run stay
    in it.
    """

    def __init__(self, encoding: str = 'utf-8', kept: KeptLines | None = None) -> None:
        self._encoding = encoding
        self._lines: dict[str, list[str]] = {}
        self._kept = kept
        self._stamps: dict[str, tuple[int, int] | None] = {}

    def text(self, path: str, line: int) -> str:
        """Line ``line`` (from 1) of the file at ``path``, stripped; '' if none."""
        if self._kept is None:
            return self._text(path, line)
        if path not in self._stamps:
            try:
                status = os.stat(path)
            except OSError:
                self._stamps[path] = None
            else:
                self._stamps[path] = (status.st_mtime_ns, status.st_size)
        stamp = self._stamps[path]
        if stamp is None:
            return self._text(path, line)
        entry = self._kept.get(path)
        if entry is None or entry[0] != stamp:
            entry = self._kept[path] = (stamp, {})
        texts = entry[1]
        if line not in texts:
            texts[line] = self._text(path, line)
        return texts[line]

    def forget_others(self) -> None:
        """Keep only the files looked at in this run."""
        if self._kept is not None:
            for path in set(self._kept) - set(self._stamps):
                del self._kept[path]

    def _text(self, path: str, line: int) -> str:
        lines = self._lines.get(path)
        if lines is None:
            try:
                with open(path, 'rb') as stream:
                    data = stream.read()
            except OSError:
                data = b''
            lines = data.decode(self._encoding, errors='replace').split('\n')
            self._lines[path] = lines
        return lines[line - 1].strip() if 1 <= line <= len(lines) else ''


def _normal_message(message: str) -> str:
    return _LINE_NUMBERS.sub(r'\1N', message)


def fingerprint(located: Located, occurrence: int = 0) -> str:
    """The fingerprint of a finding: the ``occurrence``-th (from 0) of its kind."""
    parts = (
        located.path,
        located.finding.code,
        _normal_message(located.finding.message),
        located.text,
        str(occurrence),
    )
    digest = hashlib.sha256('\0'.join(parts).encode('utf-8', errors='surrogatepass'))
    return digest.hexdigest()[:_DIGITS]


def keys(found: Sequence[Located | None]) -> list[Key | None]:
    """The key of each finding of ``found``, in its order (None for None).

    Findings alike in all a fingerprint reads are counted in line order, so
    each gets a key of its own.
    """
    seen: Counter[tuple[str, str, str, str]] = Counter()
    result: list[Key | None] = [None] * len(found)
    present = [
        (located.finding.line, index, located)
        for index, located in enumerate(found)
        if located is not None
    ]
    for _line, index, located in sorted(present, key=lambda item: item[:2]):
        alike = (
            located.path,
            located.finding.code,
            _normal_message(located.finding.message),
            located.text,
        )
        result[index] = Key(located.path, located.finding.code, fingerprint(located, seen[alike]))
        seen[alike] += 1
    return result


def compare(
    baseline: Baseline,
    found: Sequence[Located | None],
    judged: Callable[[Entry], bool] = lambda entry: True,
) -> Comparison:
    """Which of ``found`` are new, how many are known, which entries are stale.

    A finding that is None is one no baseline holds: it is always new.
    Only the entries ``judged`` accepts can be stale: a check of some files
    says nothing of the others' entries.
    """
    remaining = Counter(entry.key for entry in baseline.entries)
    new = []
    known = 0
    for index, key in enumerate(keys(found)):
        if key is not None and remaining[key] > 0:
            remaining[key] -= 1
            known += 1
        else:
            new.append(index)
    stale = []
    # The later of two identical entries is the one left over.
    for entry in reversed(baseline.entries):
        if remaining[entry.key] > 0:
            remaining[entry.key] -= 1
            if judged(entry):
                stale.append(entry)
    return Comparison(tuple(new), known, tuple(reversed(stale)))


def problems(baseline: Baseline, comparison: Comparison) -> list[tuple[int, str]]:
    """(line, warning) of each damaged line and each stale entry, in line order."""
    found = [
        *((line, damaged_message(problem)) for line, problem in baseline.damaged),
        *((entry.line, stale_message(entry)) for entry in comparison.stale),
    ]
    return sorted(found, key=lambda problem: problem[0])


def record(found: Sequence[Located | None]) -> list[Entry]:
    """An entry for each finding of ``found`` (but None), in the file's order."""
    entries = [
        Entry(located.path, key.code, key.fingerprint, located.finding.message)
        for located, key in zip(found, keys(found), strict=True)
        if located is not None and key is not None
    ]
    return sorted(entries, key=_order)


def _order(entry: Entry) -> tuple[str, str, str, str]:
    return (entry.path, entry.code, entry.message, entry.fingerprint)


def _path_field(path: str) -> str:
    if not path or path[0] in '#"' or any(char.isspace() for char in path):
        return json.dumps(path, ensure_ascii=False)
    return path


def format_baseline(entries: Iterable[Entry]) -> str:
    """The text of a baseline file holding ``entries``, sorted."""
    lines = [
        ' '.join(
            part
            for part in (
                _path_field(entry.path),
                entry.code,
                entry.fingerprint,
                _CONTROL.sub(' ', entry.message).strip(),
            )
            if part
        )
        for entry in sorted(entries, key=_order)
    ]
    return HEADER + ''.join(f'{line}\n' for line in lines)


def _read_entry(text: str, number: int) -> Entry | str:
    """The entry of a line, or what is wrong with it."""
    if text.startswith('"'):
        try:
            path, end = json.JSONDecoder().raw_decode(text)
        except ValueError:
            return 'its quoted path has no closing quote'
        rest = text[end:]
        if not rest.startswith(' '):
            return 'no space after its quoted path'
        rest = rest[1:]
    else:
        path, _, rest = text.partition(' ')
    parts = rest.split(' ', 2)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return 'it lacks a code or a fingerprint'
    code, fingerprint_text = parts[0], parts[1]
    if not _CODE.fullmatch(code):
        return f'{code!r} is not a warning code'
    if not _FINGERPRINT.fullmatch(fingerprint_text):
        return f'{fingerprint_text!r} is not a fingerprint of {_DIGITS} hexadecimal digits'
    message = parts[2] if len(parts) > 2 else ''
    return Entry(path, code, fingerprint_text, message, number)


def parse_baseline(text: str) -> Baseline:
    """The entries of a baseline file, and the lines that are no entry.

    Blank lines and lines starting with ``#`` are no entries.
    """
    entries: list[Entry] = []
    damaged: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split('\n'), start=1):
        line = raw.rstrip('\r')
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        read = _read_entry(line, number)
        if isinstance(read, Entry):
            entries.append(read)
        else:
            damaged.append((number, read))
    return Baseline(tuple(entries), tuple(damaged))


def read_baseline(path: str) -> Baseline:
    """The baseline in the file at ``path``; none there is an empty one.

    Raises :class:`OSError` for a file that is there but cannot be read.
    Bytes that are not UTF-8 are replaced, and make their line damaged.
    """
    data = existing_bytes(path)
    if data is None:
        return Baseline()
    return parse_baseline(data.decode('utf-8', errors='replace'))


def stale_message(entry: Entry) -> str:
    """The warning for an entry whose finding no longer occurs."""
    return (
        f'known finding no longer occurs in {entry.path} '
        f'({entry.code}: {entry.message or "no message"}); '
        "run 'sphinx-specs baseline --shrink' to drop this line"
    )


def damaged_message(problem: str) -> str:
    """The warning for a line of the baseline that is no entry."""
    return (
        f'not a baseline entry: {problem} (a line holds a path, a code, a fingerprint and '
        "a message); fix or delete the line, or run 'sphinx-specs baseline' to record "
        'the baseline again'
    )


def unreadable_message(error: OSError) -> str:
    """The warning for a baseline file that cannot be read."""
    return (
        f'cannot read the baseline: {error.strerror or error}; make it a readable file, '
        'or set specs_baseline to None'
    )


def known_message(known: int, shown_path: str) -> str:
    """What is said of the findings the baseline holds."""
    plural = '' if known == 1 else 's'
    return f'{known} known finding{plural} not reported (baseline {shown_path})'
