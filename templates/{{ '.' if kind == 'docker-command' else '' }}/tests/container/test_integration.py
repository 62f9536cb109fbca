"""Build, run and probe the image for real, where a Docker engine answers."""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .commands import VENV_BIN, run
from .names import IMAGE

pytestmark = [pytest.mark.engine, pytest.mark.slow]

HEALTHY_WITHIN_SECONDS = 90


@pytest.fixture(scope="module")
def docker() -> str:
    client = shutil.which("docker")
    if client is None:
        pytest.skip("no docker client on PATH; the fake-engine tests cover the settings")
    version = run([client, "version"], Path.cwd())
    if version.returncode != 0:
        reason = (version.stderr.strip().splitlines() or ["no answer"])[-1]
        pytest.skip(
            f"no Docker engine answers (docker version: {reason}); "
            "the fake-engine tests cover the settings"
        )
    return client


@pytest.fixture
def image(docker: str, project: Path) -> Iterator[str]:
    tag = f"{IMAGE.split(':')[0]}:test-{uuid.uuid4().hex[:8]}"
    result = run([docker, "build", "--tag", tag, "."], project)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    yield tag
    run([docker, "image", "rm", "--force", tag], project)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        _host, port = probe.getsockname()
        return int(port)


def health(docker: str, name: str, project: Path) -> str:
    result = run([docker, "inspect", name], project)
    assert result.returncode == 0, result.stderr
    health_state = json.loads(result.stdout)[0]["State"].get("Health")
    assert health_state, f"{name} has no health check (neither the image nor the run command)"
    status = health_state["Status"]
    assert isinstance(status, str), f"docker inspect gave no health status: {status!r}"
    return status


def test_the_image_runs_healthy_and_answers(docker: str, image: str, project: Path) -> None:
    name = f"{image.split(':', maxsplit=1)[0]}-{uuid.uuid4().hex[:8]}"
    port = free_port()
    started = run(
        [project / "scripts/docker-run.sh", "--image", image, "--name", name, "--port", str(port)],
        project,
        {**os.environ, "DOCKER": docker},
    )
    assert started.returncode == 0, started.stderr
    try:
        deadline = time.monotonic() + HEALTHY_WITHIN_SECONDS
        while (
            status := health(docker, name, project)
        ) == "starting" and time.monotonic() < deadline:
            time.sleep(1)
        logs = run([docker, "logs", name], project)
        assert status == "healthy", f"the container is {status}:\n{logs.stdout}{logs.stderr}"
        structure = run(
            [
                VENV_BIN / "container-structure-test",
                "test",
                "--image",
                image,
                "--config",
                project / "container-structure-test.yaml",
            ],
            project,
        )
        assert structure.returncode == 0, structure.stdout + structure.stderr
    finally:
        run([docker, "rm", "--force", name], project)
