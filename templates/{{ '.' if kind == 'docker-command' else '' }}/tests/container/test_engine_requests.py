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
from .dockerfile_rules import parse
from .fake_engine import CONTAINER_ID, FakeEngine
from .names import IMAGE
from .run_policy import RULES, from_create_request, violations

Argv = list[str]


def script_argv(project: Path, env: dict[str, str], *args: str | Path) -> Argv:
    """The docker command the script would run, from its own --dry-run."""
    result = run([project / "scripts/docker-run.sh", "--dry-run", *args], project, env)
    assert result.returncode == 0, result.stderr
    return shlex.split(result.stdout)


def test_the_script_sends_the_hardened_settings(
    project: Path, docker_env: dict[str, str], fake_engine: FakeEngine, tmp_path: Path
) -> None:
    result = run([project / "scripts/docker-run.sh"], project, docker_env)

    assert result.returncode == 0, result.stderr
    body = fake_engine.created_container()
    found = violations(from_create_request(body))
    assert not found, "scripts/docker-run.sh breaks the run policy:\n" + "\n".join(
        f"rule '{rule}': {problem}" for rule, problem in found.items()
    )
    assert body["Image"] == IMAGE
    assert fake_engine.last("/start").path.endswith(f"/containers/{CONTAINER_ID}/start")


def test_the_flags_reach_the_engine_as_meant(
    project: Path, docker_env: dict[str, str], fake_engine: FakeEngine, tmp_path: Path
) -> None:
    env_file = tmp_path / "app.env"
    env_file.write_text("LOG_LEVEL=DEBUG\n")
    data = tmp_path / "data"
    data.mkdir()
    flags = ["--port", "9000", "--memory", "300m", "--cpus", "1.5", "--data", str(data)]
    flags += ["--env-file", str(env_file), "--gpus", "0,1", "--image", "other:1.2.3"]
    flags += ["--pids-limit", "100"]

    result = run([project / "scripts/docker-run.sh", *flags], project, docker_env)

    assert result.returncode == 0, result.stderr
    body = fake_engine.created_container()
    settings = from_create_request(body)
    assert [(address, port) for address, port, _ in settings.ports] == [("127.0.0.1", "9000")]
    assert settings.memory_bytes == 300 * 1024 * 1024
    assert settings.nano_cpus == 1_500_000_000
    assert [(m.source, m.read_only) for m in settings.mounts] == [(str(data.resolve()), True)]
    assert settings.pids_limit == 100
    assert (settings.log_driver, dict(settings.log_options)) == (
        "json-file",
        {"max-size": "10m", "max-file": "3"},
    )
    assert "LOG_LEVEL=DEBUG" in body["Env"]
    assert body["Image"] == "other:1.2.3"
    [gpus] = body["HostConfig"]["DeviceRequests"]
    assert (gpus["DeviceIDs"], gpus["Capabilities"]) == (["0", "1"], [["gpu"]])


def test_the_published_port_is_one_the_image_exposes(
    project: Path, docker_env: dict[str, str], fake_engine: FakeEngine
) -> None:
    exposed = {
        word.split("/")[0]
        for i in parse((project / "Dockerfile").read_text()).effective("EXPOSE")
        for word in i.value.split()
    }
    result = run([project / "scripts/docker-run.sh"], project, docker_env)
    assert result.returncode == 0, result.stderr

    settings = from_create_request(fake_engine.created_container())
    published = {str(port) for _, _, port in settings.ports}

    assert not exposed or published <= exposed, (
        f"rule 'published port exposed': the script publishes {sorted(published)}, "
        f"the Dockerfile EXPOSEs {sorted(exposed)}"
    )


def without(argv: Argv, flag: str, takes_value: bool = True) -> Argv:
    index = argv.index(flag)
    return argv[:index] + argv[index + 1 + takes_value :]


def replaced(argv: Argv, flag: str, value: str) -> Argv:
    index = argv.index(flag)
    return [*argv[: index + 1], value, *argv[index + 2 :]]


def published_everywhere(argv: Argv) -> Argv:
    publish = argv[argv.index("--publish") + 1]
    return replaced(argv, "--publish", publish.split(":", 1)[1])


BAD_COMMANDS: dict[str, tuple[str, Callable[[Argv], Argv]]] = {
    "port on every interface": ("ports on loopback only", published_everywhere),
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
    "no process limit": ("process limit", lambda a: without(a, "--pids-limit")),
    "logs never rotated": ("log rotation", lambda a: without(a, "--log-driver")),
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


def test_make_build_tags_the_image_and_passes_the_revision(
    project: Path, docker_env: dict[str, str], fake_engine: FakeEngine
) -> None:
    result = run(["make", "--no-print-directory", "build"], project, docker_env)

    assert result.returncode == 0, result.stdout + result.stderr
    query = fake_engine.last("/build").query
    assert query["t"] == [IMAGE]
    assert "REVISION" in json.loads(query["buildargs"][0])


def test_host_port_in_dotenv_moves_the_host_port_of_make_run(
    project: Path, docker_env: dict[str, str], fake_engine: FakeEngine, tmp_path: Path
) -> None:
    folder = tmp_path / "project"
    shutil.copytree(project, folder, ignore=shutil.ignore_patterns(".venv", ".git", "*cache*"))
    (folder / ".env").write_text("LOG_LEVEL=INFO\nHOST_PORT=9000\n")

    # -o setup: this copy has no .venv, and running the container does not need one.
    result = run(["make", "--no-print-directory", "-o", "setup", "run"], folder, docker_env)

    assert result.returncode == 0, result.stdout + result.stderr
    settings = from_create_request(fake_engine.created_container())
    assert [(address, port) for address, port, _ in settings.ports] == [("127.0.0.1", "9000")]


def test_make_run_twice_replaces_the_container(
    project: Path, docker_env: dict[str, str], fake_engine: FakeEngine
) -> None:
    first = run(["make", "--no-print-directory", "run"], project, docker_env)
    second = run(["make", "--no-print-directory", "run"], project, docker_env)

    assert first.returncode == 0, first.stdout + first.stderr
    assert second.returncode == 0, second.stdout + second.stderr
    creates = [r for r in fake_engine.requests if r.path.endswith("/containers/create")]
    assert len(creates) == 2


def test_the_fake_engine_refuses_a_second_container_of_the_same_name(
    project: Path, docker_env: dict[str, str], fake_engine: FakeEngine
) -> None:
    """What `make run` twice met before it removed the old container first."""
    assert run([project / "scripts/docker-run.sh"], project, docker_env).returncode == 0

    again = run([project / "scripts/docker-run.sh"], project, docker_env)

    assert again.returncode != 0
    assert "is already in use" in again.stderr


def test_make_help_shows_no_make_syntax(project: Path) -> None:
    result = run(["make", "--no-print-directory", "help"], project)

    assert result.returncode == 0, result.stderr
    assert "$(" not in result.stdout, result.stdout


def test_make_says_in_one_line_when_no_engine_answers(
    project: Path, docker_env: dict[str, str]
) -> None:
    env = {**docker_env, "DOCKER_HOST": "unix:///nonexistent/docker.sock"}

    result = run(["make", "--no-print-directory", "run"], project, env)

    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if not line.startswith("make")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("No Docker engine answers")
