"""The shared Makefile works on a reviewer's machine, with or without uv and takehome.

Each test renders a project with the real copier and runs its real `make`, with PATH
cut down to what a reviewer or a candidate may have.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import KINDS, ROOT, Render, tool_env

KIND = "shell-script" if "shell-script" in KINDS else KINDS[0]
"""The kind whose own setup is the quickest: the shared Makefile is what is tested."""
VENV_BIN = Path(sys.executable).parent
HINT = re.compile(r"^make check: takehome is not on PATH.*uv tool install .*run make check again$")


def bare_path(*without: str) -> str:
    """PATH without any folder that holds one of the commands `without`."""
    folders = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join(
        f for f in folders if f and not any((Path(f) / name).exists() for name in without)
    )


def make(project: Path, *args: str, path: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", *args],
        cwd=project,
        env=tool_env({"PATH": path, **env}),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def set_source(project: Path, source: str) -> None:
    answers = project / ".copier-answers.yml"
    recorded = yaml.safe_load(answers.read_text(encoding="utf-8"))
    recorded["_src_path"] = source
    answers.write_text(yaml.safe_dump(recorded), encoding="utf-8")


def test_the_makefile_names_no_path_of_the_generating_machine(render_kind: Render) -> None:
    project = render_kind(KIND)
    makefile = (project / "Makefile").read_text(encoding="utf-8")
    for path in (str(ROOT), str(project), str(Path.home())):
        assert path not in makefile
    assert "uvx --from /" not in makefile


def test_make_check_runs_takehome_from_path(render_kind: Render) -> None:
    project = render_kind(KIND)
    # lint and test taken as done: what is tested is how `check` finds takehome.
    path = f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"
    result = make(project, "-o", "lint", "-o", "test", "check", path=path)
    assert f"{VENV_BIN / 'takehome'} check --strict ." in result.stdout, result.stderr
    assert "a candidate prompt is still unanswered" in result.stderr
    assert result.returncode != 0


def test_make_check_without_takehome_says_in_one_line_how_to_get_it(render_kind: Render) -> None:
    project = render_kind(KIND)
    path = bare_path("takehome")
    result = make(project, "-o", "lint", "-o", "test", "check", path=path)
    assert result.returncode != 0
    hints = [line for line in result.stderr.splitlines() if line.startswith("make check:")]
    assert len(hints) == 1, result.stderr
    assert HINT.match(hints[0]), hints[0]


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("https://example.invalid/takehome.git", "git+https://example.invalid/takehome.git"),
        ("gh:someone/takehome", "git+https://github.com/someone/takehome"),
        (
            "git+ssh://git@example.invalid/takehome.git",
            "git+ssh://git@example.invalid/takehome.git",
        ),
    ],
)
def test_make_check_without_takehome_runs_it_from_a_remote_template(
    render_kind: Render, source: str, url: str
) -> None:
    project = render_kind(KIND)
    set_source(project, source)
    result = make(
        project,
        "-o",
        "lint",
        "-o",
        "test",
        "check",
        f"UV={VENV_BIN / 'uv'}",
        path=bare_path("takehome", "uv"),
        UV_OFFLINE="1",  # the reviewer's network is not this test's to use
    )
    assert f"uv tool run --from {url} takehome check --strict ." in result.stdout, result.stderr
    assert result.returncode != 0  # offline: the checker cannot be fetched


@pytest.mark.slow
def test_make_setup_without_uv_installs_the_pinned_uv_and_goes_green(
    render_kind: Render,
) -> None:
    project = render_kind(KIND)
    path = bare_path("uv", "takehome")
    setup = make(project, "setup", path=path)
    assert setup.returncode == 0, setup.stderr
    pin = re.search(r'"uv": "([^"]+)"', (ROOT / "templates/_partials/versions.jinja").read_text())
    assert pin is not None
    assert f"uv is not on PATH: installed uv=={pin[1]} from PyPI" in setup.stdout
    version = subprocess.run(
        [str(project / ".venv/bin/uv"), "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.split()[1] == pin[1]
    test = make(project, "test", path=path)
    assert test.returncode == 0, test.stdout[-3000:] + test.stderr[-3000:]


@pytest.mark.slow
def test_make_setup_falls_back_to_pip_when_uv_cannot_be_installed(render_kind: Render) -> None:
    project = render_kind(KIND)
    path = bare_path("uv", "takehome")
    setup = make(project, "setup", "UV_PIN=uv==0.0.0", path=path)
    assert setup.returncode == 0, setup.stderr
    fallback = [line for line in setup.stdout.splitlines() if "cannot be installed" in line]
    assert fallback == ["uv==0.0.0 cannot be installed here: installing with pip instead (slower)"]
    assert (project / ".venv/.setup-done").is_file()
