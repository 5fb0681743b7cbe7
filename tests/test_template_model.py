"""The template model: what each template section demands."""

from __future__ import annotations

from pathlib import Path

from sphinxcontrib_specs.core.outline import scan_outline
from sphinxcontrib_specs.core.records import Finding
from sphinxcontrib_specs.core.releases import ReleaseTable
from sphinxcontrib_specs.core.template import SectionRule, Template, build_template, load_template

RELEASES = ReleaseTable()

TEMPLATE = """\
..
  Instructions before the title.

================
Example - title
================

Problem description
===================

.. specs: aliases Problem statement | Motivation

What is broken.

Proposed change
===============

Data model impact
-----------------

This section is optional.

Upgrade impact
--------------

..
  specs: since caracal
  specs: optional

Old specs need not say.

History
=======

This section is optional, and tells the story so far.

Security review
===============

.. specs: since 2024.1
"""


def build(text: str, rules: dict[str, SectionRule] | None = None) -> Template:
    return build_template('template.rst', scan_outline(text), rules or {}, RELEASES)


def demands(template: Template) -> dict[str, tuple[bool, str | None, tuple[str, ...]]]:
    return {
        s.title: (s.optional, s.since.name if s.since else None, s.aliases)
        for top in template.sections
        for s in top.walk()
    }


def test_annotations_and_optional_prose() -> None:
    template = build(TEMPLATE)
    assert template.title == 'Example - title'
    assert template.problems == []
    assert demands(template) == {
        'Problem description': (False, None, ('Problem statement', 'Motivation')),
        'Proposed change': (False, None, ()),
        'Data model impact': (True, None, ()),
        'Upgrade impact': (True, '2024.1', ()),
        'History': (True, None, ()),
        'Security review': (False, '2024.1', ()),
    }
    assert template.where(template.sections[0]) == 'template.rst:8'


def test_the_ways_prose_says_a_section_is_optional() -> None:
    paragraphs = {
        'This section is optional.': True,
        'this is an optional section (for API changes).': True,
        'Optional section for liberty intended to be used by each project.': True,
        'Feature  Liaison is optional. However we suggest finding one.': True,
        'The feature liaison section is optional.': True,
        'THE FEATURE LIAISON IS OPTIONAL': True,
        'Feature liaison is optionally given.': False,
        'Say whether the feature liaison is optional.': False,
        'The liaison is optional.': False,
        'Optional sections are marked.': False,
    }
    for paragraph, optional in paragraphs.items():
        text = f'Title\n=====\n\nFeature liaison\n===============\n\n{paragraph}\n'
        assert build(text).sections[0].optional is optional, paragraph


def test_required_for() -> None:
    security = build(TEMPLATE).sections[-1]
    assert security.required_for(RELEASES.parse('2024.1'))
    assert security.required_for(RELEASES.parse('epoxy'))
    assert security.required_for(RELEASES.parse('backlog'))
    assert security.required_for(None)
    assert not security.required_for(RELEASES.parse('bobcat'))
    assert not security.required_for(RELEASES.parse('zed'))


def test_configured_sections_override_the_template() -> None:
    template = build(
        TEMPLATE,
        {
            'upgrade impact': SectionRule(optional=False),
            'history': SectionRule(optional=False, aliases=('Changes',)),
            'problem description': SectionRule(since='zed', aliases=('Problem',)),
        },
    )
    assert demands(template) == {
        'Problem description': (False, 'zed', ('Problem statement', 'Motivation', 'Problem')),
        'Proposed change': (False, None, ()),
        'Data model impact': (True, None, ()),
        'Upgrade impact': (False, '2024.1', ()),
        'History': (False, None, ('Changes',)),
        'Security review': (False, '2024.1', ()),
    }


def test_unknown_annotation_is_a_template_problem() -> None:
    template = build(TEMPLATE.replace('specs: optional', 'specs: optionnal'))
    assert template.problems == [
        Finding(
            'template',
            23,
            "unknown template annotation 'specs: optionnal' in section 'Upgrade impact'; "
            "use 'specs: optional', 'specs: since RELEASE' or 'specs: aliases TITLE | TITLE'",
        )
    ]


def test_since_an_unknown_release_is_a_template_problem() -> None:
    template = build(TEMPLATE.replace('since 2024.1', 'since caracall'))
    assert template.problems == [
        Finding(
            'template',
            37,
            "'specs: since caracall' in section 'Security review': 'caracall' is not a "
            'known release; use a series name or number such as 2025.1',
        )
    ]
    assert template.sections[-1].since is None


def test_template_without_sections() -> None:
    template = build('=====\nTitle\n=====\n\nWrite the spec here.\n')
    assert template.sections == []
    assert template.problems == [
        Finding(
            'template',
            2,
            'the template has no sections below its title, so specs cannot be checked '
            'against it; give it a title and level-1 sections',
        )
    ]
    assert build('').problems[0].line == 1


def test_load_template(tmp_path: Path) -> None:
    path = tmp_path / 'template.rst'
    path.write_text('\ufeff' + TEMPLATE, encoding='utf-8')
    loaded = load_template(str(path), 'specs/template.rst', {}, RELEASES)
    assert loaded.path == 'specs/template.rst'
    assert demands(loaded) == demands(build(TEMPLATE))


def test_unreadable_template(tmp_path: Path) -> None:
    missing = load_template(str(tmp_path / 'nope.rst'), 'nope.rst', {}, RELEASES)
    assert missing.problems == [
        Finding(
            'template', 1, 'the template cannot be read (No such file or directory); fix the file'
        )
    ]
    latin = tmp_path / 'latin.rst'
    latin.write_bytes('Caf\u00e9\n====\n'.encode('latin-1'))
    assert load_template(str(latin), 'latin.rst', {}, RELEASES).problems == [
        Finding('template', 1, 'the template cannot be read (it is not UTF-8); fix the file')
    ]
