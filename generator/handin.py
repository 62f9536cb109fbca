"""`takehome check`: read a project's write-up and run the pure checks of generator.writeup.

With `strict`, the write-up is also compared with the template's own text (rendered by
generator.pristine) to find the sections the candidate has not written yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.engine import Engine, EngineError
from generator.pristine import PristineUnavailable, render_pristine
from generator.writeup import Finding, authorship_findings, check_readme


@dataclass(frozen=True)
class Report:
    """What `takehome check` found, and what it could not check (one line each)."""

    findings: list[Finding]
    unchecked: list[str] = field(default_factory=list)


def check_project(project: Path, engine: Engine, *, strict: bool = False) -> Report:
    """Check the README.md of a project, its links and, when strict, its authorship."""
    readme = project / "README.md"
    if not readme.is_file():
        return Report([Finding(0, f"{readme} does not exist")])
    text = readme.read_text(encoding="utf-8")
    root = project.resolve()
    findings = check_readme(
        text,
        strict=strict,
        exists=lambda path: (root / path).exists(),
        answers=_answer_texts(project, engine),
    )
    if not strict:
        return Report(findings)
    try:
        pristine = render_pristine(project, engine)
    except PristineUnavailable as error:
        return Report(findings, [f"authorship was not checked: {error}."])
    for name, own in pristine.own.items():
        path = project / name
        if path.is_file():
            findings += authorship_findings(
                path.read_text(encoding="utf-8"), own, pristine.other.get(name, ""), file=name
            )
    return Report(findings)


def _answer_texts(project: Path, engine: Engine) -> list[str]:
    """The candidate's own answers, as text, from the answers file (none if unreadable)."""
    try:
        recorded = engine.recorded(project)
    except EngineError:
        return []
    answers = recorded.answers if recorded else {}
    return [value for value in answers.values() if isinstance(value, str)]
