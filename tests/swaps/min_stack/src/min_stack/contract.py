"""What both implementations promise: a stack that also answers its smallest value."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")


class MinStack(Protocol):
    """Push, pop and the minimum of what is on the stack, safe to share between threads."""

    def push(self, value: int) -> None: ...

    def pop(self) -> int: ...

    def minimum(self) -> int: ...

    def __len__(self) -> int: ...

    def assert_invariants(self) -> None: ...


class EmptyStackError(LookupError):
    """Raised, with one line that says which call, on `pop` or `minimum` of an empty stack."""


def check_value(value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Only integers can be pushed, not {value!r}.")


class ListStore(Protocol[T]):
    """The part of `list` both solutions use."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[T]: ...

    def __getitem__(self, index: int) -> T: ...

    def __delitem__(self, index: int) -> None: ...

    def append(self, value: T) -> None: ...
