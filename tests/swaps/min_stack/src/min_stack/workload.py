"""One mix of calls at size n, for both implementations: push, minimum, pop."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from .brute_force import ScanningMinStack
from .counting import CountedList, OpCounter
from .optimal import TrackedMinStack

Step = Callable[[], None]


@dataclass(frozen=True)
class Implementation:
    name: str
    prepare: Callable[[int, OpCounter | None], Step]
    claimed: str
    counted_up_to: int


def _mix(stack: TrackedMinStack | ScanningMinStack, n: int) -> Step:
    draw = random.Random(7)  # noqa: S311 (a reproducible mix, not a secret)
    for _ in range(n):
        stack.push(draw.randrange(10**6))

    def step() -> None:
        stack.push(draw.randrange(10**6))
        stack.minimum()
        stack.pop()

    return step


def optimal(n: int, counter: OpCounter | None = None) -> Step:
    if counter is None:
        return _mix(TrackedMinStack(), n)
    return _mix(
        TrackedMinStack(values=CountedList[int](counter), minimums=CountedList[int](counter)), n
    )


def brute_force(n: int, counter: OpCounter | None = None) -> Step:
    if counter is None:
        return _mix(ScanningMinStack(), n)
    return _mix(ScanningMinStack(values=CountedList[int](counter)), n)


IMPLEMENTATIONS: tuple[Implementation, ...] = (
    Implementation("optimal", optimal, claimed="O(1)", counted_up_to=2**16),
    Implementation("brute_force", brute_force, claimed="O(n)", counted_up_to=2**13),
)
COUNTED_SIZES: tuple[int, ...] = tuple(2**e for e in range(8, 17))
TIMED_SIZES: tuple[int, ...] = tuple(2**e for e in range(7, 12))


def counted_sizes(implementation: Implementation) -> tuple[int, ...]:
    return tuple(n for n in COUNTED_SIZES if n <= implementation.counted_up_to)
