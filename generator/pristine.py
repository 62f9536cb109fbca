"""The template's own text for a project: what it rendered before the candidate wrote.

The answers file records the template source, its version and every answer; copier
renders that version again into a temporary folder, once with the project's answers and
once as another kind of homework, so that the checker can tell the kind's words (about
its example, its placeholder or its frame, all of which the candidate makes their own)
from the skeleton's text that every kind shares.
"""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import copier
import yaml
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
    """As another kind: what the two share is the skeleton's own text."""


def render_pristine(project: Path) -> Pristine:
    """Render the recorded template version with the recorded answers, and as another kind."""
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
    answers = {key: value for key, value in recorded.items() if not key.startswith("_")}
    with tempfile.TemporaryDirectory(prefix="takehome-pristine-") as tmp:
        worker = _render(str(source), str(commit), answers, Path(tmp) / "own")
        choices = worker.template.questions_data["kind"]["choices"]
        kinds = choices.values() if isinstance(choices, dict) else choices
        another = next((kind for kind in kinds if kind != answers["kind"]), None)
        if another is None:
            raise PristineUnavailable("the template offers one kind only: no skeleton to compare")
        _render(str(source), str(commit), {**answers, "kind": another}, Path(tmp) / "other")
        return Pristine(_write_up(Path(tmp) / "own"), _write_up(Path(tmp) / "other"))


def _render(source: str, commit: str, answers: dict[str, Any], destination: Path) -> copier.Worker:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return copier.run_copy(
                source, destination, data=answers, vcs_ref=commit, defaults=True, quiet=True
            )
    except (CopierError, ProcessExecutionError, OSError, ValueError) as error:
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
