"""Decoding a source file as Sphinx does, and finding the first byte it cannot."""

from __future__ import annotations

__all__ = ['decode', 'undecodable']


_UTF8_BOM = b'\xef\xbb\xbf'


def _codec(encoding: str, data: bytes) -> tuple[str, bytes]:
    """The codec for ``encoding``, and ``data`` without the BOM it allows."""
    if encoding.lower().replace('_', '-') in {'utf-8-sig', 'utf8-sig'}:
        return 'utf-8', data.removeprefix(_UTF8_BOM)
    return encoding, data


def decode(data: bytes, encoding: str = 'utf-8-sig') -> tuple[str, list[tuple[int, str]]]:
    """``data`` as text, undecodable bytes replaced by ``?`` as Sphinx does.

    Returns the text and one (line, message) per undecodable sequence, the
    message worded as Sphinx's.
    """
    codec, data = _codec(encoding, data)
    parts: list[str] = []
    problems: list[tuple[int, str]] = []
    start = 0
    while True:
        try:
            parts.append(data[start:].decode(codec))
        except UnicodeDecodeError as error:
            bad_start, bad_end = start + error.start, start + error.end
            parts.append(data[start:bad_start].decode(codec))
            parts.append('?')
            line_start = data.rfind(b'\n', 0, bad_start)
            line_end = data.find(b'\n', bad_start)
            if line_end == -1:
                line_end = len(data)
            context = (
                data[line_start + 1 : bad_start]
                + b'>>>'
                + data[bad_start:bad_end]
                + b'<<<'
                + data[bad_end:line_end]
            )
            problems.append(
                (
                    data.count(b'\n', 0, bad_start) + 1,
                    f'undecodable source characters, replacing with "?": {context!r}',
                )
            )
            start = bad_end
        else:
            return ''.join(parts), problems


def undecodable(data: bytes, encoding: str = 'utf-8-sig') -> tuple[int, str] | None:
    """(line, message) of the first sequence of ``data`` not in ``encoding``.

    ``None`` when the whole of ``data`` decodes.  The message is the
    ``specs.encoding`` finding of a document that is left out of the build.
    """
    codec, data = _codec(encoding, data)
    label = 'UTF-8' if codec == 'utf-8' else encoding
    try:
        data.decode(codec)
    except UnicodeDecodeError as error:
        line_start = data.rfind(b'\n', 0, error.start) + 1
        column = len(data[line_start : error.start].decode(codec)) + 1
        return (
            data.count(b'\n', 0, error.start) + 1,
            (
                f'byte {data[error.start : error.end]!r} at column {column} is not valid '
                f'{label}: Sphinx cannot read the file, so it is left out of the build; '
                f'save it as {label} (or set source_encoding to the encoding it is in)'
            ),
        )
    except LookupError:
        return None
    return None
