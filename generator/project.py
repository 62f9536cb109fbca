"""Create and update homework projects through copier's Python API."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import copier
from copier.errors import CopierError

from generator.slug import derive_slug
from generator.template import Template
from generator.update import unreachable_later


class GenerationError(RuntimeError):
    """copier refused the answers, or could not render the template."""


def new_project(
    template: Template,
    kind: str,
    destination: Path,
    data: Mapping[str, Any] | None = None,
    *,
    defaults: bool = False,
    vcs_ref: str | None = None,
    quiet: bool = False,
) -> Path:
    """Render one kind into `destination` and return it.

    The slug is transliterated here (copier's sandbox cannot), unless the caller gave
    one. The template must be a git checkout: its absolute path is what the answers file
    records, and what `copier update` reaches later.
    """
    answers: dict[str, Any] = {"kind": kind, **(data or {})}
    if "project_slug" not in answers and "project_name" in answers:
        answers["project_slug"] = derive_slug(str(answers["project_name"]))
    if problem := unreachable_later(template.root):
        raise GenerationError(problem)
    if destination.exists() and any(destination.iterdir()):
        raise GenerationError(f"{destination} is not empty; choose a new folder.")
    try:
        copier.run_copy(
            str(template.root),
            destination,
            data=answers,
            defaults=defaults,
            vcs_ref=vcs_ref,
            quiet=quiet,
        )
    except (CopierError, ValueError) as error:
        raise GenerationError(str(error)) from error
    return destination
