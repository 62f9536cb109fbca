"""MkDocs hooks: the generated pages, the navigation and the vendored browser assets.

Kind pages, the gallery and the questions reference are rendered from the templates
and copier.yml at every build (see generator/docsite.py), so they cannot drift from the
code; the CLI reference is typer's own page, kept fresh by tests/test_cli.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.docsite import (
    KINDS_MARKER,
    MissingAssetsError,
    SitePages,
    build_pages,
    kinds_table,
    vendored_assets,
)
from generator.engine import Engine
from generator.gallery import Example, render_examples
from generator.template import Template

DOCS_FOLDER = Path(__file__).resolve().parent
_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    template = Template.locate(DOCS_FOLDER.parent)
    examples = render_examples(template, Engine.for_template(template.root))
    site = build_pages(template, examples)
    try:
        assets = vendored_assets(DOCS_FOLDER)
    except MissingAssetsError as error:
        raise PluginError(str(error)) from error
    _state.update(examples=examples, site=site, assets=assets)
    config.nav = site.nav
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site: SitePages = _state["site"]
    for uri, content in site.pages.items():
        files.append(File.generated(config, uri, content=content))
    for uri, path in _state["assets"].items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    examples: dict[str, Example] = _state["examples"]
    return markdown.replace(KINDS_MARKER, kinds_table(examples))
