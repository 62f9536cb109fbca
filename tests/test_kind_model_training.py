"""The candidate's swap, for real: model-training trains on their CSV by configuration only.

A project is rendered, a CSV that is not the example's is written into it (string
labels, categorical columns, missing values), and only configs/train.yaml (and, for a
regression, thresholds.yaml) is edited. Then the project's own `make lint`, `make test`
and `make run` must pass, and the exported ONNX model must score a raw row with the
original label. Slow (installs and trains), so marked; CI runs it.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import yaml

from tests.conftest import git_init, render, run

pytestmark = pytest.mark.slow

KIND = "model-training"
SPECIES = {  # mean bill length, bill depth, flipper length, body mass; islands
    "Adelie": (38.8, 18.3, 190.0, 3700.0, ("Torgersen", "Biscoe", "Dream")),
    "Chinstrap": (48.8, 18.4, 196.0, 3730.0, ("Dream",)),
    "Gentoo": (47.5, 15.0, 217.0, 5080.0, ("Biscoe",)),
}
HEADER = "species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year"

SCORE_ONE_ROW = """
import json, sys
import numpy as np, onnxruntime
session = onnxruntime.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
row = json.loads(sys.argv[2])
feed = {
    i.name: np.array([[row[i.name]]], dtype=np.float32 if i.type == "tensor(float)" else object)
    for i in session.get_inputs()
}
names = [o.name for o in session.get_outputs()]
outputs = dict(zip(names, session.run(None, feed)))
print(json.dumps({k: np.asarray(v).tolist() for k, v in outputs.items()}))
"""


def penguin_like_csv(rows: int = 210, seed: int = 7) -> str:
    """Made-up penguins: three species as text, two text columns, NA and empty cells."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, not a secret)
    lines = [HEADER]
    for i in range(rows):
        species = list(SPECIES)[i % 3]
        bill, depth, flipper, mass, islands = SPECIES[species]
        sex = rng.choice(["male", "female"])
        bump = 1.0 if sex == "male" else -1.0
        cells = [
            species,
            rng.choice(islands),
            f"{rng.gauss(bill + bump, 2.5):.1f}",
            f"{rng.gauss(depth + bump / 2, 0.9):.1f}",
            f"{rng.gauss(flipper + 3 * bump, 6):.0f}",
            f"{rng.gauss(mass + 250 * bump, 300):.0f}",
            sex,
            str(2007 + i % 3),
        ]
        if i % 17 == 5:
            cells[2] = "NA"
        if i % 23 == 7:
            cells[6] = "NA"
        if i % 29 == 11:
            cells[1] = ""
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def edit_config(project: Path, **data: object) -> None:
    """What the candidate edits: the data section (and the task) of configs/train.yaml."""
    path = project / "configs" / "train.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    task = data.pop("task", "classification")
    config["task"] = task
    config["data"] = {"path": "data/penguins.csv", **data}  # feature types: inferred
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def latest_run(project: Path) -> Path:
    return sorted((project / "runs").iterdir())[-1]


def score(project: Path, run_folder: Path, row: dict[str, object]) -> dict[str, list[object]]:
    result = run(
        [".venv/bin/python", "-c", SCORE_ONE_ROW, str(run_folder / "model.onnx"), json.dumps(row)],
        project,
    )
    scored: dict[str, list[object]] = json.loads(result.stdout)
    return scored


@pytest.mark.xdist_group("model-training-swap")
@pytest.mark.parametrize("framework", ["scikit-learn", "pytorch"])
def test_a_candidates_csv_trains_by_configuration_only(tmp_path: Path, framework: str) -> None:
    project = render(tmp_path / "project", KIND, framework=framework)
    (project / "data" / "penguins.csv").write_text(penguin_like_csv(), encoding="utf-8")
    edit_config(project, target="species")
    git_init(project)
    run(["make", "setup"], project, timeout=900)
    run(["make", "lint"], project)
    run(["make", "test"], project, timeout=900)
    trained = run(["make", "run"], project, timeout=900)
    assert "accuracy" in trained.stdout and "(baseline " in trained.stdout

    folder = latest_run(project)
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    assert schema["classes"] == ["Adelie", "Chinstrap", "Gentoo"]
    assert set(schema["categorical"]) == {"island", "sex"}
    assert "`Adelie`" in (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    gentoo = {
        "island": "Biscoe",
        "bill_length_mm": float("nan"),  # missing: imputed inside the graph
        "bill_depth_mm": 14.8,
        "flipper_length_mm": 218.0,
        "body_mass_g": 5100.0,
        "sex": "",  # missing
        "year": 2008.0,
    }
    assert score(project, folder, gentoo)["label"] == ["Gentoo"]

    # The same data as a regression: the task, the target, and the gate's metric.
    edit_config(project, target="body_mass_g", task="regression")
    (project / "thresholds.yaml").write_text("minimum:\n  r2: 0.5\n", encoding="utf-8")
    run(["make", "test"], project, timeout=900)
    trained = run(["make", "run"], project, timeout=900)
    assert "r2 " in trained.stdout
    folder = latest_run(project)
    row = {**gentoo, "species": "Gentoo"}
    del row["body_mass_g"]
    (prediction,) = score(project, folder, row)["prediction"]
    assert 4000 < prediction[0] < 6500  # type: ignore[index]
