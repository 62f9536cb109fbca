"""Dynamic batching: concurrent calls share one model run. Off by default.

It trades latency for throughput: each call may wait up to `max_delay_s` for company, and
pays off only when the model's per-run overhead dominates its per-row cost (large models,
GPUs). For a small ONNX classifier the transport costs far more than the model, so the
wait is usually a loss; measure with `make bench` before turning it on.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np

from ..domain.tensors import ModelMetadata
from .ports import ModelRuntime


@dataclass
class _Call:
    inputs: Mapping[str, np.ndarray]
    outputs: Sequence[str]
    future: Future[list[np.ndarray]] = field(default_factory=Future)

    @property
    def rows(self) -> int:
        return len(next(iter(self.inputs.values())))


class BatchingRuntime:
    """A ModelRuntime that queues calls and runs them together on the wrapped runtime.

    Every input and output must have the batch as its first dimension.
    """

    def __init__(self, runtime: ModelRuntime, *, max_rows: int, max_delay_s: float) -> None:
        self._runtime = runtime
        self._max_rows = max_rows
        self._max_delay_s = max_delay_s
        self._queue: queue.Queue[_Call | None] = queue.Queue()
        self._worker = threading.Thread(target=self._serve, name="batcher", daemon=True)
        self._worker.start()

    @property
    def metadata(self) -> ModelMetadata:
        return self._runtime.metadata

    def run(self, inputs: Mapping[str, np.ndarray], outputs: Sequence[str]) -> list[np.ndarray]:
        call = _Call(inputs, outputs)
        self._queue.put(call)
        return call.future.result()

    def close(self) -> None:
        self._queue.put(None)
        self._worker.join()

    def _serve(self) -> None:
        while (first := self._queue.get()) is not None:
            batch = [first]
            rows = first.rows
            closing = False
            ends = time.monotonic() + self._max_delay_s
            while rows < self._max_rows and (wait := ends - time.monotonic()) > 0:
                try:
                    call = self._queue.get(timeout=wait)
                except queue.Empty:
                    break
                if call is None:
                    closing = True
                    break
                batch.append(call)
                rows += call.rows
            self._run(batch)
            if closing:
                return

    def _run(self, batch: list[_Call]) -> None:
        names = [spec.name for spec in self.metadata.outputs]
        try:
            merged = {
                name: np.concatenate([c.inputs[name] for c in batch]) for name in batch[0].inputs
            }
            results = dict(zip(names, self._runtime.run(merged, names), strict=True))
        except Exception as error:
            for call in batch:
                call.future.set_exception(error)
            return
        start = 0
        for call in batch:
            end = start + call.rows
            call.future.set_result([results[name][start:end] for name in call.outputs])
            start = end
