"""The run settings a reviewer expects, checked on what the engine would receive.

Both ways of starting the container, scripts/docker-run.sh (through the docker client)
and compose.yaml (through `docker compose config`), are read into one RunSettings, so one
policy checks both and a test can tell whether the two agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

LOOPBACK = frozenset({"127.0.0.1", "::1"})
NUMERIC_NON_ROOT = re.compile(r"^[1-9]\d*(:\d+)?$")
RESTARTS = re.compile(r"^(unless-stopped|always|on-failure(:\d+)?)$")


@dataclass(frozen=True)
class Mount:
    source: str
    target: str
    read_only: bool


@dataclass(frozen=True)
class RunSettings:
    """The settings that matter for a hardened, limited service container."""

    user: str
    ports: tuple[tuple[str, str, int], ...]
    """(host address, host port, container port) for each published port."""
    memory_bytes: int
    nano_cpus: int
    read_only_root: bool
    tmpfs: tuple[str, ...]
    cap_drop: tuple[str, ...]
    security_opt: tuple[str, ...]
    init: bool
    restart: str
    mounts: tuple[Mount, ...]
    pids_limit: int
    log_driver: str
    log_options: tuple[tuple[str, str], ...]


def from_create_request(body: dict[str, Any]) -> RunSettings:
    """Read the JSON of `POST /containers/create`."""
    host = body["HostConfig"]
    mounts = [
        Mount(m["Source"], m["Target"], bool(m.get("ReadOnly"))) for m in host.get("Mounts") or []
    ]
    for bind in host.get("Binds") or []:
        source, target, *options = bind.split(":")
        mounts.append(Mount(source, target, "ro" in ",".join(options).split(",")))
    return RunSettings(
        user=body.get("User", ""),
        ports=tuple(
            (binding.get("HostIp", ""), binding.get("HostPort", ""), int(port.split("/")[0]))
            for port, bindings in (host.get("PortBindings") or {}).items()
            for binding in bindings
        ),
        memory_bytes=host.get("Memory", 0),
        nano_cpus=host.get("NanoCpus", 0),
        read_only_root=bool(host.get("ReadonlyRootfs")),
        tmpfs=tuple(sorted(host.get("Tmpfs") or {})),
        cap_drop=tuple(host.get("CapDrop") or ()),
        security_opt=tuple(host.get("SecurityOpt") or ()),
        init=bool(host.get("Init")),
        restart=_restart(host.get("RestartPolicy") or {}),
        mounts=tuple(mounts),
        pids_limit=int(host.get("PidsLimit") or 0),
        log_driver=(host.get("LogConfig") or {}).get("Type", ""),
        log_options=tuple(sorted(((host.get("LogConfig") or {}).get("Config") or {}).items())),
    )


def from_compose_service(service: dict[str, Any]) -> RunSettings:
    """Read one service of `docker compose config --format json`."""
    return RunSettings(
        user=service.get("user", ""),
        ports=tuple(
            (port.get("host_ip", ""), str(port.get("published", "")), int(port["target"]))
            for port in service.get("ports") or []
        ),
        memory_bytes=int(service.get("mem_limit") or 0),
        nano_cpus=round(float(service.get("cpus") or 0) * 1e9),
        read_only_root=bool(service.get("read_only")),
        tmpfs=tuple(sorted(entry.split(":")[0] for entry in service.get("tmpfs") or [])),
        cap_drop=tuple(service.get("cap_drop") or ()),
        security_opt=tuple(service.get("security_opt") or ()),
        init=bool(service.get("init")),
        restart=service.get("restart", ""),
        mounts=tuple(
            Mount(v.get("source", ""), v["target"], bool(v.get("read_only")))
            for v in service.get("volumes") or []
        ),
        pids_limit=int(service.get("pids_limit") or 0),
        log_driver=(service.get("logging") or {}).get("driver", ""),
        log_options=tuple(sorted(((service.get("logging") or {}).get("options") or {}).items())),
    )


def _restart(policy: dict[str, Any]) -> str:
    name = policy.get("Name", "")
    retries = policy.get("MaximumRetryCount", 0)
    return f"{name}:{retries}" if name == "on-failure" and retries else name


Rule = Callable[[RunSettings], str | None]

RULES: dict[str, Rule] = {
    "ports on loopback only": lambda s: (
        None
        if s.ports and all(address in LOOPBACK for address, _, _ in s.ports)
        else f"ports must be published on 127.0.0.1, got {list(s.ports)}"
    ),
    "memory limit": lambda s: None if s.memory_bytes > 0 else "no memory limit",
    "CPU limit": lambda s: None if s.nano_cpus > 0 else "no CPU limit",
    "numeric non-root user": lambda s: (
        None if NUMERIC_NON_ROOT.match(s.user) else f"user must be UID:GID, not root: {s.user!r}"
    ),
    "read-only root with a /tmp tmpfs": lambda s: (
        None
        if s.read_only_root and "/tmp" in s.tmpfs
        else f"read-only root {s.read_only_root}, tmpfs {list(s.tmpfs)}"
    ),
    "all capabilities dropped": lambda s: (
        None if "ALL" in (c.upper() for c in s.cap_drop) else f"cap_drop is {list(s.cap_drop)}"
    ),
    "no new privileges": lambda s: (
        None
        if any(o in {"no-new-privileges", "no-new-privileges:true"} for o in s.security_opt)
        else f"security options are {list(s.security_opt)}"
    ),
    "init process": lambda s: None if s.init else "no init process to reap zombies",
    "restart policy": lambda s: (
        None if RESTARTS.match(s.restart) else f"restart policy is {s.restart!r}"
    ),
    "process limit": lambda s: (
        None if s.pids_limit > 0 else "no --pids-limit: a fork bomb takes the host's PIDs"
    ),
    "log rotation": lambda s: (
        None
        if s.log_driver == "local"
        or (s.log_driver == "json-file" and "max-size" in dict(s.log_options))
        else f"logs grow without bound: driver {s.log_driver!r}, options {dict(s.log_options)}"
    ),
    "read-only mounts": lambda s: (
        None
        if all(m.read_only for m in s.mounts)
        else f"writable mounts: {[m.target for m in s.mounts if not m.read_only]}"
    ),
}


def violations(settings: RunSettings) -> dict[str, str]:
    """The rules the settings break, each with what was found."""
    return {name: problem for name, rule in RULES.items() if (problem := rule(settings))}
