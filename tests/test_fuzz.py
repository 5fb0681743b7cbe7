"""Generated inputs, found nothing to crash on: reader, checks, rules, configuration.

Hypothesis generates reStructuredText (titles and sections with any
adornment, field lists, directives, comments, literal blocks, invisible and
control characters, carriage returns, tabs, long lines) for the command
line's reader and :func:`check_spec`, the outline scanner and the template
model, and every document rule; and JSON-like values for every ``specs_*``
setting, for the configuration loader.  No exception may escape, but the
loader's ``SettingsError``.

The default run is bounded and the same on each run (``derandomize``).
``HYPOTHESIS_PROFILE=long`` (``tox -e fuzz``) runs thousands of new inputs
per test.  Each input that once crashed is kept as an ``@example``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from sphinxcontrib_specs.checking.document import check_spec
from sphinxcontrib_specs.cli.reader import ReadOptions, SpecReader
from sphinxcontrib_specs.config.load import load_settings
from sphinxcontrib_specs.config.settings import Head, Settings, SettingsError
from sphinxcontrib_specs.config.values import CONFIG_VALUES
from sphinxcontrib_specs.core.metadata import assignee_entries, assignee_lines, read_header
from sphinxcontrib_specs.core.outline import scan_outline
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.template import SectionRule, Template, build_template, load_template
from sphinxcontrib_specs.rules.context import Context
from sphinxcontrib_specs.rules.registry import RULES, run_rules

#: ``long``: thousands of new inputs per test; anything else, the bounded run.
LONG = os.environ.get('HYPOTHESIS_PROFILE') == 'long'
settings.register_profile(
    'long',
    max_examples=5000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz(max_examples: int) -> Callable[[Any], Any]:
    """Hypothesis settings: ``max_examples`` inputs, the same on each run;
    under the ``long`` profile, its own (thousands, new on each run)."""
    if LONG:
        return settings(settings.get_profile('long'))
    return settings(
        derandomize=True,
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


TEMPLATE = """\
..
 This work is licensed under a Creative Commons Attribution 3.0 Unported
 License.

==========================
Example Spec - The title
==========================

https://blueprints.launchpad.net/nova/+spec/example

Problem description
===================

.. specs: aliases Problem

Use Cases
---------

Proposed change
===============

Alternatives (optional)
-----------------------

This section is optional.

Implementation
==============

Assignee(s)
-----------

Primary assignee:
  <launchpad-id or None>

Testing
=======

.. specs: since 2024.1
"""

# -- reStructuredText ---------------------------------------------------------

#: Characters that make trouble: invisible ones, a BOM, a soft hyphen, a
#: bidirectional mark, line separators, controls, a carriage return, a tab,
#: typographic quotes.
ODD = (
    '\u200b\u200c\u200d\u2060\ufeff\u00a0\u00ad\u202e\u2028\u2029'
    '\x00\x01\x07\x0b\x0c\x1b\x7f\x85\r\t\u2018\u201c'
)
ADORNMENTS = '=-~^"#*+`:.\'_!$%&,/;<>?@[\\]{|}'

words = st.text(
    alphabet=st.characters(codec='utf-8', exclude_categories=('Cs',)) | st.sampled_from(ODD),
    max_size=30,
)
plain = st.text(alphabet=st.sampled_from('abcdefghij Problem Testing :`*_|'), max_size=20)
text = plain | words


@st.composite
def titles(draw: st.DrawFn) -> str:
    title = draw(text)
    char = draw(st.sampled_from(ADORNMENTS))
    length = max(0, len(title) + draw(st.integers(-3, 3)))
    line = char * length
    if draw(st.booleans()):
        return f'{line}\n{title}\n{line}'
    return f'{title}\n{line}'


@st.composite
def field_lists(draw: st.DrawFn) -> str:
    names = st.sampled_from(['status', 'release', 'project', 'blueprint', 'date', 'x']) | plain
    fields = draw(st.lists(st.tuples(names, text), max_size=4))
    return '\n'.join(f':{name}: {value}' for name, value in fields)


@st.composite
def directives(draw: st.DrawFn) -> str:
    name = draw(
        st.sampled_from(
            ['code-block', 'note', 'toctree', 'include', 'spec-index', 'raw', 'csv-table']
        )
        | plain
    )
    options = draw(st.lists(st.tuples(plain, text), max_size=2))
    body = draw(st.lists(text, max_size=3))
    lines = [f'.. {name}:: {draw(text)}', *(f'   :{k}: {v}' for k, v in options)]
    if body:
        lines += ['', *(f'   {line}' for line in body)]
    return '\n'.join(lines)


comments = st.builds(
    lambda body, marker: f'.. {marker}{body}',
    text,
    st.sampled_from(['', 'specs: ', 'specs-lint: disable=', 'specs: since ', 'specs: optional']),
)
literal_blocks = st.builds(
    lambda para, body: f'{para}::\n\n' + '\n'.join(f'    {line}' for line in body),
    text,
    st.lists(text, max_size=3),
)
long_lines = st.builds(lambda word, count: ' '.join([word] * count), plain, st.integers(1, 60))
tables = st.just('=====  =====\nA      B\n=====  =====\nx      y\n=====  =====')
urls = st.builds(
    lambda tail: f'https://blueprints.launchpad.net/nova/+spec/{tail}',
    st.text(alphabet='abc-._+', max_size=10),
)
blocks = st.one_of(
    titles(), field_lists(), directives(), comments, literal_blocks, long_lines, tables, urls, text
)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """A spec's bytes: blocks of rST, joined by blank lines or not, with LF,
    CR LF or CR line ends, sometimes indented, sometimes not UTF-8."""
    parts = draw(st.lists(blocks, max_size=12))
    joiner = draw(st.sampled_from(['\n\n', '\n', '\n\n\n']))
    source = joiner.join(parts)
    if draw(st.booleans()):
        source = source.replace('\n', draw(st.sampled_from(['\r\n', '\r', '\n\t'])))
    data = source.encode('utf-8')
    if draw(st.integers(0, 9)) == 0:
        data += bytes(draw(st.lists(st.integers(128, 255), min_size=1, max_size=3)))
    return data


# -- Settings and templates ----------------------------------------------------


@pytest.fixture(scope='module')
def srcdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp('fuzz')
    (path / 'specs').mkdir()
    (path / 'specs/template.rst').write_text(TEMPLATE, encoding='utf-8')
    (path / 'conf.py').write_text('')
    return path


@pytest.fixture(scope='module')
def every_rule(srcdir: Path) -> Settings:
    """Settings with every rule on."""
    return load_settings({'specs_rules': {'*': True}}, str(srcdir))


def _templates(settings: Settings) -> Callable[[str, str], Template]:
    def load(path: str, kind: str) -> Template:
        return load_template(
            os.path.join(settings.srcdir, path),
            path,
            settings.kind(kind).sections,
            settings.releases,
        )

    return load


READER = SpecReader(ReadOptions())
DOCNAMES = st.sampled_from(
    [
        'specs/2025.1/approved/fuzz',
        'specs/approved/fuzz',
        'specs/backlog/Fuzz_Name',
        'specs/zed/implemented/fuzz',
        'specs/epoxxy/fuzz',
    ]
)


@fuzz(150)
@given(source=documents(), docname=DOCNAMES)
@example(source=b'', docname='specs/2025.1/approved/fuzz')
# docutils' include directive raised ValueError on a NUL in its path.
@example(source=b'.. include:: \x00\x80', docname='specs/2025.1/approved/fuzz')
def test_the_reader_and_check_spec(every_rule: Settings, source: bytes, docname: str) -> None:
    read = READER.read(f'{docname}.rst', source, docname=docname)
    if not read.parsed:
        # Sphinx stops on such a file; the command line reports it.
        assert read.problems[-1][1].startswith('docutils cannot parse this file: ')
        return
    record = check_spec(
        every_rule,
        docname,
        read.doctree,
        path=f'{docname}.rst',
        source=source,
        docinfo=read.docinfo,
        load_template=_templates(every_rule),
    )
    assert record is not None


RELEASES = ReleaseTable()
SINCE = st.sampled_from(['zed', '2024.1', '2025.2', 'backlog', '36.0'])
section_rules = st.dictionaries(
    text,
    st.builds(
        SectionRule,
        optional=st.none() | st.booleans(),
        since=st.none() | SINCE,
        aliases=st.lists(text, max_size=2).map(tuple),
    ),
    max_size=3,
)


@fuzz(300)
@given(source=documents(), rules=section_rules, sections=st.none() | st.integers(0, 5))
def test_the_outline_scanner_and_template_model(
    source: bytes, rules: dict[str, SectionRule], sections: int | None
) -> None:
    text = source.decode('utf-8', 'replace')
    outline = scan_outline(text, sections=sections)
    template = build_template('template.rst', outline, rules, RELEASES)
    read_header(text, outline)
    assignee_entries(assignee_lines(text, outline))
    assert all(problem.code == 'template' for problem in template.problems)


def _options() -> st.SearchStrategy[dict[str, dict[str, Any]]]:
    """Rule settings with every document rule on, and options of their types."""
    line_length = st.fixed_dictionaries(
        {
            'max': st.integers(1, 200),
            'urls': st.booleans(),
            'literal_blocks': st.booleans(),
            'literal_directives': st.sampled_from(
                [RULES['line_length'].options['literal_directives'], ('*',), ()]
            ),
            'tables': st.booleans(),
            'no_whitespace': st.booleans(),
            'loose_literal_blocks': st.booleans(),
        }
    )
    return line_length.map(
        lambda options: {
            name: {**rule.options, **(options if name == 'line_length' else {})}
            for name, rule in RULES.items()
        }
    )


@fuzz(300)
@given(
    source=documents(),
    template_source=st.none() | documents(),
    release=st.none() | SINCE | text,
    path=st.sampled_from(['', 'specs/2025.1/x.rst', 'specs/A B.rst', 'x', '.rst']) | text,
    metadata=st.dictionaries(st.sampled_from(['status', 'release', 'name', 'blueprint']), text),
    rules=_options(),
)
def test_every_document_rule(  # noqa: PLR0917 (one argument per strategy)
    source: bytes,
    template_source: bytes | None,
    release: str | None,
    path: str,
    metadata: dict[str, str],
    rules: dict[str, dict[str, Any]],
) -> None:
    template = None
    if template_source is not None:
        template_text = template_source.decode('utf-8', 'replace')
        template = build_template('t.rst', scan_outline(template_text), {}, RELEASES)
    ctx = Context(
        outline=scan_outline(source.decode('utf-8', 'replace')),
        template=template,
        release=RELEASES.parse(release) if release is not None else None,
        source=source,
        path=path,
        metadata=metadata,
    )
    for finding in run_rules(ctx, rules):
        assert finding.code in RULES
        assert finding.line >= 1


# -- The configuration ------------------------------------------------------

#: Strings that mean something to some setting, to get past the first checks.
MEANINGFUL = [
    *RULES,
    *(option for rule in RULES.values() for option in rule.options),
    'specs/{release}/{status}/{name}',
    'specs/{name}',
    '{project}/{release}/{name}',
    'specs/template.rst',
    'specs/{release}/template.rst',
    'approved',
    'implemented',
    'zed',
    '2025.1',
    'backlog',
    'Problem description',
    'Testing',
    'patterns',
    'templates',
    'sections',
    'title',
    'fields',
    'content_fields',
    'optional',
    'since',
    'aliases',
    'rules',
    'status',
    'kind',
    'from',
    'until',
    'release',
    'project',
    '*',
    'by',
    '.',
    'specs',
    'conf.py',
    'index.html',
    '(',
    '',
]
keys = st.sampled_from(MEANINGFUL) | st.text(max_size=8)
json_like = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.floats(allow_nan=True) | keys,
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(keys | st.integers(0, 5), children, max_size=4)
    ),
    max_leaves=12,
)


def _some(*values: object) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


patterns = st.lists(_some('specs/{release}/{status}/{name}', 'specs/{name}', 'p/{name}'))
template_paths = st.lists(_some('specs/template.rst', 'specs/{release}/template.rst', 'x.rst'))
rule_settings = st.dictionaries(
    _some(*RULES, '*'), st.booleans() | _options().map(lambda every: every['line_length'])
)
#: For each value, values that mean something: most get past the first checks.
PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    'specs_patterns': patterns,
    'specs_templates': template_paths,
    'specs_sections': st.dictionaries(
        _some('Problem description', 'Use Cases', 'Alternatives', 'Testing', 'Nope'),
        st.fixed_dictionaries(
            {},
            optional={
                'optional': st.booleans(),
                'since': SINCE,
                'until': SINCE,
                'aliases': st.lists(plain),
                'extra': st.booleans(),
            },
        ),
    ),
    'specs_kinds': st.dictionaries(
        _some('policy', 'lite'),
        st.fixed_dictionaries(
            {},
            optional={
                'patterns': patterns,
                'templates': template_paths,
                'title': plain,
                'fields': st.dictionaries(_some('type'), plain),
                'content_fields': st.booleans(),
                'listed': st.booleans(),
                'status': st.booleans(),
            },
        ),
        max_size=2,
    ),
    'specs_statuses': st.dictionaries(_some('approved', 'implemented', 'draft'), plain),
    'specs_defaults': st.fixed_dictionaries(
        {},
        optional={'status': _some('approved', 'draft'), 'release': SINCE, 'project': plain},
    )
    | st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                'status': _some('approved', 'implemented', 'draft'),
                'project': plain,
                'from': SINCE,
                'until': SINCE,
            },
        ),
        max_size=3,
    ),
    'specs_project_aliases': st.dictionaries(_some('glanceclient', 'Nova'), plain),
    'specs_optout_aliases': st.dictionaries(
        _some('lint: norfe', '.. x'), _some('all', 'title', ['tab', 'nope'])
    ),
    'specs_feed_author': st.none()
    | plain
    | st.fixed_dictionaries({}, optional={'name': plain, 'email': _some('a@b.org', 'no')}),
    'specs_release_aliases': st.dictionaries(_some('36.0', 'next'), SINCE),
    'specs_release_buckets': st.lists(_some('backlog', 'later', 'zed')),
    'specs_rules': rule_settings,
    'specs_rule_overrides': st.lists(
        st.fixed_dictionaries(
            {'rules': rule_settings},
            optional={
                'status': _some('approved', ['implemented', 'draft']),
                'kind': _some('spec', 'policy', ['lite']),
                'from': SINCE,
                'until': SINCE,
            },
        ),
        max_size=2,
    ),
    'specs_exclude': st.lists(_some('specs/*/redirects', 'specs/2025.1/*')),
    'specs_baseline': st.none() | _some('specs-baseline.txt', '../known.txt', 'known.rst', ''),
    'specs_index_dir': st.none() | _some('by', 'site/by', 'specs', '.', 'conf.py', '_build'),
    'specs_metadata_box': st.booleans(),
    'specs_history': st.booleans(),
    'specs_redirect_files': st.booleans() | _some('specs/*/redirects', '/etc/*'),
    'specs_redirects': st.dictionaries(plain, plain),
    'specs_json': st.booleans() | _some('api/specs.json', 'index.html', '_static/x'),
    'specs_feed': st.booleans() | _some('feed.atom', 'search.html'),
    'specs_feed_size': st.integers(-1, 50),
    'specs_feed_filter': st.dictionaries(
        _some('status', 'release', 'kind', 'project'), _some('approved', 'zed', 'spec', 'nova')
    ),
    'specs_feed_date_field': _some('date', 'updated', ''),
    'specs_metadata_fields': st.lists(_some('topic', 'reviewer')),
    'specs_external': st.dictionaries(
        _some('neutron', 'a:b', ''),
        _some(
            'https://x.org/specs.json', 'ftp://x.org/', 'x.json', ('x.json', '../x/'), ('x', '/')
        ),
    ),
    'specs_external_timeout': _some(10, 0.5, 0, -1, float('nan'), True),
    'specs_autolink': st.booleans(),
    'html_baseurl': _some('', 'https://specs.example.org/'),
    'html_file_suffix': st.none() | _some('.htm', '.html'),
}
configurations = st.lists(st.sampled_from(sorted(PLAUSIBLE)), unique=True, max_size=4).flatmap(
    lambda names: st.fixed_dictionaries({name: PLAUSIBLE[name] | json_like for name in names})
)
SPEC = b"""\
:release: 2025.1

=======
A title
=======

https://blueprints.launchpad.net/nova/+spec/a-title

Problem description
===================

Text.
"""


def _uses(settings: Settings) -> Iterator[object]:
    """What a build and the command line ask of loaded settings."""
    read = READER.read('specs/x.rst', SPEC, docname='specs/x')
    for docname in ('specs/2025.1/approved/x', 'specs/x', 'by/release/2025.1', 'policies/x'):
        yield settings.classify(docname, Head('A title', {'status': 'approved'}))
        yield check_spec(
            settings,
            docname,
            read.doctree,
            path=f'{docname}.rst',
            source=SPEC,
            docinfo=read.docinfo,
            load_template=_templates(settings),
        )
    yield settings.no_spec(['index', 'specs/x'])


@fuzz(400)
@given(values=configurations)
@example(values={'specs_sections': {5: {'optional': True}}})
@example(values={'specs_defaults': {'status': None}})
@example(values={'specs_defaults': {'release': 5}})
@example(values={'specs_rules': {'line_length': {'max': '80'}}})
@example(values={'specs_rules': {'filename': {'pattern': '('}}})
@example(values={'specs_rule_overrides': [{'status': 5, 'rules': {'*': False}}]})
@example(values={'specs_index_dir': 'conf.py'})
# Found by the fuzzer: Sphinx's html_file_suffix was taken for a string.
@example(values={'html_file_suffix': True, 'specs_feed': 'feed.atom'})
def test_the_configuration_loader(srcdir: Path, values: dict[str, Any]) -> None:
    assert {value.name for value in CONFIG_VALUES} <= set(PLAUSIBLE)
    try:
        loaded = load_settings(values, str(srcdir))
    except SettingsError:
        event('refused')
        return
    event('loaded')
    for _used in _uses(loaded):
        pass
