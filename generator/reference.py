"""The questions reference, written from copier.yml itself at every docs build.

Nothing here is retyped, so the reference cannot fall behind a new question or
validation rule. The command-line reference is typer's own (`typer generator.cli utils
docs`), committed as docs/pages/reference/cli.md and checked fresh by tests/test_cli.py.
"""

from __future__ import annotations

import re
from typing import Any

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


def _code(value: object) -> str:
    text = " ".join(str(value).split()) or " "
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def _escape(text: str) -> str:
    """Keep backslashes and table bars literal in Markdown."""
    return text.replace("\\", "\\\\").replace("|", "\\|")
