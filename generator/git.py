"""The git adapter: every git command takehome runs, and nothing else.

git is run without prompting for credentials, so an unreachable remote fails instead of
hanging. Each method answers in plain Python values (paths, lines, bytes); the callers
decide what a failure means to the candidate. `generator/migrations.py` is the one
exception: copier runs it inside the project from its clone of the template, so it may
import the standard library only.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_S = 60


class GitError(RuntimeError):
    """A git command failed; the message is git's last line of error output."""


@dataclass(frozen=True)
class Git:
    """Runs git; `timeout` bounds each command (a remote that never answers)."""

    timeout: float = TIMEOUT_S

    def _run(self, args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_SSH_COMMAND": "ssh -o BatchMode=yes"}
        try:
            return subprocess.run(
                ["git", *args],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise GitError(f"no answer in {self.timeout:g} s") from None

    def _out(self, args: list[str], cwd: Path | None = None) -> str:
        result = self._run(args, cwd)
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines() or [f"git {args[0]} failed"]
            raise GitError(lines[-1])
        return result.stdout

    def top(self, folder: Path) -> Path | None:
        """The top folder of the repository holding `folder`; None outside git."""
        if not folder.is_dir():
            return None
        result = self._run(["rev-parse", "--show-toplevel"], folder)
        return Path(result.stdout.strip()) if result.returncode == 0 else None

    def dirty(self, folder: Path) -> list[str]:
        """Uncommitted paths (untracked included), as `git status --porcelain` names them."""
        status = self._out(["status", "--porcelain", "--untracked-files=all"], folder)
        return [line[3:] for line in status.splitlines() if line.strip()]

    def status_entries(self, folder: Path) -> list[tuple[str, str, str]]:
        """(two-letter code, path, original path of a rename or "") of each change under
        `folder`, paths relative to the repository's top."""
        status = self._out(
            ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."], folder
        )
        entries: list[tuple[str, str, str]] = []
        fields = iter(status.split("\0"))
        for field in fields:
            if field:
                code, path = field[:2], field[3:]
                entries.append((code, path, next(fields, "") if code[0] in "RC" else ""))
        return entries

    def remote_tags(self, repository: str) -> list[str]:
        """The tag names of a repository (a path or URL), without peeling."""
        listing = self._out(["ls-remote", "--tags", "--refs", repository])
        return [line.rpartition("refs/tags/")[2] for line in listing.splitlines()]

    def reset_hard(self, top: Path) -> None:
        """Back to the last commit: tracked files restored, untracked ones removed."""
        self._out(["reset", "--quiet", "--hard", "HEAD"], top)
        self._out(["clean", "--quiet", "-d", "--force"], top)

    def clone(self, source: Path, destination: Path) -> None:
        self._out(["clone", "--quiet", "--no-hardlinks", str(source), str(destination)])

    def tracked(self, top: Path) -> list[str]:
        return [path for path in self._out(["ls-files", "-z"], top).split("\0") if path]

    def head(self, top: Path, fmt: str = "%H") -> str:
        """One `git log -1 --format` field of HEAD (the commit, its subject, its time)."""
        return self._out(["log", "-1", f"--format={fmt}"], top).strip()

    def archive(self, top: Path) -> bytes:
        """HEAD's tree as a tar archive."""
        return subprocess.run(
            ["git", "archive", "--format=tar", "HEAD"],
            cwd=top,
            capture_output=True,
            check=True,
            timeout=self.timeout,
        ).stdout
