"""The update service against fakes of its two adapters: every decision, in milliseconds.

tests/test_update.py runs the same service end to end with the real copier and git; here
the engine and git are small in-memory fakes, so each refusal, the version choice, the
roll-back and the summary are checked one by one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator.engine import EngineError, Recorded, UntrustedError
from generator.git import GitError
from generator.update import TRUSTED_FEATURES, UpdateError, Updater

SOURCE = "/templates/takehome"
PROJECT = Path("/work/homework")


@dataclass
class FakeEngine:
    recorded_answers: Recorded | None = field(
        default_factory=lambda: Recorded(SOURCE, "v0.1.0", {"kind": "shell-script"})
    )
    repositories: dict[str, str] = field(default_factory=lambda: {SOURCE: SOURCE})
    fails_with: EngineError | None = None
    migrates: bool = False
    updates: list[tuple[Path, str, dict[str, Any], frozenset[str]]] = field(default_factory=list)
    answers_file: str = ".copier-answers.yml"

    def recorded(self, project: Path) -> Recorded | None:
        return self.recorded_answers

    def repository(self, source: str) -> str | None:
        return self.repositories.get(source)

    def update(
        self, project: Path, *, vcs_ref: str, data: Mapping[str, Any], trusted: frozenset[str]
    ) -> bool:
        self.updates.append((project, vcs_ref, dict(data), trusted))
        if self.fails_with:
            raise self.fails_with
        return self.migrates


@dataclass
class FakeGit:
    top_folder: Path | None = PROJECT
    uncommitted: list[str] = field(default_factory=list)
    entries: list[tuple[str, str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=lambda: ["v0.1.0", "v0.2.0", "v0.3.0rc1", "notes"])
    unreachable: str = ""
    resets: list[Path] = field(default_factory=list)
    clones: list[tuple[Path, Path]] = field(default_factory=list)

    def top(self, folder: Path) -> Path | None:
        return self.top_folder

    def dirty(self, folder: Path) -> list[str]:
        return self.uncommitted

    def status_entries(self, folder: Path) -> list[tuple[str, str, str]]:
        return self.entries

    def remote_tags(self, repository: str) -> list[str]:
        if self.unreachable:
            raise GitError(self.unreachable)
        return self.tags

    def reset_hard(self, top: Path) -> None:
        self.resets.append(top)

    def clone(self, source: Path, destination: Path) -> None:
        self.clones.append((source, destination))


def updater(engine: FakeEngine | None = None, git: FakeGit | None = None) -> Updater:
    return Updater(engine or FakeEngine(), git or FakeGit())


def refusal(service: Updater, **options: Any) -> str:
    with pytest.raises(UpdateError) as refused:
        service.update(PROJECT, **options)
    assert "\n" not in str(refused.value)
    return str(refused.value)


def test_the_newest_release_is_applied_with_only_migrations_trusted() -> None:
    engine = FakeEngine(migrates=True)
    git = FakeGit(
        entries=[
            ("UU", "README.md", ""),
            (" M", ".editorconfig", ""),
            ("R ", ".github/workflows/checks.yml", ".github/workflows/ci.yml"),
            ("??", "docs/news.md", ""),
            (" D", "LICENSE", ""),
        ]
    )
    summary = updater(engine, git).update(PROJECT)
    assert engine.updates == [(PROJECT, "v0.2.0", {}, TRUSTED_FEATURES)]
    assert summary.groups == {
        "changed": (".editorconfig",),
        "added": (".github/workflows/checks.yml", "docs/news.md"),
        "deleted": (".github/workflows/ci.yml", "LICENSE"),
        "conflicts": ("README.md",),
    }
    report = summary.report()
    assert report[:2] == [
        "Template v0.1.0 -> v0.2.0",
        "The template's own migrations ran (see its changelog).",
    ]
    assert any(line.startswith("Next: resolve each conflict") for line in report)
    assert git.resets == []


def test_paths_are_told_relative_to_a_project_inside_a_larger_repository() -> None:
    git = FakeGit(top_folder=PROJECT.parent, entries=[(" M", "homework/Makefile", "")])
    summary = updater(git=git).update(PROJECT)
    assert summary.groups["changed"] == ("Makefile",)


def test_a_dry_run_updates_a_clone_and_says_so() -> None:
    engine, git = FakeEngine(), FakeGit()
    summary = updater(engine, git).update(PROJECT, dry_run=True)
    [(source, clone)] = git.clones
    assert source == PROJECT
    assert engine.updates[0][0] == clone
    assert summary.report()[-1].startswith("Dry run: the project was not touched")


def test_an_up_to_date_project_runs_nothing() -> None:
    engine = FakeEngine(recorded_answers=Recorded(SOURCE, "v0.2.0", {"kind": "shell-script"}))
    summary = updater(engine).update(PROJECT)
    assert engine.updates == []
    assert summary.report() == ["Already at template v0.2.0: nothing to update."]


def test_a_project_between_releases_is_behind_the_next_one() -> None:
    between = Recorded(SOURCE, "v0.1.0-3-gabc1234", {"kind": "shell-script"})
    report = updater(FakeEngine(recorded_answers=between)).version_report(PROJECT)
    assert report.latest is not None
    assert (report.latest.tag, report.behind) == ("v0.2.0", True)


def test_a_failed_update_is_rolled_back() -> None:
    engine = FakeEngine(fails_with=EngineError("Traceback...\nmigration exited 1"))
    git = FakeGit()
    line = refusal(updater(engine, git))
    assert git.resets == [PROJECT]
    assert line.endswith("back as it was: migration exited 1")


def test_features_beyond_migrations_are_refused_untouched() -> None:
    engine = FakeEngine(fails_with=UntrustedError(frozenset({"tasks", "migrations"})))
    git = FakeGit()
    line = refusal(updater(engine, git))
    assert "asks to run migrations, tasks beyond its own migrations" in line
    assert git.resets == []


@pytest.mark.parametrize(
    ("engine", "git", "options", "expected"),
    [
        (FakeEngine(recorded_answers=None), FakeGit(), {}, "has no .copier-answers.yml"),
        (FakeEngine(recorded_answers=Recorded("", "", {})), FakeGit(), {}, "_src_path and _commit"),
        (FakeEngine(), FakeGit(), {"data": {"kind": "coding-test"}}, "takehome new coding-test"),
        (FakeEngine(), FakeGit(top_folder=None), {}, "is not a git repository"),
        (FakeEngine(), FakeGit(uncommitted=list("abcdefg")), {}, "(a, b, c, d, e and 2 more)"),
        (FakeEngine(repositories={}), FakeGit(), {}, "cannot be reached: /templates/takehome"),
        (FakeEngine(), FakeGit(unreachable="could not read"), {}, "(could not read)"),
        (FakeEngine(), FakeGit(tags=["notes"]), {}, "has no version tags"),
        (FakeEngine(), FakeGit(), {"to": "v9"}, "no version 'v9'; published: v0.1.0, v0.2.0."),
        (
            FakeEngine(recorded_answers=Recorded(SOURCE, "v0.3.0", {"kind": "shell-script"})),
            FakeGit(),
            {},
            "newer than v0.2.0; copier cannot downgrade",
        ),
    ],
    ids=[
        "no-answers",
        "no-version",
        "kind",
        "no-git",
        "dirty",
        "not-git-source",
        "unreachable",
        "no-tags",
        "unknown-version",
        "downgrade",
    ],
)
def test_each_refusal_is_one_line_and_runs_nothing(
    engine: FakeEngine, git: FakeGit, options: dict[str, Any], expected: str
) -> None:
    assert expected in refusal(updater(engine, git), **options)
    assert engine.updates == []
    assert git.resets == []


def test_a_version_is_found_by_its_tag_or_its_number() -> None:
    for wanted in ("v0.1.0", "0.1.0"):
        engine = FakeEngine(recorded_answers=Recorded(SOURCE, "v0.0.9", {"kind": "shell-script"}))
        updater(engine).update(PROJECT, to=wanted)
        assert engine.updates[0][1] == "v0.1.0"
