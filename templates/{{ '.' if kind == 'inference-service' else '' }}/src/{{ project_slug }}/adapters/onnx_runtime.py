"""The ModelRuntime port on onnxruntime; tensor metadata comes from the ONNX graph."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import onnxruntime as ort
from onnxruntime.capi.onnxruntime_pybind11_state import InvalidArgument

from ..domain.errors import InvalidInput, ModelIntegrityError
from ..domain.tensors import BYTES, VARIABLE, ModelMetadata, TensorSpec

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
    "tensor(string)": BYTES,
}
"""ONNX tensor types the protocol carries; sequences, maps and the rest have no datatype."""


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
            inputs=tuple(_spec("input", arg) for arg in self._session.get_inputs()),
            outputs=tuple(_spec("output", arg) for arg in self._session.get_outputs()),
        )
        self._strings = {
            s.name for s in (*self.metadata.inputs, *self.metadata.outputs) if s.datatype == BYTES
        }

    def run(self, inputs: Mapping[str, np.ndarray], outputs: Sequence[str]) -> list[np.ndarray]:
        feed = {
            name: _text(name, array) if name in self._strings else array
            for name, array in inputs.items()
        }
        try:
            results: list[np.ndarray] = self._session.run(list(outputs), feed)
        except InvalidArgument as error:
            # Shapes that disagree across inputs, or dimensions the graph checks inside.
            raise InvalidInput(f"the model refused the inputs: {error}") from None
        return [
            _utf8(result) if name in self._strings else result
            for name, result in zip(outputs, results, strict=True)
        ]


def _text(name: str, array: np.ndarray) -> np.ndarray:
    """ONNX strings are UTF-8 text: onnxruntime takes `str`, and misreads `bytes`."""
    try:
        decoded = [item.decode() for item in array.reshape(-1)]
    except UnicodeDecodeError:
        raise InvalidInput(f"input {name!r}: BYTES values must be UTF-8 text") from None
    return _objects(decoded, array.shape)


def _utf8(array: np.ndarray) -> np.ndarray:
    return _objects([str(item).encode() for item in array.reshape(-1)], array.shape)


def _objects(items: list[object], shape: tuple[int, ...]) -> np.ndarray:
    flat = np.empty(len(items), dtype=object)
    flat[:] = items
    return flat.reshape(shape)


def _spec(role: str, arg: ort.NodeArg) -> TensorSpec:
    """The protocol's view of one graph tensor, or a one-line reason it has none."""
    if arg.type.startswith("seq(map("):
        raise ModelIntegrityError(
            f"{role} {arg.name!r} is {arg.type}, a sequence of maps (a ZipMap, as skl2onnx "
            "adds to classifiers), which the protocol cannot carry: re-export the model with "
            "options={'zipmap': False}"
        )
    if arg.type not in ONNX_TYPES:
        raise ModelIntegrityError(
            f"{role} {arg.name!r} has type {arg.type}, which the protocol cannot carry; "
            f"this server serves {', '.join(sorted(ONNX_TYPES))}"
        )
    shape = tuple(dim if isinstance(dim, int) else VARIABLE for dim in arg.shape)
    return TensorSpec(arg.name, ONNX_TYPES[arg.type], shape)
