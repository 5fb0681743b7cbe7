"""Codes found outside a single document's rules.

The metadata a spec states (``unknown_status``, ``unknown_release``, found
while its record is made), the configuration that cannot serve it
(``config``), two specs that are one (``duplicate_spec``, found from the
records of all of them), redirects that cannot be honoured
(``redirect``, found when publishing) and lines of the baseline that no
longer hold (``baseline``, found when findings are reported).  Registered
here like every rule, so that they are switched off, tuned and documented
the same way.
"""

from __future__ import annotations

from sphinxcontrib_specs.rules.registry import register

register(
    'config',
    """The configuration cannot serve this document.

Reported at a spec for which none of the candidate template paths exists
(the message lists the paths tried and the configuration value to change).
Reported once per build too, with no location, when no document is a spec
at all: the message names the patterns that match no docname, and
``sphinx-specs check`` prints it on its error output.

Bad: ``specs_templates = ['specs/{release}-template.rst']`` and no
``specs/juno-template.rst`` for a juno spec.

Good: add the template, or a fallback such as ``'specs/template.rst'``.
""",
    'metadata',
)
register(
    'unknown_status',
    """The spec's status is not in the vocabulary.

Reported at the ``:status:`` field (or line 1 when the status comes from
the path).  Add the status to ``specs_statuses`` if it is meant.

Bad::

    :status: aproved

Good::

    :status: approved
""",
    'metadata',
)
register(
    'unknown_release',
    """The spec's release is neither a known series, a version nor a bucket.

Map names a repository uses its own way with ``specs_release_aliases``.

Bad::

    :release: epoxxy

Good::

    :release: epoxy
""",
    'metadata',
)
register(
    'duplicate_spec',
    """The same spec is published twice in one release.

Two documents of one kind, release and project with the same file name
(the ``{name}`` of their pattern) usually mean a spec was copied from
``approved`` to ``implemented`` and the old copy was left behind.
``blueprints`` (false) compares blueprints too (in any case), with
``specs_rules = {'duplicate_spec': {'blueprints': True}}``: off by default,
because one blueprint is often written up as several specs (an umbrella
blueprint: cinder-specs has five specs for one, nova-specs two such pairs,
in kilo and wallaby).  Reported at the later document in docname order, at
its blueprint URL (or its title, when only the names match), naming the
first; a third copy is reported too, naming the same
first.  Releases are compared as releases: ``specs/dalmatian/`` and
``specs/2024.2/`` are one.  Specs with no release are not compared, and
neither is a spec the rule is switched off for (by
:confval:`specs_rule_overrides` or an opt-out comment).

What is compared:

* real files: a file that is several docnames, through symbolic links
  (a directory of links to the specs in ``approved/``), is one spec, never
  a duplicate of itself; it is known by its first docname;
* within a project: specs of two projects (``approved/glance/foo.rst`` and
  ``approved/glance_store/foo.rst``), or for blueprints of one name in two
  Launchpad projects, are not one spec; a spec whose project is not known
  is compared with all;
* blueprints from the tracker links of the preamble only (see
  :doc:`metadata`): a link in a comment, or the template's own example link
  (``https://blueprints.launchpad.net/nova/+spec/example``) left in, names
  no blueprint;
* names of documents with something in common: two files of one name whose
  level-1 sections share no title (collection pages, one per status, each
  listing its own entries) are not one spec.

The build compares every spec with every other on every build, so the
finding stays until one of the two goes, even if neither file changed.
``sphinx-specs check`` compares the specs it checks with each other: with no
path, all of them, as the build does.

Bad: ``specs/2025.1/approved/foo.rst`` and
``specs/2025.1/implemented/foo.rst``.

Good: keep ``implemented/foo.rst``, remove ``approved/foo.rst``, and
redirect its path: ``approved/foo.rst ../implemented/foo.rst`` in
``specs/2025.1/redirects``.
""",
    'metadata',
    blueprints=False,
)
register(
    'redirect',
    """A redirect that cannot be honoured; no page is written for it.

Reported at the line of the ``redirects`` file (or at ``conf.py`` for the
``specs_redirects`` mapping): a target that is no page of the site (even
after following the redirects that start there), a cycle, a redirect whose
old page is a real page (it would replace it), an old page redirected twice
to different places, a line that is not two paths, a path that leaves the
output directory (``../../etc/passwd``, ``/etc/passwd``), and a target URL
that is not ``http`` or ``https``.  Chains (a page moved twice) are
followed to the final page without a warning.

Bad (in ``specs/2025.1/redirects``: the spec was renamed when it moved,
and the second line points outside the site)::

    approved/cells.rst ../implemented/cells.rst
    ../../../etc/passwd implemented/cells-v2.rst

Good::

    approved/cells.rst ../implemented/cells-v2.rst
    approved/placement.rst https://docs.openstack.org/placement/latest/
""",
    'metadata',
)
register(
    'baseline',
    """A line of the baseline file whose finding no longer occurs, or that is no entry.

The baseline (:confval:`specs_baseline`, recorded by ``sphinx-specs
baseline``) holds the findings a repository had when it adopted the
extension; they are not reported.  Reported at the line of the baseline
file: an entry whose finding is gone (fixed, or its file moved or
removed), so that the file shrinks as findings are fixed, and a line that
is no entry (edited by hand, or a merge conflict), which is left out while
the others still apply.  A baseline that cannot be read (a directory, say)
is reported at its line 1, and every finding is reported.  ``sphinx-specs
check`` with paths reports only the entries of the files it checked.
Switching the code off keeps the baseline but silences these warnings.

Bad: ``specs/2025.1/approved/cells.rst`` no longer has the tab its entry
records::

    specs/2025.1/approved/cells.rst tab 6c1f3ab4b0d29e57 tab at column 1; use spaces instead

Good: run ``sphinx-specs baseline --shrink``, which drops that line, and
commit the file.
""",
    'metadata',
)
register(
    'ref',
    """A ``:spec:`` reference that names no spec, or several.

Reported at the reference, when its page is written.  A name no spec has
comes with the closest names (``did you mean``); a name several specs have
(a spec proposed again in a later release) with each of them and the
target that names it alone (``2025.1/name``); the reference is left as
text.  A target ``site:name`` names a spec of a site of
:confval:`specs_external` or of an intersphinx inventory.  The page is
written again on every build until the reference is fixed, so the warning
stays.

Bad::

    See :spec:`live-migration-with-vtp`.

Good::

    See :spec:`live-migration-with-vtpm`, or :spec:`2025.1/live-migration-with-vtpm`.
""",
    'metadata',
)
register(
    'external',
    """Another site's ``specs.json`` (:confval:`specs_external`) cannot be used.

Reported at ``specs_external`` in ``conf.py``: the site cannot be reached
(no answer within :confval:`specs_external_timeout`, an HTTP error), or
sent what is not a usable ``specs.json`` (not JSON, a schema version this
sphinx-specs does not read, larger than 32 MiB, fields of the wrong type),
or gives no address for its pages.  The copy an earlier build kept is used
when there is one; otherwise that site's specs are not listed.  Reported at
a ``spec-index`` directive too, for a ``:source:`` that names no site.

Bad: ``specs_external = {'neutron': 'https://example.org/neutron-specs.json'}``
and the site answers 404.

Good: the address of the ``specs.json`` the site publishes, such as
``'https://specs.openstack.org/openstack/neutron-specs/specs.json'``.
""",
    'metadata',
)
register(
    'autolink',
    """A spec links another spec of the site by its URL.

Reported only with :confval:`specs_autolink` on, at the line of the link:
a link under ``html_baseurl`` to a spec's page.  ``:spec:`` links the spec
by name, shows its title and follows it when it moves.

Bad::

    This builds on https://specs.example.org/specs/2025.1/approved/vtpm.html.

Good::

    This builds on :spec:`vtpm`.
""",
    'metadata',
)
