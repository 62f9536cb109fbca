"""The gallery's decks: `takehome slides` run on each kind's rendered example project.

The docs build hands over the projects it rendered for the gallery, so a reader sees the
deck a fresh project of each kind makes, built by the command's own code at every build,
before generating anything. Kinds come from copier.yml through the gallery: a new kind
gets its deck with no edit here.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from generator.browser import Browser, RenderError
from generator.settings import Settings
from generator.slides import build_slides


def gallery_decks(projects: Mapping[str, Path], settings: Settings) -> dict[str, dict[str, bytes]]:
    """Each project's deck and its PDF, by kind and then by file name (what `takehome
    slides` writes); a slide that does not fit fails the build, as it fails the command."""
    decks: dict[str, dict[str, bytes]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="takehome-decks-") as out,
        Browser(settings.chromium, settings.mermaid_js) as browser,
    ):
        for kind, project in projects.items():
            deck = build_slides(project, Path(out) / kind, settings, browser)
            if deck.overflows:
                slides = ", ".join(f"slide {o.number} ({o.title})" for o in deck.overflows)
                raise RenderError(
                    f"the deck of the {kind} example does not fit: {slides}; `takehome "
                    f"slides` on a fresh {kind} project shows the same"
                )
            decks[kind] = {path.name: path.read_bytes() for path in (deck.html, deck.pdf)}
    return decks
