extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

# The specs are filed by status at the top of the repository, in
# specs/<status>/; doc/source/specs/ links to those directories, and holds
# a release view, specs/36.0/, of links to the specs of that release.  The
# view is what the site lists by release, so the status directories are
# no specs of their own.
specs_exclude = ['specs/approved/*', 'specs/implemented/*']
specs_release_aliases = {'36.0': '2026.2'}
specs_index_dir = None

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
