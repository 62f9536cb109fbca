"""The `takehome` command line, driven through typer's runner and the real copier."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml
from typer.main import get_command as typer_command
from typer.testing import CliRunner

from generator import cli
from generator.cli import app
from generator.kinds import load_kinds, with_kinds_table
from tests.conftest import ENGINE, KINDS, ROOT, TEMPLATE, copy

CLI_REFERENCE = ROOT / "docs/pages/reference/cli.md"
WRITE_CLI_REFERENCE = [
    *("typer", "generator.cli", "utils", "docs", "--name", "takehome"),
    *("--title", "The takehome command line", "--output", str(CLI_REFERENCE)),
]
"""typer's own documentation generator, as it wrote docs/pages/reference/cli.md."""

runner = CliRunner()


def takehome(*args: str) -> tuple[int, str]:
    """Exit code and output, with rich's line wrapping undone."""
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


def new_default(destination: Path, *args: str) -> tuple[int, str]:
    """`takehome new` of the first kind with defaults from this checkout's working tree."""
    return takehome(
        "new",
        KINDS[0],
        str(destination),
        "--defaults",
        "--vcs-ref",
        "HEAD",
        "--template",
        str(ROOT),
        *args,
    )


def recorded_answers(project: Path) -> dict[str, str]:
    answers: dict[str, str] = yaml.safe_load((project / ENGINE.answers_file).read_text("utf-8"))
    return answers


def test_kinds_lists_every_kind_with_its_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each kind's row holds its own homework and tools, as kind.yml describes them."""
    # The console took its width when first made (under xdist, from the worker's
    # COLUMNS): set it wide, so no cell wraps onto a second line.
    monkeypatch.setattr(cli.out, "width", 1000)
    result = runner.invoke(app, ["kinds", "--template", str(ROOT)])
    assert result.exit_code == 0
    rows = {
        cells[0]: cells[1:]
        for line in result.output.splitlines()
        if len(cells := [cell.strip() for cell in line.strip("│ ").split("│")]) == 3
    }
    for kind in load_kinds(TEMPLATE).values():
        assert rows[kind.name] == [kind.homework, ", ".join(kind.tools)]


@pytest.mark.parametrize("kind", KINDS)
def test_new_and_copier_copy_give_the_same_tree(tmp_path: Path, kind: str) -> None:
    via_cli, via_copier = tmp_path / "cli", tmp_path / "copier"
    code, output = takehome(
        "new", kind, str(via_cli), "--defaults", "--vcs-ref", "HEAD", "--template", str(ROOT)
    )
    assert code == 0, output
    copy(ROOT, via_copier, {"kind": kind})
    files = sorted(p.relative_to(via_cli) for p in via_cli.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(via_copier) for p in via_copier.rglob("*") if p.is_file())
    answers = Path(ENGINE.answers_file)
    _, mismatch, errors = filecmp.cmpfiles(
        via_cli, via_copier, [f for f in files if f != answers], shallow=False
    )
    assert (mismatch, errors) == ([], [])
    # A dirty template is committed afresh for each copy, so only `_commit` may differ.
    recorded = [yaml.safe_load((p / answers).read_text("utf-8")) for p in (via_cli, via_copier)]
    assert [{k: v for k, v in a.items() if k != "_commit"} for a in recorded] == [
        {k: v for k, v in recorded[1].items() if k != "_commit"}
    ] * 2


def test_new_transliterates_a_name_in_any_language(tmp_path: Path) -> None:
    code, output = new_default(tmp_path / "p", "-d", "project_name=Сервис моделей")
    assert code == 0, output
    answers = recorded_answers(tmp_path / "p")
    assert (answers["project_name"], answers["project_slug"]) == (
        "Сервис моделей",
        "servis_modeley",
    )


def test_new_records_a_template_source_copier_update_can_reach(tmp_path: Path) -> None:
    new_default(tmp_path / "p")
    assert Path(recorded_answers(tmp_path / "p")["_src_path"]) == ROOT


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "no-such-kind", "{dst}"], "Unknown kind 'no-such-kind'"),
        (["new", KINDS[0], "{dst}", "-d", "novalue"], "--data takes key=value"),
        (["new", KINDS[0], "{dst}", "--defaults", "-d", "project_slug=1x"], "is not valid"),
        (["new", KINDS[0], "{dst}", "--template", "/nonexistent"], "No takehome template"),
    ],
)
def test_new_refuses_bad_input_clearly_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    destination = tmp_path / "p"
    extra = [] if "--template" in args else ["--template", str(ROOT)]
    code, output = takehome(*[a.replace("{dst}", str(destination)) for a in args], *extra)
    assert code != 0
    assert message in output
    assert not destination.exists()


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    code, output = takehome("new", KINDS[0], str(tmp_path), "--defaults", "--template", str(ROOT))
    assert code == 1
    assert "is not empty" in output
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_check_passes_a_fresh_project_and_strict_lists_the_prompts(
    default_projects: dict[str, Path],
) -> None:
    project = default_projects[KINDS[0]]
    assert takehome("check", str(project)) == (0, "The write-up is ready.")
    code, output = takehome("check", "--strict", str(project))
    assert code == 1
    assert "a candidate prompt is still unanswered" in output


def test_check_fails_with_the_line_of_each_finding(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# P\n\n## Use cases\n\n{{ oops }}\n", encoding="utf-8")
    code, output = takehome("check", str(tmp_path))
    assert code == 1
    assert "README.md:5: a Jinja expression is left in the text" in output
    assert 'the section "## Operations" is missing' in output


def test_the_cli_reference_page_is_what_typer_writes_today(tmp_path: Path) -> None:
    """A new command, option or help text fails here until the page is written again."""
    fresh = tmp_path / "cli.md"
    command = [*WRITE_CLI_REFERENCE[:-1], str(fresh)]
    typer = Path(sys.executable).with_name("typer")
    subprocess.run([str(typer), *command[1:]], cwd=ROOT, check=True, capture_output=True)
    again = " ".join(WRITE_CLI_REFERENCE).replace(str(ROOT) + "/", "")
    assert CLI_REFERENCE.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8"), (
        f"docs/pages/reference/cli.md is stale: run `{again}`"
    )


def test_the_cli_reference_page_names_every_command_and_option() -> None:
    page = CLI_REFERENCE.read_text(encoding="utf-8")
    group = typer_command(app)
    for path, command in walk(group, "takehome"):
        assert path == "takehome" or f"`{path}`" in page, f"{path} is not documented"
        for param in command.params:
            for flag in [*param.opts, *param.secondary_opts]:
                if flag.startswith("-"):
                    assert f"{flag}" in page, f"{path}: {flag} is not documented"


def walk(command: click.Command, path: str) -> list[tuple[str, click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            found += walk(sub, f"{path} {name}")
    return found


def test_the_readme_kinds_table_is_written_from_each_kind_yml() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    fresh = with_kinds_table(readme, load_kinds(TEMPLATE))
    assert readme == fresh, "README.md's kinds table is stale: run `python -m generator.kinds`"
