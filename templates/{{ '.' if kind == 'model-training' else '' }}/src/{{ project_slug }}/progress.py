"""A progress bar for long loops that stays silent when nobody is watching.

Off a terminal (CI, a pipe, a log file, torchrun's non-primary ranks) it prints nothing,
so logs hold results rather than redraws.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress


@contextmanager
def progress_bar(
    total: int, description: str, *, enabled: bool = True
) -> Iterator[Callable[[], None]]:
    """Yields `advance`, to call once per step of `total`."""
    console = Console(stderr=True)
    with Progress(
        console=console, transient=True, disable=not (enabled and console.is_terminal)
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)
