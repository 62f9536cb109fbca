"""What the service layer needs from the outside world, as protocols adapters implement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

from ..domain.tensors import ModelMetadata


class ModelRuntime(Protocol):
    """Something that runs a loaded model: onnxruntime here, another engine tomorrow."""

    @property
    def metadata(self) -> ModelMetadata: ...

    def run(self, inputs: Mapping[str, np.ndarray], outputs: Sequence[str]) -> list[np.ndarray]:
        """Run the model on named input arrays; return the named outputs in that order."""
        ...


class Metrics(Protocol):
    """Where the service reports what transports cannot see: compute time and load."""

    def observe_compute(self, model: str, seconds: float) -> None: ...

    def set_in_flight(self, count: int) -> None: ...
