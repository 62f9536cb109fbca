"""The `takehome` command line: the top of the package.

Each command resolves the settings once (generator.settings), builds the adapters it
needs (the engine over copier, git) and hands them to the module that does the work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.browser import RenderError, readme_render_findings
from generator.engine import Engine
from generator.export.cli import export_app
from generator.git import Git
from generator.handin import check_project
from generator.kinds import UnknownKindError, get_kind, load_kinds
from generator.pack import PackError, pack_project
from generator.project import GenerationError, new_project
from generator.settings import TEMPLATE_ENV, Settings
from generator.slides import build_slides
from generator.template import Template, TemplateNotFoundError
from generator.update import UpdateError, Updater
from generator.writeup import Finding

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
        help=f"Path of a takehome checkout (default: ${TEMPLATE_ENV}, else the one takehome "
        "runs from).",
    ),
]


def _template(settings: Settings) -> Template:
    try:
        return Template.locate(settings.template_root)
    except TemplateNotFoundError as error:
        _fail(str(error))


def _updater(settings: Settings) -> Updater:
    return Updater(Engine.for_template(settings.template_root), Git())


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def kinds(template: TemplateOption = None) -> None:
    """List the kinds of homework, what each asks for, and the tools it uses."""
    table = Table(title="takehome kinds")
    table.add_column("kind", style="bold cyan", no_wrap=True)
    table.add_column("the homework")
    table.add_column("tools")
    for kind in load_kinds(_template(Settings.resolve(template))).values():
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
    source = _template(Settings.resolve(template))
    try:
        get_kind(source, kind)
        new_project(
            source,
            kind,
            destination,
            _parse_data(data or []),
            engine=Engine.for_template(source.root),
            git=Git(),
            defaults=defaults,
            vcs_ref=vcs_ref,
        )
    except (UnknownKindError, GenerationError) as error:
        _fail(str(error))
    out.print(f"[green]Created[/] {destination}: cd into it, then `make setup && make test`.")


@app.command()
def version(
    project: Annotated[Path, typer.Argument(help="The generated project.")] = Path(),
) -> None:
    """Show the template version PROJECT was made from, and the newest one published."""
    try:
        report = _updater(Settings.resolve()).version_report(project)
    except UpdateError as error:
        _fail(str(error))
    answers = report.recorded
    out.print(f"{project.resolve()}: a {answers.kind} homework", highlight=False)
    out.print(f"  made from template  {answers.commit}", highlight=False)
    latest = report.latest.tag if report.latest else "none published"
    out.print(f"  newest published    {latest}  ({answers.source})", highlight=False)
    if report.behind:
        out.print("  [bold]`takehome update` brings it in; docs/changelog.md says what changes.[/]")
    else:
        out.print("  [green]Up to date.[/]")


@app.command()
def update(
    project: Annotated[Path, typer.Argument(help="The generated project.")] = Path(),
    to: Annotated[
        str | None,
        typer.Option("--to", help="Template version (tag) to update to; default: newest."),
    ] = None,
    data: Annotated[
        list[str] | None,
        typer.Option("--data", "-d", help="Change an answer: key=value (repeatable)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; touch nothing.")
    ] = False,
) -> None:
    """Bring template improvements into PROJECT, keeping your work; conflicts are marked inline."""
    try:
        summary = _updater(Settings.resolve()).update(
            project, to=to, data=_parse_data(data or []), dry_run=dry_run
        )
    except UpdateError as error:
        _fail(str(error))
    for line in summary.report():
        out.print(line, highlight=False, markup=False, soft_wrap=True)


@app.command()
def check(
    project: Annotated[Path, typer.Argument(help="The generated project.")] = Path(),
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Also fail on unanswered prompts and on the template's own words."
        ),
    ] = False,
    render: Annotated[
        bool,
        typer.Option("--render", help="Also render every Mermaid diagram in headless Chromium."),
    ] = False,
) -> None:
    """Check that the design write-up (README.md) is ready to hand in.

    With --strict, also every unanswered prompt, and every section of README.md and
    docs/adr/ whose prose is still the template's own words.
    """
    settings = Settings.resolve()
    report = check_project(project, Engine.for_template(settings.template_root), strict=strict)
    findings = report.findings
    if render:
        findings += _render_findings(project, settings)
    for finding in findings:
        where = f"{finding.file}:{finding.line}" if finding.line else finding.file
        err.print(
            f"[yellow]{escape(where)}[/]: {escape(finding.message)}",
            highlight=False,
            soft_wrap=True,
        )
    for line in report.unchecked:
        out.print(line, highlight=False, markup=False, soft_wrap=True)
    if findings:
        _fail(f"{len(findings)} finding(s): the write-up is not ready yet.")
    out.print("[green]The write-up is ready.[/]")


def _render_findings(project: Path, settings: Settings) -> list[Finding]:
    """The diagrams that do not render; a missing browser or Mermaid is an error."""
    try:
        return readme_render_findings(project, settings)
    except RenderError as error:
        _fail(str(error))


OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Folder to write into (default: PROJECT/dist, which git ignores)."),
]


@app.command()
def slides(
    project: Annotated[Path, typer.Argument(help="The generated project.")] = Path(),
    folder: OutOption = None,
) -> None:
    """Turn the write-up into a presentation: one offline HTML deck (reveal.js) and its PDF."""
    try:
        deck = build_slides(project, folder or project / "dist", Settings.resolve())
    except RenderError as error:
        _fail(str(error))
    out.print(
        f"[green]Wrote[/] {deck.html} and {deck.pdf}: {deck.slides} slides, "
        f"{deck.pdf_pages} PDF pages, in {deck.seconds:.1f} s. Open the HTML and press S "
        "for the speaker notes.",
        highlight=False,
        soft_wrap=True,
    )
    if deck.prompts_left_out:
        err.print(
            f"[yellow]note:[/] {deck.prompts_left_out} template note(s) or unanswered "
            "prompt(s) were left out of the deck; `takehome check --strict` lists them.",
            highlight=False,
            soft_wrap=True,
        )
    for overflow in deck.overflows:
        err.print(f"[yellow]slide {overflow.number}[/] ({escape(overflow.title)}) does not fit")
    if deck.overflows:
        _fail(f"{len(deck.overflows)} slide(s) do not fit: shorten what they show.")


@app.command()
def pack(
    project: Annotated[Path, typer.Argument(help="The generated project, committed.")] = Path(),
    folder: OutOption = None,
    skip_checks: Annotated[
        bool,
        typer.Option(
            "--skip-checks",
            help="Do not run make lint, make test and takehome check; SUBMISSION.md says so.",
        ),
    ] = False,
) -> None:
    """Pack the submission: the committed tree, README.html and SUBMISSION.md, as .tar.gz."""
    try:
        packed = pack_project(
            project, folder or project / "dist", Settings.resolve(), run_checks=not skip_checks
        )
    except (PackError, RenderError) as error:
        _fail(f"refusing to pack: {error}")
    for check in packed.checks:
        colour = "green" if check.returncode == 0 else "red"
        out.print(f"  {escape(check.command)}: [{colour}]{check.verdict}[/]", highlight=False)
    out.print(
        f"[green]Wrote[/] {packed.archive}: {packed.files} tracked files, README.html and "
        f"SUBMISSION.md, in {packed.seconds:.1f} s.",
        highlight=False,
        soft_wrap=True,
    )
