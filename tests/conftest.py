"""Shared fixtures: render the real template with the real copier, run real tools."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

import jinja2
import pytest

from generator.engine import Copied, Engine
from generator.kinds import load_kinds
from generator.settings import Settings
from generator.template import Template, kind_folder_name

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Template(ROOT)
SETTINGS = Settings.resolve(str(ROOT))
"""Chromium, Mermaid and reveal.js as takehome itself finds them."""
ENGINE = Engine.for_template(ROOT)
"""copier, through takehome's engine adapter: every test renders with it."""
KINDS: tuple[str, ...] = tuple(load_kinds(TEMPLATE))
"""Every kind copier.yml offers: parametrize over this so new kinds are covered."""

Render = Callable[..., Path]

collect_ignore = ["swaps"]
"""A candidate's own files that tests copy into rendered projects, not tests of this repo."""

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
"""CI sets CI=true: there a missing tool fails the run instead of skipping tests."""


def missing(what: str) -> NoReturn:
    """Skip on a laptop without `what`; fail in CI, where a skip would hide a gap."""
    if IN_CI:
        pytest.fail(f"CI=true and {what} is missing: install it (see .ci/venv)")
    pytest.skip(f"{what} is missing")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """`@pytest.mark.needs(available, "what to install")` skips or fails, as `missing`."""
    for mark in item.iter_markers("needs"):
        available, what = mark.args
        if not available:
            missing(what)


def kind_variants(kind: str) -> list[dict[str, Any]]:
    """One answer set per other choice of each question only this kind asks, and the
    placeholder in place of the worked example (`example: false`), which every kind has.

    Read from copier.yml, so a kind that adds a question (model-training's `framework`)
    has each of its choices rendered and tested with no edit here.
    """
    variants: list[dict[str, Any]] = []
    for name, question in TEMPLATE.questions().items():
        when = question.get("when")
        if not isinstance(when, str) or not question.get("choices"):
            continue
        asked = jinja2.Template(when).render(kind=kind).strip().lower() == "true"
        if asked:
            choices = question["choices"]
            values = choices.values() if isinstance(choices, dict) else choices
            variants += [{name: v} for v in values if v != question.get("default")]
    return [*variants, {"example": False}]


KIND_VARIANTS: tuple[tuple[str, dict[str, Any]], ...] = tuple(
    (kind, answers) for kind in KINDS for answers in kind_variants(kind)
)
"""(kind, answers) for every non-default choice of a kind's own questions."""


def render(destination: Path, kind: str, **data: Any) -> Path:
    """Render the working tree of the template (dirty changes included) with defaults."""
    copy(ROOT, destination, {"kind": kind, **data})
    return destination


def kind_folder(template: Path, kind: str) -> Path:
    """A kind's folder in the template repository at `template` (this one, or a copy)."""
    return template / "templates" / kind_folder_name(kind)


def copy(
    source: Path,
    destination: Path,
    data: Mapping[str, Any],
    *,
    vcs_ref: str | None = "HEAD",
    pretend: bool = False,
) -> Copied:
    """copier's copy with default answers for the rest, as takehome's engine runs it."""
    return ENGINE.copy(source, destination, data, vcs_ref=vcs_ref, pretend=pretend)


MISSING_CHROMIUM = "Chromium (`apt-get install --no-install-recommends chromium fonts-dejavu-core`)"
needs_chromium = pytest.mark.needs(SETTINGS.chromium is not None, MISSING_CHROMIUM)
needs_rendering = pytest.mark.needs(
    SETTINGS.chromium is not None and SETTINGS.mermaid_js.is_file(),
    f"{MISSING_CHROMIUM} or Mermaid (`npm ci --prefix docs`)",
)
"""For tests that draw diagrams: a browser and the pinned Mermaid."""


def tool_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for running a generated project's tools: this venv's bin first.

    VIRTUAL_ENV is dropped so the project's own Makefile makes its own .venv.
    """
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra or {})
    return env


def run(
    args: list[str], cwd: Path, *, timeout: float = 600, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure, fail the test with its whole output."""
    result = subprocess.run(
        args,
        cwd=cwd,
        env=tool_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(args)} exited {result.returncode} in {cwd}\n"
            f"--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-6000:]}"
        )
    return result


def git_init(project: Path) -> None:
    """Make the project a git repository with one commit, as a candidate would."""
    for args in (
        ["git", "init", "--quiet", "--initial-branch=main"],
        ["git", "add", "--all"],
        [
            "git",
            "-c",
            "user.name=Candidate",
            "-c",
            "user.email=c@example.com",
            "commit",
            "--quiet",
            "--no-verify",
            "-m",
            "Start from takehome",
        ],
    ):
        run(args, project)


def template_snapshot(repo: Path, tag: str = "v0.1.0") -> Path:
    """A git repository at `repo` of this template's working tree (uncommitted changes
    included), committed and tagged `tag`: a template source as a release publishes it,
    which copier can render again at that version."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT)
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com"]
    run([*git, "init", "--quiet", "--initial-branch=main"], repo)
    commit_tagged(repo, "The template as it is", tag)
    return repo


def commit_tagged(repo: Path, message: str, tag: str) -> None:
    """Commit everything in the template repository `repo` and tag it."""
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com"]
    run([*git, "add", "--all"], repo)
    run([*git, "commit", "--quiet", "-m", message], repo)
    run([*git, "tag", tag], repo)


@pytest.fixture
def render_kind(tmp_path: Path) -> Render:
    """Render a kind into a fresh folder under tmp_path."""
    counter = iter(range(1_000))

    def _render(kind: str, **data: Any) -> Path:
        return render(tmp_path / f"project-{next(counter)}", kind, **data)

    return _render


@pytest.fixture(scope="session")
def default_projects(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Each kind rendered once with default answers, shared by read-only tests."""
    base = tmp_path_factory.mktemp("defaults")
    yield {kind: render(base / kind, kind) for kind in KINDS}
    shutil.rmtree(base, ignore_errors=True)
