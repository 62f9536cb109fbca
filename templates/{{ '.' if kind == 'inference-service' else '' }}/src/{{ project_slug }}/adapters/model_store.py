"""The model on disk: a manifest (name, version, tensors, sha256) beside an ONNX file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ..domain.errors import ModelIntegrityError
from ..domain.tensors import TensorSpec
from .onnx_runtime import OnnxRuntime

MANIFEST = "manifest.json"


class TensorEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    datatype: str
    shape: tuple[int, ...]


class Manifest(BaseModel):
    """What `make model` wrote, and what the server checks before it serves."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    version: str
    file: str
    sha256: str
    inputs: tuple[TensorEntry, ...]
    outputs: tuple[TensorEntry, ...]


def read_manifest(directory: Path) -> Manifest:
    path = directory / MANIFEST
    try:
        return Manifest.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ModelIntegrityError(f"{path} does not exist; run `make model`") from None
    except (ValueError, ValidationError) as error:
        raise ModelIntegrityError(f"{path} is not a valid manifest: {error}") from None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_model(directory: Path, *, threads: int) -> OnnxRuntime:
    """Verify the checksum and the graph's tensors against the manifest, then open a session."""
    manifest = read_manifest(directory)
    model = directory / manifest.file
    if not model.is_file():
        raise ModelIntegrityError(f"{model} does not exist; run `make model`")
    actual = sha256_of(model)
    if actual != manifest.sha256:
        raise ModelIntegrityError(
            f"{model} has sha256 {actual}, but {MANIFEST} says {manifest.sha256}: "
            "the file was changed or truncated; rebuild it with `make model`"
        )
    runtime = OnnxRuntime(model, name=manifest.name, version=manifest.version, threads=threads)
    declared = (_specs(manifest.inputs), _specs(manifest.outputs))
    found = (runtime.metadata.inputs, runtime.metadata.outputs)
    if declared != found:
        raise ModelIntegrityError(
            f"{MANIFEST} declares tensors {declared}, but the ONNX graph has {found}"
        )
    return runtime


def _specs(entries: tuple[TensorEntry, ...]) -> tuple[TensorSpec, ...]:
    return tuple(TensorSpec(e.name, e.datatype, e.shape) for e in entries)
