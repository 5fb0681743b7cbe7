"""Checking: a document in, a record with its findings out.

:func:`~sphinxcontrib_specs.checking.document.check_spec` turns a doctree
into a spec record; the build calls it from ``doctree-read`` with the
doctree Sphinx parsed, the command line with one it parsed the same way, so
both find the same things.  :mod:`.tree` judges the files of the
directories that hold specs.
"""
