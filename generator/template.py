"""Where the copier template lives, and what its copier.yml says."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from generator.settings import TEMPLATE_ENV

KINDS_DIR = "templates"


class TemplateNotFoundError(RuntimeError):
    """No copier template was found where takehome looked."""


@dataclass(frozen=True)
class Template:
    """The takehome copier template: a folder holding copier.yml and templates/."""

    root: Path

    @classmethod
    def locate(cls, root: Path) -> Template:
        """The template at `root` (generator.settings decides where to look).

        takehome runs from a checkout of its own repository (`pip install -e .`), so the
        default is the folder above this package; that path is also what generated
        projects record, so `copier update` can reach it later.
        """
        if not (root / "copier.yml").is_file():
            raise TemplateNotFoundError(
                f"No takehome template at {root} (copier.yml is missing). Pass --template "
                f"PATH_OR_URL or set {TEMPLATE_ENV} to a checkout of the takehome repository."
            )
        return cls(root)

    @cached_property
    def config(self) -> dict[str, Any]:
        config: dict[str, Any] = yaml.safe_load(
            (self.root / "copier.yml").read_text(encoding="utf-8")
        )
        return config

    def questions(self) -> dict[str, dict[str, Any]]:
        """The questions of copier.yml, in order, without copier's own `_settings`."""
        return {k: v for k, v in self.config.items() if not k.startswith("_")}

    def kind_folder(self, kind: str) -> Path:
        """The folder of one kind: it renders to the project root for that kind only."""
        return self.root / KINDS_DIR / kind_folder_name(kind)


def kind_folder_name(kind: str) -> str:
    """The name of a kind's folder under templates/: `.` for that kind, empty for others."""
    return f"{{{{ '.' if kind == '{kind}' else '' }}}}"
