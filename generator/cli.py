"""The `takehome` command line: a thin shell over copier and the write-up checker."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from generator.export.cli import export_app
from generator.kinds import UnknownKindError, get_kind, load_kinds
from generator.project import GenerationError, new_project, update_project
from generator.template import Template, TemplateNotFoundError
from generator.writeup import check_project

app = typer.Typer(
    help="Start ML-infrastructure and MLOps take-home assignments from tested templates.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)
app.add_typer(export_app, name="export")

TemplateOption = Annotated[
    str | None,
    typer.Option(
        "--template",
        help="Path or git URL of the takehome template (default: this checkout).",
        envvar="TAKEHOME_TEMPLATE",
    ),
]


def _template(source: str | None) -> Template:
    try:
        return Template.locate(source)
    except TemplateNotFoundError as error:
        _fail(str(error))


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def kinds(template: TemplateOption = None) -> None:
    """List the kinds of homework, what each asks for, and the tools it uses."""
    table = Table(title="takehome kinds")
    table.add_column("kind", style="bold cyan", no_wrap=True)
    table.add_column("the homework")
    table.add_column("tools")
    for kind in load_kinds(_template(template)).values():
        table.add_row(kind.name, kind.homework, ", ".join(kind.tools))
    out.print(table)


def _parse_data(pairs: list[str]) -> dict[str, str]:
    data: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            _fail(f"--data takes key=value, got {pair!r}", code=2)
        data[key.strip()] = value
    return data


@app.command()
def new(
    kind: Annotated[str, typer.Argument(help="Kind of homework (see `takehome kinds`).")],
    destination: Annotated[Path, typer.Argument(help="New folder for the project.")],
    data: Annotated[
        list[str] | None,
        typer.Option("--data", "-d", help="Answer a question: key=value (repeatable)."),
    ] = None,
    defaults: Annotated[
        bool, typer.Option("--defaults", help="Take the default for every unanswered question.")
    ] = False,
    vcs_ref: Annotated[
        str | None,
        typer.Option("--vcs-ref", help="Template version (git tag or commit); default: latest."),
    ] = None,
    template: TemplateOption = None,
) -> None:
    """Generate a new homework project of KIND into DESTINATION."""
    source = _template(template)
    try:
        get_kind(source, kind)
        new_project(
            source, kind, destination, _parse_data(data or []), defaults=defaults, vcs_ref=vcs_ref
        )
    except (UnknownKindError, GenerationError) as error:
        _fail(str(error))
    out.print(f"[green]Created[/] {destination}: cd into it, then `make setup && make test`.")


@app.command()
def update(
    project: Annotated[Path, typer.Argument(help="The generated project.")] = Path(),
    vcs_ref: Annotated[
        str | None, typer.Option("--to", help="Template version to update to; default: latest.")
    ] = None,
) -> None:
    """Bring template improvements into PROJECT; conflicts are marked inline."""
    try:
        update_project(project, vcs_ref=vcs_ref)
    except GenerationError as error:
        _fail(str(error))
    out.print(f"[green]Updated[/] {project}. Review with `git diff` and resolve any markers.")


@app.command()
def check(
    project: Annotated[Path, typer.Argument(help="The generated project.")] = Path(),
    strict: Annotated[
        bool, typer.Option("--strict", help="Also fail on unanswered candidate prompts.")
    ] = False,
) -> None:
    """Check that the design write-up (README.md) is ready to hand in."""
    findings = check_project(project, strict=strict)
    for finding in findings:
        where = f"README.md:{finding.line}" if finding.line else "README.md"
        err.print(f"[yellow]{where}[/]: {finding.message}", highlight=False)
    if findings:
        _fail(f"{len(findings)} finding(s): the write-up is not ready yet.")
    out.print("[green]The write-up is ready.[/]")
