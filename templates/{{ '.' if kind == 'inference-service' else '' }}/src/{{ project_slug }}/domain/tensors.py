"""Tensors, models and requests as the Open Inference Protocol describes them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import InvalidInput

DTYPES: dict[str, np.dtype[Any]] = {
    name: np.dtype(kind).newbyteorder("<")
    for name, kind in {
        "BOOL": np.bool_,
        "UINT8": np.uint8,
        "UINT16": np.uint16,
        "UINT32": np.uint32,
        "UINT64": np.uint64,
        "INT8": np.int8,
        "INT16": np.int16,
        "INT32": np.int32,
        "INT64": np.int64,
        "FP16": np.float16,
        "FP32": np.float32,
        "FP64": np.float64,
    }.items()
}
"""The protocol's numeric datatypes, little-endian as its binary form requires."""

BYTES = "BYTES"
"""The protocol's datatype for strings: each element is a byte string (numpy `object`)."""

DATATYPES = (*DTYPES, BYTES)
"""Every datatype a tensor may have here."""

LENGTH_PREFIX = 4
"""In raw form each BYTES element is its length (4 bytes, little-endian), then its bytes."""

LOSSLESS_FROM = {"b": "b", "i": "iu", "u": "iu", "f": "iuf"}
"""Kinds of JSON values each numpy kind takes: no strings, no truncated floats, no bools as 1."""

GIVEN_KINDS = {
    "b": "booleans",
    "i": "integers",
    "u": "integers",
    "f": "numbers with a fraction",
    "U": "strings",
    "O": "a mix of kinds, nulls, objects or integers too large",
}
"""How a refusal names the kind of JSON values it was given, in words rather than numpy's."""

VARIABLE = -1
"""A dimension of any size in a tensor spec (the batch dimension, usually)."""


@dataclass(frozen=True)
class TensorSpec:
    """A tensor a model takes or gives: its name, datatype and shape (-1 = any size)."""

    name: str
    datatype: str
    shape: tuple[int, ...]

    def blank(self, rows: int = 1) -> Tensor:
        """A tensor of this spec filled with zeros (empty strings for BYTES); -1 dims = rows."""
        dims = [rows if dim == VARIABLE else dim for dim in self.shape]
        if self.datatype == BYTES:
            return Tensor(self.name, self.datatype, np.full(dims, b"", dtype=object))
        return Tensor(self.name, self.datatype, np.zeros(dims, dtype=DTYPES[self.datatype]))

    def accepts(self, tensor: Tensor) -> bool:
        return len(tensor.shape) == len(self.shape) and all(
            want in (VARIABLE, got) for want, got in zip(self.shape, tensor.shape, strict=True)
        )


@dataclass(frozen=True)
class Tensor:
    """A named n-dimensional array with the protocol's datatype name."""

    name: str
    datatype: str
    data: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.data.shape)

    def to_bytes(self) -> bytes:
        """The protocol's raw form: little-endian values, or length-prefixed BYTES elements."""
        if self.datatype == BYTES:
            return b"".join(
                len(item).to_bytes(LENGTH_PREFIX, "little") + item for item in self.data.reshape(-1)
            )
        return self.data.astype(DTYPES[self.datatype], copy=False).tobytes()

    @classmethod
    def from_values(
        cls, name: str, datatype: str, shape: Sequence[int], values: Sequence[Any]
    ) -> Tensor:
        """Build a tensor from (possibly nested) values in row-major order, or refuse it.

        BYTES elements may be `str` (JSON; sent as UTF-8) or `bytes` (gRPC).
        """
        dims = _shape(name, shape)
        if datatype == BYTES:
            return cls._checked(name, datatype, dims, _byte_strings(name, dims, values))
        dtype = _dtype(name, datatype)
        given = _array(name, datatype, dims, values)
        if given.size and given.dtype.kind not in LOSSLESS_FROM[dtype.kind]:
            got = GIVEN_KINDS.get(given.dtype.kind, "values of another kind")
            raise InvalidInput(
                f"input {name!r}: expected {datatype} values for shape {list(dims)}, got {got}"
            )
        try:
            flat = np.asarray(values, dtype=dtype).reshape(-1)
        except OverflowError:
            raise InvalidInput(
                f"input {name!r}: expected {datatype} values, got values out of its range"
            ) from None
        return cls._checked(name, datatype, dims, flat)

    @classmethod
    def from_bytes(cls, name: str, datatype: str, shape: Sequence[int], raw: bytes) -> Tensor:
        """Build a tensor from the protocol's raw little-endian bytes, or refuse it."""
        dims = _shape(name, shape)
        if datatype == BYTES:
            return cls._checked(name, datatype, dims, _length_prefixed(name, raw))
        dtype = _dtype(name, datatype)
        if len(raw) % dtype.itemsize:
            raise InvalidInput(
                f"input {name!r}: {len(raw)} bytes is not a whole number of {datatype} values"
            )
        return cls._checked(name, datatype, dims, np.frombuffer(raw, dtype=dtype))

    @classmethod
    def _checked(cls, name: str, datatype: str, dims: tuple[int, ...], flat: np.ndarray) -> Tensor:
        expected = math.prod(dims)
        if flat.size != expected:
            raise InvalidInput(
                f"input {name!r}: shape {list(dims)} needs {expected} values, got {flat.size}"
            )
        if flat.dtype.kind == "f" and not np.isfinite(flat).all():
            raise InvalidInput(f"input {name!r}: values must be finite (no NaN or infinity)")
        return cls(name, datatype, flat.reshape(dims))


def _array(name: str, datatype: str, dims: tuple[int, ...], values: Sequence[Any]) -> np.ndarray:
    """The values as one array, or a refusal in the protocol's words (not numpy's)."""
    try:
        return np.asarray(values, dtype=object if datatype == BYTES else None)
    except ValueError:
        raise InvalidInput(
            f"input {name!r}: expected {datatype} values for shape {list(dims)}, got nested "
            "lists of unequal lengths; send the values flat, or nested row by row"
        ) from None


def _byte_strings(name: str, dims: tuple[int, ...], values: Sequence[Any]) -> np.ndarray:
    given = _array(name, BYTES, dims, values).reshape(-1)
    items = [v.encode() if isinstance(v, str) else v for v in given]
    if not all(isinstance(item, bytes) for item in items):
        raise InvalidInput(
            f"input {name!r}: expected BYTES values (strings) for shape {list(dims)}, "
            "got values of another kind"
        )
    flat = np.empty(len(items), dtype=object)
    flat[:] = items
    return flat


def _length_prefixed(name: str, raw: bytes) -> np.ndarray:
    items: list[bytes] = []
    offset = 0
    while offset < len(raw):
        start = offset + LENGTH_PREFIX
        end = start + int.from_bytes(raw[offset:start], "little")
        if start > len(raw) or end > len(raw):
            raise InvalidInput(
                f"input {name!r}: raw BYTES must be elements of a 4-byte little-endian length "
                "and that many bytes; the data end inside an element"
            )
        items.append(raw[start:end])
        offset = end
    flat = np.empty(len(items), dtype=object)
    flat[:] = items
    return flat


def _dtype(name: str, datatype: str) -> np.dtype[Any]:
    try:
        return DTYPES[datatype]
    except KeyError:
        known = ", ".join(DATATYPES)
        raise InvalidInput(
            f"input {name!r}: datatype {datatype!r} is not supported (use one of {known})"
        ) from None


def _shape(name: str, shape: Sequence[int]) -> tuple[int, ...]:
    dims = tuple(shape)
    if any(dim < 0 for dim in dims):
        raise InvalidInput(f"input {name!r}: shape {list(dims)} has a negative dimension")
    return dims


@dataclass(frozen=True)
class ModelMetadata:
    """What a served model is, as read from its graph and its manifest."""

    name: str
    version: str
    platform: str
    inputs: tuple[TensorSpec, ...]
    outputs: tuple[TensorSpec, ...]


@dataclass(frozen=True)
class InferenceRequest:
    """One inference call: which model, which inputs, which outputs (none = all)."""

    model_name: str
    model_version: str | None
    inputs: tuple[Tensor, ...]
    outputs: tuple[str, ...] = ()
    id: str = ""


@dataclass(frozen=True)
class InferenceResponse:
    """The answer to one inference call, in the order the outputs were asked for."""

    model_name: str
    model_version: str
    outputs: tuple[Tensor, ...]
    id: str = ""
