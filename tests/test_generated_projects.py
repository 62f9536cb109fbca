"""End to end: each generated project's own checks, run for real.

A candidate's first minutes are `make setup && make test`; a reviewer's are `make lint`
and the pre-commit hooks. Each kind is rendered, made a git repository, set up once, and
then every one of its own checks must pass. Slow, so marked; CI runs them.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import KIND_VARIANTS, KINDS, git_init, missing, render, run, tool_env

pytestmark = pytest.mark.slow

VARIANT = {"ci": "gitlab-ci", "license": "Apache-2.0", "python_version": "3.12"}
"""A second answer set whose project must pass its tests too, on the newer Python."""


def python_executable(version: str) -> str:
    """A working interpreter of `version` (else skip, or fail in CI): a pyenv shim answers
    only for the versions pyenv has selected, so look in pyenv's versions folder too."""
    candidates = [
        f"python{version}",
        *sorted(str(p) for p in Path.home().glob(f".pyenv/versions/{version}.*/bin/python3")),
    ]
    for candidate in candidates:
        try:
            found = subprocess.run(
                [candidate, "-c", "import sys; print(sys.executable)"],
                capture_output=True,
                text=True,
                check=True,
            )
        except (OSError, subprocess.CalledProcessError):
            continue
        return found.stdout.strip()
    missing(f"Python {version} (pyenv install {version}, or apt-get install python{version})")


def per_kind() -> list[pytest.ParameterSet]:
    """One parameter per kind, grouped so one xdist worker keeps a kind's set-up project."""
    return [pytest.param(kind, marks=pytest.mark.xdist_group(kind)) for kind in KINDS]


class SetUpProjects:
    """Projects rendered, committed and `make setup` once per answer set, on first use."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.projects: dict[tuple[tuple[str, str], ...], Path] = {}

    def get(self, kind: str, **answers: str) -> Path:
        key = tuple(sorted({"kind": kind, **answers}.items()))
        if key not in self.projects:
            project = render(self.base / f"project-{len(self.projects)}", kind, **answers)
            git_init(project)
            version = answers.get("python_version")
            python = python_executable(version) if version else "python3"
            run(["make", "setup", f"PYTHON={python}"], project, timeout=900)
            self.projects[key] = project
        return self.projects[key]


@pytest.fixture(scope="module")
def set_up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SetUpProjects]:
    yield SetUpProjects(tmp_path_factory.mktemp("e2e"))


@pytest.mark.parametrize("kind", per_kind())
def test_make_test_is_green_from_the_first_minute(set_up: SetUpProjects, kind: str) -> None:
    run(["make", "test"], set_up.get(kind), timeout=900)


@pytest.mark.parametrize("kind", per_kind())
def test_make_lint_is_clean(set_up: SetUpProjects, kind: str) -> None:
    run(["make", "lint"], set_up.get(kind))


@pytest.mark.parametrize("kind", per_kind())
def test_pre_commit_hooks_pass_offline_on_a_fresh_project(set_up: SetUpProjects, kind: str) -> None:
    project = set_up.get(kind)
    run([".venv/bin/pre-commit", "run", "--all-files", "--show-diff-on-failure"], project)
    run(["git", "diff", "--exit-code"], project)


@pytest.mark.parametrize("kind", per_kind())
def test_a_failing_hook_is_reported(set_up: SetUpProjects, kind: str) -> None:
    """The hooks can fail: a trailing space in a tracked text file is caught."""
    project = set_up.get(kind)
    readme = project / "README.md"
    original = readme.read_text(encoding="utf-8")
    readme.write_text(original + "trailing space \n", encoding="utf-8")
    try:
        hook = subprocess.run(
            [".venv/bin/pre-commit", "run", "trailing-whitespace", "--files", "README.md"],
            cwd=project,
            env=tool_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        assert hook.returncode == 1, hook.stdout + hook.stderr
        assert re.search(r"^no trailing whitespace\.+Failed$", hook.stdout, re.MULTILINE)
        assert "Fixing README.md" in hook.stdout
    finally:
        readme.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("kind", per_kind())
def test_another_answer_set_is_green_on_a_newer_python(set_up: SetUpProjects, kind: str) -> None:
    project = set_up.get(kind, **VARIANT)
    run(["make", "test"], project, timeout=900)
    version = run([".venv/bin/python", "-c", "import sys; print(sys.version_info[:2])"], project)
    assert version.stdout.strip() == "(3, 12)"


@pytest.mark.parametrize(
    ("kind", "answers"),
    [
        pytest.param(kind, answers, marks=pytest.mark.xdist_group(f"{kind}-{answers}"))
        for kind, answers in KIND_VARIANTS
    ],
)
def test_each_choice_of_a_kinds_own_questions_is_green(
    set_up: SetUpProjects, kind: str, answers: dict[str, str]
) -> None:
    project = set_up.get(kind, **answers)
    run(["make", "lint"], project)
    run(["make", "test"], project, timeout=900)
