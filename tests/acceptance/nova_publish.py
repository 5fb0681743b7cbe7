"""Acceptance run of publishing on a nova-specs snapshot (not in the default tests).

Usage::

    python tests/acceptance/nova_publish.py PATH/TO/nova-specs [--workdir DIR] [-j N]

Copies the corpus, gives the copy a synthetic git history (snapshots have
none; see ``tests/benchmarks/history.py``), plants two redirect lines that
point outside the output directory, builds it with
``doc/recipes/nova_conf.py`` and the html builder, and checks, without
trusting the extension's own reading of the redirects files:

1. every redirect line whose target is a page, a chain of redirects ending
   at a page, or an absolute URL has a refresh page that leads, hop by
   hop, to a real page or to that URL; the counts are printed (nova:
   484 direct, 11 chains, 2 URLs);
2. every other line (nova: 3 whose spec no longer exists, plus the planted
   ones) is reported as ``specs.redirect`` at its file and line, and no
   page is written for it, inside or outside the output directory;
3. ``specs.json`` lists every spec document of the tree, once;
4. ``specs.atom`` parses, has the Atom required elements and lists the
   specs newest first, as the git history dates them.

Exit status 0 when all hold.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'benchmarks'))
from corpus import materialize
from history import make_history

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / 'doc' / 'recipes' / 'nova_conf.py'
ATOM = '{http://www.w3.org/2005/Atom}'
WARNING = re.compile(r'^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<msg>.*) \[specs\.redirect\]$')
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]*)">')
PLANTED = [
    '../../../../../../../../../tmp/specs-planted-escape.rst ../implemented/x.rst',
    'approved/specs-planted-target.rst ../../../../../../../../../etc/passwd',
]


def build(tree: Path, jobs: int) -> tuple[Path, list[re.Match[str]]]:
    conf = tree / 'doc' / 'source' / 'conf.py'
    conf.write_text(RECIPE.read_text())
    out = tree / 'doc' / 'build' / 'html'
    result = subprocess.run(
        [
            sys.executable,
            '-m',
            'sphinx',
            '-q',
            '-E',
            '-j',
            str(jobs),
            '-b',
            'html',
            str(tree / 'doc' / 'source'),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f'build failed:\n{result.stderr[-3000:]}')
    return out, [m for m in map(WARNING.match, result.stderr.splitlines()) if m]


def redirect_lines(source: Path) -> list[tuple[str, int, str, str]]:
    """(file, line, old, new) for every pair, read as nova's script reads them."""
    pairs = []
    for path in sorted(source.glob('specs/*/redirects')):
        relative = path.relative_to(source).as_posix()
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if line.strip() and not line.startswith('#'):
                old, new = line.split(None, 1)
                pairs.append((relative, number, old, new.strip()))
    return pairs


def _html(path: str) -> str:
    """The page Sphinx writes for the source file at ``path``."""
    return posixpath.normpath(path).removesuffix('.rst') + '.html'


def follow(out: Path, page: str) -> tuple[str, int]:
    """Where the refresh page at ``page`` (relative to ``out``) leads, and in
    how many hops: a real page's path, or an absolute URL."""
    hops = 0
    while True:
        text = (out / page).read_text(errors='replace')
        found = REFRESH.search(text)
        if not found:
            return page, hops
        hops += 1
        url = found.group(1).replace('&amp;', '&')
        if re.match(r'^https?://', url):
            return url, hops
        page = posixpath.normpath(unquote(urljoin(page, url)))
        if hops > 10 or not (out / page).is_file():
            return f'BROKEN {page}', hops


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path)
    parser.add_argument('--workdir', type=Path)
    parser.add_argument('-j', '--jobs', type=int, default=2)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-publish-'))
    tree = workdir / 'nova-specs'
    materialize(args.corpus, tree)
    planted_file = tree / 'specs' / '2025.1' / 'redirects'
    first_planted = len(planted_file.read_text().splitlines()) + 1
    with planted_file.open('a') as stream:
        stream.write(''.join(f'{line}\n' for line in PLANTED))
    last_change = make_history(tree, pairs=200)
    source = tree / 'doc' / 'source'
    out, warnings = build(tree, args.jobs)
    ok = True

    pages = {p.relative_to(out).as_posix() for p in out.rglob('*.html')}
    reported = {
        (str(Path(m.group('path')).relative_to(source).as_posix()), int(m.group('line')))
        for m in warnings
    }
    counts = {'direct': 0, 'chain': 0, 'url': 0, 'reported': 0}
    problems = []
    for relative, number, old, new in redirect_lines(source):
        directory = posixpath.dirname(relative)
        old_page = _html(posixpath.join(directory, old))
        if re.match(r'^https?://', new):
            declared = new
        else:
            declared = _html(posixpath.join(posixpath.dirname(old_page), new))
        where = f'{relative}:{number}'
        if (relative, number) in reported:
            counts['reported'] += 1
            if os.path.lexists(os.path.normpath(out / old_page)):
                problems.append(f'{where}: reported, but a page was written at {old_page}')
            continue
        if old_page not in pages:
            problems.append(f'{where}: no page at {old_page}, and no warning')
            continue
        final, hops = follow(out, old_page)
        if final.startswith('BROKEN'):
            problems.append(f'{where}: {old_page} leads to {final}')
        elif declared == final and final.startswith('http'):
            counts['url'] += 1
        elif declared == final and hops == 1:
            counts['direct'] += 1
        elif declared in pages and REFRESH.search((out / declared).read_text()):
            counts['chain'] += 1
        else:
            problems.append(f'{where}: {old_page} leads to {final}, declared {declared}')
    planted = {('specs/2025.1/redirects', first_planted + n) for n in range(len(PLANTED))}
    if not planted <= reported:
        problems.append(f'planted lines not reported: {sorted(planted - reported)}')
    stray = list(workdir.rglob('specs-planted-*'))
    if stray:
        problems.append(f'pages written for planted lines: {stray}')
    print(
        f'redirects: {counts["direct"]} direct, {counts["chain"]} chains, {counts["url"]} '
        f'absolute URLs work; {counts["reported"]} lines reported:'
    )
    for match in warnings:
        print('   ', match.group(0).split('/doc/source/', 1)[-1])
    for problem in problems:
        print('  PROBLEM:', problem)
    ok &= not problems

    data = json.loads((out / 'specs.json').read_text())
    specs_on_disk = {
        p.relative_to(source).with_suffix('').as_posix()
        for pattern in ('specs/*/*/*.rst', 'specs/abandoned/*.rst')
        for p in source.glob(pattern)
        if p.name not in ('index.rst', 'template.rst') and not p.name.endswith('-template.rst')
    }
    listed = [s['docname'] for s in data['specs']]
    missing = specs_on_disk - set(listed)
    extra = set(listed) - specs_on_disk
    duplicates = len(listed) - len(set(listed))
    print(
        f'specs.json: schema {data["schema_version"]}, {len(listed)} specs '
        f'({len(specs_on_disk)} spec files; missing {len(missing)}, extra {len(extra)}, '
        f'duplicates {duplicates})'
    )
    ok &= not missing and not extra and not duplicates
    for name in sorted(missing | extra)[:10]:
        print('   ', 'missing' if name in missing else 'extra', name)

    root = ET.fromstring((out / 'specs.atom').read_bytes())
    entries = root.findall(f'{ATOM}entry')
    required = all(root.findtext(f'{ATOM}{n}') for n in ('id', 'title', 'updated')) and all(
        e.findtext(f'{ATOM}{n}') for e in entries for n in ('id', 'title', 'updated')
    )
    site = root.find(f"{ATOM}link[@rel='alternate']")
    prefix = site.get('href', '') if site is not None else ''
    got = [(e.findtext(f'{ATOM}id') or '').removeprefix(prefix) for e in entries]
    expected = [
        f'{path.removesuffix(".rst")}.html'
        for path, _ in sorted(
            ((p, d) for p, d in last_change.items() if p.removesuffix('.rst') in listed),
            key=lambda item: (-item[1].timestamp(), item[0]),
        )
    ][: len(entries)]
    newest = root.findtext(f'{ATOM}updated')
    want_newest = max(last_change.values()).astimezone(datetime.timezone.utc)
    print(
        f'specs.atom: {len(entries)} entries, required elements '
        f'{"present" if required else "MISSING"}, updated {newest}; order '
        f'{"as the history dates them" if got == expected else "WRONG"}'
    )
    ok &= bool(entries) and required and got == expected
    ok &= newest == want_newest.strftime('%Y-%m-%dT%H:%M:%SZ')
    if got != expected:
        for line in zip(got, expected, strict=False):
            print('   ', *line)
    print('PASS' if ok else 'FAIL')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
