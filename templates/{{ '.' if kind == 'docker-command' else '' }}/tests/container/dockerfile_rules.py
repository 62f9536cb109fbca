"""What a reviewer checks in a Dockerfile, as rules over its parsed instructions.

The rules judge properties of whatever Dockerfile the project has (any language, any
base image, any stage names), never the text of the example: hadolint covers the
generic lint, these encode this project's own bar. Each problem names its rule.
"""

from __future__ import annotations

import io
import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from dockerfile_parse import DockerfileParser

PINNED_TAG = re.compile(r":[^:/@]*\d+\.\d+\.\d+[^:/@]*$")
"""A tag that names a full version, such as 3.11.13-slim-bookworm: latest, 3-slim and
3.11-slim all move to a new image on the next release."""
DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
DISTROLESS = re.compile(r"^gcr\.io/distroless/[a-z0-9-]+-debian\d+:(?!latest$)[\w.-]+$")
"""Distroless images publish no version tags; the Debian release in the name and a tag
other than latest (nonroot, debug-nonroot) is the pin they offer."""
NUMERIC_USER = re.compile(r"^(\d+)(:\d+)?$")
SECRET_NAME = re.compile(
    r"(PASSW(OR)?D|PASS|SECRET|TOKEN|CREDENTIALS?|(API|ACCESS|SECRET|PRIVATE|SIGNING)_?KEY)$", re.I
)
"""Names that hold a secret themselves (DB_PASSWORD, NPM_TOKEN); DB_PASSWORD_FILE, the
path of a secret mounted at run time, is fine."""
SECRET_FILE = re.compile(
    r"^(\.env(\.(?!example$|sample$)[\w.-]+)?|.*\.(pem|key|p12|pfx)|id_(rsa|dsa|ecdsa|ed25519)\w*"
    r"|\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.dockercfg|credentials(\.json)?)$"
)
REMOTE_SOURCE = re.compile(r"^(https?|git|ssh)://|^git@")
REQUIRED_LABELS = (
    "org.opencontainers.image.title",
    "org.opencontainers.image.version",
    "org.opencontainers.image.revision",
)
VARIABLE = re.compile(r"\$\{?(\w+)\}?")
INHERITED = frozenset({"USER", "HEALTHCHECK", "LABEL", "ENV", "ENTRYPOINT", "CMD", "EXPOSE"})
"""What a stage built FROM another stage of the same file takes over from it."""


@dataclass(frozen=True)
class Instruction:
    name: str
    value: str
    line: int
    """1-based line of the instruction's first line."""
    end: int
    """1-based line of its last line (continuations included)."""
    content: str


@dataclass(frozen=True)
class Stage:
    """One FROM and the instructions up to the next."""

    image: str
    """The base as written, with the global ARG defaults filled in."""
    alias: str
    start: Instruction
    instructions: tuple[Instruction, ...]
    parent: int | None
    """The index of the earlier stage this one is built FROM, or None for an image."""

    def all(self, name: str) -> list[Instruction]:
        return [i for i in self.instructions if i.name == name]


@dataclass(frozen=True)
class Dockerfile:
    """The parsed stages of a Dockerfile, and the ARGs declared before the first FROM."""

    stages: tuple[Stage, ...]
    global_args: tuple[Instruction, ...]

    @property
    def final(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def chain(self, index: int = -1) -> list[Stage]:
        """A stage and the stages it is built FROM, the oldest first."""
        if not self.stages:
            return []
        chain = [self.stages[index]]
        while chain[0].parent is not None:
            chain.insert(0, self.stages[chain[0].parent])
        return chain

    def effective(self, name: str) -> list[Instruction]:
        """The final stage's instructions called `name`, inherited ones first."""
        chain = self.chain()
        stages = chain if name in INHERITED else chain[-1:]
        return [i for stage in stages for i in stage.all(name)]

    def external_bases(self) -> list[Stage]:
        """The stages built FROM an image rather than FROM another stage."""
        return [stage for stage in self.stages if stage.parent is None]


def parse(text: str) -> Dockerfile:
    parser = DockerfileParser(fileobj=io.StringIO(text))
    stages: list[Stage] = []
    global_args: list[Instruction] = []
    defaults: dict[str, str] = {}
    for item in parser.structure:
        instruction = Instruction(
            item["instruction"],
            item["value"],
            item["startline"] + 1,
            item["endline"] + 1,
            item["content"],
        )
        if instruction.name == "COMMENT":
            continue
        if instruction.name == "FROM":
            words = [w for w in instruction.value.split() if not w.startswith("--")]
            image = VARIABLE.sub(lambda m: defaults.get(m[1], m[0]), words[0])
            alias = words[2] if len(words) == 3 and words[1].upper() == "AS" else ""
            names = {s.alias.lower(): n for n, s in enumerate(stages) if s.alias}
            parent = names.get(image.lower())
            if parent is None and image.isdecimal() and int(image) < len(stages):
                parent = int(image)
            stages.append(Stage(image, alias, instruction, (), parent))
        elif not stages:
            global_args.append(instruction)
            if instruction.name == "ARG":
                defaults.update(assignments(instruction))
        else:
            last = stages[-1]
            stages[-1] = Stage(
                last.image, last.alias, last.start, (*last.instructions, instruction), last.parent
            )
    return Dockerfile(tuple(stages), tuple(global_args))


def assignments(instruction: Instruction) -> dict[str, str]:
    """What an ENV, ARG or LABEL sets, unquoted as Docker does (`\\$` is a literal `$`).

    Both the `K=V ...` form and the old `K V` form are read; an ARG without a default
    maps to "".
    """
    words = [word.replace("\\$", "$") for word in shlex.split(instruction.value)]
    if words and "=" not in words[0] and instruction.name != "ARG":
        return {words[0]: " ".join(words[1:])}
    return {key: value for key, _, value in (word.partition("=") for word in words)}


def copy_sources(instruction: Instruction) -> list[str]:
    """The sources of a COPY or ADD (every word but the flags and the destination)."""
    value = instruction.value.strip()
    if value.startswith("["):
        try:
            words = [str(word) for word in json.loads(value)]
        except json.JSONDecodeError:
            words = value.split()
    else:
        words = [w for w in value.split() if not w.startswith("--")]
    return words[:-1]


def is_exec_form(value: str) -> bool:
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        return False
    return isinstance(parsed, list) and bool(parsed) and all(isinstance(w, str) for w in parsed)


def healthcheck_command(instruction: Instruction) -> str:
    """What follows CMD in a HEALTHCHECK, or "NONE"."""
    value = instruction.value.strip()
    if value.upper() == "NONE":
        return "NONE"
    return value.split("CMD", 1)[-1].strip() if "CMD" in value else ""


def multi_stage(dockerfile: Dockerfile, _compose_healthcheck: bool) -> list[str]:
    if len(dockerfile.stages) >= 2:
        return []
    return ["one stage only: whatever built the app (compilers, caches) ships in the image"]


def pinned_bases(dockerfile: Dockerfile, _compose_healthcheck: bool) -> list[str]:
    return [
        f"line {stage.start.line}: FROM {stage.image}: pin a full version tag "
        "(python:3.11.13-slim, golang:1.23.4) or a digest (@sha256:...)"
        for stage in dockerfile.external_bases()
        if stage.image.lower() != "scratch"
        and not (
            PINNED_TAG.search(stage.image)
            or DIGEST.search(stage.image)
            or DISTROLESS.match(stage.image)
        )
    ]


def numeric_non_root_user(dockerfile: Dockerfile, _compose_healthcheck: bool) -> list[str]:
    users = dockerfile.effective("USER")
    if not users:
        return ["the final stage sets no USER: the container would run as root"]
    user = users[-1]
    match = NUMERIC_USER.match(user.value.strip())
    if not match:
        return [f"line {user.line}: USER {user.value} is not a numeric UID:GID"]
    if int(match[1]) == 0:
        return [f"line {user.line}: USER {user.value} is root"]
    return []


def healthcheck(dockerfile: Dockerfile, compose_healthcheck: bool) -> list[str]:
    if compose_healthcheck:
        return []
    checks = dockerfile.effective("HEALTHCHECK")
    if not checks or healthcheck_command(checks[-1]) == "NONE":
        return ["neither the final stage nor compose.yaml has a health check"]
    if not is_exec_form(healthcheck_command(checks[-1])):
        return [
            f"line {checks[-1].line}: HEALTHCHECK CMD is not exec form "
            "(an image without a shell cannot run it)"
        ]
    return []


def exec_form(dockerfile: Dockerfile, _compose_healthcheck: bool) -> list[str]:
    starts = dockerfile.effective("ENTRYPOINT") + dockerfile.effective("CMD")
    if not starts:
        return ["the final stage has neither ENTRYPOINT nor CMD"]
    return [
        f"line {i.line}: {i.name} {i.value} is shell form: signals would not reach the app"
        for i in starts
        if not is_exec_form(i.value)
    ]


def no_secrets(dockerfile: Dockerfile, _compose_healthcheck: bool) -> list[str]:
    everything = [*dockerfile.global_args, *(i for s in dockerfile.stages for i in s.instructions)]
    problems = [
        f"line {i.line}: {i.name} {key} looks like a secret and stays in the image "
        "(its history, for an ARG): pass it at run time (--env-file) or as a build secret"
        for i in everything
        if i.name in {"ENV", "ARG"}
        for key, value in assignments(i).items()
        if SECRET_NAME.search(key) and (value or i.name == "ARG")
    ]
    problems += [
        f"line {i.line}: {i.name} {source} copies a secret file into a layer"
        for i in everything
        if i.name in {"COPY", "ADD"}
        for source in copy_sources(i)
        if SECRET_FILE.match(PurePosixPath(source).name)
    ]
    return problems


def no_remote_add(dockerfile: Dockerfile, _compose_healthcheck: bool) -> list[str]:
    return [
        f"line {i.line}: ADD {i.value} fetches from the network: download in a RUN with a checksum"
        for stage in dockerfile.stages
        for i in stage.all("ADD")
        if any(REMOTE_SOURCE.match(word) for word in i.value.split())
    ]


def oci_labels(dockerfile: Dockerfile, _compose_healthcheck: bool) -> list[str]:
    labels = {key for i in dockerfile.effective("LABEL") for key in assignments(i)}
    return [
        f"the final stage has no {label} label" for label in REQUIRED_LABELS if label not in labels
    ]


RULES: dict[str, Callable[[Dockerfile, bool], list[str]]] = {
    "multi-stage": multi_stage,
    "pinned base images": pinned_bases,
    "numeric non-root user": numeric_non_root_user,
    "healthcheck": healthcheck,
    "exec form": exec_form,
    "no secrets in layers": no_secrets,
    "no ADD of URLs": no_remote_add,
    "OCI labels": oci_labels,
}


def violations(text: str, compose_healthcheck: bool = False) -> dict[str, list[str]]:
    """The rules a Dockerfile breaks, each with its problems.

    `compose_healthcheck`: compose.yaml gives the container a health check of its own, so
    the image need not have one (an image without a shell or an HTTP client).
    """
    dockerfile = parse(text)
    if not dockerfile.stages:
        return {"multi-stage": ["no FROM: this is not a Dockerfile"]}
    return {
        name: problems
        for name, rule in RULES.items()
        if (problems := rule(dockerfile, compose_healthcheck))
    }


def report(found: dict[str, list[str]]) -> str:
    """One line per problem, each starting with the rule it breaks."""
    return "\n".join(f"rule '{rule}': {problem}" for rule, ps in found.items() for problem in ps)
