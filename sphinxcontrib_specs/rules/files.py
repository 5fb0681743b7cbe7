"""File rules: the files in the directories that hold specs.

Not about one document: Sphinx never reads a ``.txt`` file in a spec
directory.  These codes are judged on a listing of those directories by
:func:`sphinxcontrib_specs.checking.tree.check_tree`.
"""

from __future__ import annotations

from sphinxcontrib_specs.rules.registry import register

register(
    'file_extension',
    group='files',
    default=True,
    allow=('.*', 'redirects', '*.png', '*.jpg', '*.jpeg', '*.gif', '*.svg'),
    doc="""A file in a spec directory does not end in ``.rst``.

Sphinx never reads it, so it is neither published nor checked: usually a
spec saved with the wrong extension.  A spec directory is one that the
configured patterns (:confval:`specs_patterns`) put specs in, reached
through symbolic links too.  Names matching a glob in ``allow`` (dotfiles,
``redirects`` and images by default) are not reported.  The warning stands
at line 1 of the file.

Bad: ``specs/2025.1/approved/cache-weigher.txt``

Good: ``specs/2025.1/approved/cache-weigher.rst``
""",
)
register(
    'unexpected_file',
    group='files',
    default=False,
    allow=('.*', 'redirects', 'index.rst', 'template.rst'),
    doc="""A release directory holds something other than spec directories and support files.

A release directory is the one a pattern's ``{release}`` names, such as
``specs/2025.1`` for ``specs/{release}/{status}/{name}``.  It may hold its
spec directories (``approved``, ``implemented``), specs when the layout puts
them there, and names matching a glob in ``allow`` (dotfiles,
``redirects``, ``index.rst`` and ``template.rst`` by default).  When spec
directories are symbolic links, as in nova-specs, the directory they link
into is checked as well.  Off by default: what a release directory may hold
differs between repositories.

Bad: ``specs/2025.1/notes.txt``

Good: ``specs/2025.1/approved/``, ``specs/2025.1/redirects``
""",
)
