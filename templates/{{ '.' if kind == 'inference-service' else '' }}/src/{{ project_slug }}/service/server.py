"""The model server both transports talk to: readiness, admission, deadlines, the model."""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..domain.errors import NotReady
from ..domain.tensors import InferenceRequest, InferenceResponse, ModelMetadata
from .admission import Admission
from .inference import InferenceService

log = logging.getLogger(__name__)


class State(enum.Enum):
    STARTING = "starting"
    READY = "ready"
    DRAINING = "draining"


class ModelServer:
    """Live from the start; ready only once the model is loaded, verified and warm.

    `load` runs the loader (read, checksum, session) and a warm-up inference, then flips
    to READY. `drain` flips to DRAINING: readiness turns false so load balancers stop
    sending, while requests that still arrive are served until the transports close.
    """

    def __init__(
        self,
        load_service: Callable[[], InferenceService],
        admission: Admission,
        *,
        timeout_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load_service = load_service
        self._admission = admission
        self._timeout_s = timeout_s
        self._clock = clock
        self._service: InferenceService | None = None
        self._watchers: list[Callable[[bool], None]] = []
        self.state = State.STARTING

    def watch_readiness(self, watcher: Callable[[bool], None]) -> None:
        """Call `watcher(ready)` now and on every change (the gRPC health service uses it)."""
        self._watchers.append(watcher)
        watcher(self.ready)

    def _set_state(self, state: State) -> None:
        self.state = state
        for watcher in self._watchers:
            watcher(self.ready)

    @property
    def live(self) -> bool:
        return True

    @property
    def ready(self) -> bool:
        return self.state is State.READY

    def load(self) -> None:
        started = self._clock()
        service = self._load_service()
        service.warm_up()
        self._service = service
        if self.state is State.STARTING:
            self._set_state(State.READY)
        meta = service.metadata
        log.info(
            "model loaded, warmed up and ready",
            extra={"model": meta.name, "version": meta.version, "seconds": self._clock() - started},
        )

    def drain(self) -> None:
        self._set_state(State.DRAINING)
        log.info("draining: readiness is now false", extra={"in_flight": self._admission.in_flight})

    @property
    def model_names(self) -> frozenset[str]:
        return frozenset() if self._service is None else frozenset({self._service.metadata.name})

    def model_ready(self, name: str, version: str | None) -> bool:
        self._loaded().check_model(name, version)
        return self.ready

    def metadata(self, name: str, version: str | None) -> ModelMetadata:
        return self._loaded().check_model(name, version)

    def deadline(self, timeout_s: float | None = None) -> float:
        """When a request that arrives now must be answered: the configured timeout, or
        the caller's if sooner. Transports take it on arrival, so reading the body counts."""
        budget = self._timeout_s if timeout_s is None else min(timeout_s, self._timeout_s)
        return self._clock() + budget

    def time_left(self, deadline: float) -> float:
        return deadline - self._clock()

    @contextmanager
    def admitted(self) -> Iterator[None]:
        """Hold one of the in-flight slots both transports share; raises `Overloaded` when full.

        Transports enter it once the request is in memory, for the work alone: a client
        that is slow to send its body holds no slot, and health checks never take one.
        """
        with self._admission.slot():
            yield

    def infer(self, request: InferenceRequest, deadline: float) -> InferenceResponse:
        """Run an admitted request; `deadline` comes from `deadline()`."""
        return self._loaded().infer(request, deadline)

    def _loaded(self) -> InferenceService:
        if self._service is None:
            raise NotReady("the model is still loading; retry when /v2/health/ready says so")
        return self._service
