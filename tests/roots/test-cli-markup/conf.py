import os
import sys

sys.path.insert(0, os.path.abspath('.'))

# localext is this project's own extension: sphinx-specs check must not
# need to import it, nor sphinx.ext.todo.
extensions = ['sphinxcontrib_specs', 'sphinx.ext.todo', 'localext']
exclude_patterns = ['_build']
rst_prolog = '.. |product| replace:: Demo'

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True
