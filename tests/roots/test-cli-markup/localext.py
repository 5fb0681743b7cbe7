"""A project extension with a directive and a role of its own."""

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives


class ProposalStatus(Directive):
    required_arguments = 1
    option_spec: ClassVar = {'since': directives.unchanged}

    def run(self):
        return [nodes.paragraph('', f'Status: {self.arguments[0]}')]


def blueprint_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: PLR0917 (the docutils role signature)
    return [nodes.reference(rawtext, text, refuri=f'https://example.org/{text}')], []


def setup(app):
    app.add_directive('proposal-status', ProposalStatus)
    app.add_role('bp', blueprint_role)
    return {'parallel_read_safe': True}
