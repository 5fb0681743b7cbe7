"""sphinxcontrib_specs: check, index and publish a repository of design specs."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = '0.1.0'

#: Bump when the records kept in the environment change shape.
ENV_VERSION = 2


def setup(app: Sphinx) -> dict[str, Any]:
    from sphinxcontrib_specs import collect, indexes, publish, tree_check
    from sphinxcontrib_specs.domain import SpecsDomain
    from sphinxcontrib_specs.reader import SKIPS_UNDECODABLE
    from sphinxcontrib_specs.settings import CONFIG_VALUES

    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, 'env', types=value.types)
    app.add_domain(SpecsDomain)
    app.connect('config-inited', collect.check_config)
    if SKIPS_UNDECODABLE:
        app.connect('env-before-read-docs', collect.leave_out_undecodable)
    app.connect('doctree-read', collect.read_doctree)
    app.connect('env-updated', collect.report_findings)
    indexes.setup(app)
    tree_check.setup(app)
    publish.setup(app)
    return {
        'version': __version__,
        'env_version': ENV_VERSION,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
