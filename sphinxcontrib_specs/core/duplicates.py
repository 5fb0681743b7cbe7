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

    Two specs are the same when they are of one kind and release and share
    their name or their blueprint (whatever its case).  In docname order,
    each spec that repeats an earlier one is reported, naming the first.
    """
    first: dict[tuple[str, str, str, str], Identity] = {}
    found: dict[str, list[Finding]] = {}
    for spec in sorted(identities, key=lambda identity: identity.docname):
        scope = (spec.kind, spec.release)
        keys = []
        if spec.name:
            keys.append((*scope, 'name', spec.name))
        if spec.blueprint:
            keys.append((*scope, 'blueprint', spec.blueprint.casefold()))
        earlier = [first.setdefault(key, spec) for key in keys]
        repeated = sorted((other for other in earlier if other is not spec), key=_docname)
        if repeated:
            found[spec.docname] = [_finding(spec, repeated[0])]
    return found


def _docname(identity: Identity) -> str:
    return identity.docname


def _finding(spec: Identity, other: Identity) -> Finding:
    same_name = bool(spec.name) and spec.name == other.name
    same_blueprint = bool(spec.blueprint) and (
        spec.blueprint.casefold() == other.blueprint.casefold()
    )
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
