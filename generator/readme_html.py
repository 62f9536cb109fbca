"""A project's README as self-contained HTML: diagrams drawn to inline SVG, images inlined.

Shared by `takehome slides` (one fragment per slide) and `takehome pack` (one page for
reviewers who read offline). Nothing in the output asks the network for anything: raw
HTML in the Markdown is shown as text, Mermaid blocks become the svg Mermaid drew, and
images in the project become data URIs; an image from elsewhere is replaced by its text.
"""

from __future__ import annotations

import base64
import html
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from generator.browser import Browser, Diagram, RenderError, draw_diagrams

INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"})


def parser() -> MarkdownIt:
    """CommonMark with tables, as GitHub reads a README; raw HTML stays text."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass
class Readme:
    """A README parsed once, with its diagrams drawn, ready to render to HTML in parts."""

    project: Path
    tokens: list[Token]
    svgs: dict[int, str]
    """The svg of each Mermaid fence, by the fence's first line (0-based)."""

    def html(self, tokens: Sequence[Token]) -> str:
        """HTML of a run of block tokens from `self.tokens`."""
        return _Renderer(self).render(list(tokens), parser().options, {})

    def fence(self, token: Token) -> str:
        """A Mermaid fence as the svg Mermaid drew; other code as a code block."""
        line = token.map[0] if token.map else -1
        if token.info.strip() == "mermaid" and line in self.svgs:
            return f'<figure class="diagram">{self.svgs[line]}</figure>\n'
        code = html.escape(token.content)
        language = token.info.strip().split(" ")[0]
        attribute = f' class="language-{html.escape(language)}"' if language else ""
        return f"<pre><code{attribute}>{code}</code></pre>\n"

    def image(self, token: Token) -> str:
        """An image of the project as a data URI; any other image as its text."""
        alt = html.escape(token.content)
        data = image_data_uri(self.project, str(token.attrGet("src") or ""))
        return f'<img src="{data}" alt="{alt}">' if data else f'<span class="alt">{alt}</span>'


class _Renderer(RendererHTML):
    """markdown-it's HTML renderer, drawing fences and images the README's way."""

    def __init__(self, readme: Readme) -> None:
        super().__init__()
        self.readme = readme

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return self.readme.fence(tokens[idx])

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        return self.readme.image(tokens[idx])


def image_data_uri(project: Path, src: str) -> str | None:
    """A data URI of an image file inside the project; None for anything else."""
    if not src or ":" in src.split("/", maxsplit=1)[0] or src.startswith(("/", "#")):
        return None
    path = (project / src.split("#", maxsplit=1)[0].split("?", maxsplit=1)[0]).resolve()
    kind = mimetypes.guess_type(path.name)[0]
    if kind not in INLINE_TYPES or not path.is_file() or not path.is_relative_to(project.resolve()):
        return None
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def load_readme(project: Path, browser: Browser) -> Readme:
    """Parse the project's README.md and draw its diagrams; a diagram that fails is an error."""
    path = project / "README.md"
    if not path.is_file():
        raise RenderError(f"{path} does not exist: there is no write-up to render")
    tokens = parser().parse(path.read_text(encoding="utf-8"))
    fences = [t for t in tokens if t.type == "fence" and t.info.strip() == "mermaid" and t.map]
    diagrams = [Diagram(t.map[0] + 1, t.content) for t in fences if t.map]
    svgs: dict[int, str] = {}
    for diagram, drawing in zip(diagrams, draw_diagrams(diagrams, browser), strict=True):
        if drawing.problem:
            raise RenderError(
                f"README.md:{diagram.line}: a Mermaid diagram does not render: "
                "`takehome check --render` says why"
            )
        svgs[diagram.line - 1] = drawing.svg
    return Readme(project, tokens, svgs)


PAGE_STYLE = """
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
pre { background: #f4f4f4; padding: .75rem; overflow-x: auto; }
code { font-family: ui-monospace, monospace; font-size: .9em; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .3rem .6rem; }
blockquote { border-left: 4px solid #ccc; margin-left: 0; padding-left: 1rem; color: #444; }
figure.diagram { margin: 1rem 0; text-align: center; }
figure.diagram svg { max-width: 100%; height: auto; }
img { max-width: 100%; }
"""


def readme_page(readme: Readme, title: str) -> str:
    """The whole README as one HTML page that needs nothing but itself."""
    body = readme.html(readme.tokens)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{PAGE_STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def first_heading(tokens: Sequence[Token]) -> str:
    """The text of the first level-1 heading, or ""."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            return tokens[index + 1].content.strip()
    return ""
