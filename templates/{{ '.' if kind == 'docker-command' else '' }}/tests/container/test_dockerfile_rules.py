"""The Dockerfile meets this project's bar, and each rule rejects a Dockerfile that does not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .dockerfile_rules import RULES, violations
from .mutations import (
    BASE,
    ENTRYPOINT,
    HEALTHCHECK,
    LABELS,
    RUNTIME,
    USER,
    mutate,
    single_stage,
)


def test_the_shipped_dockerfile_breaks_no_rule(project: Path) -> None:
    assert violations((project / "Dockerfile").read_text()) == {}


BAD_DOCKERFILES: dict[str, tuple[str, Callable[[str], str]]] = {
    "one stage": ("multi-stage", single_stage),
    "latest base": ("pinned base images", lambda t: mutate(t, BASE, "FROM python:latest AS base")),
    "untagged base": ("pinned base images", lambda t: mutate(t, BASE, "FROM python AS base")),
    "major-only tag": (
        "pinned base images",
        lambda t: mutate(t, BASE, "FROM python:3-slim AS base"),
    ),
    "minor-only tag": (
        "pinned base images",
        lambda t: mutate(t, BASE, "FROM python:3.11-slim-bookworm AS base"),
    ),
    "named user": ("numeric non-root user", lambda t: mutate(t, USER, "USER app")),
    "root user": ("numeric non-root user", lambda t: mutate(t, USER, "USER 0:0")),
    "no user": ("numeric non-root user", lambda t: mutate(t, USER + r"\n", "")),
    "no healthcheck": ("healthcheck", lambda t: mutate(t, HEALTHCHECK, "")),
    "healthcheck none": ("healthcheck", lambda t: mutate(t, HEALTHCHECK, "HEALTHCHECK NONE\n")),
    "shell-form healthcheck": (
        "healthcheck",
        lambda t: mutate(t, HEALTHCHECK, "HEALTHCHECK CMD python -m app.healthcheck\n"),
    ),
    "shell-form entrypoint": (
        "exec form",
        lambda t: mutate(t, ENTRYPOINT, "ENTRYPOINT python -m app"),
    ),
    "secret in ENV": (
        "no secrets in ENV or ARG",
        lambda t: mutate(t, RUNTIME, "FROM base AS runtime\nENV API_TOKEN=hunter2"),
    ),
    "secret in ARG": (
        "no secrets in ENV or ARG",
        lambda t: mutate(t, RUNTIME, "FROM base AS runtime\nARG DB_PASSWORD"),
    ),
    "ADD of a URL": (
        "no ADD of URLs",
        lambda t: mutate(t, RUNTIME, "FROM base AS runtime\nADD https://example.com/m.bin /opt/"),
    ),
    "no labels": ("OCI labels", lambda t: mutate(t, LABELS, "")),
}


@pytest.mark.parametrize("case", BAD_DOCKERFILES)
def test_each_rule_rejects_a_bad_dockerfile(project: Path, case: str) -> None:
    rule, make_bad = BAD_DOCKERFILES[case]
    bad = make_bad((project / "Dockerfile").read_text())

    found = violations(bad)

    assert set(found) == {rule}, f"{case}: expected only {rule!r} to fail, got {found}"


def test_every_rule_has_a_bad_example() -> None:
    assert {rule for rule, _ in BAD_DOCKERFILES.values()} == set(RULES)
