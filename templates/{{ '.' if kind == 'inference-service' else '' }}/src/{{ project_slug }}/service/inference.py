"""The inference use case: check a request against the model, run it, shape the answer."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from ..domain.errors import DeadlineExceeded, InvalidInput, ModelNotFound, TooLarge
from ..domain.tensors import InferenceRequest, InferenceResponse, ModelMetadata, Tensor
from .ports import Metrics, ModelRuntime


class InferenceService:
    """Validates tensors (name, datatype, shape, rows) and maps them onto the runtime."""

    def __init__(
        self,
        runtime: ModelRuntime,
        metrics: Metrics,
        *,
        max_rows: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._runtime = runtime
        self._metrics = metrics
        self._max_rows = max_rows
        self._clock = clock
        self.metadata: ModelMetadata = runtime.metadata
        self._inputs = {spec.name: spec for spec in self.metadata.inputs}
        self._outputs = {spec.name: spec for spec in self.metadata.outputs}

    def serves(self, name: str, version: str | None) -> bool:
        return name == self.metadata.name and version in (None, "", self.metadata.version)

    def check_model(self, name: str, version: str | None) -> ModelMetadata:
        if not self.serves(name, version):
            wanted = f"{name!r}" + (f" version {version!r}" if version else "")
            raise ModelNotFound(
                f"model {wanted} is not served here; "
                f"try {self.metadata.name!r} version {self.metadata.version!r}"
            )
        return self.metadata

    def infer(self, request: InferenceRequest, deadline: float) -> InferenceResponse:
        """Run one request, or raise an InferenceError that says what to fix."""
        self.check_model(request.model_name, request.model_version)
        arrays = self._validated_inputs(request.inputs)
        names = self._validated_outputs(request.outputs)
        self._check_deadline(deadline, "before the model ran")
        started = self._clock()
        results = self._runtime.run(arrays, names)
        self._metrics.observe_compute(self.metadata.name, self._clock() - started)
        self._check_deadline(deadline, "while the model ran")
        return InferenceResponse(
            model_name=self.metadata.name,
            model_version=self.metadata.version,
            outputs=tuple(
                Tensor(name, self._outputs[name].datatype, result)
                for name, result in zip(names, results, strict=True)
            ),
            id=request.id,
        )

    def warm_up(self) -> None:
        """One inference on zeros, so the first caller does not pay for lazy set-up."""
        inputs = tuple(spec.blank() for spec in self.metadata.inputs)
        request = InferenceRequest(self.metadata.name, None, inputs)
        self.infer(request, deadline=self._clock() + 60)

    def _validated_inputs(self, tensors: tuple[Tensor, ...]) -> dict[str, np.ndarray]:
        arrays: dict[str, np.ndarray] = {}
        for tensor in tensors:
            spec = self._inputs.get(tensor.name)
            if spec is None:
                raise InvalidInput(
                    f"unknown input {tensor.name!r}; the model takes {sorted(self._inputs)}"
                )
            if tensor.name in arrays:
                raise InvalidInput(f"input {tensor.name!r} is given more than once")
            if tensor.datatype != spec.datatype:
                raise InvalidInput(
                    f"input {tensor.name!r} is {tensor.datatype}; the model takes {spec.datatype}"
                )
            if not spec.accepts(tensor):
                raise InvalidInput(
                    f"input {tensor.name!r} has shape {list(tensor.shape)}; "
                    f"the model takes {list(spec.shape)} (-1 = any size)"
                )
            arrays[tensor.name] = tensor.data
        missing = sorted(set(self._inputs) - set(arrays))
        if missing:
            raise InvalidInput(f"missing input(s) {missing}")
        rows = {array.shape[0] for array in arrays.values() if array.ndim}
        if len(rows) > 1:
            raise InvalidInput(f"inputs disagree on the number of rows: {sorted(rows)}")
        if rows and (count := rows.pop()) > self._max_rows:
            raise TooLarge(f"{count} rows in one request; the limit is {self._max_rows}")
        return arrays

    def _validated_outputs(self, names: tuple[str, ...]) -> list[str]:
        if not names:
            return list(self._outputs)
        unknown = sorted(set(names) - set(self._outputs))
        if unknown:
            raise InvalidInput(
                f"unknown output(s) {unknown}; the model gives {sorted(self._outputs)}"
            )
        if len(set(names)) != len(names):
            raise InvalidInput("an output is asked for more than once")
        return list(names)

    def _check_deadline(self, deadline: float, when: str) -> None:
        if self._clock() > deadline:
            raise DeadlineExceeded(f"the request's deadline passed {when}")
