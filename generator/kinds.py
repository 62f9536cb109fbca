"""The kinds registry: copier.yml offers each kind, its folder describes it."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.settings import Settings
from generator.template import Template

KIND_FILE = "kind.yml"
TABLE_START = "<!-- kinds: written from each kind.yml by `python -m generator.kinds` -->"
TABLE_END = "<!-- /kinds -->"
"""Where README.md holds the kinds table; tests/test_cli.py checks that it is fresh."""


@dataclass(frozen=True)
class Kind:
    """One kind of homework, as `takehome kinds` shows it."""

    name: str
    summary: str
    homework: str
    tools: tuple[str, ...]


class UnknownKindError(ValueError):
    """A kind was asked for that copier.yml does not offer."""


def load_kinds(template: Template) -> dict[str, Kind]:
    """Every kind offered by copier.yml, described by the kind.yml in its folder."""
    kinds: dict[str, Kind] = {}
    for name in template.questions()["kind"]["choices"].values():
        folder = template.kind_folder(name)
        meta = yaml.safe_load((folder / KIND_FILE).read_text(encoding="utf-8"))
        kinds[name] = Kind(
            name=name,
            summary=meta["summary"],
            homework=meta["homework"],
            tools=tuple(meta["tools"]),
        )
    return kinds


def get_kind(template: Template, name: str) -> Kind:
    kinds = load_kinds(template)
    if name not in kinds:
        raise UnknownKindError(f"Unknown kind {name!r}; choose one of: {', '.join(sorted(kinds))}.")
    return kinds[name]


def kinds_table(kinds: Mapping[str, Kind]) -> str:
    """The kinds as README.md shows them: the same rows as `takehome kinds`."""
    rows = [
        f"| `{kind.name}` | {kind.homework} | {', '.join(kind.tools)} |" for kind in kinds.values()
    ]
    return "\n".join(["| kind | the homework | tools |", "| --- | --- | --- |", *rows])


def with_kinds_table(readme: str, kinds: Mapping[str, Kind]) -> str:
    """`readme` with the table between its markers written again."""
    head, start, rest = readme.partition(TABLE_START)
    _, end, tail = rest.partition(TABLE_END)
    if not start or not end:
        raise ValueError(f"README.md has no {TABLE_START} ... {TABLE_END} markers")
    return f"{head}{TABLE_START}\n{kinds_table(kinds)}\n{TABLE_END}{tail}"


def main() -> int:
    """Write the kinds table of the template's README.md again."""
    template = Template.locate(Settings.resolve().template_root)
    readme = Path(template.root / "README.md")
    text = readme.read_text(encoding="utf-8")
    readme.write_text(with_kinds_table(text, load_kinds(template)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
