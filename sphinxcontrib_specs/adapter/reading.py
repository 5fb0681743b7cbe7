"""Each spec's record, from the doctree Sphinx has just read.

A spec is checked in two steps.  When Sphinx has read it (``doctree-read``),
what the checks need of its doctree is taken: its outline, the fields it
states, its comments, the links to the site's own pages, and the file's
bytes (:class:`Read`).  The checks themselves, on that alone, run when
reading is over (``env-updated``, before the findings are reported), all
specs one after the other.

Checking each spec between two of Sphinx's parses cost up to twice the
time: each time the rules, the settings and the templates had to come
back into the processor's caches after docutils had pushed them out.  What is kept
until then is made of tuples, strings and bytes, which the garbage
collector stops looking at, so keeping it costs the rest of the build
nothing.  When Sphinx reads in parallel (``-j N``), each worker process
checks its specs at once, as before: the main process would otherwise
check every spec alone.
"""

from __future__ import annotations

import inspect
import os
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.parallel import parallel_available

from sphinxcontrib_specs.adapter.citing import add_autolinks, spec_links
from sphinxcontrib_specs.adapter.domain import get_domain
from sphinxcontrib_specs.adapter.indexes.metadata_box import make_box
from sphinxcontrib_specs.checking.document import DoctreeFacts, check_facts, doctree_facts
from sphinxcontrib_specs.core.files import relative_path
from sphinxcontrib_specs.core.records import TemplateRecord

__all__ = ['Read', 'check_read_specs', 'read_doctree', 'start_reading']

#: Whether ``note_dependency`` takes the document it notes for (Sphinx 9 on).
_NOTES_FOR_ANY = 'docname' in inspect.signature(BuildEnvironment.note_dependency).parameters


class Read(NamedTuple):
    """What checking a spec needs of its doctree and file, kept from
    ``doctree-read`` to the checks."""

    facts: DoctreeFacts
    links: tuple[str, ...]
    source: bytes


def start_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Whether the specs read in this build wait for the end of reading to
    be checked: unless Sphinx reads in parallel, as it decides it
    (``env-before-read-docs``).

    Sphinx reads in parallel when asked to and every extension says it is
    safe (``app.is_parallel_allowed('read')``, which would warn a second
    time about an extension that does not say so).
    """
    parallel = (
        parallel_available
        and app.parallel > 1
        and all(getattr(ext, 'parallel_read_safe', None) for ext in app.extensions.values())
    )
    get_domain(env).defer_checks = not parallel


def read_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """Take what checking the document just read needs (``doctree-read``)."""
    env = app.env
    docname = env.docname
    domain = get_domain(env)
    settings = domain.settings
    if docname in settings.template_docnames:
        # Templates are published for reference, not listed in toctrees.
        env.metadata[docname]['orphan'] = True
        return
    if settings.classify(docname) is None:
        return
    source = _source(domain.scanned_sources.pop(docname, None), domain.source_path(docname))
    facts = doctree_facts(settings, doctree, env.metadata[docname], source)
    links = spec_links(app, doctree)
    if not domain.defer_checks:
        _check(app, docname, facts, links, source)
        return
    domain.pending[docname] = Read(facts, links, source)


def _source(scanned: tuple[str, tuple[int, int], bytes] | None, path: str) -> bytes:
    """The bytes of the file at ``path``: those the header scan read (when
    it read that file, and it has not changed since), else read now."""
    try:
        if scanned is not None and scanned[0] == path:
            status = os.stat(path)
            if (status.st_mtime_ns, status.st_size) == scanned[1]:
                return scanned[2]
        with open(path, 'rb') as stream:
            return stream.read()
    except OSError:
        return b''


def check_read_specs(app: Sphinx, env: BuildEnvironment) -> None:
    """Check the specs read in this build, in docname order (``env-updated``,
    before anything that uses their records)."""
    domain = get_domain(env)
    pending, domain.pending = domain.pending, {}
    domain.defer_checks = False
    # What the header scan kept for the documents read is taken by now (in
    # the worker processes of -j N, by them): the rest is let go.
    domain.scanned_sources = {}
    for docname in sorted(pending):
        read = pending[docname]
        _check(app, docname, read.facts, read.links, read.source)
        # Its metadata box too, with the others (a worker process of -j N
        # would make it for nothing: the main process writes the pages).
        record = domain.specs.get(docname)
        if record is not None:
            make_box(app, record)
    domain.settings.resolved_headers.clear()


def _check(
    app: Sphinx, docname: str, facts: DoctreeFacts, links: tuple[str, ...], source: bytes
) -> None:
    """Make and keep the record of the spec ``docname``."""
    env = app.env
    domain = get_domain(env)
    settings = domain.settings
    spec_path = relative_path(domain.source_path(docname), settings.srcdir)
    result = check_facts(
        settings,
        docname,
        facts,
        path=spec_path,
        source=source,
        load_template=domain.template,
        load_dated_template=domain.template_of_its_time,
    )
    if result is None:
        return
    if result.template is not None:
        _depend(env, docname, os.path.join(settings.srcdir, result.template))
        # Which version of it applied: a new commit that changes that (the
        # spec committed, the history fetched) reads the spec again.
        domain.note_template_version(docname, result.template, spec_path)
        # A template the build excludes may have been passed over for this
        # one, with a warning (an old copy): deleting it clears the warning.
        for path in sorted(settings.excluded_templates - {result.template}):
            _depend(env, docname, os.path.join(settings.srcdir, path))
        template = domain.template(result.template, result.kind)
        # Recorded anew whenever a spec using the template is read, which
        # is whenever the template changes (it is a dependency).
        template_doc = settings.docname_of(result.template)
        domain.add_template(
            TemplateRecord(
                result.template,
                None if template_doc in env.found_docs else result.template,
                tuple(template.problems),
            )
        )
    domain.add_spec(result)
    add_autolinks(app, docname, links, source)


#: The dependency ``note_dependency`` would note, by source directory and path.
_NOTED: dict[tuple[str, str], Any] = {}


def _depend(env: BuildEnvironment, docname: str, path: str) -> None:
    """``env.note_dependency`` for the document ``docname``, which need not be
    the one being read."""
    if _NOTES_FOR_ANY:
        # What note_dependency adds (a path object joined to the source
        # directory), made once per template rather than once per spec.
        key = (str(env.srcdir), path)
        noted = _NOTED.get(key)
        if noted is None:
            noted = _NOTED[key] = env.srcdir / path
        env.dependencies.setdefault(docname, set()).add(noted)
    else:
        # Sphinx 7 and 8 note for the current document only, as the path given.
        dependencies: dict[str, set[Any]] = env.dependencies
        dependencies.setdefault(docname, set()).add(path)
