"""copier.yml as the exporter reads it: settings and questions, each with its line.

Every setting and question key is either translated, deliberately ignored (it only
matters to copier's own update or messages), or refused with its line, so a new copier
feature in copier.yml fails the export loudly instead of being dropped.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from jinja2 import StrictUndefined, meta
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from generator.export.rewrite import Namespace, Origin, UntranslatableError, translate

CONFIG_FILE = "copier.yml"
COPIER_DEFAULT_EXCLUDE = ("copier.yaml", "copier.yml", "~*", "*.py[co]", "__pycache__", ".git",
                          ".DS_Store", ".svn")  # fmt: skip
"""copier's exclusions when a template has no `_subdirectory` and no `_exclude`."""

TRANSLATED_SETTINGS = frozenset(
    {"_subdirectory", "_answers_file", "_templates_suffix", "_exclude", "_external_data"}
)
IGNORED_SETTINGS = frozenset(
    {
        "_min_copier_version",  # copier's own version check
        "_message_before_copy",  # copier's console messages
        "_message_after_copy",
        "_message_before_update",
        "_message_after_update",
        "_skip_if_exists",  # matters on update only
        "_migrations",  # copier update only; see docs/cookiecutter.md
        "_preserve_symlinks",  # the exporter refuses symlinks anyway
    }
)
EMPTY_ONLY_SETTINGS = frozenset({"_envops", "_jinja_extensions", "_tasks", "_secret_questions"})
"""Settings cookiecutter cannot honour: accepted only while empty."""

QUESTION_KEYS = frozenset(
    {"type", "help", "default", "choices", "validator", "when", "placeholder"}
)
SUPPORTED_TYPES = frozenset({"str", "bool"})
"""cookiecutter has text, choices and yes/no; it would turn a number into text."""
FALSY_TEXT = frozenset({"", "n", "no", "f", "false", "off", "~", "null", "none"})
"""What copier reads as false, once stripped and lowercased; any other text is true."""
STATIC_NAMES = frozenset({"kind", "_copier_conf"})
"""What a path or setting may depend on to be rendered once, at export time, per kind."""


@dataclass(frozen=True)
class Question:
    """One question of copier.yml, as asked for one kind."""

    name: str
    help: str
    default: str | bool
    """Text (Jinja for a derived default) for `str`; a boolean for `bool`."""
    default_origin: Origin
    choices: tuple[tuple[str, str], ...]
    """(label, value) pairs, in copier's order; empty for a free-text question."""
    validator: str | None
    validator_origin: Origin
    asked: bool
    """False when `when` hides it for this kind: copier then uses the default, unasked."""

    @property
    def variable(self) -> str:
        """Its name in cookiecutter.json: hidden questions become rendered private values."""
        return self.name if self.asked else f"__{self.name}"


class CopierConfig:
    """copier.yml of a template, with the line of every key for error messages."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / CONFIG_FILE
        text = self.path.read_text(encoding="utf-8")
        try:
            self.data: dict[str, Any] = yaml.safe_load(text) or {}
            node = yaml.compose(text)
        except yaml.YAMLError as error:
            raise UntranslatableError(CONFIG_FILE, f"not plain YAML: {error}") from error
        self._lines: dict[tuple[str, ...], int] = {}
        self._value_lines: dict[tuple[str, ...], int] = {}
        if isinstance(node, yaml.MappingNode):
            self._index(node, ())
        self._check_settings()

    def _index(self, node: yaml.MappingNode, prefix: tuple[str, ...]) -> None:
        for key, value in node.value:
            path = (*prefix, str(key.value))
            self._lines[path] = key.start_mark.line + 1
            block = isinstance(value, yaml.ScalarNode) and value.style in {">", "|"}
            self._value_lines[path] = value.start_mark.line + (2 if block else 1)
            if isinstance(value, yaml.MappingNode) and len(prefix) < 1:
                self._index(value, path)

    def line(self, *path: str) -> int:
        return self._lines.get(path, 1)

    def at(self, *path: str) -> str:
        return f"{CONFIG_FILE}:{self.line(*path)}"

    def origin(self, *path: str) -> Origin:
        return Origin(CONFIG_FILE, self._value_lines.get(path, self.line(*path)))

    def _check_settings(self) -> None:
        for key, value in self.data.items():
            if not key.startswith("_") or key in TRANSLATED_SETTINGS | IGNORED_SETTINGS:
                continue
            if key in EMPTY_ONLY_SETTINGS and not value:
                continue
            raise UntranslatableError(
                self.at(key), f"the copier setting `{key}` has no cookiecutter equivalent"
            )

    @property
    def subdirectory(self) -> str:
        return str(self.data.get("_subdirectory", ""))

    @property
    def templates_suffix(self) -> str:
        return str(self.data.get("_templates_suffix", ".jinja"))

    @property
    def answers_file(self) -> PurePosixPath:
        return PurePosixPath(str(self.data.get("_answers_file", ".copier-answers.yml")))

    @cached_property
    def static_env(self) -> SandboxedEnvironment:
        """copier's Jinja environment, strict, for what is rendered once per kind."""
        return SandboxedEnvironment(
            extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
            keep_trailing_newline=True,
            undefined=StrictUndefined,
        )

    def is_static(self, text: str) -> bool:
        """Whether `text` depends on nothing but the kind (and the answers file's name)."""
        return meta.find_undeclared_variables(self.static_env.parse(text)) <= STATIC_NAMES

    def render_static(self, text: str, kind: str, where: str) -> str:
        """Render, as copier would for `kind`, something that depends on the kind only."""
        context = {"kind": kind, "_copier_conf": {"answers_file": self.answers_file}}
        try:
            return self.static_env.from_string(text).render(context)
        except TemplateError as error:
            raise UntranslatableError(
                where, f"cannot be rendered at export time: {error}"
            ) from None

    def exclude(self, kind: str) -> list[str]:
        default = COPIER_DEFAULT_EXCLUDE if self.subdirectory in {"", "."} else ()
        patterns = self.data.get("_exclude", list(default))
        rendered = []
        for pattern in patterns:
            if not self.is_static(pattern):
                raise UntranslatableError(
                    self.at("_exclude"), f"the exclusion {pattern!r} depends on the answers"
                )
            rendered.append(self.render_static(pattern, kind, self.at("_exclude")))
        return rendered

    def external_data(self, kind: str) -> dict[str, str]:
        """`_external_data` entries, as Jinja literals for a project's first generation.

        An entry that reads the answers file (the previous answers) is empty: cookiecutter
        never has previous answers. Any other file is refused.
        """
        literals = {}
        for key, path in (self.data.get("_external_data") or {}).items():
            where = self.at("_external_data", key)
            rendered = self.render_static(str(path), kind, where) if self.is_static(path) else None
            if rendered is None or PurePosixPath(rendered) != self.answers_file:
                raise UntranslatableError(
                    where, f"external data {key!r} is read from a file cookiecutter never has"
                )
            literals[key] = "{}"
        return literals

    def question_names(self) -> list[str]:
        return [key for key in self.data if not key.startswith("_")]

    def questions(self, kind: str) -> list[Question]:
        return [self._question(name, kind) for name in self.question_names()]

    def _question(self, name: str, kind: str) -> Question:
        spec = self.data[name]
        if not isinstance(spec, dict):
            raise UntranslatableError(
                self.at(name), f"write `{name}` out with `type` and `default`"
            )
        for key in spec:
            if key not in QUESTION_KEYS:
                raise UntranslatableError(
                    self.at(name, key), f"`{key}` of a question has no cookiecutter equivalent"
                )
        kind_of = spec.get("type", _type_of(spec.get("default")))
        if kind_of not in SUPPORTED_TYPES:
            raise UntranslatableError(
                self.at(name, "type") if "type" in spec else self.at(name),
                f"questions of type {kind_of!r} are not exported (only: "
                f"{', '.join(sorted(SUPPORTED_TYPES))})",
            )
        if kind_of == "bool":
            default: str | bool = self._bool_default(name, spec, kind)
        elif isinstance(spec.get("default"), str):
            default = spec["default"]
        else:
            raise UntranslatableError(self.at(name), f"`{name}` needs a text default")
        return Question(
            name=name,
            help=str(spec.get("help", name)).strip(),
            default=default,
            default_origin=self.origin(name, "default"),
            choices=self._choices(name, spec.get("choices")),
            validator=spec.get("validator"),
            validator_origin=self.origin(name, "validator"),
            asked=self._asked(name, spec.get("when", True), kind),
        )

    def _bool_default(self, name: str, spec: dict[str, Any], kind: str) -> bool:
        """A yes/no default: true or false, or Jinja on the kind only, decided per kind."""
        where = self.at(name, "default") if "default" in spec else self.at(name)
        default = spec.get("default")
        if "choices" in spec:
            raise UntranslatableError(
                self.at(name, "choices"), "a yes/no question cannot have choices in cookiecutter"
            )
        if isinstance(default, bool):
            return default
        if isinstance(default, str) and self.is_static(default):
            return copier_truth(self.render_static(default, kind, where))
        raise UntranslatableError(
            where,
            f"`{name}` needs a default of true or false, or one that depends on the kind only: "
            "cookiecutter cannot derive a yes/no default from other answers",
        )

    def _choices(self, name: str, choices: object) -> tuple[tuple[str, str], ...]:
        if choices is None:
            return ()
        if not isinstance(choices, dict | list):
            raise UntranslatableError(
                self.at(name, "choices"), "choices must be a list or a mapping"
            )
        pairs = choices.items() if isinstance(choices, dict) else ((c, c) for c in choices)
        result = []
        for label, value in pairs:
            if not isinstance(value, str) or "{" in value or not isinstance(label, str):
                raise UntranslatableError(
                    self.at(name, "choices"), "only plain text choices are exported"
                )
            result.append((label, value))
        return tuple(result)

    def _asked(self, name: str, when: object, kind: str) -> bool:
        if isinstance(when, bool):
            return when
        where = self.at(name, "when")
        if not isinstance(when, str) or not self.is_static(when):
            raise UntranslatableError(
                where, "`when` may depend on the kind only: cookiecutter asks every question"
            )
        return copier_truth(self.render_static(when, kind, where))


def _type_of(default: object) -> str:
    """The type copier infers for a question written without one."""
    return {bool: "bool", int: "int", float: "float", str: "str"}.get(type(default), "yaml")


def copier_truth(text: str) -> bool:
    """A rendered `when` or yes/no default, read as copier reads it (`cast_to_bool`)."""
    with suppress(ValueError):
        return bool(float(text))
    return text.strip().lower() not in FALSY_TEXT


def cookiecutter_namespace(config: CopierConfig, kind: str) -> Namespace:
    """Where each copier variable lives in cookiecutter's context, for one kind."""
    return Namespace(
        answers={q.name: f"cookiecutter.{q.variable}" for q in config.questions(kind)},
        constants={"_copier_operation": "'copy'"},
        attributes={
            "_copier_conf": {"answers_file": repr(str(config.answers_file))},
            "_external_data": config.external_data(kind),
        },
    )


def cookiecutter_questions(
    config: CopierConfig, kind: str, namespace: Namespace
) -> tuple[dict[str, Any], dict[str, Any]]:
    """cookiecutter.json's questions (derived defaults stay Jinja) and their prompts.

    The kind is fixed by the folder the export is in: it is offered as its only choice.
    """
    context: dict[str, Any] = {}
    prompts: dict[str, Any] = {}
    for question in config.questions(kind):
        if question.name == "kind":
            labels = {value: label for label, value in question.choices}
            context["kind"] = [kind]
            prompts["kind"] = {"__prompt__": question.help, kind: labels.get(kind, kind)}
            continue
        if isinstance(question.default, bool):
            # A JSON boolean: cookiecutter (2.2+) asks yes/no and reads `key=yes` as True.
            context[question.variable] = question.default
            prompts[question.name] = question.help
        elif question.choices:
            values = [value for _, value in question.choices]
            if question.default not in values:
                raise UntranslatableError(
                    config.at(question.name, "default"), "the default is not one of the choices"
                )
            # A hidden question is a private value, which cookiecutter renders as it is:
            # a list would stay a list, so it holds the default copier uses.
            context[question.variable] = (
                [question.default] + [v for v in values if v != question.default]
                if question.asked
                else question.default
            )
            prompts[question.name] = {
                "__prompt__": question.help,
                **{value: label for label, value in question.choices},
            }
        else:
            default = translate(
                question.default, question.default_origin, namespace, loads_templates=False
            )
            _check_order(config, question, default.answers, kind, "default")
            context[question.variable] = default.text
            prompts[question.name] = question.help
    return context, {k: v for k, v in prompts.items() if k in context}


def _check_order(
    config: CopierConfig, question: Question, used: set[str], kind: str, what: str
) -> None:
    """copier renders a default or validator knowing only the answers given so far."""
    names = config.question_names()
    later = sorted(n for n in used if names.index(n) > names.index(question.name))
    if later:
        raise UntranslatableError(
            config.at(question.name, what),
            f"the {what} reads {', '.join(later)}, asked later: copier would see it empty",
        )


def validators(config: CopierConfig, kind: str, namespace: Namespace) -> list[tuple[str, str]]:
    """(question, validator rewritten for cookiecutter) for every asked question."""
    result = []
    for question in config.questions(kind):
        if not (question.validator and question.asked):
            continue
        rewritten = translate(
            question.validator, question.validator_origin, namespace, loads_templates=False
        )
        _check_order(config, question, rewritten.answers, kind, "validator")
        result.append((question.name, rewritten.text))
    return result
