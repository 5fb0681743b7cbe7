"""Timing builds in subprocesses, and comparing them fairly on a busy machine.

Every measured build is ``python -m sphinx`` in a fresh subprocess; its
wall-clock time comes from the parent, its peak memory from ``wait4``.
Sides of a comparison run in one loop, their order reversed every other
round, so slow drift in the machine's load (other work running) falls on
both; a :class:`Comparison` gives the median of each side, the ratio of
the medians and the median of each round's ratio.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    'Comparison',
    'Run',
    'alternate',
    'compile_extension',
    'conf_dir',
    'machine',
    'run',
    'sphinx_build',
]


@dataclass(frozen=True)
class Run:
    """One finished subprocess: wall-clock and CPU seconds, peak memory, output.

    CPU seconds (user and system, of the process and the children it waited
    for) vary much less than wall-clock time with the load of other work.
    """

    seconds: float
    cpu_seconds: float = 0.0
    max_rss_mib: float = 0.0
    returncode: int = 0
    stdout: str = ''
    stderr: str = ''


def run(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Run ``command``; time it and read its peak resident memory.

    Output goes to temporary files, not pipes, so that waiting for the
    process with ``wait4`` (which returns its resource usage) cannot block
    on a full pipe.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            # Kibibytes on Linux.
            max_rss_mib=usage.ru_maxrss / 1024,
            returncode=process.returncode,
            stdout=out.read().decode(errors='replace'),
            stderr=err.read().decode(errors='replace'),
        )


def sphinx_build(
    source: Path,
    out: Path,
    builder: str = 'html',
    *,
    jobs: int = 1,
    confdir: Path | None = None,
    fresh: bool = True,
    quiet: bool = True,
) -> Run:
    """One ``sphinx-build`` of ``source`` into ``out`` (doctrees inside it).

    ``fresh`` empties ``out`` first: a full build from nothing.  ``quiet``
    passes ``-q`` (warnings only).  Exits with Sphinx's error output if the
    build fails.
    """
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, '-m', 'sphinx', *(['-q'] if quiet else []), '-j', str(jobs)]
    command += ['-b', builder]
    if confdir is not None:
        command += ['-c', str(confdir)]
    result = run([*command, str(source), str(out)])
    if result.returncode:
        sys.exit(f'build of {source} failed:\n{result.stderr[-3000:]}')
    return result


def conf_dir(directory: Path, text: str, source: Path) -> Path:
    """A configuration directory for ``sphinx-build -c`` holding ``text`` as conf.py.

    Paths in the configuration stay relative to the source directory, where
    a recipe expects them; the source's ``_static`` and ``_templates`` are
    linked in, as ``-c`` would otherwise lose them.
    """
    directory.mkdir(parents=True, exist_ok=True)
    (directory / 'conf.py').write_text(text)
    for name in ('_static', '_templates'):
        if (source / name).exists() and not (directory / name).exists():
            (directory / name).symlink_to(source / name)
    return directory


@dataclass
class Comparison:
    """Runs of one measurement on each side, gathered in the same rounds."""

    runs: dict[str, list[Run]] = field(default_factory=dict)

    def values(self, side: str, key: str = 'seconds') -> list[float]:
        return [getattr(run, key) for run in self.runs[side]]

    def median(self, side: str, key: str = 'seconds') -> float:
        return statistics.median(self.values(side, key))

    def ratio(self, side: str, baseline: str, key: str = 'seconds') -> float:
        """The ratio of the medians."""
        return self.median(side, key) / self.median(baseline, key)

    def round_ratio(self, side: str, baseline: str, key: str = 'seconds') -> float:
        """The median of each round's ratio (both ran under much the same load)."""
        pairs = zip(self.values(side, key), self.values(baseline, key), strict=True)
        return statistics.median(s / b for s, b in pairs)


def alternate(
    sides: Iterable[str],
    measure: Callable[[str], Run],
    rounds: int,
    report: Callable[[str], None] = print,
) -> Comparison:
    """``measure`` each side once per round; every other round in reverse order."""
    order = list(sides)
    comparison = Comparison({side: [] for side in order})
    for round_ in range(rounds):
        for side in order if round_ % 2 == 0 else reversed(order):
            result = measure(side)
            comparison.runs[side].append(result)
            memory = f' {result.max_rss_mib:8.1f} MiB' if result.max_rss_mib else ''
            report(
                f'  round {round_ + 1}: {side:24} {result.seconds:8.2f} s '
                f'(cpu {result.cpu_seconds:8.2f} s){memory}'
            )
    return comparison


def machine() -> dict[str, object]:
    """What the numbers were measured on, and how busy it was."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    return {
        'cpus': cpus,
        'load': [round(value, 2) for value in os.getloadavg()],
        'python': sys.version.split()[0],
    }


def compile_extension() -> None:
    """Compile the extension's modules to bytecode, as installing it does.

    A source checkout installed in editable mode has no bytecode until
    Python writes it, and with ``PYTHONDONTWRITEBYTECODE`` set (as in some
    CI images) never does: every build then compiles the extension again,
    some 60 ms, which an installed wheel never pays and the side without
    the extension (Sphinx, installed) does not pay either.
    """
    import sphinxcontrib_specs

    compileall.compile_dir(os.path.dirname(sphinxcontrib_specs.__file__), quiet=1)
