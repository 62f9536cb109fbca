""".dockerignore is an allowlist, and the build context the docker client really sends
(captured by the fake engine) is exactly what it allows: no history, secrets or data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .commands import run
from .dockerignore import allowlist_problems, files_sent, patterns
from .fake_engine import FakeEngine

PLANTED = {
    ".env": "API_TOKEN=do-not-ship\n",
    ".env.production": "DB_PASSWORD=do-not-ship\n",
    ".git/HEAD": "ref: refs/heads/main\n",
    ".venv/bin/python": "",
    "data/customers.csv": "id,email\n",
    "tests/secret_fixture.txt": "",
    "deploy.pem": "-----BEGIN PRIVATE KEY-----\n",
}
"""Files a candidate's checkout has that must never reach an image."""
PLANTED_IN_EACH_ALLOWED_FOLDER = {
    ".env": "API_TOKEN=do-not-ship\n",
    "server.key": "-----BEGIN PRIVATE KEY-----\n",
    "__pycache__/cached.cpython-311.pyc": "",
}
"""The same mistakes inside a folder the allowlist lets in."""


def allowed_folders(folder: Path) -> list[Path]:
    ignore = folder / ".dockerignore"
    entries = [p.text.removeprefix("!").strip("/") for p in patterns(ignore.read_text()) if p.allow]
    return [folder / entry for entry in entries if (folder / entry).is_dir()]


@pytest.fixture
def build_folder(project: Path, tmp_path: Path) -> Path:
    """A copy of the project, with what a build context must never carry planted in it."""
    folder = tmp_path / "project"
    shutil.copytree(
        project,
        folder,
        symlinks=True,
        ignore=shutil.ignore_patterns(".venv", ".git", "*cache*", "node_modules"),
    )
    for relative, content in PLANTED.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(content)
    for allowed in allowed_folders(folder):
        for relative, content in PLANTED_IN_EACH_ALLOWED_FOLDER.items():
            (allowed / relative).parent.mkdir(parents=True, exist_ok=True)
            (allowed / relative).write_text(content)
    return folder


def test_dockerignore_is_an_allowlist(project: Path) -> None:
    ignore = project / ".dockerignore"
    assert ignore.exists(), "rule 'dockerignore allowlist': the project has no .dockerignore"
    problems = allowlist_problems(ignore.read_text())
    assert not problems, "rule 'dockerignore allowlist': .dockerignore " + "; ".join(problems)


@pytest.mark.parametrize("text", ["", ".git\n.env\n", "# deny\n!app/\n*\n", "*\n.env\n"], ids=repr)
def test_a_denylist_is_not_an_allowlist(text: str) -> None:
    assert allowlist_problems(text)


def test_the_build_context_is_exactly_the_allowlist(
    build_folder: Path, docker_env: dict[str, str], fake_engine: FakeEngine
) -> None:
    result = run(["make", "--no-print-directory", "build"], build_folder, docker_env)

    assert result.returncode == 0, result.stdout + result.stderr
    sent = fake_engine.build_context()
    leaked = sorted(
        path
        for path in sent
        if path in PLANTED
        or any(path.endswith(f"/{name}") for name in PLANTED_IN_EACH_ALLOWED_FOLDER)
    )
    assert not leaked, f"rule 'dockerignore allowlist': the build context carries {leaked}"
    expected = files_sent(build_folder)
    assert sent == expected, (
        "rule 'dockerignore allowlist': the context docker sent differs from what "
        f".dockerignore allows: sent but not allowed {sorted(sent - expected)}, "
        f"allowed but not sent {sorted(expected - sent)}"
    )


def test_without_dockerignore_the_context_leaks(
    build_folder: Path, docker_env: dict[str, str], fake_engine: FakeEngine
) -> None:
    (build_folder / ".dockerignore").write_text("")

    result = run(["make", "--no-print-directory", "build"], build_folder, docker_env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert set(PLANTED) <= fake_engine.build_context()
