"""The pages of the docs site that are generated at build time, and its navigation.

`docs/hooks.py` hands these to MkDocs. Kinds are found in copier.yml, so a new kind
gets its kind page and its gallery entry with no edit here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.gallery import ADR_FOLDER, Example
from generator.reference import questions_reference
from generator.slides import DECK_HTML, DECK_PDF
from generator.template import Template

HAND_WRITTEN_NAV: tuple[tuple[str, str], ...] = (
    ("Writing the design write-up", "writing-the-write-up.md"),
    ("Presenting and handing in", "presenting.md"),
    ("Updating a project", "updating.md"),
    ("Cookiecutter and cruft", "cookiecutter.md"),
    ("Changelog", "changelog.md"),
    ("Adding a kind", "adding-a-kind.md"),
)
VENDORED: Mapping[str, str] = {
    "vendor/mermaid.min.js": "mermaid/dist/mermaid.min.js",
    "vendor/iframe-worker-shim.js": "iframe-worker/shim/index.js",
}
"""Browser assets served by the site itself: site path -> path under docs/node_modules."""

KINDS_MARKER = "<!-- takehome:kinds -->"
LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")


class MissingAssetsError(RuntimeError):
    """The vendored browser assets have not been fetched from npm yet."""


@dataclass(frozen=True)
class SitePages:
    """Generated pages by their path in the docs folder, and the navigation."""

    pages: Mapping[str, str]
    nav: list[Any]


def build_pages(template: Template, examples: Mapping[str, Example]) -> SitePages:
    """Every generated page (kinds, gallery, questions) and the whole site's navigation.

    The CLI reference is not generated here: typer writes it (docs/pages/reference/cli.md).
    """
    pages: dict[str, str] = {"reference/questions.md": questions_reference(template)}
    kind_nav: list[Any] = []
    gallery_nav: list[Any] = []
    for name, example in examples.items():
        pages[f"kinds/{name}.md"] = kind_page(example)
        kind_nav.append({name: f"kinds/{name}.md"})
        gallery = gallery_pages(example)
        pages.update(gallery)
        gallery_nav.append({name: list(gallery)})
    nav: list[Any] = [
        {"Home": "index.md"},
        {"Getting started": "getting-started.md"},
        {"Kinds": kind_nav},
        {"Gallery": gallery_nav},
        *({title: path} for title, path in HAND_WRITTEN_NAV),
        {
            "Reference": [
                {"Template questions": "reference/questions.md"},
                {"takehome CLI": "reference/cli.md"},
            ]
        },
    ]
    return SitePages(pages, nav)


def kinds_table(examples: Mapping[str, Example]) -> str:
    """The kinds at a glance, for the home page."""
    rows = [
        f"| [{name}](kinds/{name}.md) | {example.kind.homework} | {', '.join(example.kind.tools)} "
        f"| [write-up](gallery/{name}/index.md), [deck](gallery/{name}/{DECK_HTML}) |"
        for name, example in examples.items()
    ]
    return "\n".join(
        ["| kind | the homework | tools | example |", "| --- | --- | --- | --- |", *rows]
    )


def kind_page(example: Example) -> str:
    kind = example.kind
    targets = example.make_targets()
    lines = [
        f"# {kind.name}",
        "",
        f"{kind.summary[:1].upper()}{kind.summary[1:]}.",
        "",
        "## The homework it fits",
        "",
        kind.homework,
        "",
        "## Tools",
        "",
        ", ".join(f"`{tool}`" for tool in kind.tools),
        "",
        "## What is generated",
        "",
        f"`takehome new {kind.name} my-homework` with the default answers gives this tree;",
        f"the [gallery](../gallery/{kind.name}/index.md) shows its README, its decision",
        f"records and [the deck](../gallery/{kind.name}/{DECK_HTML}) that `takehome slides`",
        "makes of it.",
        "",
        "```text",
        example.tree(),
        "```",
        "",
        "## How it is verified",
        "",
        "In the generated project, the same commands run locally, in pre-commit and in CI:",
        "",
    ]
    if targets:
        lines += ["| command | what it does |", "| --- | --- |"]
        lines += [f"| `make {target}` | {help_text} |" for target, help_text in targets]
        lines.append("")
    lines += [
        "In the takehome repository, the tests render this kind with its defaults and a",
        "matrix of answers, run the project's own `make setup`, `make lint`, `make test` and",
        "`pre-commit run --all-files`, check the write-up with `takehome check`, and render",
        "its Mermaid diagrams in a real browser for this site.",
        "",
    ]
    return "\n".join(lines)


def gallery_pages(example: Example) -> dict[str, str]:
    """The README, the file tree and the ADRs of one example, as site pages."""
    base = f"gallery/{example.kind.name}"
    adr_pages = {f"{ADR_FOLDER}/{name}": f"adr-{name}" for name in example.adrs}
    pages = {f"{base}/index.md": _with_deck_link(_publishable(example.readme, adr_pages))}
    pages[f"{base}/files.md"] = _files_page(example)
    for name, text in example.adrs.items():
        pages[f"{base}/adr-{name}"] = _publishable(text, {})
    return pages


def deck_files(decks: Mapping[str, Mapping[str, bytes]]) -> dict[str, bytes]:
    """Each kind's deck files (see generator/gallery_decks.py) by their path in the site,
    beside the kind's gallery write-up that links them."""
    return {
        f"gallery/{kind}/{name}": content
        for kind, files in decks.items()
        for name, content in files.items()
    }


DECK_LINK = (
    '!!! tip "This write-up as a presentation"\n\n'
    f"    [Open the deck]({DECK_HTML}) (arrow keys move, S opens the speaker notes) or\n"
    f"    [its PDF]({DECK_PDF}): what `takehome slides` makes of this README, built with\n"
    "    the site. Like every deck the command writes, it works offline.\n"
)


def _with_deck_link(page: str) -> str:
    """The write-up page with a pointer to its deck right under its title."""
    lines = page.split("\n")
    title = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
    return "\n".join([*lines[: title + 1], "", DECK_LINK, *lines[title + 1 :]])


def _files_page(example: Example) -> str:
    answers = "\n".join(f"| `{key}` | `{value}` |" for key, value in example.answers.items())
    return "\n".join(
        [
            f"# {example.kind.name}: the generated files",
            "",
            "Rendered from the templates when this site was built, with these answers:",
            "",
            "| question | answer |",
            "| --- | --- |",
            answers,
            "",
            "```text",
            example.tree(),
            "```",
            "",
        ]
    )


def _publishable(markdown: str, published: Mapping[str, str]) -> str:
    """A generated Markdown file made fit for the site: links to project files that the
    site does not publish point at the file tree, and GitHub-only badges are dropped."""
    lines: list[str] = []
    in_fence = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            lines.append(line)
            continue
        if "](../../actions/" in line and line.lstrip().startswith("[!["):
            continue
        lines.append(LINK.sub(lambda match: _relink(match, published), line))
    return "\n".join(lines) + "\n"


def _relink(match: re.Match[str], published: Mapping[str, str]) -> str:
    bang, text, target = match.groups()
    if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target) or bang:
        return match[0]
    path, _, anchor = target.partition("#")
    path = PurePosixPath(path).as_posix()
    if path in published:
        return f"[{text}]({published[path]}{'#' + anchor if anchor else ''})"
    return f"[{text}](files.md)"


def vendored_assets(docs_folder: Path) -> dict[str, Path]:
    """The vendored browser assets by site path; fails with the fetch command if missing."""
    modules = docs_folder / "node_modules"
    assets = {site: modules / source for site, source in VENDORED.items()}
    missing = [str(path) for path in assets.values() if not path.is_file()]
    if missing:
        raise MissingAssetsError(
            f"Missing {', '.join(missing)}: fetch the pinned browser assets with "
            f"`npm ci --prefix {docs_folder}` (see docs/package.json)."
        )
    return assets
