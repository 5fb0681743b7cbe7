"""Specs published twice in one release: the ``duplicate_spec`` findings.

A cross-document view (pure, no Sphinx): each spec's check gives its
:class:`Identity`, the build keeps it in the spec's record and the command
line in its outcome, and :func:`duplicate_findings` compares them anew
every time, so the findings follow every change to either document.
"""

from __future__ import annotations

from collections.abc import Iterable

from sphinxcontrib_specs.core.records import Finding, Identity

__all__ = ['Identity', 'duplicate_findings']


def duplicate_findings(identities: Iterable[Identity]) -> dict[str, list[Finding]]:
    """docname -> its finding, for each spec an earlier spec publishes already.

    Two specs are the same when they are of one kind, release and project
    (or one of them has no project), and share their name or their
    blueprint (see :func:`_same_name` and :func:`_same_blueprint`).  A file
    that is several docnames (through symbolic links) is one spec, known by
    its first docname.  In docname order, each spec that repeats an earlier
    one is reported, naming the first.
    """
    files: dict[str, Identity] = {}
    for spec in sorted(identities, key=_docname):
        files.setdefault(spec.source, spec)
    seen: dict[tuple[str, ...], list[Identity]] = {}
    found: dict[str, list[Finding]] = {}
    for spec in files.values():
        scope = (spec.kind, spec.release)
        keys = []
        if spec.name:
            keys.append((*scope, 'name', spec.name))
        if spec.blueprint:
            keys.append((*scope, 'blueprint', spec.blueprint.casefold()))
        earlier: list[Identity] = []
        for key in keys:
            candidates = seen.setdefault(key, [])
            earlier.extend(other for other in candidates if _one_spec(spec, other))
            candidates.append(spec)
        if earlier:
            found[spec.docname] = [_finding(spec, min(earlier, key=_docname))]
    return found


def _docname(identity: Identity) -> str:
    return identity.docname


def _differ(one: str, other: str) -> bool:
    """Whether two names are both known and different (whatever their case)."""
    return bool(one) and bool(other) and one.casefold() != other.casefold()


def _same_name(spec: Identity, other: Identity) -> bool:
    """One file name, for documents that hold the same sections.

    Documents of one name with no section title in common hold different
    things: collection pages (one per status, each listing its own "spec
    lites"), not a spec and its left-behind copy.
    """
    disjoint = bool(spec.sections and other.sections) and spec.sections.isdisjoint(other.sections)
    return bool(spec.name) and spec.name == other.name and not disjoint


def _same_blueprint(spec: Identity, other: Identity) -> bool:
    """One blueprint: one name (whatever its case) in one Launchpad project."""
    return (
        bool(spec.blueprint)
        and spec.blueprint.casefold() == other.blueprint.casefold()
        and not _differ(spec.blueprint_project, other.blueprint_project)
    )


def _one_spec(spec: Identity, other: Identity) -> bool:
    if _differ(spec.project, other.project):
        return False
    return _same_name(spec, other) or _same_blueprint(spec, other)


def _finding(spec: Identity, other: Identity) -> Finding:
    same_name = _same_name(spec, other)
    same_blueprint = _same_blueprint(spec, other)
    where = f'this spec is published twice in release {spec.release}: {other.path}'
    keep = 'keep one, remove the other and redirect its path to the one kept'
    if same_name and same_blueprint:
        message = f"{where} has the same name and blueprint ('{spec.blueprint}'); {keep}"
    elif same_name:
        message = f"{where} has the same name ('{spec.name}'); {keep}"
    else:
        message = (
            f"{where} is for the same blueprint ('{spec.blueprint}'); {keep}, or give each "
            'spec its own blueprint'
        )
    line = spec.blueprint_line if same_blueprint and spec.blueprint_line else spec.title_line
    return Finding('duplicate_spec', line, message)
