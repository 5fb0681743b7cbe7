"""The build's event handlers: validate the configuration, report.

Findings are made when a document is read (:mod:`.reading`) and reported
once per build, for every spec, when reading is over (``env-updated``), so
``-W`` fails on a faulty spec whether or not it was read again.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from typing import Any, NamedTuple

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from sphinxcontrib_specs import __version__
from sphinxcontrib_specs.adapter.citing import cites_only
from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.validated import settings_from_config
from sphinxcontrib_specs.checking.tree import (
    check_tree,
    excluded_by,
    list_tree,
    settled,
    unchanged,
)
from sphinxcontrib_specs.config.settings import Settings, SettingsError
from sphinxcontrib_specs.core.baseline import (
    Baseline,
    Located,
    SourceLines,
    compare,
    known_message,
    problems,
    read_baseline,
    unreadable_message,
)
from sphinxcontrib_specs.core.encoding import undecodable
from sphinxcontrib_specs.core.files import relative_path, write_atomically
from sphinxcontrib_specs.core.outline import Outline, keep_template_outlines, template_outlines
from sphinxcontrib_specs.core.records import Finding

__all__ = [
    'check_config',
    'leave_out_undecodable',
    'report_findings',
    'save_outlines',
    'settle_records',
    'tree_findings',
]


def tree_findings(app: Sphinx, env: BuildEnvironment) -> list[tuple[str, Finding]]:
    """The file rules' findings, as (path of the file, finding).

    Kept in the environment with the modification times of the directories
    listed: while none of them changes (no file added, removed or renamed
    there) and documents include the same files, the findings are the
    same, and no directory is listed again.
    """
    domain = get_domain(env)
    settings = domain.settings
    # The files documents include are support files (env.dependencies holds
    # absolute paths on Sphinx 9, relative to the source directory before).
    # Every spec depends on its template: a few dozen files, named a
    # thousand times (as strings: Sphinx 9's paths compare in Python).
    named = {os.fspath(path) for paths in env.dependencies.values() for path in paths}
    included = {settings.real_path(os.path.join(app.srcdir, path)) for path in named}
    kept = domain.data.get('tree')
    if kept is not None and kept[1] == included and unchanged(kept[0]):
        findings: list[tuple[str, Finding]] = kept[2]
        return findings
    seen: dict[str, int] = {}
    entries = list_tree(settings, excluded_by(app.config.exclude_patterns), seen)
    findings = [
        (os.path.normpath(location), finding)
        for location, finding in check_tree(entries, settings, included)
    ]
    domain.data['tree'] = (settled(seen), included, findings)
    return findings


logger = logging.getLogger(__name__)


#: The outlines of the templates the last build read, in the doctree
#: directory: validating the configuration reads every template, and a
#: rebuild after one edit spent two thirds of that parsing them again.
OUTLINES_FILE = 'specs-template-outlines.pickle'
#: Bump when :class:`~sphinxcontrib_specs.core.outline.Outline` changes shape.
_OUTLINES_VERSION = (__version__, 1)


#: Path of an outlines file -> the digests it held when this process read it.
_outlines_read: dict[str, frozenset[str]] = {}


def _load_outlines(app: Sphinx) -> None:
    """Take the template outlines the last build kept, if it kept any."""
    path = os.path.join(str(app.doctreedir), OUTLINES_FILE)
    _outlines_read[path] = frozenset()
    try:
        with open(path, 'rb') as stream:
            # Written by this package into the build's own directory, as
            # Sphinx's pickled environment is.
            kept = pickle.load(stream)
    except Exception:  # noqa: BLE001 - a file that cannot be used is only parsed again
        return
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == _OUTLINES_VERSION:
        outlines = kept[1]
        if isinstance(outlines, dict) and all(isinstance(o, Outline) for o in outlines.values()):
            keep_template_outlines(outlines)
            _outlines_read[path] = frozenset(outlines)


def save_outlines(app: Sphinx, exception: Exception | None) -> None:
    """Keep the template outlines of this build for the next (``build-finished``),
    unless the file holds them already."""
    if exception is not None:
        return
    outlines = template_outlines()
    path = os.path.join(str(app.doctreedir), OUTLINES_FILE)
    if not outlines or _outlines_read.get(path) == outlines.keys():
        return
    data = pickle.dumps((_OUTLINES_VERSION, outlines), protocol=pickle.HIGHEST_PROTOCOL)
    with contextlib.suppress(OSError):
        # Only the next build's time is lost if it cannot be written.
        write_atomically(path, data)
        _outlines_read[path] = frozenset(outlines)


def check_config(app: Sphinx, config: Config) -> None:
    """Validate the configuration before anything is read."""
    _load_outlines(app)
    try:
        settings_from_config(config, str(app.srcdir))
    except SettingsError as exc:
        raise ConfigError(f'sphinxcontrib_specs: unusable configuration:\n{exc}') from None


def leave_out_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Report each document Sphinx could not decode, and leave it out.

    Connected on Sphinx 9 and later only (see ``SKIPS_UNDECODABLE``), where
    one such file would otherwise stop the build before any other finding.
    The document is dropped from this build as if it had been deleted; it
    is checked again on the next build, so the finding persists until the
    file is fixed.
    """
    encoding = app.config.source_encoding
    # The header scan of this build, moments ago, read the files that changed.
    decoded = get_domain(env).decoding
    for docname in list(docnames):
        if docname in decoded:
            problem = decoded[docname]
        else:
            try:
                with open(env.doc2path(docname), 'rb') as stream:
                    problem = undecodable(stream.read(), encoding)
            except OSError:
                continue
        if problem is None:
            continue
        line, message = problem
        logger.warning(message, type='specs', subtype='encoding', location=(docname, line))
        docnames.remove(docname)
        env.project.docnames.discard(docname)
        if docname in env.all_docs:
            env.clear_doc(docname)


def _warn(finding: Finding, location: Any) -> None:
    logger.warning(finding.message, type='specs', subtype=finding.code, location=location)


class _Found(NamedTuple):
    """A finding to report: where the baseline and the warning place it."""

    #: The file's path relative to the source directory, as the baseline names it.
    path: str
    finding: Finding
    #: The file that holds the finding's line (None: about a whole file).
    source: str | None
    location: Any


def settle_records(app: Sphinx, env: BuildEnvironment) -> None:
    """Note whether any record changed in this build, before Sphinx keeps the
    environment (see ``SpecsDomain.generation``)."""
    get_domain(env).settle_generation()


def report_findings(app: Sphinx, env: BuildEnvironment) -> None:
    """Report every finding of every spec, read in this build or not.

    Findings are reported here, once per build and in docname order, so an
    incremental build still fails on a faulty spec it did not re-read, and
    ``-j N`` reports exactly what ``-j 1`` does; those that compare specs
    (``duplicate_spec``) are made here, from the records of all of them.
    The findings of templates and of the file rules follow the same way,
    and all of them go through the baseline, read anew on every build.
    """
    domain = get_domain(env)
    settings = domain.settings
    srcdir = settings.srcdir
    found: list[_Found] = []
    for template in domain.live_templates():
        if settings.rules.get('template') is None:
            break
        source = os.path.join(srcdir, template.path)
        for finding in template.findings:
            if template.location is None:
                location: Any = (settings.docname_of(template.path), finding.line)
            else:
                location = f'{template.location}:{finding.line}'
            found.append(_Found(template.path, finding, source, location))
    every = domain.findings()
    if not every and settings.rules.get('config') is not None and not cites_only(settings):
        # No location: the configuration finds nothing, no document is wrong.
        logger.warning(settings.no_spec(env.found_docs), type='specs', subtype='config')
    for docname, findings in every.items():
        if not findings:
            continue
        source = domain.source_path(docname)
        path = relative_path(source, srcdir)
        found.extend(_Found(path, f, source, (docname, f.line)) for f in findings)
    for location, finding in tree_findings(app, env):
        found.append(
            _Found(relative_path(location, srcdir), finding, None, f'{location}:{finding.line}')
        )
    _report(app, settings, found)


def _report(app: Sphinx, settings: Settings, found: list[_Found]) -> None:
    """Report the findings the baseline does not hold, and what is wrong with it."""
    confdir = str(app.confdir or app.srcdir)
    baseline_on = settings.rules.get('baseline') is not None
    path = None
    baseline = Baseline()
    if settings.baseline is not None:
        path = os.path.normpath(os.path.join(confdir, settings.baseline))
        try:
            baseline = read_baseline(path)
        except OSError as exc:
            if baseline_on:
                # At line 1, as the file rules report a whole file.
                location = f'{path}:1'
                logger.warning(
                    unreadable_message(exc), type='specs', subtype='baseline', location=location
                )
    if path is None or not (baseline.entries or baseline.damaged):
        for item in found:
            _warn(item.finding, item.location)
        return
    # The lines' texts are kept in the environment with each file's time
    # and size: most findings are in files this build did not change.
    kept = get_domain(app.env).data.setdefault('line_texts', {})
    lines = SourceLines(app.config.source_encoding, kept)
    located = [
        Located(
            item.path,
            item.finding,
            lines.text(item.source, item.finding.line) if item.source else '',
        )
        for item in found
    ]
    lines.forget_others()
    comparison = compare(baseline, located)
    for index in comparison.new:
        _warn(found[index].finding, found[index].location)
    if baseline_on:
        for line, message in problems(baseline, comparison):
            logger.warning(message, type='specs', subtype='baseline', location=f'{path}:{line}')
    if comparison.known:
        shown = os.path.relpath(path, confdir).replace(os.sep, '/')
        logger.info(f'sphinx-specs: {known_message(comparison.known, shown)}')
