"""hadolint with this project's .hadolint.yaml: warnings fail, and so does a missing HEALTHCHECK."""

from __future__ import annotations

from pathlib import Path

import pytest

from .commands import VENV_BIN, run
from .mutations import BASE, ENTRYPOINT, HEALTHCHECK, USER, mutate

HADOLINT = VENV_BIN / "hadolint"


def hadolint(project: Path, dockerfile: Path) -> tuple[int, str]:
    result = run(
        [HADOLINT, "--no-color", "--config", project / ".hadolint.yaml", dockerfile], project
    )
    return result.returncode, result.stdout + result.stderr


def test_the_shipped_dockerfile_is_clean(project: Path) -> None:
    status, output = hadolint(project, project / "Dockerfile")
    assert status == 0, output


BAD_DOCKERFILES = {
    "DL3057": lambda t: mutate(t, HEALTHCHECK, ""),
    "DL3007": lambda t: mutate(t, BASE, "FROM python:latest AS base"),
    "DL3006": lambda t: mutate(t, BASE, "FROM python AS base"),
    "DL3002": lambda t: mutate(t, USER, "USER root"),
    "DL3025": lambda t: mutate(t, ENTRYPOINT, "ENTRYPOINT python -m app"),
    "DL3013": lambda t: mutate(t, r"hatchling==\S+", "hatchling"),
    "DL3042": lambda t: mutate(t, r"pip install --no-cache-dir hatchling", "pip install hatchling"),
}


@pytest.mark.parametrize("code", BAD_DOCKERFILES)
def test_hadolint_rejects_a_bad_dockerfile(project: Path, tmp_path: Path, code: str) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text(BAD_DOCKERFILES[code]((project / "Dockerfile").read_text()))

    status, output = hadolint(project, bad)

    assert status != 0, f"hadolint accepted a Dockerfile that should trip {code}"
    assert code in output
