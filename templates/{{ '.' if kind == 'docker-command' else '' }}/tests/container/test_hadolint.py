"""hadolint with this project's .hadolint.yaml: warnings fail, and so does a missing HEALTHCHECK."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from . import dockerfile_edits as edit
from .commands import VENV_BIN, run

HADOLINT = VENV_BIN / "hadolint"


def hadolint(project: Path, dockerfile: Path) -> tuple[int, str]:
    result = run(
        [HADOLINT, "--no-color", "--config", project / ".hadolint.yaml", dockerfile], project
    )
    return result.returncode, result.stdout + result.stderr


def test_the_dockerfile_is_clean(project: Path) -> None:
    status, output = hadolint(project, project / "Dockerfile")
    assert status == 0, f"rule 'hadolint clean':\n{output}"


BAD_DOCKERFILES: dict[str, Callable[[str], str]] = {
    "DL3007": lambda t: edit.with_base(t, "latest"),
    "DL3006": lambda t: edit.with_base(t, "untagged"),
    "DL3002": lambda t: edit.with_user(t, "root"),
    "DL3025": edit.shell_form_start,
}


@pytest.mark.parametrize("code", BAD_DOCKERFILES)
def test_hadolint_rejects_a_bad_dockerfile(project: Path, tmp_path: Path, code: str) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text(BAD_DOCKERFILES[code]((project / "Dockerfile").read_text()))

    status, output = hadolint(project, bad)

    assert status != 0, f"hadolint accepted a Dockerfile that should trip {code}"
    assert code in output


def test_a_missing_healthcheck_is_a_warning_that_fails(project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text('FROM scratch\nUSER 10001:10001\nENTRYPOINT ["/app"]\n')

    status, output = hadolint(project, bad)

    assert status != 0
    assert "DL3057" in output
