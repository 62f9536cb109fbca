"""The rewrite touches answer references only, found on Jinja's tokens and syntax tree."""

from __future__ import annotations

import pytest

from generator.export.rewrite import Namespace, Origin, UntranslatableError, translate

NAMESPACE = Namespace(
    answers={name: f"cookiecutter.{name}" for name in ("kind", "project_name", "license")},
    constants={"_copier_operation": "'copy'"},
    attributes={"_copier_conf": {"answers_file": "'.copier-answers.yml'"}},
)
CASES = {
    "an expression": ("{{ project_name }}", "{{ cookiecutter.project_name }}"),
    "inside a string": ("{{ 'project_name' }} project_name", "{{ 'project_name' }} project_name"),
    "a filter chain": (
        "{{ project_name | lower | replace(' ', '_') | truncate(9, True, '') }}",
        "{{ cookiecutter.project_name | lower | replace(' ', '_') | truncate(9, True, '') }}",
    ),
    "a set": (
        "{%- set slug = project_name | lower -%}{{ slug }}",
        "{%- set slug = cookiecutter.project_name | lower -%}{{ slug }}",
    ),
    "a raw block": (
        "{% raw %}{{ project_name }}{% endraw %}{{project_name}}",
        "{% raw %}{{ project_name }}{% endraw %}{{cookiecutter.project_name}}",
    ),
    "a comment": ("{# project_name #}", "{# project_name #}"),
    "an attribute and a keyword": (
        "{{ x.project_name }}{{ f(project_name=kind) }}",
        "{{ x.project_name }}{{ f(project_name=cookiecutter.kind) }}",
    ),
    "a block of the same name": (
        "{% block kind %}{{ kind }}{% endblock kind %}",
        "{% block kind %}{{ cookiecutter.kind }}{% endblock kind %}",
    ),
    "self and imported macros": (
        '{% from "templates/_partials/m.jinja" import prompt %}{{ self.kind() }}{{ prompt(kind) }}',
        '{% from "templates/_partials/m.jinja" import prompt %}{{ self.kind() }}'
        "{{ prompt(cookiecutter.kind) }}",
    ),
    "a computed include": (
        '{% include "templates/_partials/licenses/" ~ license ~ ".txt.jinja" %}',
        '{% include "templates/_partials/licenses/" ~ cookiecutter.license ~ ".txt.jinja" %}',
    ),
    "copier's settings": (
        "{{ _copier_conf .answers_file }} {% if _copier_operation == 'copy' %}new{% endif %}",
        "{{ '.copier-answers.yml' }} {% if 'copy' == 'copy' %}new{% endif %}",
    ),
    "whitespace control kept": (
        "a  {%- if kind -%}  b  {%- endif %}\n",
        "a  {%- if cookiecutter.kind -%}  b  {%- endif %}\n",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_only_answer_references_are_rewritten(case: str) -> None:
    source, expected = CASES[case]
    assert translate(source, Origin("t.jinja"), NAMESPACE).text == expected


def test_templates_it_loads_are_reported() -> None:
    source = '{% extends "templates/_partials/a.jinja" %}\n{% include "x/" ~ kind %}'
    refs = translate(source, Origin("t.jinja"), NAMESPACE).refs
    assert [(r.line, r.name, r.exact) for r in refs] == [
        (1, "templates/_partials/a.jinja", True),
        (2, "x/", False),
    ]


@pytest.mark.parametrize(
    "source",
    ["{{ _copier_answers }}", "{{ _copier_conf['answers_file'] }}", "{{ cookiecutter }}",
     "{% macro kind() %}{% endmacro %}", "{% import 'a' as license %}", "{{ kind is foo }}"],
)  # fmt: skip
def test_untranslatable_constructs_are_refused_with_their_line(source: str) -> None:
    with pytest.raises(UntranslatableError) as refused:
        translate(f"line one\n{source}", Origin("copier.yml", 40), NAMESPACE)
    assert refused.value.location == "copier.yml:41"
