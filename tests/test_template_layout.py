"""The template repo's own rules: a kind is one folder plus one entry, nothing copied."""

from __future__ import annotations

import re
from pathlib import Path

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


def output_path(path: Path, root: Path) -> str:
    """The path a template file renders to when its conditions hold: `{% if ci ==
    'gitlab-ci' %}.gitlab-ci.yml{% endif %}.jinja` is `.gitlab-ci.yml`."""
    parts = (
        re.sub(r"\{%.*?%\}", "", part.replace("{{ _copier_conf.answers_file }}", ANSWERS))
        for part in path.relative_to(root).parts
    )
    return "/".join(part.removesuffix(".jinja") for part in parts)


ANSWERS = str(TEMPLATE.config.get("_answers_file", ".copier-answers.yml"))


def output_paths(root: Path, *, skip: re.Pattern[str] | None = None) -> set[str]:
    return {
        output_path(path, root)
        for path in root.rglob("*")
        if path.is_file()
        and not path.relative_to(root).parts[0].startswith("_")
        and not (skip and skip.match(path.relative_to(root).parts[0]))
    }


def test_output_paths_are_read_through_the_jinja_around_them() -> None:
    shared = output_paths(ROOT / "templates", skip=KIND_FOLDER)
    assert {".gitlab-ci.yml", ".github/workflows/ci.yml", "LICENSE", "mkdocs.yml"} <= shared
    assert ANSWERS in shared


def test_shared_files_are_not_repeated_inside_kind_folders() -> None:
    shared = output_paths(ROOT / "templates", skip=KIND_FOLDER)
    for kind in KINDS:
        repeated = shared & output_paths(TEMPLATE.kind_folder(kind))
        assert not repeated, f"{kind} repeats a shared file: {sorted(repeated)}"


PIN = re.compile(r"(?<![\w.-])[A-Za-z][\w.-]*==\d+(?:\.\d+)+")
PIN_FILES = {"_partials/versions.jinja", "_partials/container/images.jinja"}
"""The only files where a version is written: a bump is then one line."""


def test_every_version_is_pinned_in_one_file() -> None:
    templates = ROOT / "templates"
    second_pins = [
        f"{path.relative_to(templates)}:{number}: {match[0]}"
        for path in sorted(templates.rglob("*"))
        if path.is_file() and path.relative_to(templates).as_posix() not in PIN_FILES
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="ignore").splitlines(), 1
        )
        if (match := PIN.search(line))
    ]
    assert second_pins == [], "take these from versions.jinja with pin(...)"


def test_a_second_pin_is_found() -> None:
    assert PIN.search("TORCH ?= torch==2.13.0+cpu")
    assert not PIN.search("{% if kind == 'x' %} a == 1")
