"""The docs site: built strictly and offline, generated from the templates and the CLI,
with each kind's deck made by `takehome slides`, and every Mermaid diagram rendered and
every deck loaded in a real headless Chromium."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

from generator.browser import Browser, check_page, serve
from generator.deck import BACKUP_SECTIONS, pieces_of, split_sections, visible_text
from generator.docsite import gallery_pages
from generator.engine import Engine
from generator.gallery import render_examples
from generator.readme_html import first_heading, parser
from generator.reference import validation_messages
from generator.slides import DECK_HTML, DECK_PDF
from generator.template import Template
from generator.writeup import SECTIONS
from tests.conftest import (
    ENGINE,
    KINDS,
    MISSING_CHROMIUM,
    ROOT,
    SETTINGS,
    TEMPLATE,
    missing,
    needs_chromium,
    render,
    run,
)
from tests.test_slides import open_deck

DOCS = ROOT / "docs"
ARTIFACTS = Path(os.environ.get("TAKEHOME_ARTIFACTS", ROOT / "build" / "artifacts"))
"""Where the browser test leaves its screenshots (CI keeps this folder)."""

pytestmark = pytest.mark.docs


def build_site(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` into `site`; fails the test with mkdocs' own output."""
    return run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        env={"NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (DOCS / "node_modules" / "mermaid").is_dir():
        pytest.fail("the docs' browser assets are missing: run `npm ci --prefix docs` first")
    if SETTINGS.chromium is None:
        missing(f"{MISSING_CHROMIUM}, which builds the gallery's decks")
    site = tmp_path_factory.mktemp("site")
    build_site(DOCS / "mkdocs.yml", site)
    return site


def page_text(site: Path, page: str) -> str:
    """The visible text of a built page, tags dropped and entities decoded."""
    raw = (site / page).read_text(encoding="utf-8")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def shows(page: str, text: str) -> bool:
    """Whether the page shows `text`, whatever the markup and spacing in between."""
    return re.sub(r"[\s`]", "", text) in re.sub(r"[\s`]", "", page)


class AssetCollector(HTMLParser):
    """Every URL a browser would load by itself: scripts, stylesheets, fonts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "audio", "video"} and found.get("src"):
            self.urls.append(found["src"] or "")
        if (
            tag == "link"
            and found.get("href")
            and found.get("rel")
            not in {
                "canonical",
                "next",
                "prev",
                "alternate",
            }
        ):
            self.urls.append(found["href"] or "")
        if found.get("style"):
            self.urls += re.findall(r"url\(([^)]+)\)", found["style"] or "")
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += re.findall(r"url\(([^)]+)\)|@import\s+['\"]([^'\"]+)", data)


def external(url: str | tuple[str, ...]) -> bool:
    text = "".join(url) if isinstance(url, tuple) else url
    return bool(re.match(r"^\s*['\"]?(https?:)?//", text))


def test_the_site_has_a_page_and_a_gallery_entry_for_every_kind(site: Path) -> None:
    for kind in KINDS:
        assert (site / "kinds" / f"{kind}.html").is_file()
        assert (site / "gallery" / kind / "index.html").is_file()
        assert (site / "gallery" / kind / "files.html").is_file()
        assert (site / "gallery" / kind / DECK_HTML).is_file()
        assert (site / "gallery" / kind / DECK_PDF).is_file()
        gallery = (site / "gallery" / kind / "index.html").read_text(encoding="utf-8")
        assert f'href="{DECK_HTML}"' in gallery
        assert f'href="{DECK_PDF}"' in gallery
    for page in ("index", "getting-started", "writing-the-write-up", "updating", "adding-a-kind"):
        assert (site / f"{page}.html").is_file()
    home = page_text(site, "index.html")
    assert all(kind in home for kind in KINDS)
    links = (site / "index.html").read_text(encoding="utf-8")
    assert all(f'href="gallery/{kind}/{DECK_HTML}"' in links for kind in KINDS)


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 8
    offending = {}
    for page in pages:
        collector = AssetCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        if found := [url for url in collector.urls if external(url)]:
            offending[str(page.relative_to(site))] = found
    for stylesheet in site.rglob("*.css"):
        text = stylesheet.read_text(encoding="utf-8", errors="replace")
        if found := re.findall(r"@import\s+url\((https?:[^)]+)\)|url\((https?://[^)]+)\)", text):
            offending[str(stylesheet.relative_to(site))] = found
    assert offending == {}
    assert (site / "vendor" / "mermaid.min.js").stat().st_size > 100_000
    assert "iframe-worker-shim.js" in (site / "index.html").read_text(encoding="utf-8")


def test_search_index_covers_the_generated_pages(site: Path) -> None:
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"gallery/{kind}/index.html" in index
    assert "reference/cli.html" in index


def test_the_gallery_shows_what_the_templates_render_today(site: Path) -> None:
    for kind, example in render_examples(TEMPLATE, ENGINE).items():
        readme = page_text(site, f"gallery/{kind}/index.html")
        for heading in re.findall(r"^#{1,3} (.+)$", example.readme, re.MULTILINE):
            assert heading.strip() in readme, f"{kind}: {heading!r} is not in the gallery"
        files = page_text(site, f"gallery/{kind}/files.html")
        for path in example.files:
            assert Path(path).name in files, f"{kind}: {path} is missing from the tree"
        for name in example.adrs:
            assert (site / "gallery" / kind / f"adr-{Path(name).stem}.html").is_file()
        tokens = parser().parse(example.readme)
        deck = page_text(site, f"gallery/{kind}/{DECK_HTML}")
        assert shows(deck, first_heading(tokens))
        questions, _ = pieces_of(split_sections(tokens)[next(iter(BACKUP_SECTIONS))])
        assert len(questions) >= 2
        for question in questions:  # the kind's own reviewer questions, as rendered today
            text = visible_text(question.tokens)
            assert shows(deck, text), f"{kind}: {text!r} is not in the gallery's deck"


def test_a_template_change_reaches_the_gallery_with_no_other_edit(tmp_path: Path) -> None:
    copy = tmp_path / "template"
    copy.mkdir()
    shutil.copy(ROOT / "copier.yml", copy)
    shutil.copytree(ROOT / "templates", copy / "templates")
    skeleton = copy / "templates" / "_partials" / "README.md.jinja"
    skeleton.write_text(
        skeleton.read_text(encoding="utf-8").replace(
            "## Problem statement and assumptions",
            "A line that only this test writes.\n\n## Problem statement and assumptions",
        ),
        encoding="utf-8",
    )
    for example in render_examples(Template(copy), Engine.for_template(copy)).values():
        pages = gallery_pages(example)
        assert (
            "A line that only this test writes." in pages[f"gallery/{example.kind.name}/index.md"]
        )


def test_the_cli_reference_is_published(site: Path) -> None:
    """typer writes the page (tests/test_cli.py keeps it fresh); the site must show it."""
    reference = page_text(site, "reference/cli.html")
    for command in ("new", "check", "slides", "pack"):
        assert f"takehome {command}" in reference, command
    assert "--strict" in reference


def test_the_questions_reference_gives_every_rule_of_copier_yml(site: Path) -> None:
    reference = page_text(site, "reference/questions.html")
    for name, question in TEMPLATE.questions().items():
        assert name in reference
        for message in validation_messages(question.get("validator") or ""):
            assert shows(reference, message), f"{name}: {message!r} is not documented"
        choices = question.get("choices") or {}
        for value in choices.values() if isinstance(choices, dict) else choices:
            assert str(value) in reference


def test_the_write_up_guide_explains_every_section_the_checker_wants(site: Path) -> None:
    guide = page_text(site, "writing-the-write-up.html")
    for section in SECTIONS:
        assert section in guide


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser.from_settings(SETTINGS) as chromium:
        yield chromium


@needs_chromium
@pytest.mark.browser
def test_every_page_renders_every_diagram_in_a_real_browser(site: Path, browser: Browser) -> None:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    shots = ARTIFACTS / "docs-screenshots"
    shutil.rmtree(shots, ignore_errors=True)
    problems: dict[str, list[str]] = {}
    diagrams = 0
    with serve(site) as base, browser.tab() as tab:
        for page in pages:
            shot = shots / f"{page.replace('/', '__')}.png" if page.startswith("gallery/") else None
            report = check_page(tab, base + page, screenshot=shot)
            diagrams += report.blocks
            if not report.ok:
                problems[page] = report.problems()
    assert problems == {}
    assert diagrams >= 2, "the hand-written pages alone have diagrams"
    assert len(list(shots.glob("gallery__*.png"))) >= len(KINDS)


@needs_chromium
@pytest.mark.browser
def test_every_kind_has_its_deck_in_the_gallery_and_it_loads_offline(
    site: Path, browser: Browser
) -> None:
    """Loads each deck as test_slides.py does, without its slide-by-slide measurements
    (those run on fresh projects there): the deck starts, draws, and asks for nothing."""
    for kind in KINDS:
        deck = site / "gallery" / kind / DECK_HTML
        state, exceptions, outside = open_deck(browser, deck)
        assert (exceptions, outside) == ([], []), kind
        assert state["total"] == len(state["sizes"]) >= 10, kind
        assert all(size["visible"] and size["title"].strip() for size in state["sizes"]), kind
        assert state["diagrams"] >= 3, kind  # use cases, data flow, a sequence
        assert (state["errors"], state["pending"]) == (0, 0), kind
        assert len(pypdf.PdfReader(deck.with_name(DECK_PDF)).pages) == state["total"], kind


@needs_chromium
@pytest.mark.browser
def test_a_broken_diagram_fails_the_browser_check(
    site: Path, browser: Browser, tmp_path: Path
) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    home = broken / "index.html"
    text = home.read_text(encoding="utf-8")
    home.write_text(
        text.replace(
            '<pre class="mermaid">',
            '<pre class="mermaid"><code>flowchart LR\n  a --&gt; b[never closed</code></pre>\n'
            '<pre class="mermaid">',
            1,
        ),
        encoding="utf-8",
    )
    with serve(broken) as base, browser.tab() as tab:
        report = check_page(tab, base + "index.html", settle=10)
    assert not report.ok
    assert report.blocks == report.rendered + 1
    assert any("Parse error" in problem for problem in report.problems())


@pytest.mark.parametrize("kind", KINDS)
def test_a_project_with_docs_site_builds_its_own_site_strictly(kind: str, tmp_path: Path) -> None:
    project = render(tmp_path / "project", kind, docs_site=True)
    build_site(project / "mkdocs.yml", tmp_path / "site")
    home = page_text(tmp_path / "site", "index.html")
    assert "Reviewer quick start" in home
    assert "actions/workflows" not in (tmp_path / "site" / "index.html").read_text("utf-8")


def test_a_project_without_docs_site_has_no_site(tmp_path: Path) -> None:
    project = render(tmp_path / "project", KINDS[0])
    assert not (project / "mkdocs.yml").exists()
    assert not (project / "docs" / "index.md").exists()
