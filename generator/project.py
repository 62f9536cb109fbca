"""Create a homework project: copier renders it through the engine adapter."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.engine import Engine, EngineError
from generator.git import Git
from generator.slug import derive_slug
from generator.template import Template


class GenerationError(RuntimeError):
    """copier refused the answers, or could not render the template."""


def new_project(
    template: Template,
    kind: str,
    destination: Path,
    data: Mapping[str, Any] | None = None,
    *,
    engine: Engine,
    git: Git,
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
    if problem := unreachable_later(template.root, git):
        raise GenerationError(problem)
    if destination.exists() and any(destination.iterdir()):
        raise GenerationError(f"{destination} is not empty; choose a new folder.")
    try:
        engine.copy(
            template.root, destination, answers, defaults=defaults, vcs_ref=vcs_ref, quiet=quiet
        )
    except EngineError as error:
        raise GenerationError(str(error)) from error
    return destination


def unreachable_later(template_root: Path, git: Git) -> str | None:
    """Why `copier update` could not reach this template folder later, if it could not.

    copier versions a local template by git, and only at a repository's top: a copy
    without `.git` (an installed package, an unpacked archive) makes projects that can
    never be updated.
    """
    top = git.top(template_root)
    if top is None or top.resolve() != template_root.resolve():
        return (
            f"{template_root} is not a git checkout of the takehome template, so projects "
            "made from it could never be updated. Clone the repository "
            "(`git clone URL`) and pass its path with --template."
        )
    return None
