"""The template repository holds itself to the rules it gives candidates."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def imported_modules(tree: str) -> set[str]:
    """Top-level modules that the Python files under `tree` import."""
    names: set[str] = set()
    for path in (ROOT / tree).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.partition(".")[0])
    return names


def test_every_package_the_cli_imports_is_declared() -> None:
    """Nothing the package imports may arrive only through another package's needs."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        canonicalize_name(Requirement(line).name)
        for line in [*project["dependencies"], *project["optional-dependencies"]["render"]]
    }
    distributions = packages_distributions()
    third_party = imported_modules("generator") - set(sys.stdlib_module_names) - {"generator"}
    undeclared = {
        module
        for module in third_party
        if not {canonicalize_name(d) for d in distributions.get(module, [module])} & declared
    }
    assert undeclared == set()
