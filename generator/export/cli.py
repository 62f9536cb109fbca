"""`takehome export`: the template, translated for other template tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from generator.export.cookiecutter import ExportError, export_cookiecutter
from generator.kinds import UnknownKindError, get_kind, load_kinds
from generator.settings import TEMPLATE_ENV, Settings
from generator.template import Template, TemplateNotFoundError

export_app = typer.Typer(
    help="Export the template for other tools (generated on demand, never committed).",
    no_args_is_help=True,
)
out = Console()
err = Console(stderr=True)


@export_app.command("cookiecutter")
def cookiecutter(
    destination: Annotated[
        Path, typer.Argument(help="Folder to write into: one cookiecutter template per kind.")
    ],
    kind: Annotated[
        str | None, typer.Option("--kind", help="Export this kind only (default: every kind).")
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            help=f"Path of the takehome template (default: ${TEMPLATE_ENV}, else this checkout).",
        ),
    ] = None,
) -> None:
    """Write DESTINATION/<kind>/, a cookiecutter (and cruft) template for each kind."""
    try:
        source = Template.locate(Settings.resolve(template).template_root)
        kinds = [get_kind(source, kind).name] if kind else list(load_kinds(source))
        written = export_cookiecutter(source, destination, kinds)
    except (TemplateNotFoundError, UnknownKindError, ExportError) as error:
        err.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    for folder in written:
        out.print(
            f"[green]Exported[/] {folder}: `cookiecutter {folder}`", highlight=False, soft_wrap=True
        )
