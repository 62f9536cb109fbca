"""Fixtures for the container tests: the real docker client, a fake engine, Compose."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .fake_engine import FakeEngine


@pytest.fixture(scope="session")
def docker_client() -> str:
    """The docker client binary. Where it is missing the fake-engine tests skip, saying why,
    except in CI (CI=true), where a skip would hide that they never ran: there they fail."""
    client = shutil.which("docker")
    if client is None:
        reason = (
            "the docker client binary is not on PATH, so the fake-engine tests cannot run: "
            "install the Docker CLI (the docker-ce-cli package, or Docker Desktop; "
            "GitHub-hosted runners have it, a GitLab job needs an image with it)"
        )
        if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
            pytest.fail(reason)
        pytest.skip(reason)
    return client


@pytest.fixture
def fake_engine() -> Iterator[FakeEngine]:
    # A short folder: unix socket paths are limited to about 100 characters.
    folder = Path(tempfile.mkdtemp(prefix="engine-"))
    try:
        with FakeEngine(folder / "docker.sock") as engine:
            yield engine
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def docker_env(fake_engine: FakeEngine, tmp_path: Path, docker_client: str) -> dict[str, str]:
    """An environment in which `docker` talks to the fake engine and nothing else."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCKER_", "COMPOSE_"))}
    env.update(
        DOCKER=docker_client,
        DOCKER_HOST=fake_engine.url,
        DOCKER_CONFIG=str(tmp_path / "docker-config"),
        DOCKER_BUILDKIT="0",  # the legacy builder sends the build context to POST /build
    )
    return env
