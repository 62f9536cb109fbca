"""Deliberately bad variants of whatever Dockerfile the project has, for tests that must
see a rule fail. Each edit works on the parsed instructions (any stage names, any base,
any language) and says plainly when the Dockerfile gives it nothing to edit.
"""

from __future__ import annotations

import json
import re

import pytest

from .dockerfile_rules import Dockerfile, Instruction, parse


def replace_lines(text: str, instruction: Instruction, new: str) -> str:
    """The Dockerfile with one instruction (all its lines) replaced by `new` ("" removes it)."""
    lines = text.splitlines(keepends=True)
    replacement = [new if new.endswith("\n") or not new else new + "\n"]
    return "".join(lines[: instruction.line - 1] + replacement + lines[instruction.end :])


def _last(dockerfile: Dockerfile, name: str) -> Instruction:
    found = dockerfile.effective(name)
    if not found:
        pytest.skip(f"the Dockerfile's final stage has no {name} to change")
    return found[-1]


def add_to_final_stage(text: str, line: str) -> str:
    """Insert `line` right after the final stage's FROM."""
    final = parse(text).final
    assert final is not None, "the Dockerfile has no FROM"
    lines = text.splitlines(keepends=True)
    return "".join([*lines[: final.start.end], line + "\n", *lines[final.start.end :]])


def single_stage(text: str) -> str:
    """The final stage alone, with what it inherits from earlier stages inlined, built
    straight on the external base: everything but the COPY --from of a build stage."""
    dockerfile = parse(text)
    chain = dockerfile.chain()
    assert chain, "the Dockerfile has no FROM"
    body = [
        i.content
        for stage in chain
        for i in stage.instructions
        if not (i.name == "COPY" and "--from=" in i.value)
    ]
    header = [i.content for i in dockerfile.global_args]
    return "".join([*header, f"FROM {chain[0].image}\n", *body])


def with_base(text: str, change: str) -> str:
    """Change the first external base that is not scratch: `latest`, `untagged` or
    `partial` (the version cut to major.minor)."""
    dockerfile = parse(text)
    bases = [s for s in dockerfile.external_bases() if s.image.lower() != "scratch"]
    if not bases:
        pytest.skip("every base of the Dockerfile is scratch: there is no tag to unpin")
    stage = bases[0]
    name = re.sub(r"@sha256:[0-9a-f]+$", "", stage.image)
    repository = re.sub(r":[^:/]*$", "", name)
    if change == "latest":
        image = f"{repository}:latest"
    elif change == "untagged":
        image = repository
    else:
        image, count = re.subn(r"(\d+)\.(\d+)\.\d+", r"\1.\2", name)
        if not count:
            image = f"{repository}:1.2"
    alias = f" AS {stage.alias}" if stage.alias else ""
    return replace_lines(text, stage.start, f"FROM {image}{alias}")


def with_user(text: str, user: str | None) -> str:
    """The final user replaced (None removes every USER of the final stage's chain)."""
    dockerfile = parse(text)
    if user is not None:
        return replace_lines(text, _last(dockerfile, "USER"), f"USER {user}")
    for instruction in reversed(dockerfile.effective("USER")):
        text = replace_lines(text, instruction, "")
    return text


def with_healthcheck(text: str, healthcheck: str | None) -> str:
    """The final stage's health check replaced (None removes it)."""
    dockerfile = parse(text)
    if healthcheck is not None:
        return replace_lines(text, _last(dockerfile, "HEALTHCHECK"), healthcheck)
    for instruction in reversed(dockerfile.effective("HEALTHCHECK")):
        text = replace_lines(text, instruction, "")
    return text


def shell_form_start(text: str) -> str:
    """The last ENTRYPOINT or CMD of the final stage in shell form."""
    dockerfile = parse(text)
    starts = dockerfile.effective("ENTRYPOINT") + dockerfile.effective("CMD")
    if not starts:
        pytest.skip("the Dockerfile has neither ENTRYPOINT nor CMD")
    start = max(starts, key=lambda i: i.line)
    try:
        words = json.loads(start.value)
    except json.JSONDecodeError:
        words = start.value.split()
    return replace_lines(text, start, f"{start.name} {' '.join(words)}")


def without_labels(text: str) -> str:
    for instruction in reversed(parse(text).effective("LABEL")):
        text = replace_lines(text, instruction, "")
    return text
