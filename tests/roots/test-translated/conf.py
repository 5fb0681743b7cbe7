extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']

# A German site: its own catalog in locales/de/LC_MESSAGES translates the labels.
language = 'de'
locale_dirs = ['locales']

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
