"""`takehome slides`: the write-up as a reveal.js deck that works offline, and its PDF.

The planner is tested on Markdown written here; the decks of every kind are built from
a fresh render and checked in headless Chromium by this file's own scripts, not by the
measurement the command itself uses: every slide renders, every diagram drew, nothing
overflows a slide, no request leaves the machine, and the PDF has one page per slide.
"""

from __future__ import annotations

import base64
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from typer.testing import CliRunner

from generator.browser import Browser, serve
from generator.cli import app
from generator.deck import (
    BACKUP_SECTIONS,
    MAIN_SECTIONS,
    blocks,
    plan_deck,
    split_sections,
    visible_text,
)
from generator.readme_html import parser
from generator.slides import REVEAL_FILES, DeckResult, build_slides
from generator.writeup import CANDIDATE_PROMPT, SECTIONS
from tests.conftest import KINDS, SETTINGS, Render, needs_rendering

REVEAL = all((SETTINGS.reveal_dir / name).is_file() for name in REVEAL_FILES)
needs_reveal = pytest.mark.needs(REVEAL, "reveal.js (`npm ci --prefix docs`)")


def plan(markdown: str, budgets: dict[str, float] | None = None) -> Any:
    return plan_deck(parser().parse(markdown), budgets)


def test_every_section_of_the_deck_is_a_section_of_the_write_up() -> None:
    assert set(MAIN_SECTIONS) | set(BACKUP_SECTIONS) <= set(SECTIONS)
    order = [SECTIONS.index(name) for name in MAIN_SECTIONS]
    assert order == sorted(order)
    assert list(BACKUP_SECTIONS) == [SECTIONS[-1]]


def test_the_deck_opens_with_the_title_and_pitch_and_ends_with_the_backup_questions() -> None:
    deck = plan(
        "# Fraud scorer\n\nScores card payments in 5 ms.\n\n[![CI](badge.svg)](ci)\n\n"
        "## Questions a reviewer may ask\n\n**Why gRPC?**\n\nBecause.\n\n"
        "## Use cases\n\nOne use case.\n"
    )
    titles = [slide.title for slide in deck.slides]
    assert titles == ["Fraud scorer", "Use cases", "Backup", "Questions a reviewer may ask"]
    title_slide = deck.slides[0]
    assert [piece.kind for piece in title_slide.pieces] == ["lead"]  # the badge is left out


def test_a_long_section_is_cut_into_slides_between_rows_and_items_not_shrunk() -> None:
    rows = "\n".join(f"| `module_{n}.py` | does job number {n} |" for n in range(40))
    items = "\n".join(f"- point {n}" for n in range(30))
    deck = plan(f"# T\n\n## Architecture\n\n| module | job |\n| --- | --- |\n{rows}\n\n{items}\n")
    slides = deck.slides[1:]
    assert len(slides) >= 3
    assert [s.title for s in slides] == [
        f"Architecture ({n}/{len(slides)})" for n in range(1, len(slides) + 1)
    ]
    shown_rows = [p for s in slides for p in s.pieces if p.kind == "table"]
    shown_items = [p for s in slides for p in s.pieces if p.kind == "list"]
    assert (len(shown_rows), len(shown_items)) == (40, 30)  # every row and item, once
    assert all(s.lines <= 18 for s in slides)


def test_the_line_that_introduces_a_list_moves_with_it_to_the_next_slide() -> None:
    first = "\n".join(f"- first point {n}" for n in range(12))
    second = "\n".join(f"- second point {n}" for n in range(8))
    deck = plan(f"# T\n\n## Use cases\n\n{first}\n\nThe others:\n\n{second}\n")
    kinds = [[piece.kind for piece in slide.pieces] for slide in deck.slides[1:]]
    assert kinds == [["list"] * 12, ["prose"] + ["list"] * 8]


def test_a_lower_budget_makes_more_slides() -> None:
    items = "\n".join(f"- point number {n} of a long list" for n in range(30))
    markdown = f"# T\n\n## Architecture\n\n{items}\n"
    assert len(plan(markdown, {"Architecture": 8}).slides) > len(plan(markdown).slides)


def test_a_paragraph_too_long_for_a_slide_becomes_speaker_notes() -> None:
    long = "The candidate explains a subtle trade-off at length. " * 60
    deck = plan(f"# T\n\n## Decisions and trade-offs\n\n- chose A over B\n\n{long}\n")
    slide = deck.slides[1]
    assert [piece.kind for piece in slide.pieces] == ["list"]
    assert [piece.kind for piece in slide.notes] == ["prose"]


def test_each_diagram_gets_its_own_slide_with_the_line_that_introduces_it() -> None:
    deck = plan(
        "# T\n\n## Sequence diagrams\n\nThe happy path:\n\n```mermaid\nsequenceDiagram\n"
        "    a->>b: hi\n```\n\nA failure path:\n\n```mermaid\nsequenceDiagram\n    a->>b: no\n```\n"
    )
    diagrams = [s for s in deck.slides if s.kind == "diagram"]
    assert [[p.kind for p in s.pieces] for s in diagrams] == [["prose", "diagram"]] * 2


def test_template_notes_and_open_prompts_are_left_out_and_counted() -> None:
    deck = plan(
        "# T\n\n## Use cases\n\n> 🧩 **Template example:** takehome wrote this.\n\n"
        "Real text.\n\n> ✍️ **Candidate:** write this.\n\n> A quote the candidate wrote.\n"
    )
    assert deck.prompts_left_out == 2
    assert [p.kind for p in deck.slides[1].pieces] == ["prose", "quote"]


def test_slides_without_a_readme_fails_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["slides", str(tmp_path)])
    assert result.exit_code == 1
    assert "README.md does not exist" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


# --- The reviewer's questions, in every kind ----------------------------------------------

QUESTIONS = next(iter(BACKUP_SECTIONS))


def reviewer_questions(readme: str) -> list[tuple[str, int]]:
    """Each question of the README's reviewer section, with the line (1-based) of the
    candidate prompt right under it; 0 where there is none."""
    section = split_sections(parser().parse(readme))[QUESTIONS]
    found: list[tuple[str, int]] = []
    parts = blocks(section)
    for block, after in zip(parts, [*parts[1:], []], strict=True):
        source = block[1].content.strip() if block[0].type == "paragraph_open" else ""
        if not (source.startswith("**") and source.endswith("?**")):
            continue
        text = visible_text(block).strip()
        prompt = bool(after) and CANDIDATE_PROMPT.replace("**", "") in visible_text(after)
        found.append((text, after[0].map[0] + 1 if prompt and after[0].map else 0))
    return found


def test_every_kind_asks_its_own_reviewer_questions_each_with_a_prompt_and_in_the_backup(
    default_projects: dict[str, Path],
) -> None:
    """Two questions every kind shares, and at least three of the kind's own."""
    asked = {
        kind: reviewer_questions((project / "README.md").read_text(encoding="utf-8"))
        for kind, project in default_projects.items()
    }
    for kind, questions in asked.items():
        texts = {text for text, _ in questions}
        others = set().union(*({t for t, _ in q} for k, q in asked.items() if k != kind))
        assert len(texts - others) >= 3, f"{kind} asks fewer than 3 questions of its own"
        assert all(line for _, line in questions), f"{kind}: a question has no prompt"
        readme = (default_projects[kind] / "README.md").read_text(encoding="utf-8")
        deck = plan_deck(parser().parse(readme))
        backup = [s.title for s in deck.slides].index("Backup")
        shown = " ".join(
            visible_text(piece.tokens) for s in deck.slides[backup + 1 :] for piece in s.pieces
        )
        assert all(s.section == QUESTIONS for s in deck.slides[backup + 1 :])
        assert all(text in shown for text in texts), f"{kind}: a question is not in the deck"


@pytest.mark.parametrize("kind", KINDS)
def test_check_strict_fails_until_each_reviewer_question_is_answered(
    render_kind: Render, kind: str
) -> None:
    """On the placeholder project (`example: false`), as a candidate starts their own."""
    project = render_kind(kind, example=False)
    readme = project / "README.md"
    questions = reviewer_questions(readme.read_text(encoding="utf-8"))
    prompts = {line for _, line in questions}
    assert len(questions) >= 5 and 0 not in prompts

    def unanswered() -> set[int]:
        result = CliRunner().invoke(app, ["check", "--strict", str(project)])
        output = " ".join(result.output.split())
        assert result.exit_code == 1  # the placeholder's other prompts are open too
        return {
            line for line in prompts if f"README.md:{line}: a candidate prompt is still" in output
        }

    assert unanswered() == prompts
    lines = readme.read_text(encoding="utf-8").split("\n")
    for line in prompts:
        lines[line - 1] = "I would measure it first, then decide."
    readme.write_text("\n".join(lines), encoding="utf-8")
    assert unanswered() == set()


# --- In a real browser -------------------------------------------------------------------

DECK_STATE = """async () => {
  const { width, height } = Reveal.getConfig();
  const slides = Reveal.getSlides();
  const sizes = [];
  const notes = [];
  const texts = [];
  for (const [index, slide] of slides.entries()) {
    Reveal.slide(index);
    await new Promise(requestAnimationFrame);
    const style = getComputedStyle(slide);
    sizes.push({
      title: (slide.querySelector("h1, h2") || {}).textContent || "",
      visible: style.display !== "none" && slide.getBoundingClientRect().height > 0,
      height: slide.scrollHeight,
      width: slide.scrollWidth,
      svgs: slide.querySelectorAll("figure.diagram > svg").length,
    });
    notes.push(Reveal.getSlideNotes(slide) || "");
    const shown = slide.cloneNode(true);
    shown.querySelectorAll("aside.notes").forEach((aside) => aside.remove());
    texts.push(shown.textContent);
  }
  return {
    width, height, sizes, notes, texts,
    total: Reveal.getTotalSlides(),
    diagrams: document.querySelectorAll("figure.diagram > svg").length,
    errors: document.querySelectorAll('svg[aria-roledescription="error"]').length,
    pending: document.querySelectorAll("pre.mermaid, code.language-mermaid").length,
  };
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser.from_settings(SETTINGS) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def decks(
    default_projects: dict[str, Path], browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, DeckResult]:
    """Each kind's deck, built once from a fresh render with default answers."""
    out = tmp_path_factory.mktemp("decks")
    return {
        kind: build_slides(project, out / kind, SETTINGS, browser)
        for kind, project in default_projects.items()
    }


def open_deck(browser: Browser, deck: Path) -> tuple[dict[str, Any], list[str], list[str]]:
    """Load the deck as a person would; its state, script errors and outside requests."""
    with serve(deck.parent) as base, browser.tab() as tab:
        tab.page.set_viewport_size({"width": 1280, "height": 720})
        tab.open(base + deck.name)
        tab.page.wait_for_function("() => typeof Reveal !== 'undefined' && Reveal.isReady()")
        state: dict[str, Any] = tab.page.evaluate(DECK_STATE)
        return state, list(tab.exceptions), list(tab.external_requests)


@needs_rendering
@needs_reveal
@pytest.mark.browser
@pytest.mark.parametrize("kind", KINDS)
def test_every_slide_renders_fits_and_draws_its_diagrams_offline(
    decks: dict[str, DeckResult], default_projects: dict[str, Path], browser: Browser, kind: str
) -> None:
    deck = decks[kind]
    state, exceptions, outside = open_deck(browser, deck.html)
    assert outside == []
    assert exceptions == []
    assert state["total"] == deck.slides == len(state["sizes"])
    readme = (default_projects[kind] / "README.md").read_text(encoding="utf-8")
    sections = split_sections(parser().parse(readme))
    fences = [
        token
        for name in [*MAIN_SECTIONS, *BACKUP_SECTIONS]
        for token in sections.get(name, [])
        if token.type == "fence" and token.info.strip() == "mermaid"
    ]
    assert len(fences) >= 3  # use cases, data flow, a sequence: what `check` requires
    assert state["diagrams"] == len(fences)
    assert (state["errors"], state["pending"]) == (0, 0)
    for number, size in enumerate(state["sizes"], start=1):
        where = f"slide {number} ({size['title']})"
        assert size["visible"], f"{where} is not shown"
        assert size["title"].strip(), f"{where} has no title"
        assert size["height"] <= state["height"], f"{where} overflows: {size['height']} px"
        assert size["width"] <= state["width"], f"{where} is too wide: {size['width']} px"
    titles = {size["title"].split(" (")[0] for size in state["sizes"]}
    assert {*MAIN_SECTIONS.values(), *BACKUP_SECTIONS.values()} <= titles
    assert deck.overflows == []


@needs_rendering
@needs_reveal
@pytest.mark.browser
@pytest.mark.parametrize("kind", KINDS)
def test_the_pdf_has_one_page_per_slide(decks: dict[str, DeckResult], kind: str) -> None:
    deck = decks[kind]
    pages = len(pypdf.PdfReader(deck.pdf).pages)
    assert pages == deck.slides == deck.pdf_pages
    first = pypdf.PdfReader(deck.pdf).pages[0]
    assert float(first.mediabox.width) > float(first.mediabox.height)  # landscape, 16:9-ish


LONG_PROSE = "I weighed batching against latency and chose to keep one request per call. " * 30


def tiny_png() -> bytes:
    """A valid 2x2 red PNG, written out by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@needs_rendering
@needs_reveal
@pytest.mark.browser
def test_plots_are_inlined_outside_images_not_fetched_and_long_prose_is_spoken(
    default_projects: dict[str, Path], browser: Browser, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(default_projects["model-training"], project)
    (project / "docs").mkdir(exist_ok=True)
    (project / "docs/loss_curve.png").write_bytes(tiny_png())
    readme = project / "README.md"
    text = readme.read_text(encoding="utf-8").replace(
        "## Testing strategy\n",
        "## Testing strategy\n\n![Loss curve](docs/loss_curve.png)\n\n"
        "![Remote plot](https://example.com/plot.png)\n\n" + LONG_PROSE + "\n",
    )
    readme.write_text(text, encoding="utf-8")
    deck = build_slides(project, tmp_path / "out", SETTINGS, browser)
    html = deck.html.read_text(encoding="utf-8")
    assert "data:image/png;base64," + base64.b64encode(tiny_png()).decode() in html
    assert "https://example.com/plot.png" not in html
    state, exceptions, outside = open_deck(browser, deck.html)
    assert (outside, exceptions) == ([], [])
    assert len(pypdf.PdfReader(deck.pdf).pages) == deck.slides == state["total"]
    assert LONG_PROSE.strip() in " ".join(state["notes"])  # said, not shown
    assert all(LONG_PROSE.strip() not in shown for shown in state["texts"])


@needs_rendering
@needs_reveal
@pytest.mark.browser
def test_a_slide_that_cannot_fit_is_named_and_the_command_fails(tmp_path: Path) -> None:
    cell = "a module with a very long job description that goes on " * 80
    (tmp_path / "README.md").write_text(
        f"# T\n\nPitch.\n\n## Architecture\n\n| module | job |\n| --- | --- |\n"
        f"| `a.py` | {cell} |\n",
        encoding="utf-8",
    )
    # A process of its own: this module's browser holds Playwright in this one.
    result = subprocess.run(
        [sys.executable, "-m", "generator", "slides", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    output = " ".join(result.stderr.split())
    assert "slide 2 (Architecture) does not fit" in output
    assert "1 slide(s) do not fit" in output
