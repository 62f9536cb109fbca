"""The package's seams: the import graph, and what the engine adapter takes from copier.

copier is imported by generator/engine.py alone; git runs from generator/git.py alone;
the CLI is on top (nothing imports it) and the two adapters at the bottom (they import
no other module of the package). The adapter's two uses of copier beyond its public API
are pinned here, so a copier release that changes them fails this file, not an update.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest
from copier.errors import UnsafeTemplateError

from generator.engine import Engine, UntrustedError, _unsafe_features, version_of
from tests.conftest import ENGINE, ROOT, commit_tagged, copy, run

PACKAGE = ROOT / "generator"
ADAPTERS = {"generator.engine", "generator.git"}
STANDALONE = {"generator.migrations"}
"""Run by copier inside a project, from its clone of the template: standard library only."""


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imports() -> dict[str, set[str]]:
    """Every module of the package, with the modules it imports (any package)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names |= {f"{node.module}.{alias.name}" for alias in node.names}
        graph[module_name(path)] = names
    return graph


GRAPH = imports()


def internal(module: str) -> set[str]:
    return {name for name in GRAPH[module] if name in GRAPH and name != module}


def test_the_graph_is_read() -> None:
    assert "generator.cli" in GRAPH
    assert "generator.engine" in internal("generator.project")


def test_only_the_engine_adapter_imports_copier() -> None:
    importers = {
        module
        for module, names in GRAPH.items()
        if any(name == "copier" or name.startswith("copier.") for name in names)
    }
    assert importers == {"generator.engine"}


def test_only_the_git_adapter_runs_git() -> None:
    """Found by the literal "git" as the first word of a command, outside the adapter."""
    runners = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.List)
                and node.elts
                and isinstance(node.elts[0], ast.Constant)
                and node.elts[0].value == "git"
            ):
                runners.add(module_name(path))
    assert runners == {"generator.git", *STANDALONE}


def test_the_cli_is_on_top_and_the_adapters_at_the_bottom() -> None:
    importers_of_cli = {m for m in GRAPH if "generator.cli" in internal(m)}
    assert importers_of_cli == {"generator.__main__"}  # `python -m generator`
    for adapter in ADAPTERS:
        assert internal(adapter) == set(), f"{adapter} imports {internal(adapter)}"
    assert internal("generator.migrations") == set()


def test_the_project_module_does_not_reach_into_the_update_service() -> None:
    assert "generator.update" not in internal("generator.project")


def test_the_answers_file_is_the_one_copier_yml_names() -> None:
    assert ENGINE.answers_file == ".copier-answers.yml"
    assert (ROOT / "copier.yml").read_text(encoding="utf-8").count("_answers_file:") == 1


def test_a_template_without_the_setting_gets_copiers_default(tmp_path: Path) -> None:
    (tmp_path / "copier.yml").write_text("_answers_file: .answers/takehome.yml\n")
    assert Engine.for_template(tmp_path).answers_file == ".answers/takehome.yml"
    (tmp_path / "copier.yml").write_text("name: {type: str}\n")
    assert Engine.for_template(tmp_path).answers_file == ".copier-answers.yml"


@pytest.mark.parametrize(
    "features", [["migrations"], ["tasks", "migrations"], ["jinja_extensions", "tasks"]]
)
def test_copiers_refusal_names_the_unsafe_features_as_the_adapter_reads_them(
    features: list[str],
) -> None:
    """Pinned: copier keeps the features only in its English message."""
    assert _unsafe_features(UnsafeTemplateError(features)) == frozenset(features)


def _tiny_template(repo: Path, copier_yml: str) -> Path:
    repo.mkdir()
    (repo / "copier.yml").write_text(copier_yml)
    (repo / "hello.txt.jinja").write_text("hello {{ name }}\n")
    answers = repo / "{{ _copier_conf.answers_file }}.jinja"
    answers.write_text("{{ _copier_answers | to_nice_yaml }}")
    run(["git", "init", "--quiet", "--initial-branch=main"], repo)
    commit_tagged(repo, "First", "v1.0.0")
    return repo


def test_a_tasks_template_is_untrusted_and_changes_nothing(tmp_path: Path) -> None:
    """The real copier, a one-file template: v2.0.0 asks to run a task on update."""
    repo = _tiny_template(tmp_path / "template", "name:\n  type: str\n  default: world\n")
    project = tmp_path / "project"
    copy(repo, project, {}, vcs_ref="v1.0.0")
    run(["git", "init", "--quiet"], project)
    run(["git", "add", "-A"], project)
    run(["git", "-c", "user.name=C", "-c", "user.email=c@e", "commit", "-qm", "Start"], project)
    (repo / "copier.yml").write_text(
        "name:\n  type: str\n  default: world\n_tasks:\n  - touch pwned\n"
    )
    commit_tagged(repo, "A task", "v2.0.0")
    with pytest.raises(UntrustedError) as refused:
        ENGINE.update(project, vcs_ref="v2.0.0", data={}, trusted=frozenset({"migrations"}))
    assert refused.value.features == frozenset({"tasks"})
    assert not (project / "pwned").exists()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


@pytest.mark.parametrize(
    ("commit", "expected"),
    [
        ("v1.2.0", "1.2.0"),
        ("1.2.0", "1.2.0"),
        ("v1.2.0-3-gabc1234", "1.2.0.post3+gabc1234"),
        ("abc1234", None),
    ],
)
def test_a_recorded_commit_reads_as_copier_reads_it(commit: str, expected: str | None) -> None:
    version = version_of(commit)
    assert (str(version) if version else None) == expected


def test_a_commit_after_a_tag_sorts_as_copier_sorts_it(tmp_path: Path) -> None:
    """copier records `git describe` between tags; its version must sort after the tag
    and before the next release, as copier's own reading of the clone does."""
    repo = _tiny_template(tmp_path / "template", "name:\n  type: str\n  default: world\n")
    (repo / "more.txt").write_text("more\n")
    run(["git", "add", "-A"], repo)
    run(["git", "-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "More"], repo)
    copy(repo, tmp_path / "project", {}, vcs_ref="HEAD")
    recorded = ENGINE.recorded(tmp_path / "project")
    assert recorded is not None
    assert recorded.commit.startswith("v1.0.0-1-g")
    version = version_of(recorded.commit)
    assert version is not None
    assert version_of("v1.0.0") < version < version_of("v1.0.1")  # type: ignore[operator]


def test_copiers_reading_of_a_source_is_used_for_git_paths_and_shortcuts(tmp_path: Path) -> None:
    repo = _tiny_template(tmp_path / "template", "name: {type: str, default: world}\n")
    assert ENGINE.repository(str(repo)) == str(repo)
    assert ENGINE.repository("gh:copier-org/copier") == "https://github.com/copier-org/copier.git"
    assert ENGINE.repository(str(tmp_path / "not-there")) is None
