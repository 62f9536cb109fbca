"""Drive a running server with tritonclient, unchanged, over HTTP and gRPC.

It runs in its own process: tritonclient registers the same protobuf package
(`inference`) as this server's generated code, and one process cannot hold both.
Usage: triton_client_check.py HTTP_HOST:PORT GRPC_HOST:PORT MODEL_DIR; it sends random
inputs built from MODEL_DIR/manifest.json and exits non-zero on a mismatch.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import triton_to_np_dtype

ROWS = 2


def random_input(entry: dict[str, Any], rng: np.random.Generator) -> np.ndarray:
    shape = [ROWS if dim == -1 else dim for dim in entry["shape"]]
    if entry["datatype"] == "BYTES":
        return np.array(rng.choice([b"a", b"b", b"word"], size=shape), dtype=object)
    dtype = triton_to_np_dtype(entry["datatype"])
    values = (
        rng.integers(0, 2, size=shape) if dtype == np.bool_ else rng.integers(0, 10, size=shape)
    )
    return values.astype(dtype)


def check(
    client: httpclient.InferenceServerClient | grpcclient.InferenceServerClient,
    module: ModuleType,
    manifest: dict[str, Any],
    *,
    json_form: bool,
) -> None:
    name = manifest["name"]
    assert client.is_server_live()
    assert client.is_server_ready()
    assert client.is_model_ready(name)
    meta = client.get_model_metadata(name)
    inputs = meta["inputs"] if json_form else meta.inputs
    listed = [i["name"] if json_form else i.name for i in inputs]
    assert listed == [entry["name"] for entry in manifest["inputs"]], meta
    rng = np.random.default_rng(0)
    tensors = []
    for entry in manifest["inputs"]:
        values = random_input(entry, rng)
        tensor = module.InferInput(entry["name"], list(values.shape), entry["datatype"])
        if json_form:
            tensor.set_data_from_numpy(values, binary_data=False)
        else:
            tensor.set_data_from_numpy(values)
        tensors.append(tensor)
    outputs = [
        module.InferRequestedOutput(entry["name"], binary_data=False)
        if json_form
        else module.InferRequestedOutput(entry["name"])
        for entry in manifest["outputs"]
    ]
    result = client.infer(name, tensors, outputs=outputs)
    for entry in manifest["outputs"]:
        values = result.as_numpy(entry["name"])
        assert values is not None, entry
        assert len(values.shape) == len(entry["shape"]), (entry, values.shape)


def main() -> None:
    http_url, grpc_url, model_dir = sys.argv[1:4]
    manifest = json.loads((Path(model_dir) / "manifest.json").read_text(encoding="utf-8"))
    check(httpclient.InferenceServerClient(http_url), httpclient, manifest, json_form=True)
    check(grpcclient.InferenceServerClient(grpc_url), grpcclient, manifest, json_form=False)
    print("tritonclient: HTTP and gRPC OK")


if __name__ == "__main__":
    main()
