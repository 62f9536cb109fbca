"""The real docker client against a fake engine: what the daemon would be asked to do.

Asserting on the engine's request, rather than on the text of a command, checks what the
flags really mean to docker (256m is 268435456 bytes, 0.5 CPUs is 500000000 NanoCpus...).
"""

from __future__ import annotations

import json
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .commands import run
from .fake_engine import CONTAINER_ID, FakeEngine
from .names import APP_USER, IMAGE, PACKAGE
from .run_policy import RULES, Mount, from_create_request, violations

Argv = list[str]


def script_argv(project: Path, env: dict[str, str], *args: str | Path) -> Argv:
    """The docker command the script would run, from its own --dry-run."""
    result = run([project / "scripts/docker-run.sh", "--dry-run", *args], project, env)
    assert result.returncode == 0, result.stderr
    return shlex.split(result.stdout)


def test_the_script_sends_the_hardened_settings(
    project: Path, docker_env: dict[str, str], fake_engine: FakeEngine, tmp_path: Path
) -> None:
    env_file = tmp_path / "app.env"
    env_file.write_text("LOG_LEVEL=DEBUG\n")

    result = run(
        [project / "scripts/docker-run.sh", "--env-file", env_file, "--gpus", "0,1"],
        project,
        docker_env,
    )

    assert result.returncode == 0, result.stderr
    body = fake_engine.created_container()
    settings = from_create_request(body)
    assert violations(settings) == {}
    assert settings.ports == (("127.0.0.1", "8080", 8080),)
    assert settings.memory_bytes == 256 * 1024 * 1024
    assert settings.nano_cpus == 500_000_000
    assert settings.user == APP_USER
    assert settings.read_only_root
    assert settings.tmpfs == ("/tmp",)
    assert settings.cap_drop == ("ALL",)
    assert settings.security_opt == ("no-new-privileges",)
    assert settings.init
    assert settings.restart == "unless-stopped"
    assert settings.mounts == (Mount(str((project / "data").resolve()), "/data", True),)
    assert body["Image"] == IMAGE
    assert body["Env"] == ["LOG_LEVEL=DEBUG"]
    [gpus] = body["HostConfig"]["DeviceRequests"]
    assert (gpus["DeviceIDs"], gpus["Capabilities"]) == (["0", "1"], [["gpu"]])
    assert fake_engine.last("/start").path.endswith(f"/containers/{CONTAINER_ID}/start")


def without(argv: Argv, flag: str, takes_value: bool = True) -> Argv:
    index = argv.index(flag)
    return argv[:index] + argv[index + 1 + takes_value :]


def replaced(argv: Argv, flag: str, value: str) -> Argv:
    index = argv.index(flag)
    return [*argv[: index + 1], value, *argv[index + 2 :]]


BAD_COMMANDS: dict[str, tuple[str, Callable[[Argv], Argv]]] = {
    "port on every interface": (
        "ports on loopback only",
        lambda a: replaced(a, "--publish", "8080:8080"),
    ),
    "no memory limit": ("memory limit", lambda a: without(a, "--memory")),
    "no CPU limit": ("CPU limit", lambda a: without(a, "--cpus")),
    "root user": ("numeric non-root user", lambda a: replaced(a, "--user", "0")),
    "writable root": (
        "read-only root with a /tmp tmpfs",
        lambda a: without(a, "--read-only", False),
    ),
    "capabilities kept": ("all capabilities dropped", lambda a: without(a, "--cap-drop")),
    "privileges may grow": ("no new privileges", lambda a: without(a, "--security-opt")),
    "no init": ("init process", lambda a: without(a, "--init", False)),
    "never restarted": ("restart policy", lambda a: replaced(a, "--restart", "no")),
    "writable volume": (
        "read-only mounts",
        lambda a: replaced(a, "--mount", a[a.index("--mount") + 1].removesuffix(",readonly")),
    ),
}


@pytest.mark.parametrize("case", BAD_COMMANDS)
def test_each_rule_rejects_a_bad_docker_run(
    project: Path, docker_env: dict[str, str], fake_engine: FakeEngine, case: str
) -> None:
    rule, make_bad = BAD_COMMANDS[case]
    bad = make_bad(script_argv(project, docker_env))

    result = run(bad, project, docker_env)

    assert result.returncode == 0, result.stderr
    found = violations(from_create_request(fake_engine.created_container()))
    assert set(found) == {rule}, f"{case}: expected only {rule!r} to fail, got {found}"


def test_every_rule_has_a_bad_example() -> None:
    assert {rule for rule, _ in BAD_COMMANDS.values()} == set(RULES)


KEPT_OUT = (".git", ".env", ".venv", "data", "tests", "__pycache__")
"""Names that must appear nowhere in a path of the build context."""


def leaked(context: set[str]) -> set[str]:
    return {path for path in context if set(path.split("/")) & set(KEPT_OUT)}


@pytest.fixture
def build_folder(project: Path, tmp_path: Path) -> Path:
    """A copy of the project with the things a build context must not carry."""
    folder = tmp_path / "project"
    shutil.copytree(project, folder, ignore=shutil.ignore_patterns(".venv", ".git", "*cache*"))
    (folder / ".git").mkdir()
    (folder / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (folder / ".env").write_text("API_TOKEN=do-not-ship\n")
    (folder / "data/customers.csv").write_text("id,email\n")
    (folder / ".venv/bin").mkdir(parents=True)
    (folder / "src" / PACKAGE / "__pycache__").mkdir(exist_ok=True)
    return folder


def test_make_build_sends_only_what_the_image_needs(
    build_folder: Path, docker_env: dict[str, str], fake_engine: FakeEngine
) -> None:
    result = run(["make", "--no-print-directory", "build"], build_folder, docker_env)

    assert result.returncode == 0, result.stdout + result.stderr
    context = fake_engine.build_context()
    assert {"Dockerfile", "pyproject.toml", "README.md", f"src/{PACKAGE}/__main__.py"} <= context
    assert leaked(context) == set()
    query = fake_engine.last("/build").query
    assert query["t"] == [IMAGE]
    assert "REVISION" in json.loads(query["buildargs"][0])


def test_without_dockerignore_the_context_leaks(
    build_folder: Path, docker_env: dict[str, str], fake_engine: FakeEngine
) -> None:
    (build_folder / ".dockerignore").write_text("")

    result = run(["make", "--no-print-directory", "build"], build_folder, docker_env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert {".git/HEAD", ".env", "data/customers.csv"} <= leaked(fake_engine.build_context())


def test_make_says_clearly_when_no_engine_answers(
    project: Path, docker_env: dict[str, str]
) -> None:
    env = {**docker_env, "DOCKER_HOST": "unix:///nonexistent/docker.sock"}

    result = run(["make", "--no-print-directory", "build"], project, env)

    assert result.returncode != 0
    assert "No Docker engine answers" in result.stderr
    assert "make serve" in result.stderr
