"""The engine adapter: the only module that imports copier.

Every render (`takehome new`, the gallery, the template's own text for `check --strict`,
the tests) and every update goes through `Engine`, which also knows the answers file: its
name is read once from the template's copier.yml (`_answers_file`), and it is read back
here. copier's public API is `run_copy` and `run_update` and the `copier.errors` types;
two things it does not offer are taken from it here, pinned by tests/test_engine.py:

- how copier reads a `_src_path` (`gh:`, `~`, bundles): `copier._vcs.get_repo`;
- which unsafe features a refusal names: `UnsafeTemplateError` keeps them only in its
  English message, which `_unsafe_features` reads.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from subprocess import CalledProcessError
from typing import Any

import copier
import yaml
from copier._vcs import get_repo
from copier.errors import CopierError, CopierWarning, UnsafeTemplateError
from packaging.version import InvalidVersion, Version
from plumbum.commands.processes import ProcessExecutionError

DEFAULT_ANSWERS_FILE = ".copier-answers.yml"
"""copier's own default, for a template whose copier.yml does not set `_answers_file`."""
DESCRIBED_COMMIT = re.compile(r"^(?P<base>.+)-(?P<count>\d+)-(?P<hash>g\w+)$")
"""`git describe --tags` output, which copier records as `_commit` between tags."""
UNSAFE_FEATURES = re.compile(r"unsafe features?: (?P<features>[a-z_, ]+)\.")


class EngineError(RuntimeError):
    """copier refused the answers, or could not render or update; its message, as is."""


class UntrustedError(EngineError):
    """The template asks to run something beyond what the caller trusts."""

    def __init__(self, features: frozenset[str]) -> None:
        super().__init__(", ".join(sorted(features)) or "commands")
        self.features = features


@dataclass(frozen=True)
class Copied:
    """What a copy recorded: the answers, and the template's questions as copier read them."""

    answers: Mapping[str, Any]
    questions: Mapping[str, Any]

    def kinds(self) -> list[str]:
        choices = self.questions.get("kind", {}).get("choices", [])
        return list(choices.values() if isinstance(choices, dict) else choices)


@dataclass(frozen=True)
class Recorded:
    """A project's answers file: where it came from, at which commit, with which answers."""

    source: str
    commit: str
    answers: Mapping[str, Any]

    @property
    def kind(self) -> str:
        return str(self.answers.get("kind", ""))

    @property
    def version(self) -> Version | None:
        return version_of(self.commit)


@dataclass(frozen=True)
class Engine:
    """copier, with the answers file of the template it serves."""

    answers_file: str = DEFAULT_ANSWERS_FILE

    @classmethod
    def for_template(cls, root: Path) -> Engine:
        """The engine for the template at `root`: its `_answers_file`, read once here."""
        config = root / "copier.yml"
        data = yaml.safe_load(config.read_text(encoding="utf-8")) if config.is_file() else {}
        return cls(str((data or {}).get("_answers_file", DEFAULT_ANSWERS_FILE)))

    def copy(
        self,
        source: str | Path,
        destination: Path,
        data: Mapping[str, Any],
        *,
        vcs_ref: str | None = None,
        defaults: bool = True,
        quiet: bool = True,
        pretend: bool = False,
    ) -> Copied:
        """Render the template at `source` (at `vcs_ref`) into `destination`.

        Quiet, copier's warnings (a dirty template, no previous answers) are not shown.
        """
        try:
            with warnings.catch_warnings():
                if quiet:
                    warnings.simplefilter("ignore", CopierWarning)
                worker = copier.run_copy(
                    str(source),
                    destination,
                    data=dict(data),
                    defaults=defaults,
                    vcs_ref=vcs_ref,
                    quiet=quiet,
                    pretend=pretend,
                )
        except (CopierError, ValueError, ProcessExecutionError) as error:
            raise EngineError(str(error)) from error
        return Copied(dict(worker.answers.combined), dict(worker.template.questions_data))

    def update(
        self,
        project: Path,
        *,
        vcs_ref: str,
        data: Mapping[str, Any],
        trusted: frozenset[str] = frozenset(),
    ) -> bool:
        """copier's update with inline conflicts; True if it ran unsafe features.

        copier checks trust before it changes anything: an update that needs none of
        `trusted` runs untrusted; one that needs only features in `trusted` runs again
        trusted; anything else raises UntrustedError, the project untouched.
        """
        options: dict[str, Any] = {
            "data": dict(data),
            "vcs_ref": vcs_ref,
            "conflict": "inline",
            "defaults": True,
            "overwrite": True,
            "quiet": True,
        }
        try:
            self._update(project, options, unsafe=False)
            return False
        except UnsafeTemplateError as error:
            features = _unsafe_features(error)
        if not features or not features <= trusted:
            raise UntrustedError(features)
        self._update(project, options, unsafe=True)
        return True

    @staticmethod
    def _update(project: Path, options: Mapping[str, Any], *, unsafe: bool) -> None:
        """copier.run_update; its failures as EngineError, its trust refusal as it is."""
        try:
            with warnings.catch_warnings():
                # The old version renders without an answers file to read: expected.
                warnings.simplefilter("ignore", CopierWarning)
                copier.run_update(project, unsafe=unsafe, **options)
        except UnsafeTemplateError:
            raise
        except (CopierError, ValueError, ProcessExecutionError, CalledProcessError) as error:
            raise EngineError(str(error)) from error

    def recorded(self, project: Path) -> Recorded | None:
        """The project's answers file; None when there is none (not made by copier).

        Raises EngineError when the file is not a YAML mapping.
        """
        path = project / self.answers_file
        if not path.is_file():
            return None
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise EngineError(f"{self.answers_file} is not valid YAML ({error})") from None
        if not isinstance(data, dict):
            raise EngineError(f"{self.answers_file} is not a mapping of answers")
        answers = {str(k): v for k, v in data.items() if not str(k).startswith("_")}
        return Recorded(str(data.get("_src_path") or ""), str(data.get("_commit") or ""), answers)

    @staticmethod
    def repository(source: str) -> str | None:
        """The git URL or path copier reaches for a `_src_path`; None if it is not git."""
        return get_repo(source)


def version_of(commit: str) -> Version | None:
    """A recorded `_commit` as copier reads it when its clone is gone: a tag is its version,
    `v1.2.0-3-gabc` is 1.2.0.post3+gabc, anything else (a bare hash) has none."""
    described = DESCRIBED_COMMIT.match(commit)
    text = commit
    if described:
        text = f"{described['base']}.post{described['count']}+{described['hash']}"
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _unsafe_features(error: UnsafeTemplateError) -> frozenset[str]:
    match = UNSAFE_FEATURES.search(str(error))
    return frozenset(f.strip() for f in match["features"].split(",")) if match else frozenset()
