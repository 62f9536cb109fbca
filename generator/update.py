"""Bring a newer template version into a generated project without losing the candidate's work.

The service: copier does the three-way merge (through the engine adapter), git says what
the project is and what changed (through the git adapter); this module decides. It
refuses, before anything changes, a project that is not a clean git repository, a
template source that cannot be reached, and a change of kind; it lets the template run
its own migrations and nothing else; it rolls a failed update back; and it summarises
what changed. The words the candidate reads are in generator.update_text. Both adapters
are passed in, so tests/test_update_service.py runs it against fakes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from packaging.version import InvalidVersion, Version

from generator import update_text as text
from generator.engine import EngineError, Recorded, UntrustedError
from generator.git import GitError
from generator.migrations import kind_change_refusal

TRUSTED_FEATURES = frozenset({"migrations"})
"""What `takehome update` lets the template run: its own migrations, nothing else."""
GROUPS = ("changed", "added", "deleted", "conflicts")


class UpdateError(RuntimeError):
    """The update was refused or failed; the project is as it was before."""


class EnginePort(Protocol):
    """What the service needs of copier (generator.engine.Engine)."""

    @property
    def answers_file(self) -> str: ...

    def recorded(self, project: Path) -> Recorded | None: ...

    def repository(self, source: str) -> str | None: ...

    def update(
        self, project: Path, *, vcs_ref: str, data: Mapping[str, Any], trusted: frozenset[str]
    ) -> bool: ...


class GitPort(Protocol):
    """What the service needs of git (generator.git.Git)."""

    def top(self, folder: Path) -> Path | None: ...

    def dirty(self, folder: Path) -> list[str]: ...

    def status_entries(self, folder: Path) -> list[tuple[str, str, str]]: ...

    def remote_tags(self, repository: str) -> list[str]: ...

    def reset_hard(self, top: Path) -> None: ...

    def clone(self, source: Path, destination: Path) -> None: ...


@dataclass(frozen=True)
class Release:
    """One published template version: a git tag that reads as a version."""

    tag: str
    version: Version


@dataclass(frozen=True)
class VersionReport:
    """The template version a project was made from, and the newest one published."""

    recorded: Recorded
    latest: Release | None

    @property
    def behind(self) -> bool:
        current = self.recorded.version
        return self.latest is not None and (current is None or current < self.latest.version)


@dataclass(frozen=True)
class UpdateSummary:
    """What an update did to the project, read back from git."""

    from_commit: str
    to_commit: str
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    migrated: bool = False
    dry_run: bool = False

    def report(self) -> list[str]:
        return text.summary_lines(
            self.from_commit,
            self.to_commit,
            {name: self.groups.get(name, ()) for name in GROUPS},
            migrated=self.migrated,
            dry_run=self.dry_run,
        )


@dataclass(frozen=True)
class Updater:
    """`takehome version` and `takehome update`, over an engine and a git."""

    engine: EnginePort
    git: GitPort

    def recorded(self, project: Path) -> Recorded:
        try:
            recorded = self.engine.recorded(project)
        except EngineError as error:
            raise UpdateError(str(error)) from None
        if recorded is None:
            raise UpdateError(text.no_answers_file(project, self.engine.answers_file))
        if not recorded.source or not recorded.commit:
            raise UpdateError(text.unrecorded_version(self.engine.answers_file))
        return recorded

    def releases(self, source: str) -> list[Release]:
        """The published versions of the template at `source`, oldest first.

        Tags that do not read as a version are not releases; neither are pre-releases,
        which copier also skips unless asked.
        """
        repository = self.engine.repository(source)
        if repository is None:
            reason = "not a git repository"
            if not Path(source).is_absolute():
                reason = "a relative path; copier needs an absolute one"
            raise UpdateError(text.unreachable(source, reason, self.engine.answers_file))
        try:
            tags = self.git.remote_tags(repository)
        except GitError as error:
            raise UpdateError(
                text.unreachable(source, str(error), self.engine.answers_file)
            ) from None
        found = []
        for tag in tags:
            try:
                version = Version(tag)
            except InvalidVersion:
                continue
            if not version.is_prerelease:
                found.append(Release(tag, version))
        return sorted(found, key=lambda release: release.version)

    def version_report(self, project: Path) -> VersionReport:
        recorded = self.recorded(project)
        published = self.releases(recorded.source)
        return VersionReport(recorded, published[-1] if published else None)

    def update(
        self,
        project: Path,
        *,
        to: str | None = None,
        data: Mapping[str, Any] | None = None,
        dry_run: bool = False,
    ) -> UpdateSummary:
        """Update `project` to the template version `to` (default: the newest).

        With `dry_run`, the update runs on a throwaway clone of the project, so the
        summary is exactly what a real update would do, and the project is not touched.
        """
        project = project.resolve()
        data = dict(data or {})
        recorded = self.recorded(project)
        if refusal := kind_change_refusal(recorded.kind, data.get("kind")):
            raise UpdateError(refusal)
        top = self._clean_top(project)
        release = _pick(self.releases(recorded.source), to, recorded.source)
        current = recorded.version
        if current is not None and release.version < current:
            raise UpdateError(text.downgrade(recorded.commit, release.tag))
        if current == release.version and not data:
            return UpdateSummary(recorded.commit, release.tag, dry_run=dry_run)
        if not dry_run:
            migrated = self._apply(project, top, release, data)
            return self._summary(recorded, release, project, top, migrated, dry_run=False)
        with tempfile.TemporaryDirectory(prefix="takehome-dry-run.") as scratch:
            clone = Path(scratch) / "project"
            try:
                self.git.clone(top, clone)
            except GitError as error:
                raise UpdateError(text.clone_failed(top, str(error))) from None
            inside = clone / project.relative_to(top)
            migrated = self._apply(inside, clone, release, data)
            return self._summary(recorded, release, inside, clone, migrated, dry_run=True)

    def _clean_top(self, project: Path) -> Path:
        """The git top level of a project that may be updated; refuse anything else."""
        top = self.git.top(project)
        if top is None:
            raise UpdateError(text.not_a_repository(project))
        if paths := self.git.dirty(project):
            raise UpdateError(text.uncommitted(project, paths))
        return top

    def _apply(self, project: Path, top: Path, release: Release, data: Mapping[str, Any]) -> bool:
        try:
            return self.engine.update(
                project, vcs_ref=release.tag, data=data, trusted=TRUSTED_FEATURES
            )
        except UntrustedError as error:
            raise UpdateError(text.untrusted(str(error))) from None
        except EngineError as error:
            self.git.reset_hard(top)
            raise UpdateError(text.rolled_back(str(error))) from error

    def _summary(
        self,
        recorded: Recorded,
        release: Release,
        project: Path,
        top: Path,
        migrated: bool,
        *,
        dry_run: bool,
    ) -> UpdateSummary:
        groups = _group(self.git.status_entries(project), project.relative_to(top).as_posix())
        return UpdateSummary(recorded.commit, release.tag, groups, migrated, dry_run)


def _pick(published: list[Release], wanted: str | None, source: str) -> Release:
    if not published:
        raise UpdateError(text.no_releases(source))
    if wanted is None:
        return published[-1]
    try:
        wanted_version: Version | None = Version(wanted)
    except InvalidVersion:
        wanted_version = None
    for release in published:
        if wanted in (release.tag, str(release.version)) or release.version == wanted_version:
            return release
    raise UpdateError(text.unknown_version(wanted, [release.tag for release in published]))


def _group(entries: list[tuple[str, str, str]], inside: str) -> dict[str, tuple[str, ...]]:
    """The changed paths by what happened to them, relative to the project.

    git names them from the repository's top, which may hold the project in a folder.
    """
    groups: dict[str, list[str]] = {name: [] for name in GROUPS}
    for code, path, original in entries:
        if code[0] in "RC":
            groups["deleted"].append(original)
            groups["added"].append(path)
        elif "U" in code or code in ("AA", "DD"):
            groups["conflicts"].append(path)
        elif code == "??" or "A" in code:
            groups["added"].append(path)
        elif "D" in code:
            groups["deleted"].append(path)
        else:
            groups["changed"].append(path)
    prefix = "" if inside == "." else f"{inside}/"
    return {
        name: tuple(sorted(p.removeprefix(prefix) for p in paths)) for name, paths in groups.items()
    }
