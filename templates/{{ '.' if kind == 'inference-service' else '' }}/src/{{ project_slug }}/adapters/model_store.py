"""The model on disk: a manifest (name, version, tensors, sha256) beside an ONNX file."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ..domain.errors import ModelIntegrityError
from ..domain.tensors import TensorSpec
from .onnx_runtime import OnnxRuntime

MANIFEST = "manifest.json"
MODEL_FILE = "model.onnx"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
"""A model name or version: it is a path segment of the REST routes."""


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


def import_model(source: Path, directory: Path, *, name: str, version: str) -> Manifest:
    """Copy an ONNX file into `directory` with a manifest derived from its graph.

    The graph is opened with the server's own adapter, so the manifest says exactly what
    the server will check at start; a model it cannot serve is refused and nothing is
    written.
    """
    for label, value in (("name", name), ("version", version)):
        if not NAME.fullmatch(value):
            raise ModelIntegrityError(
                f"model {label} {value!r} must be 1-64 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit (it is part of the URL)"
            )
    if not source.is_file():
        raise ModelIntegrityError(f"{source} is not a file; pass MODEL=path/to/model.onnx")
    try:
        runtime = OnnxRuntime(source, name=name, version=version, threads=1)
    except ModelIntegrityError:
        raise
    except Exception as error:  # onnxruntime's own errors have no public base class
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ModelIntegrityError(
            f"{source} is not an ONNX model onnxruntime can open: {first}"
        ) from None
    meta = runtime.metadata
    manifest = Manifest(
        name=name,
        version=version,
        file=MODEL_FILE,
        sha256=sha256_of(source),
        inputs=_entries(meta.inputs),
        outputs=_entries(meta.outputs),
    )
    directory.mkdir(parents=True, exist_ok=True)
    if source.resolve() != (directory / MODEL_FILE).resolve():
        shutil.copyfile(source, directory / MODEL_FILE)
    (directory / MANIFEST).write_text(_manifest_text(manifest), encoding="utf-8")
    return manifest


def _manifest_text(manifest: Manifest) -> str:
    """Indented JSON with one line per tensor, easy to read and to diff."""
    fields = manifest.model_dump(mode="json")
    lines = [f"  {json.dumps(key)}: {json.dumps(fields[key])}," for key in fields]
    for key in ("inputs", "outputs"):
        tensors = ",\n".join(f"    {json.dumps(entry)}" for entry in fields[key])
        lines[list(fields).index(key)] = f'  "{key}": [\n{tensors}\n  ],'
    return "{\n" + "\n".join(lines).removesuffix(",") + "\n}\n"


def _entries(specs: tuple[TensorSpec, ...]) -> tuple[TensorEntry, ...]:
    return tuple(TensorEntry(name=s.name, datatype=s.datatype, shape=s.shape) for s in specs)
