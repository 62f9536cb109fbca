"""Which files of templates/ a kind generates, and where they go in the export.

copier renders each part of a path on its own and skips any path with a part that
renders empty; the kind folder (`{{ '.' if kind == 'NAME' else '' }}`) is the main use.
A part that depends on the kind only is rendered here, once per kind: the kind's folder
merges into the project root and the other kinds' folders are left out. A part that
depends on the answers stays Jinja, rewritten for cookiecutter, which renders a file's
whole path as one template:

- a file whose name renders empty is skipped by cookiecutter itself, unrendered;
- a folder whose name renders empty would stop cookiecutter, so its name falls back to
  `SKIPPED`, the files below it are guarded to render empty too, and the post-generation
  hook removes the leftover folders.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from unicodedata import normalize

import pathspec
from packaging.version import Version

from generator.export.hooks.post_gen_project import STAND_IN as SKIPPED
from generator.export.questions import CopierConfig
from generator.export.rewrite import (
    JINJA_NAMES,
    Namespace,
    Origin,
    Translation,
    UntranslatableError,
    translate,
)

PARTIALS_FOLDER = "templates"
"""cookiecutter's loader looks in `../templates` of the project folder: partials go there."""
JINJA_DELIMITERS = ("{{", "{%", "{#")
_PATTERN_STYLE = (
    "gitignore" if Version(pathspec.__version__) >= Version("1.0.0") else "gitwildmatch"
)
"""The pattern style copier matches `_exclude` with, for the installed pathspec."""


@dataclass(frozen=True)
class Part:
    """One part of an exported path: literal text, or Jinja for cookiecutter."""

    text: str
    dynamic: bool


@dataclass
class Planned:
    """What one kind's export holds, relative to its project folder or its root."""

    folders: set[str] = field(default_factory=set)
    templates: dict[str, tuple[str, Path]] = field(default_factory=dict)
    """exported path -> (rewritten text, source file) for files cookiecutter renders."""
    verbatim: dict[str, Path] = field(default_factory=dict)
    """exported path -> source file, for files copier copies as they are."""
    partials: dict[str, tuple[str, Path]] = field(default_factory=dict)
    """path under PARTIALS_FOLDER -> (rewritten text, source file)."""


class TreePlanner:
    """Plans the project tree and the partials of one kind."""

    def __init__(self, config: CopierConfig, kind: str, namespace: Namespace) -> None:
        self.config = config
        self.kind = kind
        self.namespace = namespace
        self.source_root = config.root / config.subdirectory
        self.excluded = pathspec.PathSpec.from_lines(
            _PATTERN_STYLE, [normalize("NFD", p) for p in config.exclude(kind)]
        )
        self.plan = Planned()
        self._origins: dict[str, str] = {}
        self._translations: list[tuple[str, Translation]] = []

    def run(self) -> Planned:
        for folder, subfolders, files in os.walk(self.source_root):
            subfolders.sort()
            here = Path(folder)
            for name in sorted(subfolders) + sorted(files):
                path = here / name
                if path.is_symlink():
                    raise UntranslatableError(self._rel(path), "symbolic links are not exported")
                if path.is_dir():
                    self._folder(path)
                else:
                    self._file(path)
        self._carry_partials()
        self._check_free_names()
        return self.plan

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.config.root).as_posix()

    def _parts(self, relpath: PurePosixPath, where: str) -> list[Part] | None:
        """Each part rendered (kind only) or rewritten (answers); None: copier skips it."""
        parts: list[Part] = []
        for raw in relpath.parts:
            if not any(d in raw for d in JINJA_DELIMITERS):
                parts.append(Part(raw, dynamic=False))
            elif self.config.is_static(raw):
                rendered = self.config.render_static(raw, self.kind, where)
                if not rendered:
                    return None
                if "/" in rendered or any(d in rendered for d in JINJA_DELIMITERS):
                    raise UntranslatableError(
                        where, f"the name part {raw!r} renders to {rendered!r}"
                    )
                if rendered != ".":
                    parts.append(Part(rendered, dynamic=False))
            else:
                text = translate(raw, Origin(where), self.namespace, loads_templates=False).text
                parts.append(Part(text, dynamic=True))
        return parts

    def _skipped_by_copier(self, parts: list[Part]) -> bool:
        probe = "/".join(part.text for part in parts)
        return (
            not parts
            or self.excluded.match_file(normalize("NFD", probe))
            or PurePosixPath(probe) == self.config.answers_file
        )

    def _folder(self, path: Path) -> None:
        where = self._rel(path)
        parts = self._parts(PurePosixPath(path.relative_to(self.source_root).as_posix()), where)
        if parts is None or self._skipped_by_copier(parts):
            return
        self.plan.folders.add(_exported_path(parts, is_file=False))

    def _file(self, path: Path) -> None:
        where = self._rel(path)
        suffix = self.config.templates_suffix
        relpath = PurePosixPath(path.relative_to(self.source_root).as_posix())
        is_template = relpath.name.endswith(suffix)
        if not is_template and path.with_name(path.name + suffix).exists():
            return  # copier prefers the templated sibling
        if is_template:
            relpath = relpath.with_name(relpath.name[: -len(suffix)])
        parts = self._parts(relpath, where)
        if parts is None or self._skipped_by_copier(parts):
            return
        if is_template:
            self._add_template(parts, path, where)
        elif parts[-1].dynamic:
            # Copied as it is, but under a name that may render empty: cookiecutter can
            # skip it only while rendering it, so its text is kept raw.
            self._add_template(parts, path, where, text=_raw_text(path, where))
        else:
            exported = _exported_path(parts, is_file=True, copy=True)
            self._claim(exported, where)
            self.plan.verbatim[exported] = path

    def _add_template(
        self, parts: list[Part], path: Path, where: str, text: str | None = None
    ) -> None:
        exported = _exported_path(parts, is_file=True)
        self._claim(exported, where)
        if text is not None:
            self.plan.templates[exported] = (text, path)
            return
        translation = translate(path.read_text(encoding="utf-8"), Origin(where), self.namespace)
        self._translations.append((where, translation))
        self.plan.templates[exported] = (translation.text, path)

    def _claim(self, exported: str, where: str) -> None:
        if exported in self._origins:
            raise UntranslatableError(
                where, f"renders to the same path as {self._origins[exported]}"
            )
        self._origins[exported] = where

    def _carry_partials(self) -> None:
        """Every template that is included, extended or imported, rewritten too."""
        pending = [(where, t) for where, t in self._translations]
        while pending:
            where, translation = pending.pop()
            for ref in translation.refs:
                for name in self._resolve(ref.name, ref.exact, Origin(where).at(ref.line)):
                    if name in self.plan.partials:
                        continue
                    source = self.config.root / name
                    carried = translate(
                        source.read_text(encoding="utf-8"), Origin(name), self.namespace
                    )
                    self.plan.partials[name] = (carried.text, source)
                    self._translations.append((name, carried))
                    pending.append((name, carried))

    def _resolve(self, name: str, exact: bool, where: str) -> list[str]:
        root = self.config.root
        if ".." in PurePosixPath(name).parts or name.startswith("/"):
            raise UntranslatableError(where, f"the template {name!r} is outside the template")
        if exact:
            if not (root / name).is_file():
                raise UntranslatableError(where, f"the template {name!r} does not exist")
            return [name]
        found = sorted(
            p.relative_to(root).as_posix() for p in (root / name).rglob("*") if p.is_file()
        )
        if not found:
            raise UntranslatableError(where, f"no template starts with {name!r}")
        return found

    def _check_free_names(self) -> None:
        """A name that is neither a question, nor Jinja's, nor defined anywhere: refused."""
        bound = set().union(*(t.bound_names for _, t in self._translations)) | JINJA_NAMES
        for where, translation in self._translations:
            for name, line in translation.free_names.items():
                if name not in bound:
                    raise UntranslatableError(
                        Origin(where).at(line),
                        f"`{name}` is neither a question of copier.yml nor defined in a template",
                    )


def _exported_path(parts: list[Part], *, is_file: bool, copy: bool = False) -> str:
    """The path text cookiecutter renders: a folder that renders empty falls back to
    SKIPPED-<digest of its source path>, and every name below it renders empty unless
    it is copied unrendered."""
    guards: list[str] = []
    texts: list[str] = []
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        condition = " and ".join(guards)
        if last and is_file:
            if condition and not copy:
                texts.append(f"{{% if {condition} %}}{part.text}{{% endif %}}")
            else:
                texts.append(part.text)
        elif part.dynamic:
            name = f"_takehome_dir{depth}"
            body = f"{{% if {condition} %}}{part.text}{{% endif %}}" if condition else part.text
            # Two sibling folders may both render empty: each gets its own stand-in,
            # or cookiecutter would stop at the second ("directory already exists").
            source = "/".join(p.text for p in parts[: depth + 1])
            stand_in = f"{SKIPPED}-{hashlib.sha256(source.encode()).hexdigest()[:8]}"
            texts.append(f"{{% set {name} %}}{body}{{% endset %}}{{{{ {name} or '{stand_in}' }}}}")
            guards.append(name)
        else:
            texts.append(part.text)
    return "/".join(texts)


def _raw_text(path: Path, where: str) -> str:
    """A file copier copies verbatim, as a template cookiecutter renders to the same bytes."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise UntranslatableError(where, "a binary file under a conditional name") from None
    if "\r" in text or "{% endraw" in text:
        raise UntranslatableError(where, "cannot be kept raw for cookiecutter")
    return f"{{% raw %}}{text}{{% endraw %}}"
