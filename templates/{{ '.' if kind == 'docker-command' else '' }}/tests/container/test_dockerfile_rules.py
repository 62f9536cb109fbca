"""The project's Dockerfile meets the policy, and each rule rejects a Dockerfile that does not.

The bad Dockerfiles are made from the project's own one (whatever its language and
stages), so every rule is seen to fail on this very file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from . import dockerfile_edits as edit
from .compose_file import has_healthcheck, resolved
from .dockerfile_rules import RULES, report, violations


@pytest.fixture(scope="module")
def compose_healthcheck(project: Path) -> bool:
    return has_healthcheck(resolved(project))


def test_the_dockerfile_breaks_no_rule(project: Path, compose_healthcheck: bool) -> None:
    found = violations((project / "Dockerfile").read_text(), compose_healthcheck)
    assert not found, "the Dockerfile breaks the policy:\n" + report(found)


Edit = Callable[[str], str]
BAD_DOCKERFILES: dict[str, tuple[str, Edit]] = {
    "one stage": ("multi-stage", edit.single_stage),
    "latest base": ("pinned base images", lambda t: edit.with_base(t, "latest")),
    "untagged base": ("pinned base images", lambda t: edit.with_base(t, "untagged")),
    "major.minor tag": ("pinned base images", lambda t: edit.with_base(t, "partial")),
    "named user": ("numeric non-root user", lambda t: edit.with_user(t, "app")),
    "root user": ("numeric non-root user", lambda t: edit.with_user(t, "0:0")),
    "no user": ("numeric non-root user", lambda t: edit.with_user(t, None)),
    "no healthcheck": ("healthcheck", lambda t: edit.with_healthcheck(t, None)),
    "healthcheck none": ("healthcheck", lambda t: edit.with_healthcheck(t, "HEALTHCHECK NONE")),
    "shell-form healthcheck": (
        "healthcheck",
        lambda t: edit.with_healthcheck(t, "HEALTHCHECK CMD wget -q -O- localhost/healthz"),
    ),
    "shell-form start": ("exec form", edit.shell_form_start),
    "secret in ENV": (
        "no secrets in layers",
        lambda t: edit.add_to_final_stage(t, "ENV API_TOKEN=hunter2"),
    ),
    "secret in ARG": (
        "no secrets in layers",
        lambda t: edit.add_to_final_stage(t, "ARG DB_PASSWORD"),
    ),
    "COPY of .env": (
        "no secrets in layers",
        lambda t: edit.add_to_final_stage(t, "COPY .env /etc/app/.env"),
    ),
    "COPY of a key": (
        "no secrets in layers",
        lambda t: edit.add_to_final_stage(t, "COPY deploy/id_ed25519 /tmp/"),
    ),
    "ADD of a URL": (
        "no ADD of URLs",
        lambda t: edit.add_to_final_stage(t, "ADD https://example.com/m.bin /opt/"),
    ),
    "no labels": ("OCI labels", edit.without_labels),
}


@pytest.mark.parametrize("case", BAD_DOCKERFILES)
def test_each_rule_rejects_a_bad_dockerfile(project: Path, case: str) -> None:
    rule, make_bad = BAD_DOCKERFILES[case]
    bad = make_bad((project / "Dockerfile").read_text())

    # Without compose's health check, so that the image's own is what is judged.
    found = violations(bad, compose_healthcheck=rule != "healthcheck")

    assert set(found) == {rule}, f"{case}: expected only {rule!r} to fail, got:\n{report(found)}"


def test_every_rule_has_a_bad_example() -> None:
    assert {rule for rule, _ in BAD_DOCKERFILES.values()} == set(RULES)


ACCEPTED_BASES = [
    "scratch",
    "gcr.io/distroless/static-debian12:nonroot",
    "node:22.12.0-bookworm-slim",
    f"python:3.13-slim@sha256:{'0' * 64}",
    "registry.local:5000/team/base:2024.10.1",
]


@pytest.mark.parametrize("image", ACCEPTED_BASES)
def test_pinned_and_empty_bases_are_accepted(image: str) -> None:
    assert "pinned base images" not in violations(f"FROM {image}\n")


@pytest.mark.parametrize(
    "image", ["gcr.io/distroless/static-debian12:latest", "gcr.io/distroless/static", "node:22"]
)
def test_moving_bases_are_refused(image: str) -> None:
    assert "pinned base images" in violations(f"FROM {image}\n")


def test_a_health_check_in_compose_is_enough() -> None:
    dockerfile = 'FROM scratch\nUSER 1:1\nENTRYPOINT ["/app"]\n'

    assert "healthcheck" in violations(dockerfile, compose_healthcheck=False)
    assert "healthcheck" not in violations(dockerfile, compose_healthcheck=True)


def test_what_a_stage_inherits_counts() -> None:
    dockerfile = (
        'FROM python:3.13.5-slim AS base\nUSER 10001:10001\nHEALTHCHECK CMD ["true"]\n'
        'FROM base AS runtime\nENTRYPOINT ["python"]\n'
    )
    found = violations(dockerfile)
    assert "numeric non-root user" not in found
    assert "healthcheck" not in found


def test_secret_file_paths_and_safe_names_are_told_apart() -> None:
    dockerfile = (
        "FROM scratch\nENV DB_PASSWORD_FILE=/run/secrets/db\nARG TOKEN_URL=https://x\n"
        "COPY .env.example /etc/app/\n"
    )
    assert "no secrets in layers" not in violations(dockerfile)
