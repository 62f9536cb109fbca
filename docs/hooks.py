"""MkDocs hooks: the generated pages, the navigation and the vendored browser assets.

Kind pages, the gallery and the questions reference are rendered from the templates
and copier.yml at every build (see generator/docsite.py), so they cannot drift from the
code; so is each kind's deck, made by `takehome slides` in headless Chromium from the
same example project as its gallery page (see generator/gallery_decks.py). The CLI
reference is typer's own page, kept fresh by tests/test_cli.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.browser import RenderError
from generator.docsite import (
    KINDS_MARKER,
    MissingAssetsError,
    SitePages,
    build_pages,
    deck_files,
    kinds_table,
    vendored_assets,
)
from generator.engine import Engine
from generator.gallery import Example, render_examples
from generator.gallery_decks import gallery_decks
from generator.settings import Settings
from generator.template import Template

DOCS_FOLDER = Path(__file__).resolve().parent
_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings = Settings.resolve(str(DOCS_FOLDER.parent))
    template = Template.locate(settings.template_root)
    engine = Engine.for_template(template.root)
    try:
        assets = vendored_assets(DOCS_FOLDER)
        with tempfile.TemporaryDirectory(prefix="takehome-gallery-") as workdir:
            examples = render_examples(template, engine, Path(workdir))
            projects = {name: Path(workdir) / name for name in examples}
            decks = gallery_decks(projects, settings)
    except (MissingAssetsError, RenderError) as error:
        raise PluginError(str(error)) from error
    site = build_pages(template, examples)
    _state.update(examples=examples, site=site, assets=assets, decks=deck_files(decks))
    config.nav = site.nav
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site: SitePages = _state["site"]
    for uri, content in site.pages.items():
        files.append(File.generated(config, uri, content=content))
    for uri, path in _state["assets"].items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    for uri, content in _state["decks"].items():
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    examples: dict[str, Example] = _state["examples"]
    return markdown.replace(KINDS_MARKER, kinds_table(examples))
