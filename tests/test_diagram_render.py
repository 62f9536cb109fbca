"""`takehome check --render`: the README's diagrams drawn by Mermaid in headless Chromium."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from generator.browser import Diagram, mermaid_blocks, readme_render_findings
from generator.cli import app
from tests.conftest import SETTINGS, needs_rendering

GOOD = "flowchart LR\n    candidate([Candidate]) --> cli[takehome check]\n"
BROKEN = "sequenceDiagram\n    cli->>copier: render\n    alt never closed\n"

README = f"""# Demo

```mermaid
{GOOD}```

Some prose.

```mermaid
{BROKEN}```
"""


def test_blocks_are_found_with_the_line_their_fence_opens_on() -> None:
    assert mermaid_blocks(README) == [Diagram(3, GOOD), Diagram(10, BROKEN)]


@needs_rendering
@pytest.mark.browser
def test_a_diagram_mermaid_rejects_is_reported_with_its_line_and_reason(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    findings = readme_render_findings(tmp_path, SETTINGS)
    assert [finding.line for finding in findings] == [10]
    assert "does not render" in findings[0].message
    assert "Parse error" in findings[0].message


def check_render(project: Path) -> Result:
    """`takehome check --render` on a project whose README holds a broken diagram."""
    (project / "README.md").write_text(README, encoding="utf-8")
    return CliRunner().invoke(app, ["check", "--render", str(project)])


@needs_rendering
@pytest.mark.browser
def test_check_render_fails_on_a_broken_diagram_and_says_where(tmp_path: Path) -> None:
    result = check_render(tmp_path)
    assert result.exit_code == 1
    assert "README.md:10: the Mermaid diagram does not render" in result.output


def test_check_render_without_a_browser_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAKEHOME_CHROMIUM", str(tmp_path / "no-such-browser"))
    monkeypatch.setenv("TAKEHOME_MERMAID_JS", str(Path(__file__)))  # any file will do here
    result = check_render(tmp_path)
    assert result.exit_code == 1
    assert "No Chromium found" in result.output
    assert "Traceback" not in result.output


def test_check_render_without_mermaid_says_how_to_fetch_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAKEHOME_MERMAID_JS", str(tmp_path / "missing.js"))
    result = check_render(tmp_path)
    assert result.exit_code == 1
    assert "npm ci --prefix docs" in result.output


def test_check_render_without_playwright_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAKEHOME_CHROMIUM", sys.executable)  # found, never started
    monkeypatch.setenv("TAKEHOME_MERMAID_JS", str(Path(__file__)))
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # as if not installed
    result = check_render(tmp_path)
    assert result.exit_code == 1
    assert "Playwright is missing" in result.output
    assert "Traceback" not in result.output
