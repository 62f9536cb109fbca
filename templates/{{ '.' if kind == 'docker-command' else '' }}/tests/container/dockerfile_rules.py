"""What a reviewer checks in a Dockerfile, as rules over its parsed instructions.

hadolint covers the generic lint; these rules encode this project's own bar (numeric
non-root user, exec form, pinned bases, OCI labels...) so that a change which lowers it
fails a test with a message that says which rule and where.
"""

from __future__ import annotations

import io
import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from dockerfile_parse import DockerfileParser

PINNED_TAG = re.compile(r":[^:/@]*\d+\.\d+\.\d+[^:/@]*$")
"""A tag that names a full version, such as 3.11.13-slim-bookworm: latest, 3-slim and
3.11-slim all move to a new image on the next release."""
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
NUMERIC_USER = re.compile(r"^(\d+)(:\d+)?$")
SECRET_NAME = re.compile(r"PASSW(OR)?D|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL", re.I)
REMOTE_SOURCE = re.compile(r"^(https?|git|ssh)://|^git@")
REQUIRED_LABELS = (
    "org.opencontainers.image.title",
    "org.opencontainers.image.version",
    "org.opencontainers.image.revision",
)


@dataclass(frozen=True)
class Instruction:
    name: str
    value: str
    line: int


@dataclass(frozen=True)
class Stage:
    """One FROM and the instructions up to the next."""

    image: str
    alias: str
    instructions: tuple[Instruction, ...]

    def all(self, name: str) -> list[Instruction]:
        return [i for i in self.instructions if i.name == name]


def parse(text: str) -> list[Stage]:
    """The stages of a Dockerfile, in order."""
    parser = DockerfileParser(fileobj=io.StringIO(text))
    stages: list[Stage] = []
    for item in parser.structure:
        instruction = Instruction(item["instruction"], item["value"], item["startline"] + 1)
        if instruction.name == "FROM":
            words = [w for w in instruction.value.split() if not w.startswith("--")]
            alias = words[2] if len(words) == 3 and words[1].upper() == "AS" else ""
            stages.append(Stage(words[0], alias, ()))
        elif stages and instruction.name != "COMMENT":
            last = stages[-1]
            stages[-1] = Stage(last.image, last.alias, (*last.instructions, instruction))
    return stages


def assignments(instruction: Instruction) -> dict[str, str]:
    """What an ENV, ARG or LABEL sets, unquoted as Docker does (`\\$` is a literal `$`).

    Both the `K=V ...` form and the old `K V` form are read; an ARG without a default
    maps to "".
    """
    words = [word.replace("\\$", "$") for word in shlex.split(instruction.value)]
    if words and "=" not in words[0] and instruction.name != "ARG":
        return {words[0]: " ".join(words[1:])}
    return {key: value for key, _, value in (word.partition("=") for word in words)}


def _is_exec_form(value: str) -> bool:
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        return False
    return isinstance(parsed, list) and all(isinstance(word, str) for word in parsed)


def multi_stage(stages: list[Stage]) -> list[str]:
    return [] if len(stages) >= 2 else ["one stage: build tools end up in the runtime image"]


def pinned_bases(stages: list[Stage]) -> list[str]:
    aliases = {stage.alias for stage in stages if stage.alias}
    return [
        f"FROM {stage.image}: pin a full version tag (python:3.11.13-slim) or a digest"
        for stage in stages
        if stage.image not in aliases
        and not (PINNED_TAG.search(stage.image) or DIGEST.search(stage.image))
    ]


def numeric_non_root_user(stages: list[Stage]) -> list[str]:
    users = stages[-1].all("USER") if stages else []
    if not users:
        return ["the final stage sets no USER: the container would run as root"]
    match = NUMERIC_USER.match(users[-1].value.strip())
    if not match:
        return [f"line {users[-1].line}: USER {users[-1].value} is not a numeric UID:GID"]
    if int(match[1]) == 0:
        return [f"line {users[-1].line}: USER {users[-1].value} is root"]
    return []


def healthcheck(stages: list[Stage]) -> list[str]:
    checks = stages[-1].all("HEALTHCHECK") if stages else []
    if not checks or checks[-1].value.strip().upper() == "NONE":
        return ["the final stage has no HEALTHCHECK"]
    command = checks[-1].value.split("CMD", 1)[-1].strip()
    return (
        []
        if _is_exec_form(command)
        else [f"line {checks[-1].line}: HEALTHCHECK CMD is not exec form"]
    )


def exec_form(stages: list[Stage]) -> list[str]:
    starts = (
        [i for i in stages[-1].instructions if i.name in {"ENTRYPOINT", "CMD"}] if stages else []
    )
    if not starts:
        return ["the final stage has neither ENTRYPOINT nor CMD"]
    return [
        f"line {i.line}: {i.name} {i.value} is shell form: signals would not reach the app"
        for i in starts
        if not _is_exec_form(i.value)
    ]


def no_secrets(stages: list[Stage]) -> list[str]:
    return [
        f"line {i.line}: {i.name} {key} looks like a secret: pass it at run time (--env-file)"
        for stage in stages
        for i in stage.instructions
        if i.name in {"ENV", "ARG"}
        for key in assignments(i)
        if SECRET_NAME.search(key)
    ]


def no_remote_add(stages: list[Stage]) -> list[str]:
    return [
        f"line {i.line}: ADD {i.value} fetches from the network: download in a RUN with a checksum"
        for stage in stages
        for i in stage.all("ADD")
        if any(REMOTE_SOURCE.match(word) for word in i.value.split())
    ]


def oci_labels(stages: list[Stage]) -> list[str]:
    labels = {key for i in (stages[-1].all("LABEL") if stages else []) for key in assignments(i)}
    return [
        f"the final stage has no {label} label" for label in REQUIRED_LABELS if label not in labels
    ]


RULES: dict[str, Callable[[list[Stage]], list[str]]] = {
    "multi-stage": multi_stage,
    "pinned base images": pinned_bases,
    "numeric non-root user": numeric_non_root_user,
    "healthcheck": healthcheck,
    "exec form": exec_form,
    "no secrets in ENV or ARG": no_secrets,
    "no ADD of URLs": no_remote_add,
    "OCI labels": oci_labels,
}


def violations(text: str) -> dict[str, list[str]]:
    """The rules a Dockerfile breaks, each with its problems."""
    stages = parse(text)
    return {name: problems for name, rule in RULES.items() if (problems := rule(stages))}
