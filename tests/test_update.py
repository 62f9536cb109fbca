"""`takehome update` keeps the candidate's work, for every kind, across a real template release.

The test builds a git repository of this template with two tagged versions: v0.1.0 is
the working tree as it is, v0.2.0 changes a shared part (the README skeleton and
.editorconfig), a part of every kind (its .gitignore, a new file), renames an answer and
moves a file, with `_migrations` that use generator/migrations.py as a real release would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from generator.cli import app
from tests.conftest import (
    ENGINE,
    KINDS,
    ROOT,
    commit_tagged,
    copy,
    git_init,
    kind_folder,
    run,
    template_snapshot,
    tool_env,
)

OLD, NEW = "v0.1.0", "v0.2.0"
AUTHOR = "Ada Lovelace"

SKELETON = "templates/_partials/README.md.jinja"
SHARED_LINE = (
    "Each decision that shaped this project is recorded in [`docs/adr/`](docs/adr/) in the"
)
TEMPLATE_LINE = "Each decision behind this project is recorded in [`docs/adr/`](docs/adr/) in the"
USER_LINE = "Every decision I made is recorded in [`docs/adr/`](docs/adr/) in the"
LIMITATIONS_PROMPT = re.compile(
    r"^> ✍️ \*\*Candidate:\*\* list what you left out on purpose.*$", re.M
)
USER_PROSE = "I left out retries on purpose: the brief asks for one happy path, done well."

OLD_WORKFLOW = ".github/workflows/ci.yml"
NEW_WORKFLOW = ".github/workflows/checks.yml"
USER_WORKFLOW_LINE = "# Candidate: a nightly schedule comes next."
EDITORCONFIG_ADDITION = "\n[*.txt]\nindent_size = 2\n"
GITIGNORE_ADDITION = "# Added by the template's new version\n*.bak\n"
KIND_NEWS = "docs/template-news.md"
OWN_FILE = "notes/interview-prep.md"
DELETED = "LICENSE"  # the candidate removed it; an update must not bring it back
OWN_TEXT = "# My notes\n\nAsk about the latency budget.\n"

MIGRATION = (
    "  - version: {version}\n    when: \"{{{{ _stage == 'before' }}}}\"\n    command: "
    '["{{{{ _copier_python }}}}", "{{{{ _copier_conf.src_path }}}}/generator/migrations.py", '
    "\"--kind={{{{ _copier_conf.data.kind | default('') }}}}\", {step}]\n"
)

runner = CliRunner()


def _git(repo: Path, *args: str) -> str:
    return run(["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args], repo).stdout


def _release_v2(template: Path) -> None:
    """The template change of v0.2.0, made to a copy of this template."""
    skeleton = template / SKELETON
    text = skeleton.read_text(encoding="utf-8")
    assert SHARED_LINE in text, f"{SKELETON} changed: update SHARED_LINE in this test"
    skeleton.write_text(text.replace(SHARED_LINE, TEMPLATE_LINE), encoding="utf-8")
    editorconfig = template / "templates/.editorconfig"
    editorconfig.write_text(editorconfig.read_text() + EDITORCONFIG_ADDITION)
    for kind in KINDS:
        folder = kind_folder(template, kind)
        gitignore = folder / ".gitignore.jinja"
        text = gitignore.read_text(encoding="utf-8")
        assert "{% block extra %}" in text, f"{kind}'s .gitignore.jinja has no extra block"
        gitignore.write_text(
            text.replace("{% block extra %}", "{% block extra %}\n" + GITIGNORE_ADDITION, 1)
        )
        (folder / KIND_NEWS).parent.mkdir(exist_ok=True)
        (folder / KIND_NEWS).write_text("# What the template's v0.2.0 brought\n")
    # The moved file and the renamed answer, rewritten everywhere the template names them.
    workflow = next(template.glob("templates/*/workflows/ci.yml.jinja"))
    _git(template, "mv", str(workflow), str(workflow.with_name("checks.yml.jinja")))
    for path in [template / "copier.yml", *(template / "templates").rglob("*")]:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            new = re.sub(r"\bauthor_name\b", "author", text).replace(OLD_WORKFLOW, NEW_WORKFLOW)
            if new != text:
                path.write_text(new, encoding="utf-8")
    steps = ["rename-answer, author_name, author", f"move, {OLD_WORKFLOW}, {NEW_WORKFLOW}"]
    entries = "".join(MIGRATION.format(version=NEW, step=step) for step in steps)
    config = template / "copier.yml"
    text = config.read_text(encoding="utf-8")
    if "\n_migrations:\n" in text:
        text = text.replace("\n_migrations:\n", "\n_migrations:\n" + entries, 1)
    else:
        text += "\n_migrations:\n" + entries
    config.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository of this template (working tree included) tagged v0.1.0 and v0.2.0."""
    repo = template_snapshot(tmp_path_factory.mktemp("template"), OLD)
    _release_v2(repo)
    commit_tagged(repo, "Release 0.2.0", NEW)
    return repo


def _generate(template: Path, kind: str, destination: Path, **data: str | bool) -> Path:
    copy(template, destination, {"kind": kind, "author_name": AUTHOR, **data}, vcs_ref=OLD)
    return destination


def _render(
    template: Path, kind: str, version: str, destination: Path, *, example: bool = True
) -> dict[str, bytes]:
    """Every file one template version renders for these answers, by relative path."""
    author = "author_name" if version == OLD else "author"
    copy(template, destination, {"kind": kind, author: AUTHOR, "example": example}, vcs_ref=version)
    return {
        str(path.relative_to(destination)): path.read_bytes()
        for path in destination.rglob("*")
        if path.is_file() and path.name != ENGINE.answers_file
    }


def _commit_all(project: Path, message: str) -> None:
    _git(project, "add", "--all")
    _git(project, "commit", "--quiet", "--no-verify", "-m", message)


def _tracked(project: Path) -> dict[str, bytes]:
    names = _git(project, "ls-files", "-z").split("\0")
    return {name: (project / name).read_bytes() for name in filter(None, names)}


# --- the candidate's edits, found by looking at the generated tree --------------------

SKIP_PARTS = {".git", ".venv", "node_modules", "__pycache__"}


def _files(project: Path) -> list[Path]:
    return sorted(
        path
        for path in project.rglob("*")
        if path.is_file() and not SKIP_PARTS & set(path.relative_to(project).parts)
    )


def _is_test(path: Path) -> bool:
    return (
        any(part.startswith("test") for part in path.parts[:-1])
        or path.name.startswith("test_")
        or path.suffix == ".bats"
        or path.name == "conftest.py"
    )


def _is_shell(path: Path) -> bool:
    if path.suffix in {".sh", ".bash"}:
        return True
    head = path.read_bytes()[:64]
    return path.parent.name == "bin" and head.startswith(b"#!") and b"sh" in head.split(b"\n")[0]


def _edit_readme(text: str) -> str:
    """The candidate's write-up: their own words in a section, and a skeleton line reworded."""
    assert LIMITATIONS_PROMPT.search(text), "the Limitations prompt is gone: update this test"
    return LIMITATIONS_PROMPT.sub(USER_PROSE, text, count=1).replace(SHARED_LINE, USER_LINE, 1)


@dataclass
class UserEdits:
    """What the candidate changed, and what each file must read after the update."""

    code: Path | None = None
    code_text: str = ""
    test: Path | None = None
    test_text: str = ""


def _add_code_edit(project: Path, edits: UserEdits) -> None:
    code = [p for p in _files(project) if not _is_test(p.relative_to(project))]
    python = [p for p in code if p.suffix == ".py" and p.name != "__init__.py"]
    shell = [p for p in code if _is_shell(p)]
    if python:
        edits.code = python[0]
        addition = (
            '\n\ndef candidate_helper() -> str:\n    """Added by the candidate after '
            'generation."""\n    return "kept"\n'
        )
    elif shell:
        edits.code = shell[0]
        addition = "# Candidate: the retry loop goes here next.\n"
    else:
        return
    edits.code_text = edits.code.read_text(encoding="utf-8") + addition
    edits.code.write_text(edits.code_text, encoding="utf-8")


def _add_test(project: Path, edits: UserEdits) -> None:
    """A test in the kind's own runner, next to its tests, that reads the candidate's prose."""
    files = _files(project)
    bats = [p for p in files if p.suffix == ".bats"]
    pytests = [p for p in files if p.suffix == ".py" and p.name.startswith("test_")]
    if bats:
        folder = bats[0].parent
        readme = Path(os.path.relpath(project, folder)) / "README.md"
        edits.test = folder / "candidate_added.bats"
        edits.test_text = (
            "#!/usr/bin/env bats\n# Added by the candidate after generation.\n\n"
            '@test "the write-up keeps the candidate\'s own words" {\n'
            f'  grep -qF -- "{USER_PROSE}" "${{BATS_TEST_DIRNAME}}/{readme.as_posix()}"\n}}\n'
        )
    elif pytests:
        folder = pytests[0].parent
        depth = len(folder.relative_to(project).parts)
        edits.test = folder / "test_candidate_added.py"
        edits.test_text = (
            '"""Added by the candidate after generation."""\n\nfrom pathlib import Path\n\n'
            f'README = Path(__file__).resolve().parents[{depth}] / "README.md"\n\n\n'
            "def test_the_write_up_keeps_my_own_words() -> None:\n"
            f'    assert "{USER_PROSE}" in README.read_text(encoding="utf-8")\n'
        )
    else:
        return
    edits.test.write_text(edits.test_text, encoding="utf-8")


def make_user_edits(project: Path) -> UserEdits:
    readme = project / "README.md"
    readme.write_text(_edit_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
    workflow = project / OLD_WORKFLOW
    workflow.write_text(workflow.read_text(encoding="utf-8") + USER_WORKFLOW_LINE + "\n")
    (project / DELETED).unlink()
    (project / OWN_FILE).parent.mkdir(parents=True, exist_ok=True)
    (project / OWN_FILE).write_text(OWN_TEXT, encoding="utf-8")
    edits = UserEdits()
    _add_code_edit(project, edits)
    _add_test(project, edits)
    return edits


def _keep_mine(text: str) -> str:
    """Resolve inline conflicts as a candidate keeping their own lines would."""
    return re.sub(
        r"<<<<<<< before updating\n(.*?)=======\n.*?>>>>>>> after updating\n",
        r"\1",
        text,
        flags=re.S,
    )


def _conflict(mine: str, theirs: str) -> str:
    mine = f"{mine}\n" if mine else ""
    theirs = f"{theirs}\n" if theirs else ""
    return f"<<<<<<< before updating\n{mine}=======\n{theirs}>>>>>>> after updating\n"


def _file_groups(output: str) -> list[str]:
    return [
        line
        for line in output.splitlines()
        if re.match(r"(changed|added|deleted|conflicts) \(|  ", line)
    ]


def _assert_summary(output: str) -> None:
    report = output.splitlines()
    assert f"Template {OLD} -> {NEW}" in report
    assert "The template's own migrations ran (see its changelog)." in report
    conflicts = report[report.index("conflicts (2):") + 1 :][:2]
    assert conflicts == [f"  {NEW_WORKFLOW}", "  README.md"]
    assert any(line.startswith("Next: resolve each conflict") for line in report)
    assert report[report.index("added (1):") + 1] == f"  {KIND_NEWS}"
    assert report[report.index("deleted (1):") + 1] == f"  {OLD_WORKFLOW}"


def _expected_after_update(
    mine: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]
) -> dict[str, bytes]:
    """Every file of the project once its conflicts are resolved the candidate's way: the
    new template version, with each of the candidate's edits on top, and nothing else."""
    expected = dict(new)
    new_readme = new["README.md"].decode().replace(TEMPLATE_LINE, SHARED_LINE, 1)
    expected["README.md"] = _edit_readme(new_readme).encode()
    expected[NEW_WORKFLOW] = new[NEW_WORKFLOW] + f"{USER_WORKFLOW_LINE}\n".encode()
    for name in set(old) - set(mine):
        expected.pop(name, None)  # deleted by the candidate: stays deleted
    for name, content in mine.items():
        if name in (ENGINE.answers_file, OLD_WORKFLOW, "README.md"):
            continue
        if name not in old:
            expected[name] = content  # the candidate's own files: untouched
        elif old[name] != content:
            assert name in new, f"{name}: the candidate edited it and the template dropped it"
            assert new[name] == old[name], f"{name}: this test edits no file the template changes"
            expected[name] = content
    return expected


@pytest.mark.slow
@pytest.mark.parametrize("example", [True, False], ids=["example", "placeholder"])
@pytest.mark.parametrize("kind", KINDS)
def test_update_keeps_the_candidates_work(
    kind: str, example: bool, template_repo: Path, tmp_path: Path
) -> None:
    project = _generate(template_repo, kind, tmp_path / "homework", example=example)
    git_init(project)
    edits = make_user_edits(project)
    _commit_all(project, "My work")
    mine = _tracked(project)
    old = _render(template_repo, kind, OLD, tmp_path / "old", example=example)
    new = _render(template_repo, kind, NEW, tmp_path / "new", example=example)
    head = _git(project, "rev-parse", "HEAD")

    dry = runner.invoke(app, ["update", str(project), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert _git(project, "status", "--porcelain") == "", "a dry run changed the project"
    assert _tracked(project) == mine

    result = runner.invoke(app, ["update", str(project)])
    assert result.exit_code == 0, result.output
    assert _file_groups(dry.output) == _file_groups(result.output), "the dry run told another story"
    _assert_summary(result.output)
    assert not list(project.rglob("*.rej")), "conflicts went to .rej files"
    assert _git(project, "rev-parse", "HEAD") == head, "the update committed for the candidate"

    # The shared line both sides changed: marked inline, in place, with both versions.
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert _conflict(USER_LINE, TEMPLATE_LINE) in readme
    assert USER_PROSE in readme
    # The moved file went along with the candidate's line (no old copy, nothing lost).
    assert not (project / OLD_WORKFLOW).exists()
    assert _conflict(USER_WORKFLOW_LINE, "") in (project / NEW_WORKFLOW).read_text()
    # The renamed answer kept the candidate's value instead of falling back to a default.
    answers = yaml.safe_load((project / ENGINE.answers_file).read_text(encoding="utf-8"))
    assert answers["_commit"] == NEW
    assert answers["author"] == AUTHOR
    assert answers["example"] is example
    assert "author_name" not in answers

    # Resolve as the candidate would, keeping their lines; then every file must read as
    # the new template renders it with the candidate's own edits on top, and no other.
    for conflicted in ("README.md", NEW_WORKFLOW):
        path = project / conflicted
        path.write_text(_keep_mine(path.read_text(encoding="utf-8")), encoding="utf-8")
        _git(project, "add", conflicted)
    expected = _expected_after_update(mine, old, new)
    if edits.code is not None:
        assert expected[str(edits.code.relative_to(project))].decode() == edits.code_text
    if edits.test is not None:
        assert expected[str(edits.test.relative_to(project))].decode() == edits.test_text
    assert (project / OWN_FILE).read_text(encoding="utf-8") == OWN_TEXT
    assert not (project / DELETED).exists()
    assert (project / ".editorconfig").read_bytes().endswith(EDITORCONFIG_ADDITION.encode())
    assert GITIGNORE_ADDITION in (project / ".gitignore").read_text(encoding="utf-8")
    actual = {
        str(path.relative_to(project)): path.read_bytes()
        for path in _files(project)
        if path.name != ENGINE.answers_file
    }
    assert sorted(actual) == sorted(expected)
    for name, content in expected.items():
        assert actual[name] == content, f"{name} is not the template's new version plus your edits"

    _commit_all(project, "Update the template to v0.2.0")
    version = runner.invoke(app, ["version", str(project)])
    assert "Up to date." in version.output, version.output
    run(["make", "test"], project, timeout=900)


# --- refusals: a clear message, and nothing changed ------------------------------------


@pytest.fixture
def committed_project(template_repo: Path, tmp_path: Path) -> Path:
    project = _generate(template_repo, KINDS[0], tmp_path / "homework")
    git_init(project)
    return project


def _copier(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Plain copier, as a candidate who never installed takehome runs it."""
    return subprocess.run(
        ["copier", *args], cwd=cwd, env=tool_env(), capture_output=True, text=True, check=False
    )


def _snapshot(project: Path) -> tuple[dict[str, bytes], str]:
    files = {str(p.relative_to(project)): p.read_bytes() for p in _files(project)}
    in_git = (project / ".git").exists()
    return files, _git(project, "status", "--porcelain") if in_git else "not a repository"


def _refused(project: Path, *args: str) -> str:
    """Run `takehome update`; it must fail with one line and leave the project as it was."""
    before = _snapshot(project)
    result = runner.invoke(app, ["update", str(project), *args])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: "), result.output
    assert _snapshot(project) == before
    return lines[0]


def test_version_reports_made_from_and_newest(committed_project: Path) -> None:
    result = runner.invoke(app, ["version", str(committed_project)])
    assert result.exit_code == 0, result.output
    assert f"made from template  {OLD}" in result.output
    assert f"newest published    {NEW}" in result.output
    assert "`takehome update` brings it in" in result.output


def test_a_kind_change_is_refused_in_one_line(committed_project: Path) -> None:
    line = _refused(committed_project, "--data", "kind=another-kind")
    assert "The kind cannot change on update" in line
    assert "takehome new another-kind" in line


@pytest.mark.parametrize("other", [k for k in KINDS if k != KINDS[0]])
@pytest.mark.parametrize("to", [OLD, NEW])
def test_plain_copier_refuses_a_change_to_any_real_kind(
    committed_project: Path, other: str, to: str
) -> None:
    """At the same version (no --trust: the validator refuses), and across a version
    with a migration (which refuses before it moves anything)."""
    before = _tracked(committed_project)
    trust = ["--trust"] if to == NEW else []
    args = ["update", "--defaults", *trust, "--vcs-ref", to, "--data", f"kind={other}"]
    result = _copier(committed_project, *args)
    assert result.returncode != 0
    assert "The kind cannot change on update" in result.stderr
    assert f"takehome new {other}" in result.stderr
    assert _git(committed_project, "status", "--porcelain") == ""
    assert _tracked(committed_project) == before


def test_plain_copier_still_updates_when_the_kind_is_restated(committed_project: Path) -> None:
    result = _copier(
        committed_project, "update", "--defaults", "--trust", "--data", f"kind={KINDS[0]}"
    )
    assert result.returncode == 0, result.stderr
    answers = yaml.safe_load((committed_project / ENGINE.answers_file).read_text(encoding="utf-8"))
    assert (answers["kind"], answers["_commit"]) == (KINDS[0], NEW)


def test_plain_copier_needs_trust_only_for_the_update_that_migrates(
    template_repo: Path, tmp_path: Path
) -> None:
    """`copier copy` never needs --trust, even of a version with migrations."""
    copy = _copier(tmp_path, "copy", "--defaults", "--vcs-ref", NEW, str(template_repo), "p")
    assert copy.returncode == 0, copy.stderr
    project = _generate(template_repo, KINDS[0], tmp_path / "q")
    git_init(project)
    update = _copier(project, "update", "--defaults")
    assert update.returncode != 0
    assert "unsafe feature: migrations" in update.stderr
    assert _git(project, "status", "--porcelain") == ""


def test_uncommitted_changes_are_refused(committed_project: Path) -> None:
    (committed_project / "README.md").write_text("half-written\n", encoding="utf-8")
    line = _refused(committed_project)
    assert "has uncommitted changes (README.md)" in line
    assert "Commit or stash them first" in line


def test_a_project_outside_git_is_refused(template_repo: Path, tmp_path: Path) -> None:
    line = _refused(_generate(template_repo, KINDS[0], tmp_path / "homework"))
    assert "is not a git repository" in line
    assert "git init" in line


def test_an_unreachable_template_source_says_how_to_point_it_elsewhere(
    committed_project: Path, tmp_path: Path
) -> None:
    answers = committed_project / ENGINE.answers_file
    text = re.sub(
        r"^_src_path: .*$", f"_src_path: {tmp_path / 'moved-away'}", answers.read_text(), flags=re.M
    )
    answers.write_text(text, encoding="utf-8")
    _commit_all(committed_project, "The template checkout moved")
    line = _refused(committed_project)
    assert "cannot be reached" in line
    assert str(tmp_path / "moved-away") in line
    assert "`_src_path:`" in line and "clone" in line and "URL" in line


def test_an_unknown_version_is_refused(committed_project: Path) -> None:
    line = _refused(committed_project, "--to", "v9.9.9")
    assert f"published: {OLD}, {NEW}" in line


def test_a_failed_migration_leaves_the_project_as_it_was(committed_project: Path) -> None:
    """The move step refuses to overwrite a file of the same name: everything rolls back."""
    (committed_project / NEW_WORKFLOW).write_text("name: mine\n", encoding="utf-8")
    _commit_all(committed_project, "My own checks workflow")
    line = _refused(committed_project)
    assert "back as it was" in line


def test_new_refuses_a_template_that_is_not_a_git_checkout(tmp_path: Path) -> None:
    copy = tmp_path / "unpacked"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv", "*.pyc"))
    result = runner.invoke(
        app, ["new", KINDS[0], str(tmp_path / "p"), "--defaults", "--template", str(copy)]
    )
    assert result.exit_code == 1
    assert "not a git checkout" in result.output
    assert not (tmp_path / "p").exists()
