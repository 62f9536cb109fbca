"""Headless Chromium, with nothing leaving the machine, and Mermaid diagrams drawn in it.

Playwright drives the browser. Pages are served from 127.0.0.1; every request to any
other host is blocked and recorded, so a page that reaches for a CDN is caught.
The docs tests load each page of the built site with it; `takehome check --render`
uses it to render the diagrams of a project's README.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt

from generator.settings import CHROMIUM_ENV, MERMAID_ENV, Settings
from generator.writeup import Finding

if TYPE_CHECKING:
    from playwright.sync_api import Error, Page, Route

LEAVES_THE_MACHINE = re.compile(r"^(?!(https?://127\.0\.0\.1[:/]|about:|data:|blob:))")
"""Every URL but the local server's; matched by Playwright itself, not per request here."""
CHROMIUM_ARGS = (
    "--disable-gpu",
    # Requests are blocked by route already; this keeps any that escape it on the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
"""On top of Playwright's own headless flags (no sandbox, no background networking)."""

OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, { ...init, mode: "open" });
};
document.addEventListener("DOMContentLoaded", () => {
  window.__takehomeBlocks = document.querySelectorAll("pre.mermaid").length;
}, { capture: true, once: true });
"""
"""Run before any page script: mkdocs-material draws each diagram into a closed shadow
root, which this opens to the check, and the Mermaid blocks are counted before the
theme starts replacing them."""

DIAGRAM_STATE = """() => {
  const isError = (svg) => svg.getAttribute("aria-roledescription") === "error";
  const hosts = [...document.querySelectorAll("div.mermaid")];
  const svgs = hosts.map((host) => host.shadowRoot && host.shadowRoot.querySelector("svg"));
  return {
    blocks: window.__takehomeBlocks ?? 0,
    rendered: svgs.filter((svg) => svg && !isError(svg)).length,
    errors: svgs.filter((svg) => svg && isError(svg)).length
      + document.querySelectorAll('body > div svg[aria-roledescription="error"]').length,
    pending: document.querySelectorAll("pre.mermaid").length,
  };
}"""

RENDER_EACH = """async (sources) => {
  if (typeof mermaid === "undefined") return null;
  mermaid.initialize({ startOnLoad: false });
  const results = [];
  for (const [index, source] of sources.entries()) {
    try {
      const { svg } = await mermaid.render(`diagram${index}`, source);
      const failed = svg.includes('aria-roledescription="error"');
      results.push({ svg, problem: failed ? "rendered as an error diagram" : "" });
    } catch (error) {
      results.push({ svg: "", problem: String((error && error.message) || error) });
    }
  }
  return results;
}"""
"""Each diagram drawn by Mermaid: its svg, and why it failed ("" where it did not)."""


class RenderError(RuntimeError):
    """The browser or the diagram library is missing, or the browser misbehaved."""


def mermaid_js(path: Path) -> Path:
    """The vendored mermaid.min.js at `path` (see generator.settings), or why it is missing."""
    if not path.is_file():
        raise RenderError(
            f"Mermaid is not at {path}: run `npm ci --prefix docs` in the takehome checkout, "
            f"or set {MERMAID_ENV} to a mermaid.min.js (Mermaid 11)."
        )
    return path


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1; yields the base URL."""
    handler = partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are checked by the browser's own record, not logged."""


@dataclass
class PageReport:
    """What one page did in the browser."""

    url: str
    blocks: int = 0
    rendered: int = 0
    errors: int = 0
    pending: int = 0
    exceptions: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems()

    def problems(self) -> list[str]:
        found = []
        if self.rendered != self.blocks or self.pending or self.errors:
            found.append(
                f"{self.rendered} of {self.blocks} Mermaid diagram(s) rendered "
                f"({self.pending} left unprocessed, {self.errors} error diagram(s))"
            )
        found += [f"script error: {message}" for message in self.exceptions]
        found += [f"request leaving the machine: {url}" for url in self.external_requests]
        return found


class Browser:
    """One headless Chromium, launched once and shared by every page it checks."""

    def __init__(
        self, executable: str | None, mermaid: Path | None = None, *, timeout: float = 30
    ) -> None:
        self.mermaid = mermaid
        """The mermaid.min.js that `draw_diagrams` loads (checked when it is needed)."""
        if not executable:
            raise RenderError(
                "No Chromium found: install it (Debian: `apt-get install chromium`) or set "
                f"{CHROMIUM_ENV} to the browser's path."
            )
        try:
            from playwright.sync_api import Error, sync_playwright  # noqa: PLC0415 - an extra
        except ImportError as error:
            raise RenderError(
                "Playwright is missing: install `takehome[render]`, or `pip install "
                "playwright` (it drives the Chromium on this machine and downloads nothing)."
            ) from error
        self.timeout = timeout
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, timeout=timeout * 1000
            )
        except Error as error:
            self._playwright.stop()
            raise RenderError(
                f"{executable} did not start: {_first_line(error.message)}"
            ) from error

    @classmethod
    def from_settings(cls, settings: Settings) -> Browser:
        return cls(settings.chromium, settings.mermaid_js)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()

    @contextmanager
    def tab(self) -> Iterator[Tab]:
        context = self._browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(self.timeout * 1000)
        context.add_init_script(OPEN_SHADOW_ROOTS)
        try:
            yield Tab(context.new_page())
        finally:
            context.close()


class Tab:
    """One page of the browser; records script errors and blocked requests per load."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.exceptions: list[str] = []
        self.external_requests: list[str] = []
        page.on("pageerror", self._record_exception)
        page.route(LEAVES_THE_MACHINE, self._block)

    def open(self, url: str) -> None:
        """Load `url` and wait for its load event."""
        self.exceptions.clear()
        self.external_requests.clear()
        self.page.goto(url)

    def _record_exception(self, error: Error) -> None:
        self.exceptions.append(_first_line(error.stack or error.message))

    def _block(self, route: Route) -> None:
        self.external_requests.append(route.request.url)
        route.abort("blockedbyclient")


def check_page(
    tab: Tab, url: str, *, screenshot: Path | None = None, settle: float = 15
) -> PageReport:
    """Load one page of an mkdocs-material site and report how its diagrams rendered."""
    tab.open(url)
    deadline = time.monotonic() + settle
    state: dict[str, Any] = tab.page.evaluate(DIAGRAM_STATE)
    while time.monotonic() < deadline:
        done = state["rendered"] + state["errors"] >= state["blocks"]
        if done or (tab.exceptions and state["pending"]):
            break
        tab.page.wait_for_timeout(50)  # lets the page's events reach the tab meanwhile
        state = tab.page.evaluate(DIAGRAM_STATE)
    if screenshot is not None:
        tab.page.screenshot(path=screenshot, full_page=True)
    return PageReport(
        url=url,
        exceptions=list(tab.exceptions),
        external_requests=list(tab.external_requests),
        **state,
    )


@dataclass(frozen=True)
class Diagram:
    """One Mermaid block of a Markdown file, with the line its fence opens on."""

    line: int
    source: str


def mermaid_blocks(markdown: str) -> list[Diagram]:
    return [
        Diagram((token.map[0] + 1) if token.map else 0, token.content)
        for token in MarkdownIt("commonmark").parse(markdown)
        if token.type == "fence" and token.info.strip() == "mermaid"
    ]


@dataclass(frozen=True)
class Drawing:
    """One diagram as Mermaid drew it: the svg, or why it could not ("" when it could)."""

    svg: str
    problem: str


def draw_diagrams(diagrams: list[Diagram], browser: Browser) -> list[Drawing]:
    """Draw each diagram with the browser's pinned Mermaid, in order."""
    if not diagrams:
        return []
    if browser.mermaid is None:
        raise RenderError(f"No Mermaid was given: set {MERMAID_ENV} to a mermaid.min.js.")
    script = mermaid_js(browser.mermaid)
    with serve(script.parent) as base, browser.tab() as tab:
        tab.page.set_content('<!doctype html><meta charset="utf-8"><title>diagrams</title>')
        tab.page.add_script_tag(url=base + script.name)
        results: list[dict[str, str]] | None = tab.page.evaluate(
            RENDER_EACH, [d.source for d in diagrams]
        )
        outside = tab.external_requests
    if results is None:
        raise RenderError(f"{script} is not Mermaid: set {MERMAID_ENV} to a mermaid.min.js.")
    if outside:
        raise RenderError(f"rendering tried to leave the machine: {', '.join(outside)}")
    return [Drawing(**result) for result in results]


def render_diagrams(diagrams: list[Diagram], browser: Browser) -> list[str]:
    """Render each diagram with Mermaid in the browser: "" where it rendered, else why not."""
    return [drawing.problem for drawing in draw_diagrams(diagrams, browser)]


def _first_line(text: str) -> str:
    return text.strip().split("\n")[0]


def readme_render_findings(project: Path, settings: Settings) -> list[Finding]:
    """Each Mermaid diagram of the project's README that Mermaid cannot render, and why."""
    readme = project / "README.md"
    if not readme.is_file():
        return []
    diagrams = mermaid_blocks(readme.read_text(encoding="utf-8"))
    if not diagrams:
        return []
    mermaid_js(settings.mermaid_js)
    with Browser.from_settings(settings) as browser:
        problems = render_diagrams(diagrams, browser)
    return [
        Finding(diagram.line, f"the Mermaid diagram does not render: {_one_line(problem)}")
        for diagram, problem in zip(diagrams, problems, strict=True)
        if problem
    ]


def _one_line(message: str) -> str:
    """Mermaid's parse errors span lines (the text, a caret, what was expected)."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return " ".join([lines[0], lines[-1]]) if len(lines) > 1 else message
