"""Drive a running server with tritonclient, unchanged, over HTTP and gRPC.

It runs in its own process: tritonclient registers the same protobuf package
(`inference`) as this server's generated code, and one process cannot hold both.
Usage: triton_client_check.py HTTP_HOST:PORT GRPC_HOST:PORT; exits non-zero on a mismatch.
"""

from __future__ import annotations

import sys
from types import ModuleType

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient

ROWS = np.array([[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]], dtype=np.float32)


def check(
    client: httpclient.InferenceServerClient | grpcclient.InferenceServerClient,
    module: ModuleType,
    *,
    json: bool,
) -> None:
    assert client.is_server_live()
    assert client.is_server_ready()
    assert client.is_model_ready("iris")
    meta = client.get_model_metadata("iris")
    inputs = meta["inputs"] if json else meta.inputs
    name = inputs[0]["name"] if json else inputs[0].name
    assert name == "input", meta
    tensor = module.InferInput("input", list(ROWS.shape), "FP32")
    if json:
        tensor.set_data_from_numpy(ROWS, binary_data=False)
        outputs = [
            module.InferRequestedOutput(n, binary_data=False) for n in ("label", "probabilities")
        ]
    else:
        tensor.set_data_from_numpy(ROWS)
        outputs = [module.InferRequestedOutput(n) for n in ("label", "probabilities")]
    result = client.infer("iris", [tensor], outputs=outputs)
    assert result.as_numpy("label").tolist() == [0, 2], result.as_numpy("label")
    assert result.as_numpy("probabilities").shape == (2, 3)


def main() -> None:
    http_url, grpc_url = sys.argv[1:3]
    check(httpclient.InferenceServerClient(http_url), httpclient, json=True)
    check(grpcclient.InferenceServerClient(grpc_url), grpcclient, json=False)
    print("tritonclient: HTTP and gRPC OK")


if __name__ == "__main__":
    main()
