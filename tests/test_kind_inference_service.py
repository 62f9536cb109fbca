"""The inference-service kind, with a model nobody here wrote: the candidate's swap, for real.

Models that are not iris are built inside the test with the project's own tools (a
scikit-learn regressor, a pipeline with a string column, a graph made with onnx.helper
with inputs of other datatypes), each imported with `make model MODEL=...`; the
project's own `make test` then runs its contract suite against that model, and a real
server answers one request over REST and one over gRPC with the values the model gives
outside the server. A classifier exported with its ZipMap is refused at import.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git_init, render, run, tool_env

KIND = "inference-service"
SLUG = "inference_service_homework"
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("inference-service-swap")]

BUILD_MODELS = textwrap.dedent(
    '''
    """Writes NAME.onnx and NAME.json (one request and the outputs it must give)."""
    import json
    import sys
    from pathlib import Path

    import numpy as np
    import onnx
    from onnx import TensorProto, helper
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType, StringTensorType
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    OPSET = {"": 17, "ai.onnx.ml": 3}
    out = Path(sys.argv[1])
    rng = np.random.default_rng(0)


    def write(name, model, inputs, outputs):
        (out / f"{name}.onnx").write_bytes(model.SerializeToString())
        case = {"inputs": inputs, "outputs": outputs}
        (out / f"{name}.json").write_text(json.dumps(case), encoding="utf-8")


    features = rng.random((50, 7)).astype(np.float32)
    regressor = Ridge().fit(features, features @ np.arange(7.0))
    rows = features[:2]
    write(
        "regressor",
        to_onnx(regressor, initial_types=[("features", FloatTensorType([None, 7]))],
                target_opset=OPSET),
        [{"name": "features", "datatype": "FP32", "shape": [2, 7], "data": rows.tolist()}],
        {"variable": regressor.predict(rows).tolist()},
    )

    colours = rng.choice(["red", "green", "blue"], 60)
    table = np.empty((60, 3), dtype=object)
    table[:, 0], table[:, 1:] = colours, rng.random((60, 2))
    columns = ColumnTransformer(
        [("colour", OneHotEncoder(handle_unknown="ignore"), [0]),
         ("size", StandardScaler(), [1, 2])]
    )
    pipeline = make_pipeline(columns, LogisticRegression()).fit(
        table, (colours == "red").astype(np.int64)
    )
    kinds = [("colour", StringTensorType([None, 1])), ("size", FloatTensorType([None, 2]))]
    asked = np.array([["red", 0.5, 0.5], ["blue", 0.5, 0.5]], dtype=object)
    for name, zipmap in (("strings", False), ("zipmap", True)):
        write(
            name,
            to_onnx(pipeline, initial_types=kinds, target_opset=OPSET,
                    options={LogisticRegression: {"zipmap": zipmap}}),
            [
                {"name": "colour", "datatype": "BYTES", "shape": [2, 1],
                 "data": ["red", "blue"]},
                {"name": "size", "datatype": "FP32", "shape": [2, 2],
                 "data": [0.5, 0.5, 0.5, 0.5]},
            ],
            {"label": pipeline.predict(asked).tolist(),
             "probabilities": pipeline.predict_proba(asked).tolist()},
        )

    ids = helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", 3])
    weights = helper.make_tensor_value_info("weights", TensorProto.DOUBLE, ["batch", 3])
    flags = helper.make_tensor_value_info("flags", TensorProto.BOOL, ["batch", 2])
    graph = helper.make_graph(
        [
            helper.make_node("Cast", ["ids"], ["ids_double"], to=TensorProto.DOUBLE),
            helper.make_node("Mul", ["ids_double", "weights"], ["weighted"]),
            helper.make_node("ReduceSum", ["weighted", "axes"], ["score"], keepdims=0),
            helper.make_node("Not", ["flags"], ["inverted"]),
        ],
        "mixed",
        [ids, weights, flags],
        [
            helper.make_tensor_value_info("score", TensorProto.DOUBLE, ["batch"]),
            helper.make_tensor_value_info("inverted", TensorProto.BOOL, ["batch", 2]),
        ],
        initializer=[helper.make_tensor("axes", TensorProto.INT64, [1], [1])],
    )
    mixed = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    mixed.ir_version = 8
    onnx.checker.check_model(mixed)
    write(
        "mixed",
        mixed,
        [
            {"name": "ids", "datatype": "INT64", "shape": [1, 3], "data": [1, 2, 3]},
            {"name": "weights", "datatype": "FP64", "shape": [1, 3], "data": [0.5, 0.25, 2.0]},
            {"name": "flags", "datatype": "BOOL", "shape": [1, 2], "data": [True, False]},
        ],
        {"score": [7.0], "inverted": [[False, True]]},
    )
    '''
)

ASK = textwrap.dedent(
    f'''
    """Sends one case to a running server over REST (JSON) and gRPC (typed contents)."""
    import json
    import sys
    import grpc
    import httpx

    from {SLUG}.entrypoints.grpc_service import CONTENTS_FIELD
    from {SLUG}.protocol import grpc_predict_v2_pb2 as pb
    from {SLUG}.protocol import grpc_predict_v2_pb2_grpc as pb_grpc

    http, target, model, path = sys.argv[1:5]
    case = json.loads(open(path, encoding="utf-8").read())
    reply = httpx.post(f"http://{{http}}/v2/models/{{model}}/infer",
                       json={{"inputs": case["inputs"]}}, timeout=10)
    reply.raise_for_status()
    over_rest = {{o["name"]: o["data"] for o in reply.json()["outputs"]}}

    request = pb.ModelInferRequest(model_name=model)
    for given in case["inputs"]:
        tensor = request.inputs.add(
            name=given["name"], datatype=given["datatype"], shape=given["shape"]
        )
        flat = json.loads(json.dumps(given["data"]))
        while flat and isinstance(flat[0], list):
            flat = [value for row in flat for value in row]
        if given["datatype"] == "BYTES":
            flat = [value.encode() for value in flat]
        getattr(tensor.contents, CONTENTS_FIELD[given["datatype"]]).extend(flat)
    with grpc.insecure_channel(target) as channel:
        answer = pb_grpc.GRPCInferenceServiceStub(channel).ModelInfer(request, timeout=10)
    over_grpc = {{
        o.name: [v.decode() if isinstance(v, bytes) else v
                 for v in getattr(o.contents, CONTENTS_FIELD[o.datatype])]
        for o in answer.outputs
    }}
    print(json.dumps({{"rest": over_rest, "grpc": over_grpc}}))
    '''
)


def flat(values: Any) -> list[Any]:
    """Nested lists in row-major order, as the protocol carries them."""
    if isinstance(values, list):
        return [item for value in values for item in flat(value)]
    return [values]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Project:
    """One rendered, committed and set-up project, and the models built with its tools."""

    def __init__(self, base: Path) -> None:
        self.root = render(base / "project", KIND)
        git_init(self.root)
        run(["make", "setup"], self.root, timeout=900)
        self.models = base / "models"
        self.models.mkdir()
        (base / "build_models.py").write_text(BUILD_MODELS, encoding="utf-8")
        run([str(self.python), str(base / "build_models.py"), str(self.models)], self.root)
        (base / "ask.py").write_text(ASK, encoding="utf-8")
        self.ask = base / "ask.py"

    @property
    def python(self) -> Path:
        return self.root / ".venv" / "bin" / "python"

    def make_model(self, model: str, name: str = "") -> subprocess.CompletedProcess[str]:
        command = ["make", "--no-print-directory", "model", f"MODEL={self.models / model}.onnx"]
        return subprocess.run(
            command + ([f"NAME={name}"] if name else []),
            cwd=self.root,
            env=tool_env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def manifest(self) -> dict[str, Any]:
        text = (self.root / "model" / "manifest.json").read_text(encoding="utf-8")
        manifest: dict[str, Any] = json.loads(text)
        return manifest

    def ask_a_running_server(self, model: str, name: str) -> dict[str, dict[str, list[Any]]]:
        """Start the server as `make run` does, send one case both ways, stop it (SIGTERM)."""
        http, grpc_port = free_port(), free_port()
        env = {
            **os.environ,
            "INFERENCE_HTTP_PORT": str(http),
            "INFERENCE_GRPC_PORT": str(grpc_port),
            "INFERENCE_LOG_LEVEL": "WARNING",
        }
        server = subprocess.Popen(
            [str(self.python), "-m", SLUG], cwd=self.root, env=env, stderr=subprocess.PIPE
        )
        try:
            wait_ready(f"http://127.0.0.1:{http}/v2/health/ready", server)
            asked = run(
                [
                    str(self.python),
                    str(self.ask),
                    f"127.0.0.1:{http}",
                    f"127.0.0.1:{grpc_port}",
                    name,
                    str(self.models / f"{model}.json"),
                ],
                self.root,
            )
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=30) == 0
        finally:
            server.kill()
            server.communicate()
        answers: dict[str, dict[str, list[Any]]] = json.loads(asked.stdout)
        return answers


def wait_ready(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}: {server.communicate()[1]!r}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{url} never answered 200")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    yield Project(tmp_path_factory.mktemp("inference-service-swap"))


def test_a_zipmap_classifier_is_refused_at_import_in_one_line(project: Project) -> None:
    run(["make", "model"], project.root)
    before = project.manifest()
    refused = project.make_model("zipmap")
    assert refused.returncode != 0
    lines = [line for line in refused.stderr.splitlines() if line.startswith("make model:")]
    assert len(lines) == 1, refused.stderr
    assert "output 'output_probability'" in lines[0]
    assert "options={'zipmap': False}" in lines[0]
    assert project.manifest() == before, "a refused import changed model/"


NAMES = {"mixed": "mixed-dtypes"}
"""Models served under another name than their file's (NAME=...)."""

MODELS = {
    "regressor": ([("features", "FP32", [-1, 7])], [("variable", "FP32", [-1, 1])]),
    "strings": (
        [("colour", "BYTES", [-1, 1]), ("size", "FP32", [-1, 2])],
        [("label", "INT64", [-1]), ("probabilities", "FP32", [-1, 2])],
    ),
    "mixed": (
        [("ids", "INT64", [-1, 3]), ("weights", "FP64", [-1, 3]), ("flags", "BOOL", [-1, 2])],
        [("score", "FP64", [-1]), ("inverted", "BOOL", [-1, 2])],
    ),
}


@pytest.mark.parametrize("model", list(MODELS))
def test_a_given_model_is_imported_tested_and_served(project: Project, model: str) -> None:
    name = NAMES.get(model, model)
    imported = project.make_model(model, NAMES.get(model, ""))
    assert imported.returncode == 0, imported.stderr
    manifest = project.manifest()
    inputs, outputs = MODELS[model]
    assert manifest["name"] == name
    assert [(t["name"], t["datatype"], t["shape"]) for t in manifest["inputs"]] == inputs
    assert [(t["name"], t["datatype"], t["shape"]) for t in manifest["outputs"]] == outputs

    run(["make", "lint"], project.root)
    tested = run(["make", "test"], project.root, timeout=900).stdout
    assert " passed" in tested
    assert " failed" not in tested

    answers = project.ask_a_running_server(model, name)
    expected = json.loads((project.models / f"{model}.json").read_text(encoding="utf-8"))
    for transport in ("rest", "grpc"):
        got = answers[transport]
        assert list(got) == [name for name, _, _ in outputs], transport
        for output, want in expected["outputs"].items():
            values = flat(want)
            if all(isinstance(v, float) for v in values):
                assert got[output] == pytest.approx(values, rel=1e-4, abs=1e-5), transport
            else:
                assert got[output] == values, (transport, output)
