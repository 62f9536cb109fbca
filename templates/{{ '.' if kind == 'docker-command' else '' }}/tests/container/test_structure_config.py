"""container-structure-test.yaml says what the Dockerfile builds: the two cannot drift.

The real container-structure-test checks the metadata expectations against an image
tarball carrying the configuration the Dockerfile's final stage declares; its strict
config parser also rejects a misspelt key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from .commands import VENV_BIN, run
from .dockerfile_edits import with_user
from .dockerfile_rules import assignments, parse
from .image_tar import write_image

STRUCTURE_TEST = VENV_BIN / "container-structure-test"


def declared_config(dockerfile: str) -> dict[str, Any]:
    """The container config the final stage of a Dockerfile declares, with what it
    inherits from the stages it is built FROM."""
    parsed = parse(dockerfile)

    def last(name: str) -> str:
        found = parsed.effective(name)
        return found[-1].value.strip() if found else ""

    def pairs(name: str) -> dict[str, str]:
        return {k: v for i in parsed.effective(name) for k, v in assignments(i).items()}

    return {
        "User": last("USER"),
        "Env": [f"{key}={value}" for key, value in pairs("ENV").items()],
        "Entrypoint": json.loads(last("ENTRYPOINT") or "null"),
        "Cmd": json.loads(last("CMD") or "null"),
        "ExposedPorts": {
            f"{port}/tcp" if "/" not in port else port: {}
            for i in parsed.effective("EXPOSE")
            for port in i.value.split()
        },
        "Labels": pairs("LABEL"),
    }


def structure_test(tmp_path: Path, dockerfile: str, metadata: dict[str, Any]) -> tuple[int, str]:
    image = write_image(tmp_path / "image.tar", declared_config(dockerfile))
    config = tmp_path / "metadata.yaml"
    config.write_text(yaml.safe_dump({"schemaVersion": "2.0.0", "metadataTest": metadata}))
    result = run(
        [STRUCTURE_TEST, "test", "--driver", "tar", "--image", image, "--config", config],
        tmp_path,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def shipped(project: Path) -> tuple[str, dict[str, Any]]:
    config = yaml.safe_load((project / "container-structure-test.yaml").read_text())
    return (project / "Dockerfile").read_text(), config["metadataTest"]


def test_the_metadata_expectations_hold_for_the_dockerfile(
    tmp_path: Path, shipped: tuple[str, dict[str, Any]]
) -> None:
    status, output = structure_test(tmp_path, *shipped)
    assert status == 0, output


def test_a_changed_dockerfile_fails_the_structure_test(
    tmp_path: Path, shipped: tuple[str, dict[str, Any]]
) -> None:
    dockerfile, metadata = shipped
    assert "user" in metadata, (
        "container-structure-test.yaml must check the user the image runs as (metadataTest.user)"
    )

    changed = with_user(dockerfile, "10002:10002")

    status, output = structure_test(tmp_path, changed, metadata)

    assert status != 0
    assert "10002:10002" in output


def test_a_misspelt_key_is_rejected(tmp_path: Path, shipped: tuple[str, dict[str, Any]]) -> None:
    dockerfile, metadata = shipped

    status, output = structure_test(tmp_path, dockerfile, {**metadata, "env": []})

    assert status != 0
    assert "field env not found" in output
