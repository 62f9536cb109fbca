"""Reference pages written from the sources themselves: copier.yml and the typer app.

Nothing here is retyped, so the reference cannot fall behind a new question, option or
validation rule.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from generator.template import Template

JINJA_TAG = re.compile(r"\{%.*?%\}", re.DOTALL)


def validation_messages(validator: str) -> list[str]:
    """The messages a copier validator can give: its text between the Jinja tags."""
    return [" ".join(chunk.split()) for chunk in JINJA_TAG.split(validator) if chunk.strip()]


def questions_reference(template: Template) -> str:
    """Markdown for every copier question: help, type, default, choices, validation."""
    lines = [
        "# Template questions",
        "",
        "Every question that `copier copy` and `takehome new` ask, read from `copier.yml`",
        "when these docs were built. Answer any of them up front with",
        "`takehome new KIND DIR -d name=value` or `copier copy -d name=value`.",
        "",
    ]
    for name, question in template.questions().items():
        lines += _question(name, question)
    return "\n".join(lines)


def _question(name: str, question: dict[str, Any]) -> list[str]:
    kind = question.get("type", "str")
    lines = [f"## `{name}`", "", _escape(str(question.get("help", ""))), ""]
    lines += [f"- Type: {kind}", f"- Default: {_code(question.get('default', ''))}", ""]
    choices = question.get("choices")
    if choices:
        pairs = choices.items() if isinstance(choices, dict) else ((c, c) for c in choices)
        lines += ["Choices:", ""]
        lines += [f"- {_code(value)}: {_escape(str(label))}" for label, value in pairs]
        lines.append("")
    validator = question.get("validator")
    if validator:
        lines += ["Rejected, with the answer left unchanged, when copier would say:", ""]
        lines += [f"- {_escape(message)}" for message in validation_messages(validator)]
        lines += ["", '??? note "The rule, as copier evaluates it"', "", "    ```jinja"]
        lines += [f"    {line}".rstrip() for line in validator.strip().splitlines()]
        lines += ["    ```", ""]
    elif choices:
        lines += ["Validation: copier accepts only one of the choices.", ""]
    elif kind == "bool":
        lines += ["Validation: yes or no.", ""]
    return lines


def cli_reference(app: typer.Typer, name: str = "takehome") -> str:
    """Markdown for every command of the typer app, with its arguments and options."""
    group = typer.main.get_command(app)
    lines = [
        f"# `{name}` command line",
        "",
        "Generated from the command-line app itself when these docs were built.",
        "",
        _escape(group.help or ""),
        "",
    ]
    for command_name, command in commands(app):
        lines += [f"## `{name} {command_name}`", "", _escape(command.help or ""), ""]
        lines += ["```text", f"{name} {command_name} {_usage(command)}", "```", ""]
        lines += _parameters(command.params)
    if group.params:
        lines += [f"## Options of `{name}` itself", ""]
        lines += _parameters(group.params)
    return "\n".join(lines)


def commands(app: typer.Typer) -> list[tuple[str, Any]]:
    """The app's visible commands by name, as its `--help` lists them."""
    group = typer.main.get_command(app)
    context = typer.Context(group, info_name="takehome")
    if not isinstance(group, TyperGroup):
        return []
    found = [(name, group.get_command(context, name)) for name in group.list_commands(context)]
    return [(name, command) for name, command in found if command and not command.hidden]


def parameter_names(param: Any) -> list[str]:  # noqa: ANN401 - typer's own parameter types
    """How a parameter is written on the command line: its flags, or its metavar."""
    if isinstance(param, TyperArgument):
        return [(param.name or "").upper()]
    return [*param.opts, *param.secondary_opts]


def _usage(command: Any) -> str:  # noqa: ANN401 - typer's own command type
    pieces = ["[OPTIONS]"] if any(isinstance(p, TyperOption) for p in command.params) else []
    for param in command.params:
        if isinstance(param, TyperArgument):
            metavar = (param.name or "").upper() + ("..." if param.nargs == -1 else "")
            pieces.append(metavar if param.required else f"[{metavar}]")
    return " ".join(pieces)


def _parameters(params: list[Any]) -> list[str]:
    rows = [
        f"| {_param_name(param)} | {_escape(getattr(param, 'help', None) or '')} "
        f"| {_param_default(param)} |"
        for param in params
    ]
    if not rows:
        return []
    return ["| argument or option | meaning | default |", "| --- | --- | --- |", *rows, ""]


def _param_name(param: Any) -> str:  # noqa: ANN401 - typer's own parameter types
    names = ", ".join(f"`{name}`" for name in parameter_names(param))
    if isinstance(param, TyperOption) and not param.is_flag:
        names += f" `{(param.name or '').upper()}`"
    if param.multiple:
        names += " (repeatable)"
    if getattr(param, "envvar", None):
        names += f"; env `{param.envvar}`"
    return names


def _param_default(param: Any) -> str:  # noqa: ANN401 - typer's own parameter types
    default = param.default
    if default is None or default is False or default == () or param.required:
        return ""
    return _code(default)


def _code(value: object) -> str:
    text = " ".join(str(value).split()) or " "
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def _escape(text: str) -> str:
    """Keep backslashes and table bars literal in Markdown."""
    return text.replace("\\", "\\\\").replace("|", "\\|")
