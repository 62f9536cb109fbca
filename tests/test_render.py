"""Every kind renders, with the defaults and with a matrix of the other answers."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from generator.handin import check_project
from tests.conftest import ENGINE, KIND_VARIANTS, KINDS, TEMPLATE, Render, run

MATRIX = [
    {},
    {"ci": "gitlab-ci", "license": "Apache-2.0", "python_version": "3.12"},
    {"ci": "none", "license": "none", "python_version": "3.13"},
]
LEFTOVER_JINJA = re.compile(r"(?<!\$)\{\{|\{%|(?<!\$)\{#")
"""A Jinja marker left in a rendered file (GitHub's `${{ }}` and Bash's `${#x}` are fine)."""
PATH_IN_DIAGRAM = re.compile(
    r"(?<![\w/.-])((?:bin|lib|src|tests|scripts|docs|deploy|k8s|proto)/[\w./-]*[\w/]"
    r"|[\w-]+\.(?:sh|py|bats|ya?ml|proto|toml))(?![\w(])"
)


def text_files(project: Path) -> list[Path]:
    files = []
    for path in sorted(project.rglob("*")):
        if path.is_file():
            try:
                path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            files.append(path)
    return files


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("answers", MATRIX, ids=["defaults", "gitlab-apache-3.12", "none-3.13"])
def test_a_kind_renders_every_combination_of_answers(
    render_kind: Render, kind: str, answers: dict[str, str]
) -> None:
    project = render_kind(kind, **answers)
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert recorded["kind"] == kind
    assert {k: recorded[k] for k in answers} == answers

    license_file = project / "LICENSE"
    if answers.get("license") == "none":
        assert not license_file.exists()
    else:
        expected = "Apache License" if answers.get("license") == "Apache-2.0" else "MIT License"
        assert expected in license_file.read_text(encoding="utf-8")

    ci = answers.get("ci", "github-actions")
    assert (project / ".github").exists() == (ci == "github-actions")
    assert (project / ".gitlab-ci.yml").exists() == (ci == "gitlab-ci")

    for path in text_files(project):
        text = path.read_text(encoding="utf-8")
        assert not LEFTOVER_JINJA.search(text), f"a Jinja marker is left in {path}"
        if path.suffix in {".yml", ".yaml"}:
            list(yaml.safe_load_all(text))

    assert check_project(project, ENGINE).findings == []
    assert "\n\n\n" not in (project / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_the_github_workflow_is_clean_under_actionlint(
    default_projects: dict[str, Path], kind: str
) -> None:
    run(["actionlint", ".github/workflows/ci.yml"], default_projects[kind])


@pytest.mark.parametrize("kind", KINDS)
def test_every_action_is_pinned_by_commit_with_its_tag_beside_it(
    default_projects: dict[str, Path], kind: str
) -> None:
    workflow = (default_projects[kind] / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    uses = re.findall(r"^\s*- uses: (.+)$", workflow, flags=re.MULTILINE)
    assert uses
    unpinned = [
        u for u in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", u)
    ]
    assert unpinned == [], "a tag can be moved: pin each action by its commit, tag as a comment"


@pytest.mark.parametrize("kind", KINDS)
def test_the_gitlab_pipeline_runs_the_same_verbs(render_kind: Render, kind: str) -> None:
    pipeline = yaml.safe_load(
        (render_kind(kind, ci="gitlab-ci") / ".gitlab-ci.yml").read_text(encoding="utf-8")
    )
    scripts = [line for job in ("lint", "test") for line in pipeline[job]["script"]]
    assert scripts == ["make setup", "make lint", "make setup", "make test"]
    image = pipeline["default"]["image"]
    assert re.fullmatch(r"python:\d+\.\d+\.\d+-[a-z-]+", image), f"{image} is not a full version"


@pytest.mark.parametrize("kind", KINDS)
def test_diagrams_name_files_that_really_exist(
    default_projects: dict[str, Path], kind: str
) -> None:
    project = default_projects[kind]
    readme = (project / "README.md").read_text(encoding="utf-8")
    diagrams = re.findall(r"```mermaid\n(.*?)```", readme, flags=re.DOTALL)
    named = {match for diagram in diagrams for match in PATH_IN_DIAGRAM.findall(diagram)}
    assert named, "the diagrams name no file of the project"
    every_file = [p.relative_to(project).as_posix() for p in project.rglob("*")]
    missing = [
        name
        for name in named
        if not any(path == name.rstrip("/") or path.endswith("/" + name) for path in every_file)
    ]
    assert missing == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_project_has_the_same_task_verbs(
    default_projects: dict[str, Path], kind: str
) -> None:
    makefile = (default_projects[kind] / "Makefile").read_text(encoding="utf-8")
    for verb in ("setup", "lint", "test", "run", "check", "help", "clean"):
        assert re.search(rf"^{verb}:.*## ", makefile, flags=re.MULTILINE), verb


@pytest.mark.parametrize(("kind", "answers"), KIND_VARIANTS)
def test_each_choice_of_a_kinds_own_questions_renders_a_ready_write_up(
    render_kind: Render, kind: str, answers: dict[str, str]
) -> None:
    project = render_kind(kind, **answers)
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert {k: recorded[k] for k in answers} == answers
    assert check_project(project, ENGINE).findings == []


PYTHON_KINDS = [k for k in KINDS if (TEMPLATE.kind_folder(k) / "pyproject.toml.jinja").is_file()]


@pytest.mark.parametrize(
    "name", ["Ada\\Lovelace", "Ada: Lovelace", "Ada\u2028Lovelace", "Seán O'Brien #1 {x}"]
)
def test_any_name_the_validator_accepts_reads_back_from_toml_and_yaml(
    render_kind: Render, name: str
) -> None:
    project = render_kind(PYTHON_KINDS[0], author_name=name, docs_site=True)
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["authors"][0]["name"] == name
    mkdocs = (project / "mkdocs.yml").read_text(encoding="utf-8")
    site = yaml.safe_load("".join(re.findall(r"^site_\w+: .*\n", mkdocs, flags=re.M)))
    assert site["site_author"] == name
    for adr in (project / "docs" / "adr").glob("*.md"):
        front_matter = adr.read_text(encoding="utf-8").split("---\n")[1]
        assert yaml.safe_load(front_matter)["deciders"] == name


def test_a_project_named_with_template_syntax_passes_its_own_check(render_kind: Render) -> None:
    project = render_kind(KINDS[0], project_name="{% raw %}x {{ y }}", project_slug="raw_x")
    assert "{% raw %}x {{ y }}" in (project / "README.md").read_text(encoding="utf-8")
    assert check_project(project, ENGINE).findings == []


def lists_right_after_a_line_of_text(text: str) -> list[int]:
    """Lines where a list starts with no blank line above it: GitHub shows a list, but
    Python-Markdown (the docs site) runs it into the paragraph above."""
    lines = text.splitlines()
    return [
        token.map[0] + 1
        for token in MarkdownIt("commonmark").parse(text)
        if token.type in {"bullet_list_open", "ordered_list_open"}
        and token.level == 0
        and token.map
        and token.map[0] > 0
        and lines[token.map[0] - 1].strip()
    ]


def test_a_list_glued_to_its_paragraph_is_found() -> None:
    assert lists_right_after_a_line_of_text("Assumptions:\n- one\n- two\n") == [2]
    assert lists_right_after_a_line_of_text("Assumptions:\n\n- one\n- two\n") == []


@pytest.mark.parametrize("example", [True, False], ids=["example", "placeholder"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_list_of_the_write_up_renders_as_a_list_on_the_docs_site_too(
    render_kind: Render, kind: str, example: bool
) -> None:
    project = render_kind(kind, example=example)
    glued = [
        f"{path.relative_to(project)}:{line}"
        for path in [project / "README.md", *sorted((project / "docs/adr").glob("*.md"))]
        for line in lists_right_after_a_line_of_text(path.read_text(encoding="utf-8"))
    ]
    assert glued == [], "put a blank line before each of these lists"
