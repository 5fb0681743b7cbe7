"""The model: pure data and logic, no Sphinx (and, but for the outline of a
doctree, no docutils either)."""
