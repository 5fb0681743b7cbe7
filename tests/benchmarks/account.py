"""What the extension's own code costs inside a real build, in CPU seconds.

:func:`build` runs ``sphinx-build`` in this process with every entry point
of the extension timed: its import and ``setup()``, each event listener it
connects, and each method of the directives, roles, transforms, domain and
node visitors it registers.  A call into the extension made while another
is being timed is part of that one (nothing is counted twice), and what the
extension calls (docutils, Sphinx, the file system) counts as its own.
The clock is CPU time (user and system) of the process and of the
processes it runs (``git``, which the extension runs for the history), so
a slow disk or a busy machine adds less than to wall time; the build runs
with one process (``-j 1``), so the process's time is the build's.

What it leaves out is what Sphinx does because the extension is there: the
generated pages it reads and writes, and its collector walking a larger
heap.  Whole builds with and without the extension (``nova_cost.py``)
show that part.
"""

from __future__ import annotations

import functools
import gc
import inspect
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

PACKAGE = 'sphinxcontrib_specs'


def cpu() -> float:
    """CPU seconds of this process and of the processes it ran (``git``),
    user and system, to the microsecond."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@dataclass
class Account:
    """CPU seconds and calls per entry point, and the whole build's.

    Python's cyclic garbage collector runs when enough container objects
    have been allocated (and not freed) since it last ran, in whatever code
    makes the allocation that crosses the threshold: in a build whose heap
    holds every document, one full collection takes a tenth of a second,
    and which calls it lands in is chance.  So the collector's pauses are
    left out of each call's time, and the extension is charged its share
    of all of them instead: the share of the build's net container
    allocations made in its calls (:attr:`collector`).
    """

    seconds: Counter[str] = field(default_factory=Counter)
    calls: Counter[str] = field(default_factory=Counter)
    build: float = 0.0
    returncode: int = 0
    #: The collector's pauses in the whole build, and in the extension's calls.
    gc_build: float = 0.0
    gc_ours: float = 0.0
    #: Net container allocations (the collector's trigger) in the whole build,
    #: and in the extension's calls.
    allocations_build: int = 0
    allocations_ours: int = 0
    #: Net container allocations per entry point.
    allocations: Counter[str] = field(default_factory=Counter)
    #: CPU seconds of each feature (:data:`FEATURES`), part of the above.
    features: Counter[str] = field(default_factory=Counter)
    #: What timing one call costs, taken off each call (see :func:`calibrate`).
    overhead: float = 0.0
    #: A :class:`cProfile.Profile` to run during the extension's calls only.
    profile: Any = None
    _depth: int = 0
    _mark: int = 0
    _paused: float = 0.0
    _ours_at_enter: int = 0
    _pause_started: float = 0.0

    @property
    def own(self) -> float:
        """CPU seconds in the extension's calls, the collector's pauses left out."""
        return sum(self.seconds.values())

    @property
    def collector(self) -> float:
        """The extension's share of the collector's pauses."""
        if not self.allocations_build:
            return 0.0
        return self.gc_build * max(self.allocations_ours, 0) / self.allocations_build

    @property
    def ours(self) -> float:
        return self.own + self.collector

    @property
    def share(self) -> float:
        return self.ours / self.build if self.build else 0.0

    #: What :meth:`as_json` keeps: what the reports are made of.
    _KEPT = ('build', 'returncode', 'gc_build', 'gc_ours', 'allocations_build', 'allocations_ours')
    _COUNTED = ('seconds', 'calls', 'allocations', 'features')

    def as_json(self) -> dict[str, Any]:
        """The account as JSON data, for the process that ran the build to
        hand it to another (:meth:`from_json`)."""
        return {
            **{name: getattr(self, name) for name in self._KEPT},
            **{name: dict(getattr(self, name)) for name in self._COUNTED},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Account:
        account = cls(**{name: data[name] for name in cls._KEPT})
        for name in cls._COUNTED:
            getattr(account, name).update(data[name])
        return account

    def start_counting(self) -> None:
        self._mark = gc.get_count()[0]

    def stop_counting(self) -> None:
        self._allocated()

    def _allocated(self) -> None:
        count = gc.get_count()[0]
        self.allocations_build += count - self._mark
        if self._depth:
            self.allocations_ours += count - self._mark
        self._mark = count

    def on_collection(self, phase: str, info: dict[str, int]) -> None:
        """A :data:`gc.callbacks` entry: time each pause, and count what
        was allocated up to it."""
        if phase == 'start':
            self._allocated()
            self._pause_started = time.process_time()
        else:
            pause = time.process_time() - self._pause_started
            self.gc_build += pause
            if self._depth:
                self.gc_ours += pause
                self._paused += pause
            self._mark = gc.get_count()[0]

    def feature_timed(self, feature: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function``, its CPU time counted to ``feature`` as well."""
        depth = [0]

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if depth[0]:
                return function(*args, **kwargs)
            depth[0] += 1
            started = cpu()
            try:
                return function(*args, **kwargs)
            finally:
                self.features[feature] += cpu() - started
                depth[0] -= 1

        return timed

    def feature_seconds(self) -> dict[str, float]:
        """Each feature's CPU seconds: its entry points' and its inner calls'."""
        result = {}
        for feature, (labels, _inner) in FEATURES.items():
            result[feature] = self.features[feature] + sum(self.seconds[label] for label in labels)
        return result

    def timed(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function``, counting its CPU time under ``label`` when it is
        the outermost call into the extension."""
        if getattr(function, '__specs_timed__', False):
            return function

        def enter() -> float:
            self._allocated()
            self._ours_at_enter = self.allocations_ours
            self._depth += 1
            self._paused = 0.0
            if self.profile is not None:
                # The collector's pauses would land on whatever allocates.
                gc.disable()
                self.profile.enable()
            return cpu()

        def leave(started: float) -> None:
            spent = cpu() - started - self._paused - self.overhead
            self.seconds[label] += max(spent, 0.0)
            if self.profile is not None:
                self.profile.disable()
                gc.enable()
            self._allocated()
            self.allocations[label] += self.allocations_ours - self._ours_at_enter
            self.calls[label] += 1
            self._depth -= 1

        if inspect.isgeneratorfunction(function):
            # Its work happens as it is iterated, a step at a time.
            @functools.wraps(function)
            def steps(*args: Any, **kwargs: Any) -> Any:
                iterator = function(*args, **kwargs)
                while True:
                    if self._depth:
                        try:
                            item = next(iterator)
                        except StopIteration:
                            return
                    else:
                        started = enter()
                        try:
                            item = next(iterator)
                        except StopIteration:
                            return
                        finally:
                            leave(started)
                    yield item

            steps.__specs_timed__ = True  # type: ignore[attr-defined]
            return steps

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self._depth:
                return function(*args, **kwargs)
            started = enter()
            try:
                return function(*args, **kwargs)
            finally:
                leave(started)

        timed.__specs_timed__ = True  # type: ignore[attr-defined]
        return timed


#: The features the adoption work added, and where their work is done:
#: entry points (by label) and functions called inside others (by module
#: and name), timed again as a breakdown of the total.
FEATURES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    'template of its time': (
        (
            'env-get-outdated history.versions_changed',
            'env-before-read-docs history.read_history',
            'env-updated history.report_history',
        ),
        (
            (f'{PACKAGE}.checking.dated', 'DatedTemplates.templates'),
            (f'{PACKAGE}.adapter.domain', 'SpecsDomain.note_template_version'),
        ),
    ),
    'baseline': (
        (),
        (
            (f'{PACKAGE}.adapter.events', 'read_baseline'),
            (f'{PACKAGE}.adapter.events', 'compare'),
            (f'{PACKAGE}.adapter.events', 'problems'),
            (f'{PACKAGE}.core.baseline', 'SourceLines.text'),
        ),
    ),
    'references': (
        (
            'SpecsDomain get_objects',
            'SpecsDomain resolve_xref',
            'SpecsDomain resolve_any_xref',
            'SettleReferences run',
            'doctree-resolved citing.note_written',
            'build-finished citing.save_written',
            'builder-inited citing.read_external',
            'env-get-updated citing.pages_to_rewrite',
            'warn-missing-reference citing.warn_unresolved',
        ),
        # Links between specs by URL: taken when a spec is read (inside the
        # extension's doctree-read listener), judged when it is checked.
        (
            (f'{PACKAGE}.adapter.citing', 'spec_links'),
            (f'{PACKAGE}.adapter.citing', 'add_autolinks'),
        ),
    ),
}


def _wrap_features(account: Account) -> None:
    """Time the functions of :data:`FEATURES` that run inside other calls."""
    for feature, (_labels, inner) in FEATURES.items():
        for module_name, qualname in inner:
            module = sys.modules.get(module_name)
            if module is None:
                continue
            owner: Any = module
            *path, name = qualname.split('.')
            for part in path:
                owner = getattr(owner, part, None)
            if owner is None or not hasattr(owner, name):
                continue
            setattr(owner, name, account.feature_timed(feature, getattr(owner, name)))


def _ours(function: object) -> bool:
    module = getattr(function, '__module__', None) or ''
    return module == PACKAGE or module.startswith(f'{PACKAGE}.')


def _wrap_classes(account: Account) -> None:
    """Time every method of the extension's directives, roles, transforms,
    domains, indices and collectors (what Sphinx and docutils call)."""
    from docutils.parsers.rst import Directive
    from docutils.transforms import Transform
    from sphinx.domains import Domain, Index
    from sphinx.environment.collectors import EnvironmentCollector
    from sphinx.util.docutils import ReferenceRole, SphinxRole

    bases = (Directive, Transform, Domain, Index, EnvironmentCollector, SphinxRole, ReferenceRole)
    for name, module in list(sys.modules.items()):
        if module is None or not (name == PACKAGE or name.startswith(f'{PACKAGE}.')):
            continue
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and cls.__module__ == name and issubclass(cls, bases)):
                continue
            for attribute, value in list(vars(cls).items()):
                if inspect.isfunction(value) and attribute != '__init_subclass__':
                    label = f'{cls.__name__} {attribute}'
                    setattr(cls, attribute, account.timed(label, value))


def _wrap_visitors(account: Account, app: Any) -> None:
    handlers = app.registry.translation_handlers
    for builder, nodes in handlers.items():
        for node, pair in list(nodes.items()):
            nodes[node] = tuple(
                account.timed(f'visitor {node}', function)
                if function is not None and _ours(function)
                else function
                for function in pair
            )
        handlers[builder] = nodes


def calibrate(calls: int = 20_000) -> float:
    """The CPU seconds the timing adds to each call it times: a tenth of a
    millisecond per thousand calls, which ``get_objects`` (a generator Sphinx
    steps through ten thousand times a build) would otherwise be charged."""
    probe = Account()
    nothing = probe.timed('nothing', lambda: None)
    for _ in range(calls):
        nothing()
    return probe.seconds['nothing'] / calls


def build(arguments: Sequence[str], profile: Any = None) -> Account:
    """``sphinx-build arguments`` in this process, with the extension timed
    (and profiled by ``profile``, a :class:`cProfile.Profile`, if given)."""
    from sphinx.cmd.build import build_main
    from sphinx.events import EventManager
    from sphinx.registry import SphinxComponentRegistry

    account = Account(profile=profile, overhead=calibrate())
    connect = EventManager.connect
    load_extension = SphinxComponentRegistry.load_extension

    def timed_connect(self: Any, name: str, callback: Any, priority: int) -> int:
        if _ours(callback):
            module = callback.__module__.rsplit('.', 1)[-1]
            label = f'{name} {module}.{getattr(callback, "__qualname__", callback)}'
            callback = account.timed(label, callback)
        return connect(self, name, callback, priority)

    def timed_load(self: Any, app: Any, extname: str) -> None:
        if extname != PACKAGE:
            load_extension(self, app, extname)
            return
        account.timed('setup (imports and registration)', load_extension)(self, app, extname)
        _wrap_classes(account)
        _wrap_visitors(account, app)
        _wrap_features(account)

    EventManager.connect = timed_connect  # type: ignore[method-assign]
    SphinxComponentRegistry.load_extension = timed_load  # type: ignore[method-assign]
    _forget_extension()
    gc.collect()
    gc.callbacks.append(account.on_collection)
    account.start_counting()
    started = cpu()
    try:
        account.returncode = build_main(list(arguments))
    finally:
        account.build = cpu() - started
        account.stop_counting()
        gc.callbacks.remove(account.on_collection)
        EventManager.connect = connect  # type: ignore[method-assign]
        SphinxComponentRegistry.load_extension = load_extension  # type: ignore[method-assign]
        # The next build imports (and times) the extension afresh.
        _forget_extension()
    return account


def _forget_extension() -> None:
    for name in list(sys.modules):
        if name == PACKAGE or name.startswith(f'{PACKAGE}.'):
            del sys.modules[name]


def report(account: Account, top: int = 12) -> str:
    lines = [
        (
            f'build {account.build:7.2f} s CPU, extension {account.ours * 1000:7.1f} ms '
            f'({account.share * 100:.2f} %): own work {account.own * 1000:.1f} ms, '
            f'collector share {account.collector * 1000:.1f} ms '
            f'({account.allocations_ours / max(account.allocations_build, 1) * 100:.1f} % of '
            f'{account.allocations_build} allocations; pauses {account.gc_build:.2f} s in the '
            f'build, {account.gc_ours * 1000:.0f} ms in its calls)'
        )
    ]
    by_feature = account.feature_seconds().items()
    features = ', '.join(f'{feature} {seconds * 1000:.1f} ms' for feature, seconds in by_feature)
    lines.append(f'  of which: {features}')
    for label, seconds in account.seconds.most_common(top):
        lines.append(
            f'  {seconds * 1000:8.1f} ms {account.calls[label]:6d}x '
            f'{account.allocations[label]:8d} allocations  {label}'
        )
    return '\n'.join(lines)


if __name__ == '__main__':
    import argparse
    import cProfile
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--profile', help='write a profile of the extension calls to this file')
    parser.add_argument('--json', help='write the account to this file (Account.from_json)')
    options, arguments = parser.parse_known_args()
    profiler = cProfile.Profile() if options.profile else None
    result = build(arguments, profiler)
    if profiler is not None:
        profiler.dump_stats(options.profile)
    if options.json:
        with open(options.json, 'w', encoding='utf-8') as stream:
            json.dump(result.as_json(), stream)
    else:
        print(report(result, top=40))
    sys.exit(result.returncode)
