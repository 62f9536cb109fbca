"""compose.yaml: valid for Compose v2, hardened, and the same container as the script."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from .commands import COMPOSE_BINARY, run
from .fake_engine import FakeEngine
from .mutations import mutate
from .run_policy import RunSettings, from_compose_service, from_create_request, violations


def compose(folder: Path, *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCKER_", "COMPOSE_"))}
    env.pop("PORT", None)
    result = run([COMPOSE_BINARY, "--file", folder / "compose.yaml", *args], folder, env)
    return result.returncode, result.stdout + result.stderr


def service_settings(folder: Path) -> RunSettings:
    status, output = compose(folder, "config", "--format", "json")
    assert status == 0, output
    return from_compose_service(json.loads(output)["services"]["app"])


@pytest.fixture
def bad_project(project: Path, tmp_path: Path) -> Path:
    """A folder for a mutated compose.yaml next to the files it refers to."""
    shutil.copy(project / "Dockerfile", tmp_path)
    shutil.copytree(project / "data", tmp_path / "data")
    return tmp_path


def test_compose_file_is_valid(project: Path) -> None:
    status, output = compose(project, "config", "--quiet")
    assert status == 0, output


def test_compose_settings_pass_the_policy(project: Path) -> None:
    assert violations(service_settings(project)) == {}


def test_compose_runs_the_same_container_as_the_script(
    project: Path, docker_env: dict[str, str], fake_engine: FakeEngine
) -> None:
    result = run([project / "scripts/docker-run.sh"], project, docker_env)
    assert result.returncode == 0, result.stderr
    from_script = from_create_request(fake_engine.created_container())

    from_compose = service_settings(project)

    # Compose resolves the bind source itself; the script uses `pwd -P`.
    assert replace(from_compose, mounts=()) == replace(from_script, mounts=())
    assert [(m.target, m.read_only) for m in from_compose.mounts] == [
        (m.target, m.read_only) for m in from_script.mounts
    ]


@pytest.mark.parametrize(
    ("pattern", "replacement"),
    [(r"read_only: true$", "read_only: sometimes"), (r"cpus: 0.5$", "cpus: lots")],
)
def test_compose_rejects_an_invalid_file(
    project: Path, bad_project: Path, pattern: str, replacement: str
) -> None:
    text = mutate((project / "compose.yaml").read_text(), pattern, replacement)
    (bad_project / "compose.yaml").write_text(text)

    status, _ = compose(bad_project, "config", "--quiet")

    assert status != 0


@pytest.mark.parametrize(
    ("rule", "pattern", "replacement"),
    [
        ("ports on loopback only", r'"127\.0\.0\.1:', '"'),
        ("all capabilities dropped", r"^    cap_drop:\n      - ALL\n", ""),
        ("read-only mounts", r"^        read_only: true$", "        read_only: false"),
    ],
)
def test_the_policy_rejects_a_valid_but_unsafe_file(
    project: Path, bad_project: Path, rule: str, pattern: str, replacement: str
) -> None:
    text = mutate((project / "compose.yaml").read_text(), pattern, replacement)
    (bad_project / "compose.yaml").write_text(text)

    assert set(violations(service_settings(bad_project))) == {rule}
