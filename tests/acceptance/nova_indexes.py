"""Acceptance run of the index pages on a nova-specs checkout.

Usage::

    python tests/acceptance/nova_indexes.py PATH/TO/nova-specs [--workdir DIR]

Copies the corpus, drops ``doc/recipes/nova_conf.py`` in as
``doc/source/conf.py``, deletes the hand-written
``doc/source/specs/*/index.rst`` pages and replaces the root page with a
toctree of the non-spec pages and one ``.. spec-index::``, then checks, on
an HTML build:

1. no warnings but the redirect findings (``specs.redirect``: nova's
   ``redirects`` files have 3 lines whose target no longer exists, which
   publishing reports; see ``nova_publish.py``);
2. every spec is published and reachable from the root through toctrees;
3. each release page's toctree holds exactly that release's specs;
4. the implemented status page links exactly the implemented specs;
5. an incremental build after editing one spec's body re-reads that spec
   only and rewrites no index page;
6. after moving one spec from approved to implemented, the next build
   re-reads that spec and the index pages that list it.

Exit status 0 when all hold.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'benchmarks'))
from corpus import materialize

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / 'doc' / 'recipes' / 'nova_conf.py'

ROOT_PAGE = """\
============================
OpenStack Nova Project Plans
============================

.. toctree::
   :maxdepth: 1

   How to submit a spec <readme>

.. toctree::
   :glob:
   :maxdepth: 1

   priorities/*

Specifications
==============

.. spec-index::
"""


class Build:
    """One in-process build, remembering what was read and written."""

    def __init__(self, source: Path, out: Path) -> None:
        self.warnings = io.StringIO()
        self.app = Sphinx(
            str(source),
            str(source),
            str(out),
            str(out / '.doctrees'),
            'html',
            status=None,
            warning=self.warnings,
            freshenv=False,
        )
        self.read: list[str] = []
        self.written: list[str] = []
        self.app.connect(
            'env-before-read-docs', lambda app, env, docnames: self.read.extend(docnames)
        )
        self.app.connect(
            'html-page-context',
            lambda app, pagename, *args: self.written.append(pagename),
        )

    def run(self) -> Build:
        self.app.build()
        return self


def build(source: Path, out: Path) -> Build:
    with docutils_namespace():
        return Build(source, out).run()


def unexpected_warnings(done: Build) -> list[str]:
    """The build's warnings, but for the redirect findings (printed)."""
    lines = [line for line in done.warnings.getvalue().splitlines() if 'WARNING' in line]
    redirects = [
        line for line in lines if re.sub(r'\x1b\[[0-9;]*m', '', line).endswith('[specs.redirect]')
    ]
    print(f'     ({len(redirects)} redirect findings, reported by publishing)')
    return [line for line in lines if line not in redirects]


def reachable(env, root: str) -> set[str]:  # type: ignore[no-untyped-def]
    seen = {root}
    todo = [root]
    while todo:
        for child in env.toctree_includes.get(todo.pop(), []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def page_links(html_file: Path) -> set[str]:
    """Spec pages linked from the lists of a generated page."""
    text = html_file.read_text()
    links = set()
    for listing in re.findall(r'<ul class="specs-list[^"]*">(.*?)</ul>', text, re.DOTALL):
        for href in re.findall(r'href="([^"#]+\.html)"', listing):
            links.add(str((html_file.parent / href).resolve()))
    return links


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path)
    parser.add_argument('--workdir', type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-indexes-'))
    tree = workdir / 'nova-specs'
    materialize(args.corpus, tree)
    source = tree / 'doc' / 'source'
    out = workdir / 'html'
    shutil.rmtree(out, ignore_errors=True)
    shutil.copy(RECIPE, source / 'conf.py')
    removed = sorted(source.glob('specs/*/index.rst'))
    for page in removed:
        page.unlink()
    (source / 'index.rst').write_text(ROOT_PAGE)
    # A committed tree keeps the version openstackdocstheme derives from git
    # the same from one build to the next (else every build is a full one).
    git = ['git', '-c', 'user.name=acceptance', '-c', 'user.email=acceptance@example.org']
    subprocess.run([*git, 'init', '-q'], cwd=tree, check=True)
    subprocess.run([*git, 'add', '-A'], cwd=tree, check=True)
    subprocess.run([*git, 'commit', '-q', '-m', 'snapshot'], cwd=tree, check=True)
    print(f'deleted {len(removed)} hand-written index pages')

    ok = True

    def check(condition: bool, message: str) -> None:
        nonlocal ok
        ok &= condition
        print(('  ok: ' if condition else '  FAILED: ') + message)

    first = build(source, out)
    warnings = unexpected_warnings(first)
    check(not warnings, f'clean build: {len(warnings)} warnings but redirect findings')
    for line in warnings[:20]:
        print('     ', line)
    env = first.app.env
    domain = env.get_domain('specs')
    specs = set(domain.specs)
    found = reachable(env, 'index')
    check(specs <= found, f'{len(specs)} specs, {len(specs - found)} not reachable from the root')
    releases: dict[str, set[str]] = {}
    for docname, record in domain.specs.items():
        if record.release:
            releases.setdefault(record.release, set()).add(docname)
    wrong = []
    for release, members in releases.items():
        page = f'by/release/{release}'
        listed = {d for d in env.toctree_includes.get(page, []) if d in specs}
        if listed != members:
            wrong.append(release)
    check(not wrong, f'{len(releases)} release pages hold exactly their specs (wrong: {wrong})')
    implemented = {d for d, r in domain.specs.items() if r.status == 'implemented'}
    linked = page_links(out / 'by' / 'status' / 'implemented.html')
    expected = {str((out / f'{d}.html').resolve()) for d in implemented}
    check(
        linked == expected,
        f'implemented page links {len(linked)} pages; {len(implemented)} specs are implemented',
    )
    for path in sorted(linked ^ expected):
        print('      only linked:' if path in linked else '      not linked:', path)

    spec = source / 'specs' / '2025.1' / 'approved'
    target = min(spec.iterdir())
    real = target.resolve()
    real.write_text(real.read_text() + '\nOne more line of body text.\n')
    second = build(source, out)
    edited = target.relative_to(source).with_suffix('').as_posix()
    check(second.read == [edited], f'body edit re-reads {second.read}')
    indexes = [p for p in second.written if p.startswith('by/') or p == 'index']
    # Sphinx itself rewrites the page whose toctree holds a re-read document
    # (its title may have changed); no other index page may be rewritten.
    parent = f'by/release/{edited.split("/")[1]}'
    check(
        set(indexes) <= {parent},
        f'body edit rewrites no index page but the toctree parent (rewrote {indexes})',
    )

    moved = real.parent.parent / 'implemented' / real.name
    real.rename(moved)
    third = build(source, out)
    new = f'specs/2025.1/implemented/{real.stem}'
    rewritten = sorted(p for p in third.written if p.startswith('by/') or p == 'index')
    print(f'     move re-read: {sorted(third.read)}')
    print(f'     move rewrote index pages: {rewritten}')
    check(new in third.read, 'the moved spec is re-read')
    check('by/release/2025.1' in third.read, 'its release page is re-read')
    check(
        'by/status/implemented' in third.written and 'by/status/approved' in third.written,
        'the status pages listing it are rewritten',
    )
    others = [d for d in third.read if d in specs and d != new]
    check(not others, f'no other spec is re-read ({others})')
    late = unexpected_warnings(third)
    check(not late, f'incremental builds: {len(late)} warnings but redirect findings')
    for line in late[:10]:
        print('     ', line)
    print('PASS' if ok else 'FAIL')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
