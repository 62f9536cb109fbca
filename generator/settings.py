"""Everything takehome reads from its surroundings, resolved once and handed on.

The template root, the browser, the pinned Mermaid and reveal.js: each from its
environment variable, else its default. The CLI resolves them once per command
(`Settings.resolve`) and passes what each part needs; no other module reads the
environment for these.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
"""The takehome checkout this package runs from (`pip install -e .`)."""
NODE_MODULES = CHECKOUT / "docs/node_modules"

TEMPLATE_ENV = "TAKEHOME_TEMPLATE"
CHROMIUM_ENV = "TAKEHOME_CHROMIUM"
MERMAID_ENV = "TAKEHOME_MERMAID_JS"
REVEAL_ENV = "TAKEHOME_REVEAL_DIR"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@dataclass(frozen=True)
class Settings:
    """Where takehome finds its template and its rendering tools."""

    template_root: Path
    """The copier template: --template, else $TAKEHOME_TEMPLATE, else this checkout."""
    chromium: str | None
    """$TAKEHOME_CHROMIUM, else the first known browser on PATH; None when there is none."""
    mermaid_js: Path
    """The pinned mermaid.min.js: $TAKEHOME_MERMAID_JS, else the docs' npm folder."""
    reveal_dir: Path
    """reveal.js's dist folder: $TAKEHOME_REVEAL_DIR, else the docs' npm folder."""

    @classmethod
    def resolve(
        cls, template: str | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        env = os.environ if environ is None else environ
        root = template or env.get(TEMPLATE_ENV) or str(CHECKOUT)
        return cls(
            template_root=Path(root).expanduser().resolve(),
            chromium=find_chromium(env),
            mermaid_js=Path(env.get(MERMAID_ENV) or NODE_MODULES / "mermaid/dist/mermaid.min.js"),
            reveal_dir=Path(env.get(REVEAL_ENV) or NODE_MODULES / "reveal.js/dist"),
        )


def find_chromium(environ: Mapping[str, str]) -> str | None:
    """The Chromium to use: $TAKEHOME_CHROMIUM, else the first known name on PATH."""
    configured = environ.get(CHROMIUM_ENV)
    if configured:
        return shutil.which(configured)
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)
