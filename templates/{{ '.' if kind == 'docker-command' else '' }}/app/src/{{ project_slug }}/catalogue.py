"""Where the files come from: the port the service needs, and the folder adapter behind it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Protocol

FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$")
"""A plain file name: no path separators, no leading dot, so no way out of the folder."""


class InvalidNameError(ValueError):
    """The requested name is not a plain file name."""


class UnknownFileError(LookupError):
    """No such file in the catalogue."""


class FileTooLargeError(ValueError):
    """The file is bigger than the service will read into memory."""


class UnavailableError(RuntimeError):
    """The catalogue cannot serve at all: its folder is missing or unreadable."""


class Catalogue(Protocol):
    """The files the service can describe."""

    def names(self) -> list[str]:
        """The names of every file, sorted; UnavailableError when it cannot serve."""
        ...

    def read(self, name: str) -> bytes:
        """The content of one file."""
        ...

    def problem(self) -> str | None:
        """Why the catalogue cannot serve right now, or None when it can."""
        ...


class FolderCatalogue:
    """The regular files directly inside one folder (in the container: the /data volume)."""

    def __init__(self, root: Path, max_bytes: int = 1_000_000) -> None:
        self._root = root
        self._max_bytes = max_bytes

    def names(self) -> list[str]:
        self._require_available()
        return sorted(
            entry.name
            for entry in self._root.iterdir()
            if entry.is_file() and FILE_NAME.match(entry.name)
        )

    def read(self, name: str) -> bytes:
        self._require_available()
        if not FILE_NAME.match(name):
            raise InvalidNameError(f"{name!r} is not a plain file name")
        path = self._root / name
        if not path.is_file():
            raise UnknownFileError(f"no file named {name!r}")
        size = path.stat().st_size
        if size > self._max_bytes:
            raise FileTooLargeError(f"{name!r} is {size} bytes; the limit is {self._max_bytes}")
        return path.read_bytes()

    def problem(self) -> str | None:
        if not self._root.is_dir():
            return f"{self._root} is not a folder (is the data volume mounted?)"
        if not os.access(self._root, os.R_OK | os.X_OK):
            return f"{self._root} is not readable by this user"
        return None

    def _require_available(self) -> None:
        if problem := self.problem():
            raise UnavailableError(problem)
