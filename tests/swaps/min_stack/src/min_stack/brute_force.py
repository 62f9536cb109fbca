"""The brute-force min-stack: `minimum` scans every value, O(n); the oracle."""

from __future__ import annotations

import threading

from .contract import EmptyStackError, ListStore, check_value


class ScanningMinStack:
    def __init__(self, *, values: ListStore[int] | None = None) -> None:
        self._values: ListStore[int] = [] if values is None else values
        self._lock = threading.Lock()

    def push(self, value: int) -> None:
        check_value(value)
        with self._lock:
            self._values.append(value)

    def pop(self) -> int:
        with self._lock:
            if not len(self._values):
                raise EmptyStackError("pop from an empty stack")
            value = self._values[-1]
            del self._values[-1]
            return value

    def minimum(self) -> int:
        with self._lock:
            if not len(self._values):
                raise EmptyStackError("minimum of an empty stack")
            return min(self._values)

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def assert_invariants(self) -> None:
        """A plain list has no invariant of its own."""
