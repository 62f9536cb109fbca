"""compose.yaml as Compose v2 itself resolves it (`docker compose config`), no engine needed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .commands import COMPOSE_BINARY, run


def compose(folder: Path, *args: str) -> tuple[int, str]:
    """Run the real Compose binary on folder/compose.yaml, with no DOCKER_* or PORT set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCKER_", "COMPOSE_"))}
    env.pop("PORT", None)
    env.pop("HOST_PORT", None)
    result = run([COMPOSE_BINARY, "--file", folder / "compose.yaml", *args], folder, env)
    return result.returncode, result.stdout + result.stderr


def resolved(folder: Path) -> dict[str, Any]:
    """The whole file as Compose resolves it; fails the test when Compose refuses it."""
    status, output = compose(folder, "config", "--format", "json")
    assert status == 0, f"docker compose config refused compose.yaml:\n{output}"
    config = json.loads(output)
    assert isinstance(config, dict)
    return config


def built_services(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The services built from this project (those with `build:`), by name."""
    services = config.get("services") or {}
    built = {name: service for name, service in services.items() if service.get("build")}
    assert built, "compose.yaml has no service with `build:`: nothing runs this project's image"
    return built


def has_healthcheck(config: dict[str, Any]) -> bool:
    """Whether every service built from this project has a health check of its own."""
    return all(
        (service.get("healthcheck") or {}).get("test") and not service["healthcheck"].get("disable")
        for service in built_services(config).values()
    )
