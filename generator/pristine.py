"""The template's own text for a project: what it rendered before the candidate wrote.

The answers file records the template source, its version and every answer; copier
renders that version again into a temporary folder, once with the project's answers and
once with the other value of the `example` question, so that the checker can tell the
template's words about its example (or placeholder) from the frame both share.
"""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import copier
import yaml
from copier._vcs import get_repo  # copier's own reading of `_src_path` (gh:, ~, bundles)
from copier.errors import CopierError
from plumbum.commands.processes import ProcessExecutionError

ANSWERS_FILE = ".copier-answers.yml"
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
    """With the other value of `example`: what the two share is the frame."""


def render_pristine(project: Path) -> Pristine:
    """Render the recorded template version with the recorded answers, both ways."""
    answers_file = project / ANSWERS_FILE
    if not answers_file.is_file():
        raise PristineUnavailable(f"{ANSWERS_FILE} is missing, so the template is unknown")
    try:
        recorded: dict[str, Any] = yaml.safe_load(answers_file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise PristineUnavailable(f"{ANSWERS_FILE} is not valid YAML ({error})") from None
    source, commit = recorded.get("_src_path"), recorded.get("_commit")
    if not source or not commit:
        raise PristineUnavailable(f"{ANSWERS_FILE} does not record _src_path and _commit")
    if "example" not in recorded:
        raise PristineUnavailable(f"template version {commit} has no `example` question")
    if get_repo(str(source)) is None:
        raise PristineUnavailable(f"the template source {source} is not reachable from here")
    answers = {key: value for key, value in recorded.items() if not key.startswith("_")}
    flipped = {**answers, "example": not answers["example"]}
    with tempfile.TemporaryDirectory(prefix="takehome-pristine-") as tmp:
        own = _render(str(source), str(commit), answers, Path(tmp) / "own")
        other = _render(str(source), str(commit), flipped, Path(tmp) / "other")
    return Pristine(own, other)


def _render(source: str, commit: str, answers: dict[str, Any], destination: Path) -> dict[str, str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            copier.run_copy(
                source, destination, data=answers, vcs_ref=commit, defaults=True, quiet=True
            )
    except (CopierError, ProcessExecutionError, OSError, ValueError) as error:
        reason = " ".join(str(error).split())[:200]
        raise PristineUnavailable(
            f"the template {source} at {commit} could not be rendered ({reason})"
        ) from None
    return {
        str(path.relative_to(destination)): path.read_text(encoding="utf-8")
        for pattern in WRITE_UP
        for path in sorted(destination.glob(pattern))
        if path.is_file()
    }
