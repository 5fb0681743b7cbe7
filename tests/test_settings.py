"""``load_settings``: every problem at once, and what the settings decide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sphinxcontrib_specs.checking.document import resolve_header
from sphinxcontrib_specs.config.load import load_settings
from sphinxcontrib_specs.config.settings import Applicable, Settings, SettingsError
from sphinxcontrib_specs.core.metadata import Header
from sphinxcontrib_specs.core.outline import scan_outline
from sphinxcontrib_specs.core.template import Template


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    for path in ('specs/template.rst', 'specs/2025.1-template.rst', 'policies/template.rst'):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(
            'Title\n=====\n\nSection\n-------\n\nTesting\n-------\n\nHistory\n-------\n'
        )
    return tmp_path


def settings(srcdir: Path, **values: Any) -> Settings:
    return load_settings(values, str(srcdir))


def problems(srcdir: Path, **values: Any) -> list[str]:
    with pytest.raises(SettingsError) as raised:
        load_settings(values, str(srcdir))
    return str(raised.value).splitlines()


def test_defaults(srcdir: Path) -> None:
    loaded = settings(srcdir)
    assert [kind.name for kind in loaded.kinds] == ['spec']
    assert loaded.template_files == {'specs/template.rst', 'specs/2025.1-template.rst'}
    assert loaded.template_docnames == {'specs/template', 'specs/2025.1-template'}
    assert loaded.defaults == {'status': 'approved'}
    assert loaded.rules['missing_section'] == {'required': ()}
    assert loaded.rules['section_order'] is None


def test_every_problem_is_collected(srcdir: Path) -> None:
    assert problems(
        srcdir,
        specs_release_aliases={'36.0': 'hibiscuss'},
        specs_statuses={},
        specs_defaults={'status': 'approved', 'owner': 'me'},
        specs_kinds={'policy': {'patterns': ['policies/{name}'], 'template': 'x'}},
        specs_patterns=['specs/{release}'],
        specs_templates='specs/template.rst',
        specs_sections={'Testing': {'required': True}, 'History': {'aliases': [1]}},
        specs_rules={'section_ordr': True, 'title': 'yes', 'missing_section': {'depth': 2}},
        specs_rule_overrides=[
            {'status': 'draft', 'rules': {}},
            {'until': 'someday', 'rules': {}},
            {'rule': {}},
        ],
        specs_exclude=[None],
    ) == [
        (
            "specs_release_aliases['36.0']: 'hibiscuss' is not a known release; did you mean "
            "'hibiscus'?"
        ),
        'specs_statuses: expected a non-empty dict of status name to label',
        "specs_defaults: unknown key 'owner'; the keys are status, release, project",
        "specs_kinds['policy']: unknown key 'template'; did you mean 'templates'?",
        "specs_patterns: 'specs/{release}': a pattern must contain {name}",
        "specs_templates: expected a list of template paths, got 'specs/template.rst'",
        (
            "specs_sections['Testing']: unknown key 'required'; the keys are optional, since, "
            'until, aliases, extra'
        ),
        "specs_sections['History']: aliases must be a list of titles",
        "specs_rules: unknown rule 'section_ordr'; did you mean 'section_order'?",
        "specs_rules['title']: expected True, False or a dict of options",
        "specs_rules['missing_section']: unknown option 'depth'; the options are: required",
        "specs_rule_overrides[0]: unknown status 'draft'",
        "specs_rule_overrides[1]: until='someday' is not a known release",
        "specs_rule_overrides[2]: unknown key 'rule'; did you mean 'rules'?",
        (
            'specs_rule_overrides[2]: expected a dict with rules and any of status, kind, '
            'from, until'
        ),
        'specs_exclude: expected a list of docname globs',
    ]


def test_no_template_anywhere(srcdir: Path) -> None:
    assert problems(srcdir, specs_templates=['specs/{release}/template.rst', 'nope.rst']) == [
        (
            "specs_templates: no template exists at any of 'specs/{release}/template.rst', "
            f"'nope.rst' (relative to {srcdir}); point it at your template, or set it to [] "
            'to check no structure'
        )
    ]
    assert settings(srcdir, specs_templates=[]).template_files == frozenset()


def test_kind_without_a_template(srcdir: Path) -> None:
    assert problems(
        srcdir, specs_kinds={'policy': {'patterns': ['team/{name}'], 'templates': ['t.rst']}}
    ) == [
        (
            "specs_kinds['policy'][templates]: no template exists at any of 't.rst' "
            f'(relative to {srcdir}); point it at your template, or set it to [] to check '
            'no structure'
        )
    ]


def test_classify(srcdir: Path) -> None:
    loaded = settings(
        srcdir,
        specs_kinds={
            'policy': {'patterns': ['policies/{name}'], 'templates': ['policies/template.rst']}
        },
        specs_exclude=['specs/*/redirects'],
    )

    def kind_and_fields(docname: str) -> tuple[str, dict[str, str]] | None:
        found = loaded.classify(docname)
        return None if found is None else (found[0].name, found[1])

    assert kind_and_fields('specs/2025.1/approved/foo') == (
        'spec',
        {'release': '2025.1', 'status': 'approved', 'name': 'foo'},
    )
    assert kind_and_fields('policies/reviews') == ('policy', {'name': 'reviews'})
    # Index pages, templates and excluded documents are not specs.
    assert kind_and_fields('specs/2025.1/index') is None
    assert kind_and_fields('specs/2025.1/approved/index') is None
    assert kind_and_fields('policies/template') is None
    assert kind_and_fields('policies/index') is None
    assert kind_and_fields('specs/2025.1/redirects') is None
    assert kind_and_fields('specs/2025.1-template') is None


def test_find_template(srcdir: Path) -> None:
    loaded = settings(
        srcdir, specs_templates=['specs/{release}-template.rst', 'specs/template.rst']
    )
    kind = loaded.kind('spec')
    assert loaded.find_template(kind, {'release': '2025.1'}) == (
        'specs/2025.1-template.rst',
        ['specs/2025.1-template.rst'],
    )
    assert loaded.find_template(kind, {'release': 'zed'}) == (
        'specs/template.rst',
        ['specs/zed-template.rst', 'specs/template.rst'],
    )
    # {release} is tried as the spec spells it, then under its other names.
    (srcdir / 'specs/caracal-template.rst').write_text('T\n=\n\nS\n-\n')
    assert loaded.find_template(kind, {'release': '2024.1'}) == (
        'specs/caracal-template.rst',
        ['specs/2024.1-template.rst', 'specs/caracal-template.rst'],
    )
    # A candidate needing a field the spec has none of is skipped.
    assert loaded.find_template(kind, {}) == ('specs/template.rst', ['specs/template.rst'])


def test_rules_for(srcdir: Path) -> None:
    loaded = settings(
        srcdir,
        specs_kinds={
            'policy': {'patterns': ['policies/{name}'], 'templates': ['policies/template.rst']}
        },
        specs_rules={'title': False, 'section_order': True},
        specs_rule_overrides=[
            {'status': ['implemented', 'in_progress'], 'rules': {'missing_section': False}},
            {'from': 'caracal', 'until': '2025.1', 'rules': {'title_case': True}},
            {'kind': 'policy', 'rules': {'*': False}},
            {'from': '2025.1', 'rules': {'title': True}},
        ],
    )
    parse = loaded.releases.parse

    def enabled(kind: str, status: str | None, release: str | None) -> set[str]:
        rules = loaded.rules_for(kind, status, parse(release) if release else None)
        return {name for name, options in rules.items() if options is not None}

    base = {name for name, options in loaded.rules.items() if options is not None}
    assert 'title' not in base
    assert 'section_order' in base
    assert enabled('spec', 'approved', 'zed') == base
    assert enabled('spec', 'approved', None) == base
    assert enabled('spec', 'implemented', 'zed') == base - {'missing_section'}
    assert enabled('spec', 'in-progress', 'zed') == base - {'missing_section'}
    assert enabled('spec', 'approved', '2024.1') == base | {'title_case'}
    assert enabled('spec', 'approved', '2025.1') == base | {'title_case', 'title'}
    assert enabled('spec', 'approved', '2025.2') == base | {'title'}
    assert enabled('spec', 'approved', 'backlog') == base | {'title'}
    assert enabled('policy', 'approved', 'zed') == set()
    # Later entries win.
    assert enabled('policy', 'approved', '2025.2') == {'title'}


def test_a_check_takes_what_the_header_scan_resolved_of_the_same_file(srcdir: Path) -> None:
    loaded = settings(srcdir)
    docname = 'specs/2025.1/approved/foo'
    text = 'Title\n=====\n\n:project: nova\n\nSection\n-------\n\nText.\n'

    def load_template(path: str, kind: str) -> Template:
        raise AssertionError('no tracker link: no template to read')

    def resolve(text: str, written: dict[str, str] | None) -> tuple[Header, Applicable | None]:
        outline = scan_outline(text.splitlines())
        return resolve_header(
            loaded, docname, text, outline=outline, written=written, load_template=load_template
        )

    scanned = resolve(text, None)
    assert scanned[1] is not None
    assert scanned[1].metadata['project'] == 'nova'
    # The fields Sphinx found are those the scan read: its answer, taken once.
    checked = resolve(text, {'project': 'nova'})
    assert checked[0] is scanned[0]
    assert checked[1] is scanned[1]
    again = resolve(text, {'project': 'nova'})
    assert again[1] is not scanned[1]
    assert again[1] == scanned[1]
    # Sphinx found other fields: worked out from them.
    resolve(text, None)
    other = resolve(text, {'project': 'cinder'})
    assert other[1] is not None
    assert other[1].metadata['project'] == 'cinder'
    # The top of the file changed after the scan: read again.
    resolve(text, None)
    edited = resolve(text.replace('nova', 'glance'), {'project': 'glance'})
    assert edited[0].fields == {'project': 'glance'}
    assert edited[1] is not None
    assert edited[1].metadata['project'] == 'glance'
    # What comes after the first section's title is no part of the header.
    rescanned = resolve(text, None)
    below = resolve(text + '\nMore text.\n', {'project': 'nova'})
    assert below[1] is rescanned[1]
