"""The filters an export ships give the same results as copier's jinja2-ansible-filters."""

from __future__ import annotations

import pytest
from jinja2 import Environment
from jinja2.sandbox import SandboxedEnvironment

from generator.export.filters import REJECTED_FOLDER, CopierFilters, project_folder

EXPRESSIONS = (
    "{{ 'Données & Co 2' | lower | regex_replace('[^a-z0-9]+', '_') }}",
    "{{ 'Ab' | regex_replace('a', 'x', ignorecase=True) }}",
    "{{ 'a/b' | regex_search('[/\\\\\\\\]') }}",
    "{{ 'abc' | regex_search('z') is none }}",
    "{{ 'v1.2' | regex_search('v(\\\\d)\\\\.(?P<minor>\\\\d)', '\\\\1', '\\\\g<minor>') }}",
    "{{ 'a1b22' | regex_findall('[0-9]+') }}",
    "{{ 'a.b*c' | regex_escape }}",
    "{{ (1 > 2) | ternary('yes', 'no') }}",
    "{{ none | ternary('yes', 'no', 'unset') }}",
)


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_same_result_as_copier(expression: str) -> None:
    copier = SandboxedEnvironment(extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"])
    export = Environment(extensions=[CopierFilters])  # noqa: S701
    assert export.from_string(expression).render() == copier.from_string(expression).render()


@pytest.mark.parametrize("slug", ["", ".", "..", "../x", "a/b", "a\\b"])
def test_a_slug_that_is_no_folder_name_goes_to_the_throw_away_folder(slug: str) -> None:
    assert project_folder(slug) == REJECTED_FOLDER


def test_a_plain_slug_is_the_folder() -> None:
    assert project_folder("fraud_scoring") == "fraud_scoring"
