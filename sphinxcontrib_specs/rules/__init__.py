"""The rules: one function per warning code, in one registry.

Importing this package imports every family of rules, in the order of the
warning reference, so :data:`~sphinxcontrib_specs.rules.registry.RULES` is
complete for whoever imports any part of it.
"""

from sphinxcontrib_specs.rules import (  # noqa: F401 (each family registers its rules)
    content,
    files,
    preamble,
    reported,
    structure,
    text,
)
