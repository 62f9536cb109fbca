"""Render Mermaid diagrams in a real headless Chromium, with nothing leaving the machine.

One browser process is driven over the DevTools protocol on a pipe (no extra package,
no debugging port). Pages are served from 127.0.0.1, every other host name fails to
resolve, and every request is recorded, so a page that reaches for a CDN is caught.
The docs tests load each page of the built site with it; `takehome check --render`
uses it to render the diagrams of a project's README.
"""

from __future__ import annotations

import base64
import html
import json
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from generator.writeup import Finding

CHROMIUM_ENV = "TAKEHOME_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MERMAID_ENV = "TAKEHOME_MERMAID_JS"
MERMAID_JS = (
    Path(__file__).resolve().parent.parent / "docs/node_modules/mermaid/dist/mermaid.min.js"
)
LOCAL_HOSTS = frozenset({"127.0.0.1"})
LOCAL_SCHEMES = frozenset({"about", "data", "blob"})

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
    "--window-size=1280,900",
    # Only 127.0.0.1 resolves: a page that reaches for a CDN fails, and is reported.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--remote-debugging-pipe",
)

OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, { ...init, mode: "open" });
  };
  document.addEventListener("DOMContentLoaded", () => {
    window.__takehomeBlocks = document.querySelectorAll("pre.mermaid").length;
  }, { capture: true, once: true });
})();
"""
"""Injected before any page script: mkdocs-material draws each diagram into a closed
shadow root, which this opens to the test, and the Mermaid blocks are counted before
the theme starts replacing them."""

DIAGRAM_STATE = """
(() => {
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
})()
"""

RENDER_EACH = """
mermaid.initialize({ startOnLoad: false });
window.__takehomeResults = (async () => {
  const results = [];
  for (const [index, block] of [...document.querySelectorAll("pre.diagram")].entries()) {
    try {
      const { svg } = await mermaid.render(`diagram${index}`, block.textContent);
      const failed = svg.includes('aria-roledescription="error"');
      results.push(failed ? "rendered as an error diagram" : "");
    } catch (error) {
      results.push(String((error && error.message) || error));
    }
  }
  return results;
})();
"""


class RenderError(RuntimeError):
    """The browser or the diagram library is missing, or the browser misbehaved."""


def find_chromium() -> str | None:
    """The Chromium to use: $TAKEHOME_CHROMIUM, else the first known name on PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        return shutil.which(configured)
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def mermaid_js() -> Path:
    """The vendored mermaid.min.js: $TAKEHOME_MERMAID_JS, else the docs' npm folder."""
    path = Path(os.environ.get(MERMAID_ENV) or MERMAID_JS)
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
        return (
            self.rendered == self.blocks
            and not self.errors
            and not self.pending
            and not self.exceptions
            and not self.external_requests
        )

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
    """A headless Chromium driven over the DevTools protocol on a pipe."""

    def __init__(self, executable: str | None = None, *, timeout: float = 30) -> None:
        executable = executable or find_chromium()
        if not executable:
            raise RenderError(
                "No Chromium found: install it (Debian: `apt-get install chromium`) or set "
                f"{CHROMIUM_ENV} to the browser's path."
            )
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="takehome-chromium-")
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()

        def wire_pipes() -> None:
            # The DevTools pipe is fixed: the browser reads fd 3 and writes fd 4.
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        self._process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=wire_pipes,  # noqa: PLW1509 - no threads hold locks at this point
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._process.poll() is None:
            try:
                self.send("Browser.close")
            except RenderError:
                self._process.kill()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        for fd in (self._read, self._write):
            with suppress(OSError):
                os.close(fd)
        self._profile.cleanup()

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str = ""
    ) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RenderError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def events(self, session: str, method: str) -> list[dict[str, Any]]:
        return [
            event["params"]
            for event in self._events
            if event.get("sessionId") == session and event["method"] == method
        ]

    def wait_for(self, session: str, method: str, deadline: float) -> bool:
        """Wait until an event of `method` arrived for `session`; False on timeout."""
        while not self.events(session, method):
            try:
                event = self._receive(deadline)
            except TimeoutError:
                return False
            if "method" in event:
                self._events.append(event)
        return True

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the browser did not answer in time")
            ready, _, _ = select.select([self._read], [], [], left)
            if ready:
                chunk = os.read(self._read, 1 << 20)
                if not chunk:
                    raise RenderError("the browser exited")
                self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    @contextmanager
    def tab(self) -> Iterator[Tab]:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        try:
            yield Tab(self, session)
        finally:
            self.send("Target.closeTarget", {"targetId": target})
            self.forget(session)

    def forget(self, session: str) -> None:
        """Drop the events kept for `session`, before a new page load."""
        self._events = [e for e in self._events if e.get("sessionId") != session]


class Tab:
    """One page of the browser."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": OPEN_SHADOW_ROOTS})

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def open(self, url: str) -> None:
        """Load `url` and wait for its load event."""
        self.browser.forget(self.session)
        self.send("Page.navigate", {"url": url})
        deadline = time.monotonic() + self.browser.timeout
        if not self.browser.wait_for(self.session, "Page.loadEventFired", deadline):
            raise RenderError(f"{url} did not finish loading")

    def evaluate(self, expression: str, *, wait: bool = False) -> Any:  # noqa: ANN401 - JSON
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": wait},
        )
        if "exceptionDetails" in result:
            raise RenderError(_exception_text(result["exceptionDetails"]))
        return result["result"].get("value")

    def exceptions(self) -> list[str]:
        return [
            _exception_text(event["exceptionDetails"])
            for event in self.browser.events(self.session, "Runtime.exceptionThrown")
        ]

    def external_requests(self) -> list[str]:
        urls = [
            event["request"]["url"]
            for event in self.browser.events(self.session, "Network.requestWillBeSent")
        ]
        return [url for url in urls if not _is_local(url)]

    def screenshot(self, path: Path) -> None:
        """Save the whole page, not only the window, as a PNG."""
        size = self.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        shot = self.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "clip": clip},
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))


def check_page(
    tab: Tab, url: str, *, screenshot: Path | None = None, settle: float = 15
) -> PageReport:
    """Load one page of an mkdocs-material site and report how its diagrams rendered."""
    tab.open(url)
    deadline = time.monotonic() + settle
    state: dict[str, int] = {}
    while time.monotonic() < deadline:
        state = tab.evaluate(DIAGRAM_STATE)
        done = state["rendered"] + state["errors"] >= state["blocks"]
        if done or (tab.exceptions() and state["pending"]):
            break
        time.sleep(0.05)
    if screenshot is not None:
        tab.screenshot(screenshot)
    return PageReport(
        url=url,
        exceptions=tab.exceptions(),
        external_requests=tab.external_requests(),
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


def render_diagrams(diagrams: list[Diagram], browser: Browser | None = None) -> list[str]:
    """Render each diagram with Mermaid in the browser: "" where it rendered, else why not."""
    if not diagrams:
        return []
    script = mermaid_js()
    with tempfile.TemporaryDirectory(prefix="takehome-render-") as folder:
        shutil.copy(script, Path(folder) / "mermaid.min.js")
        blocks = "\n".join(f'<pre class="diagram">{html.escape(d.source)}</pre>' for d in diagrams)
        (Path(folder) / "index.html").write_text(
            '<!doctype html><meta charset="utf-8"><title>diagrams</title>\n'
            f'<script src="mermaid.min.js"></script>\n{blocks}\n<script>{RENDER_EACH}</script>\n',
            encoding="utf-8",
        )
        with serve(Path(folder)) as base, _browser(browser) as chromium, chromium.tab() as tab:
            tab.open(base + "index.html")
            results = tab.evaluate("window.__takehomeResults", wait=True)
            outside = tab.external_requests()
    if outside:
        raise RenderError(f"rendering tried to leave the machine: {', '.join(outside)}")
    return list(results)


@contextmanager
def _browser(browser: Browser | None) -> Iterator[Browser]:
    if browser is not None:
        yield browser
        return
    with Browser() as own:
        yield own


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


def _exception_text(details: dict[str, Any]) -> str:
    exception = details.get("exception") or {}
    return str(exception.get("description") or details.get("text", "unknown error")).split("\n")[0]


def readme_render_findings(project: Path) -> list[Finding]:
    """Each Mermaid diagram of the project's README that Mermaid cannot render, and why."""
    readme = project / "README.md"
    if not readme.is_file():
        return []
    diagrams = mermaid_blocks(readme.read_text(encoding="utf-8"))
    return [
        Finding(diagram.line, f"the Mermaid diagram does not render: {_one_line(problem)}")
        for diagram, problem in zip(diagrams, render_diagrams(diagrams), strict=True)
        if problem
    ]


def _one_line(message: str) -> str:
    """Mermaid's parse errors span lines (the text, a caret, what was expected)."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return " ".join([lines[0], lines[-1]]) if len(lines) > 1 else message
