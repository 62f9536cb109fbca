"""Settings from the environment (the container's ENV and --env-file), checked once at start."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names it and what is expected."""


@dataclass(frozen=True)
class Settings:
    """Where to listen, what to serve, how much to log."""

    host: str
    port: int
    data_dir: Path
    log_level: int


def load(environ: Mapping[str, str]) -> Settings:
    """Read HOST, PORT, DATA_DIR and LOG_LEVEL; the defaults suit a laptop, not a container."""
    port_text = environ.get("PORT", "8080")
    # ASCII digits only: str.isdigit() admits "²", which int() refuses with a traceback.
    if not (port_text.isascii() and port_text.isdecimal()) or not 1 <= int(port_text) <= 65535:
        raise ConfigError(f"PORT must be a number from 1 to 65535, got {port_text!r}")
    level = environ.get("LOG_LEVEL", "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {level!r}")
    return Settings(
        host=environ.get("HOST", "127.0.0.1"),
        port=int(port_text),
        data_dir=Path(environ.get("DATA_DIR", "data")),
        log_level=logging.getLevelNamesMapping()[level],
    )
