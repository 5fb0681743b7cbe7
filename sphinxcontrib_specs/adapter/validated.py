"""The validated settings of a Sphinx configuration, once per live configuration.

``config-inited`` validates the ``specs_*`` values (a bad value stops the
build there, with every problem at once); the domain takes the same
settings instead of reading every template again.
"""

from __future__ import annotations

import copy
import weakref
from typing import Any

from sphinx.config import Config

from sphinxcontrib_specs.checking.tree import excluded_by
from sphinxcontrib_specs.config.load import load_settings
from sphinxcontrib_specs.config.settings import Settings
from sphinxcontrib_specs.config.values import CONFIG_VALUES

__all__ = ['settings_from_config', 'settings_values']


#: The settings last validated for each live configuration, with the values
#: they came from: ``config-inited`` validates them, and the domain takes
#: them instead of reading every template again (70 ms in a nova build).
_validated: dict[int, tuple[weakref.ref[Config], dict[str, Any], Settings]] = {}
#: What else the settings depend on, kept beside the values to compare.
_NOT_SETTINGS = ('source_suffix', 'exclude_patterns', 'srcdir')


def settings_values(config: Config, srcdir: str) -> dict[str, Any]:
    """Every value the settings are made from."""
    values = {value.name: config[value.name] for value in CONFIG_VALUES}
    values['html_baseurl'] = config.html_baseurl
    values['html_file_suffix'] = config.html_file_suffix
    values['source_suffix'] = tuple(config.source_suffix) if config.source_suffix else ('.rst',)
    values['exclude_patterns'] = list(config.exclude_patterns)
    values['srcdir'] = srcdir
    return values


def settings_from_config(config: Config, srcdir: str) -> Settings:
    """Validate the ``specs_*`` values of a Sphinx configuration."""
    values = settings_values(config, srcdir)
    suffixes = values['source_suffix']
    known = _validated.get(id(config))
    if known is not None and known[0]() is config and known[1] == values:
        return known[2]
    settings = load_settings(
        {k: v for k, v in values.items() if k not in _NOT_SETTINGS},
        srcdir,
        suffixes,
        excluded_by(config.exclude_patterns),
    )
    for key in [k for k, (ref, _, _) in _validated.items() if ref() is None]:
        del _validated[key]
    try:
        # A copy: a list in conf.py changed in place later is a change.
        _validated[id(config)] = (weakref.ref(config), copy.deepcopy(values), settings)
    except Exception:  # noqa: BLE001 (a value that cannot be copied is validated each time)
        _validated.pop(id(config), None)
    return settings
