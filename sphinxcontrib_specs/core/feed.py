"""An Atom 1.0 feed (RFC 4287) from entries: escaped, valid, deterministic.

The document depends only on its arguments: entries are written in the
order given, the feed's ``updated`` is the newest entry's date (the Unix
epoch for an empty feed), and dates are written in UTC.  Text is escaped,
and characters XML 1.0 cannot hold (control characters, unpaired
surrogates) are dropped, so any title makes a document that parses.

Pure: no Sphinx imports.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ['Category', 'Feed', 'FeedEntry', 'atom', 'xml_safe']


#: Characters XML 1.0 cannot hold.  Compiled when first needed: a class of
#: the whole of Unicode takes the regular expression compiler 5 ms, which
#: every build would pay on import, feed or not.
_NOT_XML = '[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]'
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class Category(NamedTuple):
    """An ``atom:category``: a ``term`` and how to show it."""

    term: str
    label: str = ''


class FeedEntry(NamedTuple):
    """One entry: ``url`` is absolute and doubles as its permanent id."""

    url: str
    title: str
    updated: datetime.datetime
    summary: str = ''
    authors: tuple[str, ...] = ()
    categories: tuple[Category, ...] = ()


class Feed(NamedTuple):
    """The feed itself: ``url`` is where it is published (its id and
    ``self`` link), ``site`` the page it summarises."""

    url: str
    site: str
    title: str
    author: str
    #: The author's email address, if any.
    author_email: str = ''
    generator: str = ''
    generator_version: str = ''
    generator_uri: str = ''


def xml_safe(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold (control
    characters, unpaired surrogates, U+FFFE and U+FFFF)."""
    return re.sub(_NOT_XML, '', value)


def _text(value: str) -> str:
    value = xml_safe(value)
    return value.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def _attr(value: str) -> str:
    return _text(value).replace('"', '&quot;')


def _date(value: datetime.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError(f'feed dates need a time zone: {value!r}')
    return value.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def _author(name: str, email: str = '') -> str:
    address = f'<email>{_text(email)}</email>' if email else ''
    return f'<author><name>{_text(name)}</name>{address}</author>'


def atom(feed: Feed, entries: Sequence[FeedEntry]) -> bytes:
    """The feed as a UTF-8 XML document."""
    updated = max((e.updated for e in entries), default=_EPOCH)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f'  <id>{_text(feed.url)}</id>',
        f'  <title type="text">{_text(feed.title)}</title>',
        f'  <updated>{_date(updated)}</updated>',
        f'  <link rel="self" type="application/atom+xml" href="{_attr(feed.url)}"/>',
        f'  <link rel="alternate" type="text/html" href="{_attr(feed.site)}"/>',
        f'  {_author(feed.author, feed.author_email)}',
    ]
    if feed.generator:
        attributes = ''
        if feed.generator_uri:
            attributes += f' uri="{_attr(feed.generator_uri)}"'
        if feed.generator_version:
            attributes += f' version="{_attr(feed.generator_version)}"'
        lines.append(f'  <generator{attributes}>{_text(feed.generator)}</generator>')
    for entry in entries:
        lines += [
            '  <entry>',
            f'    <id>{_text(entry.url)}</id>',
            f'    <title type="text">{_text(entry.title)}</title>',
            f'    <updated>{_date(entry.updated)}</updated>',
            f'    <link rel="alternate" type="text/html" href="{_attr(entry.url)}"/>',
        ]
        lines += [f'    {_author(name)}' for name in entry.authors]
        lines += [
            f'    <category term="{_attr(c.term)}"'
            + (f' label="{_attr(c.label)}"/>' if c.label else '/>')
            for c in entry.categories
        ]
        if entry.summary:
            lines.append(f'    <summary type="text">{_text(entry.summary)}</summary>')
        lines.append('  </entry>')
    lines.append('</feed>')
    return ('\n'.join(lines) + '\n').encode('utf-8')
