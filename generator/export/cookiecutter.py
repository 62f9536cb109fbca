"""Write one cookiecutter template per kind, derived from copier.yml and templates/.

The whole export of every kind is planned in memory first: a construct that cannot be
translated is refused before anything is written.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from glob import escape
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.export import filters
from generator.export.hooks import post_gen_project, pre_gen_project
from generator.export.questions import (
    CopierConfig,
    cookiecutter_namespace,
    cookiecutter_questions,
    validators,
)
from generator.export.rewrite import UntranslatableError
from generator.export.tree import PARTIALS_FOLDER, Planned, TreePlanner
from generator.template import Template

PROJECT_FOLDER = "{{cookiecutter.project_slug|project_folder}}"
FILTERS_MODULE = "takehome_jinja"
MARKER_FILE = ".takehome-export"
MARKER_TEXT = (
    "Written by `takehome export cookiecutter` from the takehome copier template.\n"
    "Do not edit: export again instead (the whole folder is replaced).\n"
)


class ExportError(RuntimeError):
    """The export was refused; nothing was written."""


@dataclass(frozen=True)
class KindExport:
    """Everything one kind's cookiecutter template holds, relative to its folder."""

    kind: str
    context: dict[str, Any]
    plan: Planned
    pre_gen_hook: str
    post_gen_hook: str


def plan_kind(template: Template, kind: str) -> KindExport:
    """Translate one kind, or raise UntranslatableError naming the file and line."""
    config = CopierConfig(template.root)
    if "project_slug" not in config.question_names():
        raise UntranslatableError(
            config.at("project_slug"), "cookiecutter needs a `project_slug` question"
        )
    namespace = cookiecutter_namespace(config, kind)
    questions, prompts = cookiecutter_questions(config, kind, namespace)
    plan = TreePlanner(config, kind, namespace).run()
    context: dict[str, Any] = {
        **questions,
        "__prompts__": prompts,
        "_extensions": [f"{FILTERS_MODULE}.{filters.CopierFilters.__name__}"],
        "_new_lines": "\n",
        "_copy_without_render": sorted(escape(path) for path in plan.verbatim),
    }
    return KindExport(
        kind=kind,
        context=context,
        plan=plan,
        pre_gen_hook=_pre_gen_hook(validators(config, kind, namespace)),
        post_gen_hook=_post_gen_hook(),
    )


def export_cookiecutter(template: Template, out: Path, kinds: list[str]) -> list[Path]:
    """Write `out/<kind>/` for each kind; refuse, writing nothing, what cannot be exported."""
    try:
        exports = [plan_kind(template, kind) for kind in kinds]
    except UntranslatableError as error:
        raise ExportError(str(error)) from error
    for kind in kinds:
        _check_replaceable(out / kind)
    written = []
    for export in exports:
        folder = out / export.kind
        staging = out / f".{export.kind}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        _write(export, staging)
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
        written.append(folder)
    return written


def _check_replaceable(folder: Path) -> None:
    if folder.exists() and any(folder.iterdir()) and not (folder / MARKER_FILE).is_file():
        raise ExportError(
            f"{folder} exists and is not an earlier export: choose another OUT folder."
        )


def _write(export: KindExport, root: Path) -> None:
    project = root / PROJECT_FOLDER
    project.mkdir(parents=True)
    for folder in export.plan.folders:
        (project / folder).mkdir(parents=True, exist_ok=True)
    for path, (text, source) in export.plan.templates.items():
        _write_text(project / path, text, source)
    for path, source in export.plan.verbatim.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, project / path)
    for path, (text, source) in export.plan.partials.items():
        _write_text(root / PARTIALS_FOLDER / path, text, source)
    (root / "cookiecutter.json").write_text(
        json.dumps(export.context, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    shutil.copyfile(filters.__file__, root / f"{FILTERS_MODULE}.py")
    hooks = root / "hooks"
    hooks.mkdir()
    (hooks / "pre_gen_project.py").write_text(export.pre_gen_hook, encoding="utf-8")
    (hooks / "post_gen_project.py").write_text(export.post_gen_hook, encoding="utf-8")
    (root / MARKER_FILE).write_text(MARKER_TEXT, encoding="utf-8")


def _write_text(path: Path, text: str, source: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    shutil.copymode(source, path)


def _body(module: ModuleType) -> str:
    return Path(module.__file__).read_text(encoding="utf-8")


def _pre_gen_hook(rules: list[tuple[str, str]]) -> str:
    """The validators as `{% set %}` blocks cookiecutter renders, then Python that reads them."""
    header = "".join(
        f"{{%- set _takehome_check{i} %}}{rule}{{% endset %}}\n"
        for i, (_, rule) in enumerate(rules)
    )
    results = "".join(
        f"    ({question!r}, r'{{{{ _takehome_check{i} | tojson }}}}'),\n"
        for i, (question, _) in enumerate(rules)
    )
    return (
        f"{header}{{%- raw -%}}\n{_body(pre_gen_project)}{{%- endraw %}}\n\n"
        f"# copier.yml's validators, rendered by cookiecutter as JSON strings.\n"
        f"RENDERED = [\n{results}]\n\n"
        f'if __name__ == "__main__":\n    sys.exit(main(RENDERED))\n'
    )


def _post_gen_hook() -> str:
    return f"{{% raw -%}}\n{_body(post_gen_project)}{{% endraw %}}"
