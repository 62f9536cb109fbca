"""The template's own text for a project: what it rendered before the candidate wrote.

The answers file records the template source, its version and every answer; copier
renders that version again into a temporary folder, once with the project's answers and
once as another kind of homework, so that the checker can tell the kind's words (about
its example, its placeholder or its frame, all of which the candidate makes their own)
from the skeleton's text that every kind shares.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.engine import Copied, Engine, EngineError

WRITE_UP = ("README.md", "docs/adr/*.md")
"""The files whose prose is the candidate's to write."""


class PristineUnavailable(RuntimeError):
    """The template's own text cannot be had here; the message says why."""


@dataclass(frozen=True)
class Pristine:
    """The write-up files as the template rendered them, by path relative to the project."""

    own: dict[str, str]
    """With the project's answers."""
    other: dict[str, str]
    """As another kind: what the two share is the skeleton's own text."""


def render_pristine(project: Path, engine: Engine) -> Pristine:
    """Render the recorded template version with the recorded answers, and as another kind."""
    name = engine.answers_file
    try:
        recorded = engine.recorded(project)
    except EngineError as error:
        raise PristineUnavailable(str(error)) from None
    if recorded is None:
        raise PristineUnavailable(f"{name} is missing, so the template is unknown")
    source, commit = recorded.source, recorded.commit
    if not source or not commit:
        raise PristineUnavailable(f"{name} does not record _src_path and _commit")
    answers = dict(recorded.answers)
    if "example" not in answers:
        raise PristineUnavailable(f"template version {commit} has no `example` question")
    with tempfile.TemporaryDirectory(prefix="takehome-pristine-") as tmp:
        copied = _render(engine, source, commit, answers, Path(tmp) / "own")
        another = next((kind for kind in copied.kinds() if kind != answers["kind"]), None)
        if another is None:
            raise PristineUnavailable("the template offers one kind only: no skeleton to compare")
        _render(engine, source, commit, {**answers, "kind": another}, Path(tmp) / "other")
        return Pristine(_write_up(Path(tmp) / "own"), _write_up(Path(tmp) / "other"))


def _render(
    engine: Engine, source: str, commit: str, answers: dict[str, Any], destination: Path
) -> Copied:
    try:
        return engine.copy(source, destination, answers, vcs_ref=commit)
    except (EngineError, OSError) as error:
        reason = " ".join(str(error).split())[:200]
        raise PristineUnavailable(
            f"the template {source} at {commit} could not be rendered ({reason})"
        ) from None


def _write_up(destination: Path) -> dict[str, str]:
    return {
        str(path.relative_to(destination)): path.read_text(encoding="utf-8")
        for pattern in WRITE_UP
        for path in sorted(destination.glob(pattern))
        if path.is_file()
    }
