"""What the service says about one file: a pure function, no I/O."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class FileSummary:
    """The facts the service reports about one file."""

    name: str
    size: int
    lines: int
    words: int
    sha256: str


def summarise(name: str, content: bytes) -> FileSummary:
    """Count bytes, lines and words; text that is not UTF-8 is counted after replacement."""
    text = content.decode("utf-8", errors="replace")
    return FileSummary(
        name=name,
        size=len(content),
        lines=len(text.splitlines()),
        words=len(text.split()),
        sha256=hashlib.sha256(content).hexdigest(),
    )
