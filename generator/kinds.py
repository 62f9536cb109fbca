"""The kinds registry: copier.yml offers each kind, its folder describes it."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from generator.template import Template

KIND_FILE = "kind.yml"


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
