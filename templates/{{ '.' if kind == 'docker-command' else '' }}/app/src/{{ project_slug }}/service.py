"""The use cases: list the files, describe one, report health. No HTTP, no file system."""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import Catalogue
from .files import FileSummary, summarise


@dataclass(frozen=True)
class Health:
    """Whether the service can do its job; `reason` says why not."""

    ok: bool
    reason: str = ""


class FileService:
    """Describes the files of a catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue

    def list_files(self) -> list[str]:
        return self._catalogue.names()

    def describe(self, name: str) -> FileSummary:
        return summarise(name, self._catalogue.read(name))

    def health(self) -> Health:
        problem = self._catalogue.problem()
        return Health(ok=False, reason=problem) if problem else Health(ok=True)
