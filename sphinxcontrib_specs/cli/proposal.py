"""A setting ``sphinx-specs init`` proposes, and the words its comments are made of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ['FIELDS', 'Setting', 'count', 'shown']

#: The fields of a docname pattern that are metadata.
FIELDS = ('release', 'status', 'project')


@dataclass(frozen=True)
class Setting:
    """A proposed value, and the one-line comment that says what it is for."""

    name: str
    value: Any
    comment: str


def count(number: int, word: str) -> str:
    """``number`` things called ``word``, in words: ``2 policies``."""
    if number == 1:
        return f'1 {word}'
    if word.endswith('y') and word[-2:-1] not in 'aeiou':
        return f'{number} {word[:-1]}ies'
    return f'{number} {word}s'


def shown(pattern: str) -> str:
    """A docname pattern as a path shown to people: ``specs/<release>/<name>.rst``."""
    return pattern.replace('{', '<').replace('}', '>') + '.rst'
