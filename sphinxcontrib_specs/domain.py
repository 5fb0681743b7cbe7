"""The Sphinx adapter's state: small per-document records in a Domain."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from typing import Any

from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from sphinxcontrib_specs.findings import Finding

__all__ = ['SpecRecord', 'SpecsDomain', 'TemplateRecord']


@dataclass(frozen=True)
class SpecRecord:
    """What the extension keeps of one spec: metadata and findings."""

    docname: str
    kind: str
    title: str
    metadata: dict[str, str] = field(default_factory=dict)
    template: str | None = None
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class TemplateRecord:
    """A template's own findings, and where to report them."""

    path: str
    location: str | tuple[str, int] | None
    findings: tuple[Finding, ...] = ()


class SpecsDomain(Domain):
    """Holds the records; cross-document views are computed from them."""

    name = 'specs'
    label = 'Specs'
    initial_data: dict[str, Any] = {  # noqa: RUF012 (Domain API)
        'specs': {},
        'templates': {},
        'template_users': {},
    }

    @property
    def specs(self) -> dict[str, SpecRecord]:
        return self.data['specs']

    @property
    def templates(self) -> dict[str, TemplateRecord]:
        return self.data['templates']

    @property
    def template_users(self) -> dict[str, str]:
        """docname -> template path, for every spec checked against one."""
        return self.data['template_users']

    def add_spec(self, record: SpecRecord) -> None:
        self.specs[record.docname] = record
        if record.template is not None:
            self.template_users[record.docname] = record.template

    def add_template(self, record: TemplateRecord) -> None:
        self.templates[record.path] = record

    def clear_doc(self, docname: str) -> None:
        self.specs.pop(docname, None)
        self.template_users.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata['specs']:
                self.specs[docname] = otherdata['specs'][docname]
            if docname in otherdata['template_users']:
                self.template_users[docname] = otherdata['template_users'][docname]
        # A template is parsed in whichever process reads a spec using it;
        # every process finds the same findings, so any copy will do.
        self.templates.update(otherdata['templates'])

    def live_templates(self) -> Iterable[TemplateRecord]:
        """Templates some current spec uses, in path order."""
        used = set(self.template_users.values())
        return [self.templates[p] for p in sorted(used) if p in self.templates]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


def get_domain(env: BuildEnvironment) -> SpecsDomain:
    domain = env.get_domain(SpecsDomain.name)
    assert isinstance(domain, SpecsDomain)
    return domain
