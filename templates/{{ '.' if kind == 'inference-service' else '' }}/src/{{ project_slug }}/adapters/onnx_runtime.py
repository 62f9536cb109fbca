"""The ModelRuntime port on onnxruntime; tensor metadata comes from the ONNX graph."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import onnxruntime as ort

from ..domain.tensors import VARIABLE, ModelMetadata, TensorSpec

ONNX_TYPES = {
    "tensor(bool)": "BOOL",
    "tensor(uint8)": "UINT8",
    "tensor(uint16)": "UINT16",
    "tensor(uint32)": "UINT32",
    "tensor(uint64)": "UINT64",
    "tensor(int8)": "INT8",
    "tensor(int16)": "INT16",
    "tensor(int32)": "INT32",
    "tensor(int64)": "INT64",
    "tensor(float16)": "FP16",
    "tensor(float)": "FP32",
    "tensor(double)": "FP64",
}


class OnnxRuntime:
    """One onnxruntime session on the CPU, with a fixed number of threads."""

    def __init__(self, model: Path, *, name: str, version: str, threads: int) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.metadata = ModelMetadata(
            name=name,
            version=version,
            platform="onnxruntime_onnx",
            inputs=tuple(_spec(arg) for arg in self._session.get_inputs()),
            outputs=tuple(_spec(arg) for arg in self._session.get_outputs()),
        )

    def run(self, inputs: Mapping[str, np.ndarray], outputs: Sequence[str]) -> list[np.ndarray]:
        results: list[np.ndarray] = self._session.run(list(outputs), dict(inputs))
        return results


def _spec(arg: ort.NodeArg) -> TensorSpec:
    if arg.type not in ONNX_TYPES:
        raise ValueError(f"tensor {arg.name!r} has type {arg.type}, which this server cannot serve")
    shape = tuple(dim if isinstance(dim, int) else VARIABLE for dim in arg.shape)
    return TensorSpec(arg.name, ONNX_TYPES[arg.type], shape)
