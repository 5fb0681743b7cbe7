"""The status vocabulary: names, labels, order and other spellings."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ['DEFAULT_STATUSES', 'StatusVocabulary']


#: Status names seen in specs repositories, in display order, with labels.
DEFAULT_STATUSES: dict[str, str] = {
    'approved': 'Approved',
    'implemented': 'Implemented',
    'in-progress': 'In progress',
    'ongoing': 'Ongoing',
    'done': 'Done',
    'backlog': 'Backlog',
    'ideas': 'Ideas',
    'untargeted': 'Untargeted',
    'release_independent': 'Release independent',
    'not-implemented': 'Not implemented',
    'superseded': 'Superseded',
    'retired': 'Retired',
    'abandoned': 'Abandoned',
}
#: Spellings of one status that repositories use interchangeably.
DEFAULT_STATUS_ALIASES: dict[str, str] = {
    'in_progress': 'in-progress',
    'unimplemented': 'not-implemented',
    'not_implemented': 'not-implemented',
    'release-independent': 'release_independent',
}


class StatusVocabulary:
    """Known statuses, their labels, their order and their spellings."""

    def __init__(self, labels: Mapping[str, str], aliases: Mapping[str, str]) -> None:
        self.labels = dict(labels)
        self._order = {name: index for index, name in enumerate(labels)}
        self._aliases = dict(aliases)

    def canonical(self, name: str) -> str | None:
        """The status ``name`` stands for, or None if it is not one."""
        folded = name.strip().casefold()
        folded = self._aliases.get(folded, folded)
        return folded if folded in self.labels else None

    def label(self, name: str) -> str:
        return self.labels.get(name, name)

    def sort_key(self, name: str) -> tuple[int, str]:
        return (self._order.get(name, len(self._order)), name)
