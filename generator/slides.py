"""`takehome slides`: the write-up as a reveal.js deck, one offline HTML file and its PDF.

reveal.js (pinned in docs/package.json, like Mermaid) does the presenting: keys, speaker
notes (press S), slide numbers, and printing with `?print-pdf`. This module only writes
the slides into one HTML file with every script, style, font, diagram and image inlined,
then loads it in headless Chromium to check that each slide fits, and prints the PDF.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.browser import Browser, RenderError, Tab, serve
from generator.deck import BUDGET, Piece, Plan, Slide, plan_deck
from generator.readme_html import Readme, load_readme
from generator.settings import REVEAL_ENV, Settings

REVEAL_FILES = ("reveal.css", "theme/white.css", "reveal.js", "plugin/notes.js")
DECK_HTML, DECK_PDF = "slides.html", "slides.pdf"
"""What `takehome slides` writes into its folder (the docs gallery publishes both)."""
WIDTH, HEIGHT = 1280, 720
ROUNDS = 6
"""How many times a section's line budget is lowered before an overflow is reported."""
SHRINK = 0.8

REVEAL_CONFIG: Mapping[str, Any] = {
    "width": WIDTH,
    "height": HEIGHT,
    "margin": 0.04,
    "center": False,
    "hash": True,
    "transition": "none",
    "slideNumber": "c/t",
    "pdfSeparateFragments": False,
}

DECK_STYLE = """
.reveal { font-size: 24px; }
.reveal .slides section { text-align: left; }
.reveal h1 { font-size: 56px; margin-top: 180px; }
.reveal h2 { font-size: 36px; margin-bottom: 18px; }
.reveal h3 { font-size: 28px; }
.reveal h1, .reveal h2, .reveal h3 { text-transform: none; }
.reveal p { margin: 0 0 14px; line-height: 1.3; }
.reveal ul, .reveal ol { display: block; margin: 0 0 12px 1.1em; }
.reveal li { line-height: 1.3; margin-bottom: 4px; }
.reveal table { font-size: 20px; margin: 0 0 12px; width: 100%; }
.reveal table th, .reveal table td { padding: 4px 8px; }
.reveal pre { width: 100%; font-size: 17px; margin: 0 0 12px; box-shadow: none; }
.reveal pre code { max-height: none; overflow: visible; white-space: pre-wrap; padding: 8px; }
.reveal pre code, .reveal td, .reveal li, .reveal p { overflow-wrap: anywhere; }
.reveal code { font-size: 0.9em; }
.reveal .pitch { font-size: 32px; }
.reveal .meta { font-size: 20px; color: #555; }
.reveal figure.diagram { margin: 0; text-align: center; }
.reveal figure.diagram svg { width: 100%; height: auto; max-height: 600px; }
.reveal section.has-caption figure.diagram svg { max-height: 510px; }
.reveal img { max-height: 440px; margin: 0; }
.reveal .divider h2 { margin-top: 240px; font-size: 48px; }
"""

READY = "() => typeof Reveal !== 'undefined' && Reveal.isReady()"
PDF_READY = "() => document.querySelectorAll('.pdf-page').length > 0"
OVERFLOWS = """() => {
  const { width, height } = Reveal.getConfig();
  return Reveal.getSlides().map((slide) => ({
    title: (slide.querySelector("h1, h2") || {}).textContent || "",
    section: slide.dataset.section || "",
    height: slide.scrollHeight,
    width: slide.scrollWidth,
  })).map((s, index) => ({ ...s, index, over: s.height > height || s.width > width }));
}"""
"""Each slide's size in the print layout, where every slide is laid out at once."""


@dataclass(frozen=True)
class Overflow:
    """A slide whose content is taller or wider than the slide."""

    number: int
    title: str
    section: str
    height: int
    width: int


@dataclass(frozen=True)
class DeckResult:
    html: Path
    pdf: Path
    slides: int
    pdf_pages: int
    overflows: list[Overflow]
    prompts_left_out: int
    seconds: float


def reveal_dist(folder: Path) -> Path:
    """reveal.js's dist folder (see generator.settings), or why it is not there."""
    if not all((folder / name).is_file() for name in REVEAL_FILES):
        raise RenderError(
            f"reveal.js is not at {folder}: run `npm ci --prefix docs` in the takehome "
            f"checkout, or set {REVEAL_ENV} to the dist folder of reveal.js 6."
        )
    return folder


def build_slides(
    project: Path, out: Path, settings: Settings, browser: Browser | None = None
) -> DeckResult:
    """Write OUT/slides.html and OUT/slides.pdf from the project's README."""
    started = time.monotonic()
    assets = reveal_dist(settings.reveal_dir)
    owned = browser is None
    chromium = browser or Browser.from_settings(settings)
    try:
        readme = load_readme(project, chromium)
        out.mkdir(parents=True, exist_ok=True)
        target = out / DECK_HTML
        budgets: dict[str, float] = {}
        for attempt in range(1, ROUNDS + 1):
            plan = plan_deck(readme.tokens, budgets)
            target.write_text(deck_html(plan, readme, assets), encoding="utf-8")
            with _print_layout(chromium, target) as tab:
                overflows = _overflows(tab)
                fixable = {o.section for o in overflows if o.section}
                if not fixable or attempt == ROUNDS:
                    pdf = tab.page.pdf(prefer_css_page_size=True, print_background=True)
                    outside = tab.external_requests
                    break
            for section in fixable:
                budgets[section] = budgets.get(section, BUDGET) * SHRINK
        if outside:
            raise RenderError(f"the deck tried to leave the machine: {', '.join(outside)}")
        (out / DECK_PDF).write_bytes(pdf)
    finally:
        if owned:
            chromium.close()
    return DeckResult(
        target,
        out / DECK_PDF,
        len(plan.slides),
        pdf_page_count(pdf),
        overflows,
        plan.prompts_left_out,
        time.monotonic() - started,
    )


@contextmanager
def _print_layout(browser: Browser, deck: Path) -> Iterator[Tab]:
    """The deck in reveal.js's print layout (`?print-pdf`), every slide laid out at once."""
    with serve(deck.parent) as base, browser.tab() as tab:
        tab.open(base + deck.name + "?print-pdf")
        tab.page.wait_for_function(READY)
        tab.page.wait_for_function(PDF_READY)
        tab.page.evaluate("() => new Promise(requestAnimationFrame)")
        yield tab


def _overflows(tab: Tab) -> list[Overflow]:
    """The slides that do not fit."""
    sizes: list[dict[str, Any]] = tab.page.evaluate(OVERFLOWS)
    return [
        Overflow(s["index"] + 1, s["title"].strip(), s["section"], s["height"], s["width"])
        for s in sizes
        if s["over"]
    ]


PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF as Chromium writes it: one `/Type /Page` object per page."""
    return len(PDF_PAGE.findall(data))


def deck_html(plan: Plan, readme: Readme, assets: Path) -> str:
    """The whole deck as one HTML file: reveal.js, its theme and the slides, inlined."""
    css = "\n".join(
        _read(assets / name, "</style") for name in REVEAL_FILES if name.endswith("css")
    )
    scripts = "\n".join(
        f"<script>{_read(assets / name, '</script')}</script>"
        for name in REVEAL_FILES
        if name.endswith(".js")
    )
    config = json.dumps(REVEAL_CONFIG)
    slides = "\n".join(slide_html(slide, readme) for slide in plan.slides)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(plan.title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{css}\n{DECK_STYLE}</style>\n</head>\n<body>\n"
        f'<div class="reveal"><div class="slides">\n{slides}\n</div></div>\n{scripts}\n'
        f"<script>Reveal.initialize({{...{config}, plugins: [RevealNotes]}});</script>\n"
        "</body>\n</html>\n"
    )


def slide_html(slide: Slide, readme: Readme) -> str:
    """One <section>: the title, the pieces in order, and the speaker notes."""
    classes = [slide.kind]
    if slide.kind == "diagram" and len(slide.pieces) > 1:
        classes.append("has-caption")
    heading = "h1" if slide.kind == "title" else "h2"
    parts = [f"<{heading}>{html.escape(slide.title)}</{heading}>"]
    for piece, tokens in _grouped(slide.pieces):
        body = readme.html(tokens)
        if piece.kind in {"lead", "meta"}:
            body = f'<div class="{"pitch" if piece.kind == "lead" else "meta"}">{body}</div>'
        parts.append(body)
    if slide.notes:
        notes = "".join(readme.html(piece.tokens) for piece in slide.notes)
        parts.append(f'<aside class="notes">{notes}</aside>')
    section = html.escape(slide.section, quote=True)
    opening = f'<section class="{" ".join(classes)}" data-section="{section}">'
    return f"{opening}\n{''.join(parts)}</section>"


def _grouped(pieces: Sequence[Piece]) -> list[tuple[Piece, list[Any]]]:
    """Pieces with their tokens; the items, rows or lines of one block joined in one."""
    grouped: list[tuple[Piece, list[Any]]] = []
    for piece in pieces:
        if piece.group and grouped and grouped[-1][0].group == piece.group:
            tokens = grouped[-1][1]
            if piece.kind == "code":
                tokens[0].content += piece.tokens[0].content
            else:
                tokens[len(tokens) - len(piece.tail) : len(tokens) - len(piece.tail)] = piece.tokens
            continue
        if piece.kind == "code":
            first_line = piece.tokens[0].copy()
            grouped.append((piece, [first_line]))
        else:
            grouped.append((piece, [*piece.head, *piece.tokens, *piece.tail]))
    return grouped


def _read(path: Path, closing_tag: str) -> str:
    """A vendored file's text, safe to inline: its closing tag cannot end the element."""
    text = path.read_text(encoding="utf-8")
    return text.replace(closing_tag, closing_tag[:1] + "\\" + closing_tag[1:])
