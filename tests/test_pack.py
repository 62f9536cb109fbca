"""`takehome pack`: the committed tree plus README.html and SUBMISSION.md, or nothing.

Projects are rendered with the real copier and committed with real git; the archive is
read back with tarfile and compared with `git ls-files`.
"""

from __future__ import annotations

import re
import subprocess
import tarfile
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from generator.cli import app
from generator.leaks import find_leak, is_env_file
from generator.readme_html import parser
from tests.conftest import KINDS, Render, git_init, needs_rendering, run

PRIVATE_KEY = "-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
GITHUB_TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
"""Written in two parts so that no scanner takes this test file for a leak."""


def pack(project: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["pack", str(project), *args])


def commit_all(project: Path, message: str = "more") -> None:
    run(["git", "add", "--all", "--force"], project)
    run(
        ["git", "-c", "user.name=C", "-c", "user.email=c@example.com", "commit", "-qm", message],
        project,
    )


def tracked(project: Path) -> set[str]:
    listed = run(["git", "ls-files", "-z"], project).stdout
    return {path for path in listed.split("\0") if path}


@pytest.fixture
def project(render_kind: Render) -> Path:
    folder = render_kind("shell-script")
    git_init(folder)
    return folder


@needs_rendering
@pytest.mark.browser
@pytest.mark.parametrize("kind", KINDS)
def test_the_archive_is_exactly_the_tracked_files_plus_the_readme_page_and_submission(
    render_kind: Render, kind: str
) -> None:
    project = render_kind(kind)
    git_init(project)
    (project / ".venv").mkdir()
    (project / ".venv/junk.txt").write_text("ignored by git", encoding="utf-8")
    (project / "dist").mkdir()  # ignored too

    result = pack(project, "--skip-checks")

    assert result.exit_code == 0, result.output
    [archive] = (project / "dist").glob("*.tar.gz")
    commit = run(["git", "rev-parse", "HEAD"], project).stdout.strip()
    assert archive.name == f"{project.name}-{commit[:7]}.tar.gz"
    with tarfile.open(archive) as tar:
        names = {member.name for member in tar.getmembers()}
        submission = tar.extractfile(f"{project.name}/SUBMISSION.md").read().decode()  # type: ignore[union-attr]
        page = tar.extractfile(f"{project.name}/README.html").read().decode()  # type: ignore[union-attr]
        readme = tar.extractfile(f"{project.name}/README.md").read().decode()  # type: ignore[union-attr]
    expected = tracked(project) | {"README.html", "SUBMISSION.md"}
    assert names == {f"{project.name}/{path}" for path in expected}
    assert readme == (project / "README.md").read_text(encoding="utf-8")

    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert commit in submission
    assert f"takehome `{answers['_commit']}`" in submission
    assert "Not run: packed with `takehome pack --skip-checks`." in submission

    fences = [t for t in parser().parse(readme) if t.type == "fence" and t.info == "mermaid"]
    assert page.count('<figure class="diagram"><svg') == len(fences) >= 3
    assert 'aria-roledescription="error"' not in page
    assert "<script" not in page
    assert 'src="http' not in page
    assert "<link" not in page


@pytest.mark.parametrize(
    ("path", "content", "what"),
    [
        (".env", "API_TOKEN=s3cr3t\n", "a value for API_TOKEN in an env file"),
        ("deploy/prod.env", "export DB_PASSWORD='hunter2'\n", "a value for DB_PASSWORD"),
        ("keys/id_ed25519", PRIVATE_KEY, "a private key"),
        ("src/settings.py", f'TOKEN = "{GITHUB_TOKEN}"\n', "a GitHub token"),
    ],
)
def test_a_tracked_secret_is_refused_in_one_line_naming_the_file_and_nothing_is_written(
    project: Path, path: str, content: str, what: str
) -> None:
    (project / path).parent.mkdir(parents=True, exist_ok=True)
    (project / path).write_text(content, encoding="utf-8")
    commit_all(project, "oops")

    result = pack(project, "--skip-checks")

    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert message.startswith(f"error: refusing to pack: {path}:1 holds {what}")
    assert "git rm --cached" in message
    assert not (project / "dist").exists()
    assert run(["git", "status", "--porcelain"], project).stdout == ""


def test_names_without_values_and_env_templates_are_not_secrets(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("# fill in\nAPI_TOKEN=\nOTHER=''\nEMPTY=  # later\n")
    (tmp_path / ".env.example").write_text("API_TOKEN=change-me\n")
    (tmp_path / "notes.md").write_text("Keys start with -----BEGIN and tokens with ghp_.\n")
    assert find_leak(tmp_path, [".env", ".env.example", "notes.md"]) is None
    assert [is_env_file(p) for p in (".env", ".env.local", "a/prod.env", ".env.sample")] == [
        True,
        True,
        True,
        False,
    ]


@pytest.mark.parametrize("change", ["modified", "untracked", "staged"])
def test_a_dirty_tree_is_refused_and_says_why(project: Path, change: str) -> None:
    if change == "modified":
        (project / "README.md").write_text("# changed\n", encoding="utf-8")
    else:
        (project / "NOTES.txt").write_text("draft\n", encoding="utf-8")
        if change == "staged":
            run(["git", "add", "NOTES.txt"], project)

    result = pack(project, "--skip-checks")

    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert "uncommitted changes" in message
    assert "README.md" in message or "NOTES.txt" in message
    assert "commit" in message
    assert not (project / "dist").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_a_fresh_project_of_every_kind_refuses_a_dirty_tree_then_a_tracked_secret(
    render_kind: Render, kind: str
) -> None:
    """The refusals above, once on each kind: no kind's own files get in their way."""
    project = render_kind(kind)
    git_init(project)
    (project / "NOTES.txt").write_text("draft\n", encoding="utf-8")

    dirty = pack(project, "--skip-checks")

    assert dirty.exit_code == 1
    assert "uncommitted changes" in " ".join(dirty.output.split())
    assert "NOTES.txt" in dirty.output
    (project / "NOTES.txt").unlink()
    (project / ".env").write_text("API_TOKEN=s3cr3t\n", encoding="utf-8")
    commit_all(project, "oops")

    secret = pack(project, "--skip-checks")

    assert secret.exit_code == 1
    message = " ".join(secret.output.split())
    assert message.startswith("error: refusing to pack: .env:1 holds a value for API_TOKEN")
    assert not (project / "dist").exists()


def test_a_folder_that_is_not_a_git_repository_is_refused(render_kind: Render) -> None:
    folder = render_kind("shell-script")
    result = pack(folder, "--skip-checks")
    assert result.exit_code == 1
    assert "is not a git repository" in " ".join(result.output.split())
    assert not (folder / "dist").exists()


@needs_rendering
@pytest.mark.browser
@pytest.mark.slow
def test_the_checks_are_run_for_real_and_recorded_as_they_ended(project: Path) -> None:
    """One real run of `make lint`, `make test` and `takehome check --strict`."""
    result = pack(project)

    assert result.exit_code == 0, result.output
    [archive] = (project / "dist").glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        submission = tar.extractfile(f"{project.name}/SUBMISSION.md").read().decode()  # type: ignore[union-attr]
    assert "### `make lint`: passed" in submission
    assert "### `make test`: passed" in submission
    # The worked example is still the template's, so the strict check fails, and says so.
    assert "### `takehome check --strict`: failed (exit 1)" in submission
    # The tail of the check's output points at the write-up and says why it failed.
    assert re.search(r"(README|docs/adr/\S+)\.md:\d+: ", submission)
    assert re.search(r"error: \d+ finding\(s\): the write-up is not ready yet", submission)
    assert (
        subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=project,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        == ""
    )
