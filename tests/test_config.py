"""Unusable configuration stops the build with one ConfigError listing every problem."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import warning_lines
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx('html', testroot='basic')

PREFIX = 'sphinxcontrib_specs: unusable configuration:\n'


def config_error(make_app: Any, app_params: Any, **overrides: Any) -> str:
    """The message of the ConfigError raised when the app is created."""
    args, kwargs = app_params
    with pytest.raises(ConfigError) as raised:
        make_app(*args, confoverrides=overrides, **kwargs)
    message = str(raised.value).replace(str(kwargs['srcdir']), '<srcdir>')
    assert message.startswith(PREFIX)
    return message.removeprefix(PREFIX)


def test_no_template_exists(make_app: Any, app_params: Any) -> None:
    message = config_error(
        make_app,
        app_params,
        specs_templates=['specs/missing-template.rst', 'templates/{release}.rst'],
    )
    assert message == (
        "specs_templates: no template exists at any of 'specs/missing-template.rst', "
        "'templates/{release}.rst' (relative to <srcdir>); point it at your template, "
        'or set it to [] to check no structure'
    )


@pytest.mark.parametrize(
    ('pattern', 'problem'),
    [
        (
            'specs/{nope}/{name}',
            (
                "'specs/{nope}/{name}': unknown field {nope}; the fields are {release}, "
                '{status}, {project}, {name}, {kind}'
            ),
        ),
        ('specs/{release}/{status}', "'specs/{release}/{status}': a pattern must contain {name}"),
        ('specs/{release}/{name', "'specs/{release}/{name': expected '}' before end of string"),
        ('specs/{kind}/{name}', "'specs/{kind}/{name}': {kind} is not a docname field"),
        ('specs/{name}/{name}', "'specs/{name}/{name}': a field appears twice"),
    ],
)
def test_malformed_pattern(make_app: Any, app_params: Any, pattern: str, problem: str) -> None:
    message = config_error(make_app, app_params, specs_patterns=[pattern])
    assert message == f'specs_patterns: {problem}'


def test_unknown_rule_gets_a_suggestion(make_app: Any, app_params: Any) -> None:
    message = config_error(make_app, app_params, specs_rules={'section_ordr': True})
    assert message == "specs_rules: unknown rule 'section_ordr'; did you mean 'section_order'?"


def test_every_problem_is_reported_at_once(make_app: Any, app_params: Any) -> None:
    message = config_error(
        make_app,
        app_params,
        specs_patterns=['specs/{release}/{name}', 'specs/{nope}/{name}'],
        specs_sections={'Testing': {'since': 'caracall'}},
        specs_rules={'tittle': False},
        specs_rule_overrides=[{'from': 'nope', 'rules': {'section_order': True}}],
    )
    assert message.splitlines() == [
        (
            "specs_patterns: 'specs/{nope}/{name}': unknown field {nope}; the fields are "
            '{release}, {status}, {project}, {name}, {kind}'
        ),
        (
            "specs_sections['Testing']: since='caracall' is not a known release; did you mean "
            "'caracal'?"
        ),
        "specs_rules: unknown rule 'tittle'; did you mean 'title'?",
        "specs_rule_overrides[0]: from='nope' is not a known release",
    ]


@pytest.mark.sphinx('html', testroot='basic', confoverrides={'specs_templates': []})
def test_empty_template_list_checks_no_structure(app: SphinxTestApp) -> None:
    app.build()
    assert not [line for line in warning_lines(app) if '[specs.' in line]
