"""Reading and resolving redirects, without Sphinx."""

from __future__ import annotations

import pytest

from sphinxcontrib_specs.core.redirects import (
    Problem,
    Redirect,
    RedirectLine,
    parse_file,
    parse_mapping,
    resolve,
)

PAGES = {
    'index',
    'specs/2025.1/implemented/quotas',
    'specs/2025.1/implemented/cells',
}


def test_paths_are_relative_to_the_file_then_to_the_old_page() -> None:
    text = (
        '# moved when implemented\n'
        '\n'
        'approved/quotas.rst ../implemented/quotas.rst\n'
        '   approved/cells.html   ../implemented/cells   \n'
        'flat.rst implemented/quotas.rst\n'
    )
    entries, problems = parse_file(text, 'specs/2025.1/redirects')
    assert problems == []
    assert entries == [
        RedirectLine(
            'specs/2025.1/approved/quotas',
            'specs/2025.1/implemented/quotas',
            'specs/2025.1/redirects',
            3,
        ),
        RedirectLine(
            'specs/2025.1/approved/cells',
            'specs/2025.1/implemented/cells',
            'specs/2025.1/redirects',
            4,
        ),
        RedirectLine(
            'specs/2025.1/flat', 'specs/2025.1/implemented/quotas', 'specs/2025.1/redirects', 5
        ),
    ]


def test_a_file_at_the_top_of_the_source_directory() -> None:
    entries, problems = parse_file('old.rst new/page.rst\n', 'redirects')
    assert problems == []
    assert [(e.source, e.target) for e in entries] == [('old', 'new/page')]


def test_other_source_suffixes() -> None:
    entries, _ = parse_file('a.md b.md\n', 'redirects', suffixes=('.rst', '.md'))
    assert [(e.source, e.target) for e in entries] == [('a', 'b')]


def test_absolute_urls_are_kept_as_written() -> None:
    url = 'https://docs.example.org/placement/latest/specs/x.html#anchor'
    entries, problems = parse_file(f'approved/x.rst {url}\n', 'specs/xena/redirects')
    assert problems == []
    assert entries[0].target == url
    assert entries[0].is_url


@pytest.mark.parametrize(
    ('line', 'message'),
    [
        (
            '../../etc/passwd x.rst',
            (
                "'../../etc/passwd' leaves the output directory; nothing written for "
                "'../../etc/passwd x.rst'"
            ),
        ),
        (
            'x.rst ../../../../outside.rst',
            (
                "'../../../../outside.rst' leaves the output directory; nothing written for "
                "'x.rst ../../../../outside.rst'"
            ),
        ),
        (
            'approved/../../../x.rst y.rst',
            (
                "'approved/../../../x.rst' leaves the output directory; nothing written for "
                "'approved/../../../x.rst y.rst'"
            ),
        ),
        (
            '/etc/passwd x.rst',
            (
                "'/etc/passwd' is absolute; write a relative path; nothing written for "
                "'/etc/passwd x.rst'"
            ),
        ),
        (
            'x.rst /etc/passwd',
            (
                "'/etc/passwd' is absolute; write a relative path; nothing written for "
                "'x.rst /etc/passwd'"
            ),
        ),
        (
            'x.rst //evil.example.org/page',
            (
                "'//evil.example.org/page' is absolute; write a relative path; nothing "
                "written for 'x.rst //evil.example.org/page'"
            ),
        ),
        (
            'x.rst ..\\..\\boot.ini',
            (
                "'..\\\\..\\\\boot.ini' holds control characters or backslashes; nothing "
                "written for 'x.rst ..\\\\..\\\\boot.ini'"
            ),
        ),
        (
            'x.rst javascript:alert(1)',
            (
                "'javascript:alert(1)' is not an http(s) URL; only those can be redirect "
                "targets; nothing written for 'x.rst javascript:alert(1)'"
            ),
        ),
        (
            'x.rst https:///no-host',
            (
                "'https:///no-host' is not an http(s) URL; only those can be redirect "
                "targets; nothing written for 'x.rst https:///no-host'"
            ),
        ),
        (
            'https://example.org/x y.rst',
            (
                "'https://example.org/x' is absolute; write a relative path; nothing "
                "written for 'https://example.org/x y.rst'"
            ),
        ),
        ('.. y.rst', "'..' names a directory, not a page; nothing written for '.. y.rst'"),
        (
            'my spec.rst ../implemented/my spec.rst',
            (
                "expected 'old new' (two paths without spaces), found 4 fields: "
                "'my spec.rst ../implemented/my spec.rst'"
            ),
        ),
        (
            'a.rst b.rst c.rst',
            "expected 'old new' (two paths without spaces), found 3 fields: 'a.rst b.rst c.rst'",
        ),
        (
            'lonely.rst',
            "expected 'old new' (two paths without spaces), found 1 field: 'lonely.rst'",
        ),
    ],
)
def test_hostile_lines_are_refused_at_their_line(line: str, message: str) -> None:
    entries, problems = parse_file(f'good.rst other.rst\n{line}\n', 'specs/redirects')
    assert [e.source for e in entries] == ['specs/good']
    assert problems == [Problem('specs/redirects', 2, message)]


def test_control_characters_are_refused() -> None:
    entries, problems = parse_file('a\x1b[31m.rst b.rst\n', 'redirects')
    assert entries == []
    assert len(problems) == 1
    assert 'control characters' in problems[0].message


def test_the_mapping_is_relative_to_the_source_directory() -> None:
    entries, problems = parse_mapping(
        {
            'specs/old.rst': 'specs/new.rst',
            'specs/away.rst': 'https://example.org/',
            '../escape.rst': 'index.rst',
        },
        '/site/conf.py',
    )
    assert entries == [
        RedirectLine('specs/away', 'https://example.org/', '/site/conf.py', 0),
        RedirectLine('specs/old', 'specs/new', '/site/conf.py', 0),
    ]
    assert problems == [
        Problem(
            '/site/conf.py',
            0,
            "'../escape.rst' leaves the output directory; nothing written for "
            "'../escape.rst': 'index.rst'",
        )
    ]


def _entries(*pairs: tuple[str, str]) -> list[RedirectLine]:
    return [RedirectLine(old, new, 'redirects', n) for n, (old, new) in enumerate(pairs, start=1)]


def test_direct_redirects_and_urls_resolve_as_declared() -> None:
    entries = _entries(
        ('specs/2025.1/approved/quotas', 'specs/2025.1/implemented/quotas'),
        ('specs/placement', 'https://example.org/placement/'),
    )
    resolved, problems = resolve(entries, PAGES)
    assert problems == []
    assert resolved == [
        Redirect('specs/2025.1/approved/quotas', 'specs/2025.1/implemented/quotas', entries[0]),
        Redirect('specs/placement', 'https://example.org/placement/', entries[1]),
    ]


def test_chains_end_at_the_final_page_or_url() -> None:
    entries = _entries(
        ('a', 'b'),
        ('b', 'c'),
        ('c', 'specs/2025.1/implemented/cells'),
        ('x', 'y'),
        ('y', 'https://example.org/'),
    )
    resolved, problems = resolve(entries, PAGES)
    assert problems == []
    assert [(r.source, r.target) for r in resolved] == [
        ('a', 'specs/2025.1/implemented/cells'),
        ('b', 'specs/2025.1/implemented/cells'),
        ('c', 'specs/2025.1/implemented/cells'),
        ('x', 'https://example.org/'),
        ('y', 'https://example.org/'),
    ]


def test_missing_targets_cycles_and_clobbering_are_reported() -> None:
    entries = _entries(
        ('gone', 'specs/2025.1/implemented/gone'),
        ('via', 'gone'),
        ('ping', 'pong'),
        ('pong', 'ping'),
        ('into-cycle', 'ping'),
        ('specs/2025.1/implemented/cells', 'index'),
        ('self', 'self'),
    )
    resolved, problems = resolve(entries, PAGES)
    assert resolved == []
    assert [(p.line, p.message) for p in problems] == [
        (
            1,
            (
                "redirect target 'specs/2025.1/implemented/gone' is no page of this site; "
                'point it at the page that replaced it, or remove the line'
            ),
        ),
        (
            2,
            (
                "redirect target 'specs/2025.1/implemented/gone' (via gone) is no page of this "
                'site; point it at the page that replaced it, or remove the line'
            ),
        ),
        (3, 'redirect cycle ping -> pong -> ping; point one of them at a page'),
        (4, 'redirect cycle pong -> ping -> pong; point one of them at a page'),
        (5, 'redirect cycle into-cycle -> ping -> pong -> ping; point one of them at a page'),
        (
            6,
            (
                "'specs/2025.1/implemented/cells' is a page of this site; a redirect would "
                'replace it. Remove the redirect or the page'
            ),
        ),
        (7, 'redirect cycle self -> self; point one of them at a page'),
    ]


def test_the_first_redirect_of_a_page_wins() -> None:
    entries = _entries(
        ('old', 'specs/2025.1/implemented/quotas'),
        ('old', 'specs/2025.1/implemented/quotas'),
        ('old', 'specs/2025.1/implemented/cells'),
    )
    resolved, problems = resolve(entries, PAGES)
    assert [(r.source, r.target) for r in resolved] == [('old', 'specs/2025.1/implemented/quotas')]
    assert problems == [
        Problem(
            'redirects',
            3,
            "'old' is already redirected to 'specs/2025.1/implemented/quotas' "
            '(redirects:1); keep one of the two',
        )
    ]
