"""The optimal min-stack: O(1) per call, a second stack holds the minimum at each depth."""

from __future__ import annotations

import threading

from .contract import EmptyStackError, ListStore, check_value


class TrackedMinStack:
    """Each push also records the minimum so far, so `minimum` reads one slot."""

    def __init__(
        self, *, values: ListStore[int] | None = None, minimums: ListStore[int] | None = None
    ) -> None:
        self._values: ListStore[int] = [] if values is None else values
        self._minimums: ListStore[int] = [] if minimums is None else minimums
        self._lock = threading.Lock()

    def push(self, value: int) -> None:
        check_value(value)
        with self._lock:
            below = self._minimums[-1] if len(self._minimums) else value
            self._values.append(value)
            self._minimums.append(min(value, below))

    def pop(self) -> int:
        with self._lock:
            if not len(self._values):
                raise EmptyStackError("pop from an empty stack")
            value = self._values[-1]
            del self._values[-1]
            del self._minimums[-1]
            return value

    def minimum(self) -> int:
        with self._lock:
            if not len(self._minimums):
                raise EmptyStackError("minimum of an empty stack")
            return self._minimums[-1]

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def assert_invariants(self) -> None:
        with self._lock:
            assert len(self._values) == len(self._minimums), "one minimum per value"
            if len(self._values):
                assert self._minimums[-1] == min(self._values), "the top minimum is wrong"
