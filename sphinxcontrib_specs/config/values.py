"""Every ``specs_*`` configuration value, declared once.

The extension registers them from :data:`CONFIG_VALUES`, the loader takes
their defaults from it, and the configuration reference is generated from
it, so none of the three can drift from the others.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from sphinxcontrib_specs.core.patterns import DEFAULT_PATTERNS
from sphinxcontrib_specs.core.statuses import DEFAULT_STATUSES

__all__ = ['CONFIG_VALUES', 'ConfigValue']


DEFAULT_KIND = 'spec'


class ConfigValue(NamedTuple):
    """A configuration value: its default, its types and its documentation."""

    name: str
    default: Any
    types: tuple[type, ...]
    doc: str
    #: What Sphinx rebuilds when the value changes: ``'env'`` (every
    #: document is read again) for what validation and metadata depend on,
    #: ``''`` for what only the published outputs depend on.
    rebuild: Literal['', 'env'] = 'env'

    @property
    def summary(self) -> str:
        """The first sentence of the documentation, for Sphinx's own listing."""
        text = ' '.join(self.doc.split())
        return text.split('.  ')[0].rstrip('.') + '.'


#: Every configuration value, in the order of the configuration reference.
CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        'specs_patterns',
        list(DEFAULT_PATTERNS),
        (list, tuple),
        """
        Docname patterns that make a document a spec, tried in order; the
        first that matches gives the spec's ``release``, ``status``,
        ``project`` and ``name``.  A field matches one path segment (or part
        of one); ``{status}`` only matches a known status and ``{release}``
        never matches a status name (unless it is a release bucket), so
        release-first and status-first patterns can be listed together.
        Documents named ``index`` and templates are never specs.  A pattern
        ending in a source suffix (``.rst``) is refused: docnames have none.
        When no document is a spec, the build warns (``specs.config``),
        naming the patterns that match no docname, and so does
        ``sphinx-specs check``.

        Example: ``specs_patterns = ['specs/{project}/{release}/{name}']``
        """,
    ),
    ConfigValue(
        'specs_templates',
        [
            'specs/{release}-template.rst',
            'specs/{release}/template.rst',
            'specs/template.rst',
            'template.rst',
        ],
        (list, tuple),
        """
        Candidate template paths, relative to the source directory, with
        ``{release}``, ``{status}``, ``{project}`` and ``{kind}`` filled in
        from the spec's metadata; the first that exists applies, but one
        the build excludes (``exclude_patterns``) only if no later
        candidate exists.  Templates in the source tree are published as
        orphan pages, and they and their copies are never checked as
        specs.  An empty list switches structure checks off.

        Example: ``specs_templates = ['specs/{release}/template.rst',
        'specs/template.rst']``
        """,
    ),
    ConfigValue(
        'specs_sections',
        {},
        (dict,),
        """
        What template sections demand, for templates that cannot be edited:
        a mapping from a section title to ``optional`` (bool), ``since`` (a
        release: required from that release on), ``until`` (a release:
        required up to and including it), ``aliases`` (other accepted
        titles) and ``extra`` (``True``: a title the templates lack that
        specs may use all the same).  Applies to sections of that title at
        any level.  Each title must be that of a section of one of the
        templates (with or without an "(optional)" marker), or the
        configuration is refused, naming the closest title; only a title
        with ``extra`` or ``until`` may be one no template has: it is then
        accepted, and no extra section, in every spec (``extra``) or in the
        specs up to that release (``until``).

        Example: ``specs_sections = {'History': {'optional': True},
        'Upgrade impact': {'since': 'rocky'}, 'Implementation': {'until':
        'liberty'}, 'Rollout plan': {'extra': True}}``
        """,
    ),
    ConfigValue(
        'specs_history',
        True,
        (bool,),
        """
        Check each spec against its template as it stood when the spec was
        first written (renames and moves followed), read from the git
        history: sections added to a template later are not demanded of
        older specs, and sections it dropped are still accepted in them.
        New and uncommitted specs are checked against the current template,
        and so is every spec when there is no history (no git, a tarball):
        one info line then says so, and a shallow clone checks the specs it
        cannot date the same way.  :confval:`specs_sections` ``since`` and
        ``until`` still apply on top.  ``False`` checks every spec against
        the current template.

        Example: ``specs_history = False``
        """,
    ),
    ConfigValue(
        'specs_kinds',
        {},
        (dict,),
        """
        Other kinds of document, each with its own ``patterns``,
        ``templates`` and ``sections`` (same forms as the values above).  A
        kind may be recognised by what the document says as well: its
        ``title``, a prefix or a list of prefixes, and its ``fields``, a
        dict from a field name to the value, or list of values (globs), it
        must have; such a kind applies where its own patterns match, or
        without patterns wherever the other kinds find a spec.  With
        ``content_fields`` true, the kind's field lists are its text, not
        its metadata.  Kinds recognised by title or fields are tried first,
        then the others, in the order given, and the default kind ``spec``
        last; ``{kind}`` in a template path is the kind's name.  A kind may
        not be called ``spec``, the name of the default kind.  Documents
        that are no specs (postmortems, scorecards) take ``'listed':
        False``, which keeps them out of the generated pages, the overview
        and the feed (a ``spec-index`` with ``:kind:`` lists them), and
        ``'status': False``, which gives them no status, default or other.

        Example: ``specs_kinds = {'policy': {'patterns':
        ['policies/{name}'], 'templates': ['policies/template.rst']},
        'spec-lite': {'title': 'Spec Lite:', 'templates': [],
        'content_fields': True}, 'postmortem': {'patterns':
        ['specs/{release}/postmortem/{name}'], 'templates': [], 'listed':
        False, 'status': False}}``
        """,
    ),
    ConfigValue(
        'specs_statuses',
        dict(DEFAULT_STATUSES),
        (dict,),
        """
        The status vocabulary: a mapping from status name (a path segment:
        no ``/``) to label, in display order.  Other spellings of the same
        status (``in_progress``, ``unimplemented``) are understood.
        """,
    ),
    ConfigValue(
        'specs_defaults',
        {'status': 'approved'},
        (dict, list, tuple),
        """
        Metadata for specs whose path and fields give none: ``status`` (one
        of :confval:`specs_statuses`), ``release`` (a known release) and
        ``project``, each a name.  A list of such dicts may give each a
        release range, ``from`` and ``until`` (both included): for each
        field, the first entry that holds the spec's release and gives the
        field applies (an entry without a range holds every spec).  A spec
        that no entry gives a status is ``approved``.

        Example, older specs implemented and the others approved:
        ``specs_defaults = [{'until': 'zed', 'status': 'implemented'},
        {'status': 'approved'}]``
        """,
    ),
    ConfigValue(
        'specs_project_aliases',
        {},
        (dict,),
        """
        Other names of projects, mapped to the name shown: specs of a
        project under two names are listed as one.  Project names are
        compared ignoring case, and shown in lower case unless an alias
        names them otherwise (``{'nova': 'Nova'}``).  An alias may not map
        to another alias.

        Example: ``specs_project_aliases = {'glanceclient':
        'python-glanceclient'}``
        """,
    ),
    ConfigValue(
        'specs_release_aliases',
        {},
        (dict,),
        """
        Release names a repository uses its own way, mapped to the release
        they belong to: a series, a version number or a bucket.  Where
        specs name one release in several ways (``35.0`` and ``36.0`` for
        ``2026.2``), index pages keep them apart: a group per name, headed
        by it, where the release would be one group, and on the release's
        page.

        Example: ``specs_release_aliases = {'36.0': '2026.2'}``
        """,
    ),
    ConfigValue(
        'specs_release_buckets',
        ['backlog', 'untargeted'],
        (list, tuple),
        """
        Names in the release position that are not releases; they sort
        after every real release.  A release name (``2025.1``, ``zed``) is
        refused.
        """,
    ),
    ConfigValue(
        'specs_rules',
        {},
        (dict,),
        """
        Rules switched on or off (``True``/``False``) or tuned (a dict of
        options, which also switches the rule on), by warning code.  The
        key ``'*'`` sets every rule.  An option takes a value of its
        default's type: ``True`` or ``False``, a positive whole number, a
        string or a list of strings; options that are regular expressions
        must compile.

        Example: ``specs_rules = {'section_order': True, 'extra_subsection':
        False}``
        """,
    ),
    ConfigValue(
        'specs_rule_overrides',
        [],
        (list, tuple),
        """
        Rule settings for some specs only: a list of dicts with ``rules``
        (as in ``specs_rules``) and any of ``status`` (a status or list),
        ``kind`` (a kind or list), ``from`` and ``until`` (releases,
        inclusive).  Later entries win.  Statuses and kinds must be known,
        and ``from`` may not come after ``until``.

        Example, a stricter rule for new specs only: ``specs_rule_overrides =
        [{'from': '2027.1', 'rules': {'section_order': True}}]``
        """,
    ),
    ConfigValue(
        'specs_baseline',
        'specs-baseline.txt',
        (str, type(None)),
        """
        The baseline file, relative to the directory of ``conf.py``: the
        findings ``sphinx-specs baseline`` recorded in it are not reported,
        and its lines whose finding no longer occurs are
        (``specs.baseline``).  No file is an empty baseline; ``None`` reads
        none.  A name ending in a source suffix (``.rst``) is refused.

        Example: ``specs_baseline = '../../specs-baseline.txt'``
        """,
        rebuild='',  # read anew whenever findings are reported
    ),
    ConfigValue(
        'specs_optout_aliases',
        {},
        (dict,),
        """
        Comments a repository already uses to switch rules off in one spec,
        besides ``.. specs-lint: disable=...``: a mapping from the text of
        the comment (as written after ``.. ``, a whole line) to the warning
        code it switches off, a list of them, or ``'all'``.

        Example: ``specs_optout_aliases = {'lint: norfe': ['missing_section',
        'extra_section']}``
        """,
    ),
    ConfigValue(
        'specs_exclude',
        [],
        (list, tuple),
        """
        Docname globs that are never specs, whatever the patterns say.

        Example: ``specs_exclude = ['specs/*/redirects']``
        """,
    ),
    ConfigValue(
        'specs_index_dir',
        'by',
        (str, type(None)),
        """
        Where the generated index pages go, relative to the source
        directory: ``<dir>/release/<release>.rst``, ``<dir>/status/<status>.rst``
        and ``<dir>/project/<project>.rst``.  They are written before the
        build reads anything, only when their content changes, and removed
        when no spec needs them any more; only files the extension wrote
        (they say so in their first line) are ever touched.  Add the
        directory to ``.gitignore``.  ``None`` writes nothing: then write
        your own pages with the ``spec-index`` directive.

        The pages need a directory of their own, so these are refused: the
        source directory itself; a file, or a path inside one; ``_build``,
        ``_static`` and ``_templates``, and what is in them; a directory
        that is, holds or lies inside one where a pattern finds specs (the
        pattern's leading directories: ``specs`` for
        ``specs/{release}/{name}``), or is or lies inside the leading
        directories of a template path; and one whose pages a pattern would
        take for specs (``by`` for ``{project}/{release}/{name}``).
        """,
    ),
    ConfigValue(
        'specs_metadata_box',
        True,
        (bool,),
        """
        Show a box under each spec's title with its status, release,
        project, tracker links and assignees.
        """,
    ),
    ConfigValue(
        'specs_redirect_files',
        True,
        (bool, str),
        """
        Which ``redirects`` files to read: ``True`` for every file named
        ``redirects`` in the source directory (outside
        ``exclude_patterns``), a glob pattern relative to the source
        directory (``'specs/*/redirects'``, not absolute and without
        ``..``) for some, ``False`` for none.
        Each line is ``old new``: ``old`` relative to the file's directory,
        ``new`` relative to ``old``'s directory, or an absolute URL.

        Example: ``specs_redirect_files = 'specs/*/redirects'``
        """,
        rebuild='',
    ),
    ConfigValue(
        'specs_redirects',
        {},
        (dict,),
        """
        More redirects: a mapping from an old page to its new page, both
        relative to the source directory (source path, ``.html`` path or
        document name), or to an absolute URL.

        Example: ``specs_redirects = {'specs/2025.1/approved/cells.rst':
        'specs/2025.1/implemented/cells.rst'}``
        """,
        rebuild='',
    ),
    ConfigValue(
        'specs_json',
        True,
        (bool, str),
        """
        Write every spec's metadata, URL and findings as JSON into the
        output directory: ``True`` for ``specs.json``, a file name (relative
        to the output directory) for another, ``False`` for none.  A name
        that could replace a page or a file of Sphinx's is refused (ignoring
        case): one ending in ``.html``, ``html_file_suffix`` or a source
        suffix (``.rst``), one in ``.doctrees``, ``_static``, ``_sources``,
        ``_images`` or ``_downloads``, and ``objects.inv``,
        ``searchindex.js``, ``genindex.html``, ``search.html`` and
        ``.buildinfo``.

        Example: ``specs_json = 'api/specs.json'``
        """,
        rebuild='',
    ),
    ConfigValue(
        'specs_feed',
        False,
        (bool, str),
        """
        Write an Atom feed of the specs, newest first, into the output
        directory: ``True`` for ``specs.atom``, a file name for another,
        refused as for :confval:`specs_json`, and if it is the file
        :confval:`specs_json` writes.  Needs ``html_baseurl`` (feed links
        are absolute).

        Example: ``specs_feed = True``
        """,
        rebuild='',
    ),
    ConfigValue(
        'specs_feed_size',
        20,
        (int,),
        """
        How many specs the feed lists at most.

        Example: ``specs_feed_size = 50``
        """,
        rebuild='',
    ),
    ConfigValue(
        'specs_feed_filter',
        {},
        (dict,),
        """
        Which specs the feed lists: a mapping from ``release``, ``status``,
        ``project`` or ``kind`` to a value or a list of values; a spec is
        listed when it matches every key.  Statuses, releases and kinds
        must be known ones.

        Example: ``specs_feed_filter = {'status': ['approved', 'implemented']}``
        """,
        rebuild='',
    ),
    ConfigValue(
        'specs_feed_author',
        None,
        (str, dict, type(None)),
        """
        The feed's author: a name, or a dict with a ``name`` and an
        ``email``.  Unset, it is ``author``, if ``conf.py`` sets it, else
        ``project``.

        Example: ``specs_feed_author = {'name': 'OpenStack Nova Team',
        'email': 'openstack-discuss@lists.openstack.org'}``
        """,
        rebuild='',
    ),
    ConfigValue(
        'specs_feed_date_field',
        'date',
        (str,),
        """
        The docinfo field that gives a spec's date in the feed
        (``:date: 2025-03-14``, or with a time, ISO 8601).  Specs without
        it get the date of their last commit, from one ``git log`` pass.

        Example: ``specs_feed_date_field = 'updated'``
        """,
        # The field is read as metadata when a spec is read.
    ),
    ConfigValue(
        'specs_metadata_fields',
        [],
        (list, tuple),
        """
        More names of fields that are metadata in the field list right
        below a spec's title, beside ``status``, ``release``, ``project``,
        ``blueprint`` and the feed's date field
        (:confval:`specs_feed_date_field`).  Other fields there are the
        spec's content, as the ``:problem:`` and ``:solution:`` of a spec
        lite are; the fields of a docinfo block, above the title, are all
        metadata.  Metadata is in ``specs.json`` and decides what the
        extension reads from a spec.

        Example: ``specs_metadata_fields = ['topic', 'reviewer']``
        """,
    ),
    ConfigValue(
        'specs_external',
        {},
        (dict,),
        """
        Other sites whose specs this one lists (``:source:``) and links
        (``:spec:`neutron:name```): site name -> the http(s) URL or path
        (from conf.py's directory) of its ``specs.json``, or a pair of that
        and the site's address.  Read on every build, a URL through a copy
        kept in the doctree directory (see :doc:`/howto/link-specs`).

        Example: ``specs_external = {'neutron':
        'https://specs.openstack.org/openstack/neutron-specs/specs.json'}``
        """,
        rebuild='',
    ),
    ConfigValue(
        'specs_external_timeout',
        10,
        (int, float),
        """
        Seconds to wait for a site of :confval:`specs_external` before
        using the copy kept by an earlier build.
        """,
        rebuild='',
    ),
    ConfigValue(
        'specs_autolink',
        False,
        (bool,),
        """
        Report a spec's links to this site's specs by URL (under
        ``html_baseurl``) as ``specs.autolink``, naming the ``:spec:``
        reference to write instead.
        """,
    ),
)
