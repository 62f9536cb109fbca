"""`takehome pack`: the submission as the reviewer receives it, in one archive.

The archive is the committed tree (`git archive HEAD`: what `git ls-files` lists, no
virtual environment, cache, run folder or build output) plus two files: README.html, the
write-up with its diagrams drawn, for reading offline, and SUBMISSION.md, which says
which commit, when, from which template version, and how `make lint`, `make test` and
`takehome check --strict` ended when it was packed. A dirty tree or a tracked secret is
refused before anything is written.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from generator.browser import Browser, RenderError
from generator.engine import Engine, EngineError
from generator.git import Git, GitError
from generator.leaks import find_leak
from generator.readme_html import first_heading, load_readme, readme_page
from generator.settings import Settings

EXTRAS = ("README.html", "SUBMISSION.md")
CHECKS: tuple[tuple[str, ...], ...] = (
    ("make", "lint"),
    ("make", "test"),
    (sys.executable, "-m", "generator", "check", "--strict", "."),
)
"""What a reviewer runs first, run here as the candidate's own commands."""
TAIL_LINES = 15
CHECK_TIMEOUT_S = 1800


class PackError(RuntimeError):
    """The project cannot be packed as it is; nothing was written."""


@dataclass(frozen=True)
class CheckRun:
    """One check as it ran: its command line, exit status, time and last lines."""

    command: str
    returncode: int
    seconds: float
    tail: str

    @property
    def verdict(self) -> str:
        return "passed" if self.returncode == 0 else f"failed (exit {self.returncode})"


@dataclass(frozen=True)
class Packed:
    archive: Path
    files: int
    checks: list[CheckRun]
    seconds: float


def pack_project(
    project: Path,
    out: Path,
    settings: Settings,
    *,
    run_checks: bool = True,
    browser: Browser | None = None,
    git: Git | None = None,
) -> Packed:
    """Write OUT/<folder>-<commit>.tar.gz; refuse a dirty tree or a secret first."""
    started = time.monotonic()
    git = git or Git()
    project = _repository_root(project, git)
    _refuse_dirty(project, git)
    tracked = git.tracked(project)
    if leak := find_leak(project, tracked):
        raise PackError(leak.message())
    if clash := [name for name in EXTRAS if name in tracked]:
        raise PackError(f"{clash[0]} is tracked, and pack writes its own: rename yours first")
    engine = Engine.for_template(settings.template_root)
    template = _template_commit(project, engine)
    commit = git.head(project)
    shared: AbstractContextManager[Browser] = (
        nullcontext(browser) if browser else _browser(settings)
    )
    try:
        with shared as chromium:
            readme = load_readme(project, chromium)
    except RenderError as error:
        raise PackError(str(error)) from error
    checks = [_run(project, command) for command in CHECKS] if run_checks else []
    _refuse_dirty(project, git, "the checks changed files git tracks")
    title = first_heading(readme.tokens) or project.name
    extras = {
        "README.html": readme_page(readme, title),
        "SUBMISSION.md": submission_text(title, project, commit, template, checks, git),
    }
    out.mkdir(parents=True, exist_ok=True)
    archive = out / f"{project.name}-{commit[:7]}.tar.gz"
    mtime = int(git.head(project, "%ct"))
    _write_archive(archive, project.name, git.archive(project), extras, mtime)
    return Packed(archive, len(tracked), checks, time.monotonic() - started)


def _browser(settings: Settings) -> Browser:
    try:
        return Browser.from_settings(settings)
    except RenderError as error:
        raise PackError(str(error)) from error


def _template_commit(project: Path, engine: Engine) -> str:
    """The template version the answers file records, or why there is none."""
    try:
        recorded = engine.recorded(project)
    except EngineError:
        recorded = None
    if recorded is None or not recorded.commit:
        return f"unknown (no {engine.answers_file})"
    return recorded.commit


def submission_text(
    title: str,
    project: Path,
    commit: str,
    template: str,
    checks: Sequence[CheckRun],
    git: Git | None = None,
) -> str:
    """SUBMISSION.md: what was packed, from what, and how the checks ended."""
    git = git or Git()
    subject = git.head(project, "%s")
    packed = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Submission: {title}",
        "",
        f"- Commit: `{commit}` ({subject})",
        f"- Committed: {git.head(project, '%cI')}",
        f"- Packed: {packed}",
        f"- Template: takehome `{template}` (`_commit` in `.copier-answers.yml`)",
        "",
        "This archive holds the files git tracks at that commit, plus `README.html` (the",
        "write-up with its diagrams drawn, to read offline) and this file.",
        "",
        "## Checks, as they ran when this was packed",
        "",
    ]
    if not checks:
        lines += ["Not run: packed with `takehome pack --skip-checks`.", ""]
    for check in checks:
        fence = "`" * max(3, _longest_backtick_run(check.tail) + 1)
        lines += [
            f"### `{check.command}`: {check.verdict}, in {check.seconds:.1f} s",
            "",
            f"{fence}text",
            check.tail or "(no output)",
            fence,
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _run(project: Path, command: tuple[str, ...]) -> CheckRun:
    shown = " ".join(command).replace(f"{sys.executable} -m generator", "takehome")
    started = time.monotonic()
    try:
        result = subprocess.run(
            command,
            cwd=project,
            env={k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"},  # theirs, not ours
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=CHECK_TIMEOUT_S,
            check=False,
        )
        code, output = result.returncode, result.stdout
    except FileNotFoundError as error:
        code, output = 127, str(error)
    except subprocess.TimeoutExpired:
        code, output = 124, f"stopped after {CHECK_TIMEOUT_S} s"
    tail = "\n".join(_plain(output).rstrip().splitlines()[-TAIL_LINES:])
    return CheckRun(shown.removesuffix(" ."), code, time.monotonic() - started, tail)


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _plain(text: str) -> str:
    return ANSI.sub("", text)


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _write_archive(
    archive: Path, prefix: str, committed: bytes, extras: dict[str, str], mtime: int
) -> None:
    """The committed tree under PREFIX/, then the extra files, gzip-compressed."""
    partial = archive.with_name(archive.name + ".part")
    with (
        tarfile.open(fileobj=io.BytesIO(committed)) as source,
        tarfile.open(partial, "w:gz") as target,
    ):
        for member in source.getmembers():
            if member.isdir() or member.type == tarfile.XGLTYPE:  # folders; git's commit id
                continue
            member.name = f"{prefix}/{member.name}"
            target.addfile(member, source.extractfile(member) if member.isfile() else None)
        for name, text in extras.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"{prefix}/{name}")
            info.size, info.mtime, info.mode = len(data), mtime, 0o644
            target.addfile(info, io.BytesIO(data))
    partial.replace(archive)


def _repository_root(project: Path, git: Git) -> Path:
    root = git.top(project)
    if root is None:
        raise PackError(
            f"{project} is not a git repository: the archive is what you committed. Run "
            "`git init && git add -A && git commit -m 'My solution'` there first."
        )
    if root.resolve() != project.resolve():
        raise PackError(f"{project} is inside the git repository {root}: pack {root} instead")
    return root


def _refuse_dirty(project: Path, git: Git, why: str = "") -> None:
    try:
        paths = git.dirty(project)
    except GitError as error:
        raise PackError(f"git status failed in {project}: {error}") from None
    if paths:
        shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        raise PackError(
            f"{project} has uncommitted changes ({shown}{'; ' + why if why else ''}): the "
            "archive holds what is committed, so commit (or stash, or ignore) them first"
        )
