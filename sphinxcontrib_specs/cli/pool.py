"""Checking many specs in worker processes, in runs of neighbouring specs."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ['jobs_argument', 'run_chunked']

Item = tuple[str, str]
T = TypeVar('T')

#: Below this many specs, checking in one process is faster than starting more.
_PARALLEL_FROM = 40


def _start_worker() -> None:
    # A worker parses hundreds of doctrees full of reference cycles.  What
    # it inherited from the parent never becomes garbage, and collecting the
    # young generation less often costs a few megabytes: together about a
    # tenth of a worker's time on nova-specs.
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def jobs_argument(value: str) -> int:
    """``--jobs``: a number, or ``auto`` for one process per CPU."""
    if value == 'auto':
        return _cpu_count()
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f'expected a number or auto, got {value!r}') from None
    if jobs < 1:
        raise argparse.ArgumentTypeError('expected 1 or more')
    return jobs


def _cpu_count() -> int:
    if hasattr(os, 'sched_getaffinity'):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def run_chunked(
    work: Callable[[Sequence[Item]], list[T]], srcdir: str, items: list[Item], jobs: int
) -> list[T]:
    """``work`` applied to every (docname, path) of ``items``, in up to ``jobs`` processes.

    ``work`` must be picklable; results come back in the order of ``items``.
    """
    if jobs <= 1 or len(items) < _PARALLEL_FROM:
        return work(items)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Forking is the cheapest start and shares what the parent has loaded.
    context = (
        multiprocessing.get_context('fork')
        if sys.platform == 'linux' and 'fork' in multiprocessing.get_all_start_methods()
        else None
    )
    chunks = _chunks(srcdir, items, min(len(items), jobs * 12))
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker) as pool:
        return [result for part in pool.map(work, chunks) for result in part]


def _chunks(srcdir: str, items: list[tuple[str, str]], count: int) -> list[list[tuple[str, str]]]:
    """``items`` in ``count`` runs of about the same number of bytes.

    Many runs per worker even out what is left for the last one; runs of
    neighbouring docnames mostly share a release, so a worker reads few
    templates for each.
    """
    sizes = []
    for _docname, path in items:
        try:
            sizes.append(os.path.getsize(os.path.join(srcdir, path)))
        except OSError:
            sizes.append(0)
    share = sum(sizes) / count or 1
    chunks: list[list[tuple[str, str]]] = [[]]
    filled = 0
    for item, size in zip(items, sizes, strict=True):
        if filled >= share * len(chunks) and len(chunks) < count:
            chunks.append([])
        chunks[-1].append(item)
        filled += size
    return chunks
