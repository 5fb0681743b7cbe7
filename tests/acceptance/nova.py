"""Acceptance run on a nova-specs checkout (not part of the default tests).

Usage::

    python tests/acceptance/nova.py PATH/TO/nova-specs [--workdir DIR] [-j N]

Copies the corpus (turning stored symlink placeholders back into links),
drops ``doc/recipes/nova_conf.py`` in as ``doc/source/conf.py`` and checks:

1. the unmodified tree builds with zero ``specs.*`` warnings;
2. every kind of defect nova's own test catches, injected into copies of
   real specs, is reported with the expected code at the expected line: the
   structure defects of its title test and the hygiene ones (a long line,
   trailing spaces, a carriage return, a zero-width space, a non-.rst file
   in a release directory).

Exit status 0 when both hold.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sphinxcontrib_specs.core.outline import scan_outline

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'benchmarks'))
from corpus import materialize

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / 'doc' / 'recipes' / 'nova_conf.py'
WARNING = re.compile(
    r'^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<msg>.*) \[specs\.(?P<code>\w+)\]$'
)


def build(tree: Path, jobs: int) -> list[re.Match[str]]:
    conf = tree / 'doc' / 'source' / 'conf.py'
    conf.write_text(RECIPE.read_text())
    out = tree / 'doc' / 'build'
    shutil.rmtree(out, ignore_errors=True)
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
            'dummy',
            str(tree / 'doc' / 'source'),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f'build failed:\n{result.stderr[-3000:]}')
    found = []
    for line in result.stderr.splitlines():
        match = WARNING.match(line)
        if match:
            found.append(match)
    return found


@dataclass
class Defect:
    name: str
    spec: Path
    code: str
    line: int
    detail: str


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines(keepends=True)


def _section(path: Path, title: str, level: int) -> tuple[int, int]:
    """First and last line (0-based, exclusive end) of a section."""
    outline = scan_outline(path.read_text())
    sections = [s for top in outline.tops for s in top.walk()]
    found = next(s for s in sections if s.title == title and s.level == level)
    later = [s.line for s in sections if s.line > found.line and s.level <= level]
    lines = _lines(path)

    def first_line(title_line: int) -> int:
        index = title_line - 1
        overlined = (
            index > 0
            and lines[index - 1].strip()
            and (set(lines[index - 1].strip()) <= set('=-~^"*+#'))
        )
        return index - 1 if overlined else index

    return first_line(found.line), first_line(min(later)) if later else len(lines)


def _prose_line(lines: list[str]) -> int:
    """The first line (0-based) of a paragraph in the spec's *Problem description*."""
    start = next(i for i, text in enumerate(lines) if text.strip() == 'Problem description')
    return next(
        i
        for i in range(start + 2, len(lines))
        if lines[i][:1].isalpha() and '::' not in lines[i] and '://' not in lines[i]
    )


def inject_hygiene(tree: Path) -> list[Defect]:
    """The defects nova's test looks for besides titles, one per file."""
    release = tree / 'specs' / '2025.1'
    specs = [
        *sorted((release / 'implemented').glob('*.rst'))[6:],
        *sorted((release / 'approved').glob('*.rst')),
    ]
    changes = [
        ('long line', 'line_length', 'characters long', lambda line: line.ljust(90, '.')),
        (
            'trailing spaces',
            'trailing_whitespace',
            'trailing whitespace',
            lambda line: line + '   ',
        ),
        ('carriage return', 'carriage_return', 'CR LF', lambda line: line + '\r'),
        ('zero-width space', 'invisible_character', 'U+200B', lambda line: line + '\u200b'),
    ]
    assert len(specs) >= len(changes)
    defects = []
    for spec, (name, code, detail, change) in zip(specs, changes, strict=False):
        lines = _lines(spec)
        index = _prose_line(lines)
        lines[index] = change(lines[index].rstrip('\n')) + '\n'
        spec.write_bytes(''.join(lines).encode())
        defects.append(Defect(name, spec, code, index + 1, detail))
    stray = release / 'approved' / 'notes.txt'
    stray.write_text('Notes kept beside the specs.\n')
    defects.append(Defect('non-.rst file in approved/', stray, 'file_extension', 1, 'notes.txt'))
    stray = release / 'notes.txt'
    stray.write_text('Notes kept beside approved/ and implemented/.\n')
    defects.append(Defect('stray file in specs/2025.1/', stray, 'unexpected_file', 1, 'notes.txt'))
    return defects


def inject(tree: Path) -> list[Defect]:
    specs = sorted((tree / 'specs' / '2025.1' / 'implemented').glob('*.rst'))
    defects = []

    def remove(spec: Path, title: str, level: int, code: str, after: str) -> None:
        start, end = _section(spec, title, level)
        lines = _lines(spec)
        del lines[start:end]
        spec.write_text(''.join(lines))
        following = scan_outline(spec.read_text())
        line = next(s.line for top in following.tops for s in top.walk() if s.title == after)
        defects.append(Defect(f'{title!r} removed', spec, code, line, title))

    remove(specs[0], 'Testing', 1, 'missing_section', 'Documentation Impact')
    remove(specs[1], 'Work Items', 2, 'missing_subsection', 'Feature Liaison')
    remove(specs[2], 'Use Cases', 2, 'missing_subsection', 'Problem description')

    extra = specs[3]
    text = extra.read_text().rstrip('\n') + '\n\nMigration notes\n===============\n\nNotes.\n'
    extra.write_text(text)
    line = text.count('\n') - 3
    defects.append(
        Defect('extra top-level section', extra, 'extra_section', line, 'Migration notes')
    )

    cased = specs[4]
    lines = _lines(cased)
    index = next(i for i, text in enumerate(lines) if text.strip() == 'Problem description')
    lines[index] = 'Problem Description\n'
    cased.write_text(''.join(lines))
    defects.append(
        Defect('title case changed', cased, 'title_case', index + 1, 'Problem Description')
    )

    level = specs[5]
    lines = _lines(level)
    index = next(i for i, text in enumerate(lines) if text.strip() == 'Alternatives')
    lines[index + 1] = '=' * len('Alternatives') + '\n'
    level.write_text(''.join(lines))
    defects.append(
        Defect(
            'subsection adorned as a section', level, 'heading_level', index + 1, 'Alternatives'
        )
    )
    return defects


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', type=Path)
    parser.add_argument('--workdir', type=Path)
    parser.add_argument('-j', '--jobs', type=int, default=2)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix='specs-acceptance-'))
    tree = workdir / 'nova-specs'
    materialize(args.corpus, tree)

    ok = True
    clean = build(tree, args.jobs)
    print(f'unmodified corpus: {len(clean)} specs.* warnings')
    for match in clean:
        print('   ', match.group(0))
    ok &= not clean

    defects = inject(tree) + inject_hygiene(tree)
    found = build(tree, args.jobs)
    print(f'injected {len(defects)} defects; build reported {len(found)} specs.* warnings')
    for defect in defects:
        rel = defect.spec.relative_to(tree / 'specs')
        hits = [
            m
            for m in found
            if m.group('path').endswith(str(rel))
            and m.group('code') == defect.code
            and int(m.group('line')) == defect.line
            and defect.detail in m.group('msg')
        ]
        status = 'caught' if hits else 'MISSED'
        ok &= bool(hits)
        print(
            f'  {status}: {defect.name} in specs/{rel} -> specs.{defect.code} at line '
            f'{defect.line}'
        )
        for hit in hits:
            print(f'      {hit.group(0).split("/specs/", 1)[-1]}')
    expected = {(str(d.spec.relative_to(tree / 'specs')), d.code) for d in defects}
    unexpected = [
        m
        for m in found
        if not any(m.group('path').endswith(p) and m.group('code') == c for p, c in expected)
    ]
    for match in unexpected:
        print('  unexpected:', match.group(0))
    ok &= not unexpected
    print('PASS' if ok else 'FAIL')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
