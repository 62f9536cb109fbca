"""`make run`: the min-stack at work, one line per call."""

from __future__ import annotations

from collections.abc import Callable

from .optimal import TrackedMinStack


def main(out: Callable[[str], None] = print) -> int:
    stack = TrackedMinStack()
    out("A stack that answers its minimum in O(1).\n")
    for value in (5, 3, 8, 1):
        stack.push(value)
        out(f"push({value})  minimum {stack.minimum()}  size {len(stack)}")
    while len(stack) > 1:
        out(f"pop() -> {stack.pop()}  minimum {stack.minimum()}  size {len(stack)}")
    return 0
