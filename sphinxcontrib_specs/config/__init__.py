"""The configuration: every ``specs_*`` value, declared once, validated once.

:mod:`.values` declares each value (name, default, types, what it rebuilds,
its documentation); :mod:`.load` validates them all into one
:class:`~sphinxcontrib_specs.config.settings.Settings`, reporting every
problem at once; nothing else reads a raw ``specs_*`` value.
"""
