import os
import signal
import uuid

extensions = ['sphinxcontrib_specs']
exclude_patterns = ['_build']
specs_templates = []

# Sphinx 7.4 prints the [specs.<code>] suffix only when asked.
show_warning_types = True


# A test harness, not an example.  With SPECS_TEST_KILL set, the build
# kills itself (SIGKILL, as the out-of-memory killer or a CI timeout would)
# in the phase it names, after leaving the temporary file a build killed
# while writing a file of the extension leaves.


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _leave_temporary(path: str) -> None:
    directory, name = os.path.split(path)
    with open(os.path.join(directory, f'.{name}.{uuid.uuid4().hex}.tmp'), 'wb') as stream:
        stream.write(b'half a file')


def _kill_reading(app, env):
    # Everything read, the environment not saved yet; the generated pages
    # were written before reading.
    _leave_temporary(os.path.join(app.srcdir, 'by', 'release', '2025.1.rst'))
    _kill()


def _kill_writing(app, doctree, docname):
    # The environment saved, the first page about to be written.
    _kill()


def _kill_publishing(app, exception):
    # Every page written, before the extension publishes.
    _leave_temporary(os.path.join(app.outdir, 'specs.json'))
    _kill()


def setup(app):
    phase = os.environ.get('SPECS_TEST_KILL')
    if phase == 'reading':
        app.connect('env-updated', _kill_reading, priority=900)
    elif phase == 'writing':
        app.connect('doctree-resolved', _kill_writing)
    elif phase == 'publishing':
        app.connect('build-finished', _kill_publishing, priority=100)
