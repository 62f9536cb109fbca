"""The template repository holds itself to the rules it gives candidates."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, run

PYTHON_TREES = ["generator", "tests", "bench"]


def test_ruff_lint_is_clean() -> None:
    run(["ruff", "check", *PYTHON_TREES], ROOT)


def test_ruff_format_is_clean() -> None:
    run(["ruff", "format", "--check", *PYTHON_TREES], ROOT)


def test_the_package_is_fully_typed() -> None:
    run(["mypy", "--strict", "generator"], ROOT)


@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / ".ci").iterdir()))
def test_ci_scripts_are_shellcheck_and_shfmt_clean(script: str) -> None:
    run(["shellcheck", "--enable=all", f".ci/{script}"], ROOT)
    run(["shfmt", "-d", "-i", "2", "-ci", "-bn", f".ci/{script}"], ROOT)
