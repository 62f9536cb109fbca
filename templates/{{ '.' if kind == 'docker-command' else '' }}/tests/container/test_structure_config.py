"""container-structure-test.yaml says what the Dockerfile builds: the two cannot drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from dockerfile_rules import assignments, parse
from mutations import USER, mutate


def drift(config: dict[str, Any], dockerfile: str) -> list[str]:
    """Where the structure test's metadata expectations differ from the Dockerfile."""
    final = parse(dockerfile)[-1]
    expected = config["metadataTest"]

    def last(name: str) -> str:
        found = final.all(name)
        return found[-1].value if found else ""

    def pairs(name: str) -> dict[str, str]:
        return {key: value for i in final.all(name) for key, value in assignments(i).items()}

    actual = {
        "user": last("USER"),
        "entrypoint": json.loads(last("ENTRYPOINT") or "null"),
        "exposedPorts": last("EXPOSE").split(),
        "envVars": pairs("ENV"),
        "labels": pairs("LABEL"),
    }
    problems = [
        f"{key}: the structure test expects {expected[key]!r}, the Dockerfile has {actual[key]!r}"
        for key in ("user", "entrypoint", "exposedPorts")
        if expected[key] != actual[key]
    ]
    for key in ("envVars", "labels"):
        problems += [
            f"{key} {item['key']}: expected {item['value']!r}, got {actual[key].get(item['key'])!r}"
            for item in expected[key]
            if actual[key].get(item["key"]) != item["value"]
        ]
    return problems


def load_config(project: Path) -> dict[str, Any]:
    return yaml.safe_load((project / "container-structure-test.yaml").read_text())


def test_the_structure_test_matches_the_dockerfile(project: Path) -> None:
    config = load_config(project)
    assert config["schemaVersion"] == "2.0.0"
    assert drift(config, (project / "Dockerfile").read_text()) == []


def test_a_changed_dockerfile_is_caught(project: Path) -> None:
    changed = mutate((project / "Dockerfile").read_text(), USER, "USER 10002:10002")

    assert drift(load_config(project), changed) == [
        "user: the structure test expects '10001:10001', the Dockerfile has '10002:10002'"
    ]
