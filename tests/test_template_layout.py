"""The template repo's own rules: a kind is one folder plus one entry, nothing copied."""

from __future__ import annotations

import re

import pytest

from generator.kinds import load_kinds
from generator.writeup import SECTIONS
from tests.conftest import KINDS, ROOT, TEMPLATE

KIND_FOLDER = re.compile(r"^\{\{ '\.' if kind == '([a-z][a-z0-9-]*)' else '' \}\}$")
EXTENDS = {
    "README.md.jinja": "templates/_partials/README.md.jinja",
    "Makefile.jinja": "templates/_partials/Makefile.jinja",
    ".pre-commit-config.yaml.jinja": "templates/_partials/pre-commit-config.yaml.jinja",
    ".gitignore.jinja": "templates/_partials/gitignore.jinja",
}


def test_every_kind_folder_is_offered_by_copier_and_every_offer_has_a_folder() -> None:
    folders = {
        match[1]
        for path in (ROOT / "templates").iterdir()
        if path.is_dir() and (match := KIND_FOLDER.match(path.name))
    }
    assert folders == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("name", "skeleton"), EXTENDS.items())
def test_a_kind_extends_each_shared_skeleton(kind: str, name: str, skeleton: str) -> None:
    text = (TEMPLATE.kind_folder(kind) / name).read_text(encoding="utf-8")
    assert text.startswith(f'{{% extends "{skeleton}" %}}')


@pytest.mark.parametrize("kind", KINDS)
def test_a_kind_has_a_first_decision_record_in_madr_form(kind: str) -> None:
    records = sorted((TEMPLATE.kind_folder(kind) / "docs" / "adr").glob("0001-*.md.jinja"))
    assert len(records) == 1
    assert '{% extends "templates/_partials/adr.md.jinja" %}' in records[0].read_text("utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_a_kind_describes_itself_for_takehome_kinds(kind: str) -> None:
    described = load_kinds(TEMPLATE)[kind]
    assert described.summary
    assert described.homework
    assert described.tools


def test_the_write_up_skeleton_has_the_contract_sections_in_order() -> None:
    skeleton = (ROOT / "templates/_partials/README.md.jinja").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", skeleton, flags=re.MULTILINE) == list(SECTIONS)


def test_shared_files_are_not_repeated_inside_kind_folders() -> None:
    shared = {p.name for p in (ROOT / "templates").iterdir() if p.is_file()}
    for kind in KINDS:
        inside = {p.name for p in TEMPLATE.kind_folder(kind).iterdir()}
        assert not shared & inside, f"{kind} repeats a shared file"
