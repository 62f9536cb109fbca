"""Every kind rendered with example answers: what the docs gallery and kind pages show.

The examples are rendered from the templates with the real copier when the docs are
built, so the gallery always shows what `takehome new` generates today.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.engine import Engine
from generator.kinds import Kind, load_kinds
from generator.template import Template

EXAMPLE_ANSWERS: Mapping[str, str] = {
    "author_name": "Ada Example",
    "author_email": "ada@example.com",
}
"""Answers the gallery gives on top of each question's default."""

ADR_FOLDER = "docs/adr"
MAKE_TARGET = re.compile(r"^([a-z][a-z0-9-]*):[^=\n]*?## (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Example:
    """One kind rendered into a project, held in memory."""

    kind: Kind
    answers: Mapping[str, Any]
    files: Mapping[str, str | None]
    """Every file of the project by its POSIX path; None for a file that is not text."""

    @property
    def readme(self) -> str:
        return self.files.get("README.md") or ""

    @property
    def adrs(self) -> dict[str, str]:
        """The decision records, by file name, in order."""
        return {
            PurePosixPath(path).name: text
            for path, text in sorted(self.files.items())
            if PurePosixPath(path).parent == PurePosixPath(ADR_FOLDER)
            and path.endswith(".md")
            and text is not None
        }

    def tree(self) -> str:
        return file_tree(self.files, root=str(self.answers.get("project_slug", self.kind.name)))

    def make_targets(self) -> list[tuple[str, str]]:
        """The Makefile's documented targets, as `make help` lists them."""
        return MAKE_TARGET.findall(self.files.get("Makefile") or "")


def render_example(template: Template, kind: Kind, destination: Path, engine: Engine) -> Example:
    """Render `kind` with its default answers plus EXAMPLE_ANSWERS, and read it back.

    The working tree is rendered, uncommitted changes included, as `takehome new` would.
    """
    engine.copy(template.root, destination, {"kind": kind.name, **EXAMPLE_ANSWERS}, vcs_ref="HEAD")
    recorded = engine.recorded(destination)
    files = {
        path.relative_to(destination).as_posix(): _text(path)
        for path in sorted(destination.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(destination).parts
    }
    return Example(
        kind=kind,
        answers=dict(recorded.answers) if recorded else {},
        files=files,
    )


def render_examples(
    template: Template, engine: Engine, workdir: Path | None = None
) -> dict[str, Example]:
    """Every kind that copier.yml offers, rendered into WORKDIR/KIND and left there for
    what needs the project itself (the gallery's decks); without WORKDIR, in a temporary
    folder that is gone on return."""
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="takehome-gallery-") as temporary:
            return render_examples(template, engine, Path(temporary))
    return {
        name: render_example(template, kind, workdir / name, engine)
        for name, kind in load_kinds(template).items()
    }


def file_tree(paths: Iterable[str], root: str) -> str:
    """The paths drawn as `tree` draws them: folders first, then files, by name."""
    nested: dict[str, Any] = {}
    for path in paths:
        node = nested
        for part in PurePosixPath(path).parts:
            node = node.setdefault(part, {})
    return "\n".join([f"{root}/", *_tree_lines(nested, "")])


def _tree_lines(node: Mapping[str, Any], indent: str) -> list[str]:
    entries = sorted(node.items(), key=lambda item: (not item[1], item[0].lower()))
    lines: list[str] = []
    for index, (name, children) in enumerate(entries):
        last = index == len(entries) - 1
        lines.append(f"{indent}{'└── ' if last else '├── '}{name}{'/' if children else ''}")
        lines += _tree_lines(children, indent + ("    " if last else "│   "))
    return lines


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None
