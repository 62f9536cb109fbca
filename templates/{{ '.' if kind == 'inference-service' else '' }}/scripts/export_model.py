"""Train the served model and export it to ONNX with its manifest (`make model`).

A logistic regression on scikit-learn's bundled iris data set: real, small, and needing
no download. Training is deterministic, so the exported bytes, and their sha256 in the
manifest, are the same on every run. `--sklearn` also writes the fitted scikit-learn
pipeline, which `make bench` serves with MLServer for comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
from pathlib import Path

import numpy as np
import onnx
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

NAME = "iris"
VERSION = "1"
OPSET = {"": 17, "ai.onnx.ml": 3}
"""ONNX operator sets, pinned so the graph does not change with the converter's default."""


def train() -> Pipeline:
    features, labels = load_iris(return_X_y=True)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, random_state=0))
    return model.fit(features.astype(np.float32), labels)


def export(model: Pipeline, out: Path) -> dict[str, object]:
    """Write model.onnx and manifest.json into `out`; return the manifest."""
    graph = to_onnx(
        model,
        initial_types=[("input", FloatTensorType([None, 4]))],
        target_opset=OPSET,
        options={LogisticRegression: {"zipmap": False}},
    )
    onnx.checker.check_model(graph)
    data = graph.SerializeToString()
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.onnx").write_bytes(data)
    manifest = {
        "name": NAME,
        "version": VERSION,
        "file": "model.onnx",
        "sha256": hashlib.sha256(data).hexdigest(),
        "inputs": [{"name": "input", "datatype": "FP32", "shape": [-1, 4]}],
        "outputs": [
            {"name": "label", "datatype": "INT64", "shape": [-1]},
            {"name": "probabilities", "datatype": "FP32", "shape": [-1, 3]},
        ],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("model"))
    parser.add_argument("--sklearn", type=Path, help="also pickle the fitted pipeline here")
    args = parser.parse_args()
    model = train()
    manifest = export(model, args.out)
    if args.sklearn:
        args.sklearn.parent.mkdir(parents=True, exist_ok=True)
        args.sklearn.write_bytes(pickle.dumps(model))
    print(f"wrote {args.out / 'model.onnx'} (sha256 {manifest['sha256']})")


if __name__ == "__main__":
    main()
