"""Load shedding: refuse work beyond a fixed number of requests in flight."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..domain.errors import Overloaded
from .ports import Metrics


class Admission:
    """Counts requests in flight across both transports; refuses one over the limit.

    Refusing fast (429 / RESOURCE_EXHAUSTED) keeps latency bounded for the requests that
    are admitted; queueing without bound would only move the overload into the client's
    timeouts.
    """

    def __init__(self, limit: int, metrics: Metrics) -> None:
        self._limit = limit
        self._metrics = metrics
        self._count = 0
        self._lock = threading.Lock()

    @property
    def in_flight(self) -> int:
        return self._count

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._lock:
            if self._count >= self._limit:
                raise Overloaded(
                    f"{self._count} requests already in flight (limit {self._limit}); retry later"
                )
            self._count += 1
            self._metrics.set_in_flight(self._count)
        try:
            yield
        finally:
            with self._lock:
                self._count -= 1
                self._metrics.set_in_flight(self._count)
