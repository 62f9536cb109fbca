"""compose.yaml: valid for Compose v2, hardened, and the same container as the script."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from .commands import run
from .compose_file import built_services, compose, resolved
from .fake_engine import FakeEngine
from .names import IMAGE
from .run_policy import RunSettings, from_compose_service, from_create_request, violations


def settings_of(folder: Path) -> dict[str, RunSettings]:
    return {
        name: from_compose_service(service)
        for name, service in built_services(resolved(folder)).items()
    }


@pytest.fixture
def bad_project(project: Path, tmp_path: Path) -> Path:
    """A folder for an edited compose.yaml next to the files it refers to."""
    for name in ("Dockerfile", ".env.example"):
        if (project / name).exists():
            shutil.copy(project / name, tmp_path)
    shutil.copytree(project / "data", tmp_path / "data")
    return tmp_path


def write_edited(project: Path, folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """compose.yaml with `change` applied to each service built from the project."""
    document = yaml.safe_load((project / "compose.yaml").read_text())
    for service in document["services"].values():
        if service.get("build"):
            change(service)
    (folder / "compose.yaml").write_text(yaml.safe_dump(document, sort_keys=False))


def test_compose_file_is_valid(project: Path) -> None:
    status, output = compose(project, "config", "--quiet")
    assert status == 0, output


def test_compose_settings_pass_the_policy(project: Path) -> None:
    for name, settings in settings_of(project).items():
        found = violations(settings)
        assert not found, f"compose.yaml service {name!r} breaks the run policy:\n" + "\n".join(
            f"rule '{rule}': {problem}" for rule, problem in found.items()
        )


def test_compose_runs_the_same_container_as_the_script(
    project: Path, docker_env: dict[str, str], fake_engine: FakeEngine
) -> None:
    result = run([project / "scripts/docker-run.sh"], project, docker_env)
    assert result.returncode == 0, result.stderr
    from_script = from_create_request(fake_engine.created_container())
    images = {name: s.get("image") for name, s in built_services(resolved(project)).items()}

    for name, from_compose in settings_of(project).items():
        # Compose resolves the bind source itself; the script uses `pwd -P`.
        assert replace(from_compose, mounts=()) == replace(from_script, mounts=()), name
        assert [(m.target, m.read_only) for m in from_compose.mounts] == [
            (m.target, m.read_only) for m in from_script.mounts
        ], name
        assert images[name] == IMAGE, f"service {name!r} tags {images[name]}, make build {IMAGE}"


@pytest.mark.parametrize(
    ("dotenv", "host_port"),
    [
        ("PORT=9000\n", "8080"),
        ("HOST_PORT=9000\n", "9000"),
        ("PORT=9000\nHOST_PORT=9001\n", "9001"),
    ],
)
def test_dotenv_moves_the_host_port_only(
    project: Path, bad_project: Path, dotenv: str, host_port: str
) -> None:
    """.env feeds both Compose's variables and the app's environment: a PORT there must
    not move the app away from the container port the host port is published to."""
    shutil.copy(project / "compose.yaml", bad_project)
    (bad_project / ".env").write_text(dotenv)

    for name, service in built_services(resolved(bad_project)).items():
        [port] = service["ports"]
        assert str(port["published"]) == host_port, name
        assert str((service.get("environment") or {}).get("PORT")) == str(port["target"]), (
            f"service {name!r}: the app would listen on "
            f"{(service.get('environment') or {}).get('PORT')}, the port is published to "
            f"{port['target']}"
        )


def _set(key: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda service: service.__setitem__(key, value)


@pytest.mark.parametrize(
    "change", [_set("read_only", "sometimes"), _set("cpus", "lots")], ids=["read_only", "cpus"]
)
def test_compose_rejects_an_invalid_file(
    project: Path, bad_project: Path, change: Callable[[dict[str, Any]], None]
) -> None:
    write_edited(project, bad_project, change)

    status, _ = compose(bad_project, "config", "--quiet")

    assert status != 0


def _open_ports(service: dict[str, Any]) -> None:
    """Every port published on all interfaces (short or long syntax)."""
    service["ports"] = [
        {k: v for k, v in port.items() if k != "host_ip"}
        if isinstance(port, dict)
        else str(port).split(":", 1)[1]
        for port in service["ports"]
    ]


def _writable_volumes(service: dict[str, Any]) -> None:
    for volume in service["volumes"]:
        volume["read_only"] = False


BAD_SERVICES: dict[str, tuple[str, Callable[[dict[str, Any]], None]]] = {
    "port on every interface": ("ports on loopback only", _open_ports),
    "capabilities kept": ("all capabilities dropped", lambda s: s.pop("cap_drop")),
    "writable volume": ("read-only mounts", _writable_volumes),
    "root user": ("numeric non-root user", _set("user", "0:0")),
    "no memory limit": ("memory limit", lambda s: s.pop("mem_limit")),
    "no process limit": ("process limit", lambda s: s.pop("pids_limit")),
    "logs never rotated": ("log rotation", lambda s: s.pop("logging")),
}


@pytest.mark.parametrize("case", BAD_SERVICES)
def test_the_policy_rejects_a_valid_but_unsafe_file(
    project: Path, bad_project: Path, case: str
) -> None:
    rule, change = BAD_SERVICES[case]
    write_edited(project, bad_project, change)

    for found in map(violations, settings_of(bad_project).values()):
        assert set(found) == {rule}, f"{case}: expected only {rule!r} to fail, got {found}"
