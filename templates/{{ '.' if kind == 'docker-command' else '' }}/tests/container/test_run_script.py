"""scripts/docker-run.sh: the command it builds, and the bad input it refuses."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from .commands import run
from .names import IMAGE

EX_USAGE = 64


@pytest.fixture
def recorder(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in docker client that records its arguments, one per line."""
    record = tmp_path / "docker-args"
    client = tmp_path / "docker"
    client.write_text(f"#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '{record}'\n")
    client.chmod(0o755)
    return client, record


def script(
    project: Path, *args: str | Path, docker: Path, cwd: Path | None = None
) -> tuple[int, str, str]:
    result = run(
        [project / "scripts/docker-run.sh", *args],
        cwd or project,
        env={"DOCKER": str(docker), "PATH": "/usr/bin:/bin"},
    )
    return result.returncode, result.stdout, result.stderr


def test_dry_run_prints_the_command_and_runs_nothing(
    project: Path, recorder: tuple[Path, Path]
) -> None:
    client, record = recorder

    status, out, err = script(project, "--dry-run", docker=client)

    assert (status, err) == (0, "")
    assert not record.exists()
    words = shlex.split(out)
    assert words[:3] == [str(client), "run", "--detach"]
    assert words[-1] == IMAGE
    assert "--publish 127.0.0.1:8080:" in out


def test_the_dry_run_line_is_exactly_the_command_run(
    project: Path, recorder: tuple[Path, Path], tmp_path: Path
) -> None:
    client, record = recorder
    data = tmp_path / "data with spaces"
    data.mkdir()
    env_file = tmp_path / "it's.env"
    env_file.write_text("LOG_LEVEL=DEBUG\n")
    args = ("--data", data, "--env-file", env_file, "--gpus", "0,1", "--port", "9000")

    _, printed, _ = script(project, "--dry-run", *args, docker=client)
    status, _, err = script(project, *args, docker=client)

    assert status == 0, err
    assert shlex.split(printed)[1:] == record.read_text().splitlines()


@pytest.mark.parametrize(
    ("gpus", "expected"),
    [("0,1", "--gpus '\"device=0,1\"'"), ("2", "--gpus '\"device=2\"'"), ("all", "--gpus all")],
)
def test_gpu_devices_reach_docker_double_quoted(
    project: Path, recorder: tuple[Path, Path], gpus: str, expected: str
) -> None:
    _, out, _ = script(project, "--dry-run", "--gpus", gpus, docker=recorder[0])
    assert expected in out


@pytest.mark.parametrize(
    ("bind", "published"),
    [
        ("::1", "'[::1]:8080:"),
        ("0.0.0.0", "0.0.0.0:8080:"),
        ("255.255.255.255", "255.255.255.255:"),
    ],
)
def test_ipv4_and_ipv6_addresses_are_accepted(
    project: Path, recorder: tuple[Path, Path], bind: str, published: str
) -> None:
    status, out, err = script(project, "--dry-run", "--bind", bind, docker=recorder[0])

    assert (status, err) == (0, "")
    assert f"--publish {published}" in out


@pytest.mark.parametrize(
    "image",
    ["app", "registry.local:5000/team/app:V1.2-rc_1", f"app@sha256:{'0' * 64}", IMAGE],
)
def test_any_valid_image_reference_is_accepted(
    project: Path, recorder: tuple[Path, Path], image: str
) -> None:
    status, out, err = script(project, "--dry-run", "--image", image, docker=recorder[0])

    assert (status, err) == (0, "")
    assert shlex.split(out)[-1] == image


def test_help_says_how_to_use_it(project: Path, recorder: tuple[Path, Path]) -> None:
    status, out, _ = script(project, "--help", docker=recorder[0])
    assert status == 0
    assert out.startswith("Usage: docker-run.sh [options]")


BAD_ARGUMENTS = {
    "port zero": (["--port", "0"], "--port must be a number from 1 to 65535, got '0'"),
    "port too big": (["--port", "65536"], "--port must be a number from 1 to 65535"),
    "port not a number": (["--port", "80a"], "--port must be a number from 1 to 65535"),
    "missing env file": (["--env-file", "no-such.env"], "--env-file not found: no-such.env"),
    "unknown option": (["--privileged"], "unknown option: --privileged"),
    "option without value": (["--port"], "--port needs a value"),
    "memory without unit": (["--memory", "256"], "--memory must be a number with b, k, m or g"),
    "zero cpus": (["--cpus", "0"], "--cpus must be a positive number"),
    "gpu list with a command": (["--gpus", "0;reboot"], "--gpus must be 'all' or device indexes"),
    "unknown restart policy": (["--restart", "sometimes"], "--restart must be no, always"),
    "bind to a name": (["--bind", "localhost"], "--bind must be an IPv4 or IPv6 address"),
    "bind out of range": (["--bind", "999.999.999.999"], "--bind must be an IPv4 or IPv6"),
    "bind with two ::": (["--bind", "1::2::3"], "--bind must be an IPv4 or IPv6"),
    "memory below docker's minimum": (["--memory", "1b"], "--memory must be at least 6m"),
    "no process limit": (["--pids-limit", "0"], "--pids-limit must be a positive number"),
    "image with three colons": (["--image", "a:b:c:d"], "--image must be an image reference"),
    "missing data folder": (
        ["--data", "no-such-folder"],
        "--data folder not found: no-such-folder",
    ),
    "bad container name": (["--name", "-rm"], "--name must be letters, digits"),
    "bad image": (["--image", "Bad Image"], "--image must be an image reference"),
    "capitals in the repository": (["--image", "Team/app:1"], "--image must be an image reference"),
    "data with a double quote": (["--data", 'data"x'], "--data cannot contain a comma or a double"),
    "env file that moves the app": (["--env-file", "port.env"], "--env-file sets PORT"),
}


@pytest.mark.parametrize("case", BAD_ARGUMENTS)
def test_bad_input_is_a_usage_error_and_runs_nothing(
    project: Path, recorder: tuple[Path, Path], tmp_path: Path, case: str
) -> None:
    client, record = recorder
    args, message = BAD_ARGUMENTS[case]
    folder = tmp_path / "cwd"
    (folder / 'data"x').mkdir(parents=True)
    (folder / "data").mkdir()
    (folder / "port.env").write_text("LOG_LEVEL=INFO\nPORT=9000\n")

    status, out, err = script(project, *args, docker=client, cwd=folder)

    assert status == EX_USAGE
    assert message in err
    assert "--help" in err
    assert out == ""
    assert not record.exists(), "docker was called despite the usage error"
