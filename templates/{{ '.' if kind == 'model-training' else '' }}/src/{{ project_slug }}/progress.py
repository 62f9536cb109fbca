"""A progress bar for long loops that stays silent when nobody is watching.

Off a terminal (CI, a pipe, a log file, torchrun's non-primary ranks) it prints nothing,
so logs hold results rather than redraws.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from rich.console import Console
from rich.progress import track as _rich_track

Item = TypeVar("Item")


def track(items: Sequence[Item], description: str, *, enabled: bool = True) -> Iterable[Item]:
    console = Console(stderr=True)
    return _rich_track(
        items,
        description=description,
        console=console,
        transient=True,
        disable=not (enabled and console.is_terminal),
    )
