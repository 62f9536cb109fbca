"""What the exporter cannot translate, it refuses, naming the file and line, writing nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.export.cookiecutter import ExportError, export_cookiecutter
from generator.template import Template
from tests.conftest import KINDS, ROOT, tool_env

BIN = Path(sys.executable).parent
NEW_FILE = "templates/notes.md.jinja"
TEMPLATE_REFUSALS = {
    "a copier-only filter": ("{{ project_name | to_nice_yaml }}", "to_nice_yaml"),
    "a copier-only variable": ("{{ _copier_conf.dst_path }}", "_copier_conf.dst_path"),
    "the answers outside the answers file": ("{{ _copier_answers }}", "_copier_answers"),
    "a question redefined": ("{% set project_name = 'x' %}", "do not redefine it"),
    "a loop over a question's name": ("{% for ci in [1] %}{% endfor %}", "do not redefine"),
    "an unknown name": ("{{ dataset_url }}", "`dataset_url` is neither a question"),
    "a computed include": ("{% include license %}", "computed template name"),
    "a missing partial": ('{% include "templates/_partials/nope.jinja" %}', "does not exist"),
    "copier's yield tag": ("{% yield x from [1] %}{% endyield %}", "unknown tag 'yield'"),
}
CONFIG_REFUSALS = {
    "a question shown by another answer": (
        "extra:\n  type: str\n  default: x\n  when: \"{{ ci == 'none' }}\"\n",
        4,
        "`when`",
    ),
    "a question of another type": ("workers:\n  type: int\n  default: 2\n", 2, "type 'int'"),
    "copier tasks": ("_tasks:\n  - echo hi\n", 1, "`_tasks`"),
    "a validator reading a later answer": (
        'early:\n  type: str\n  default: x\n  validator: "{{ later }}"\n'
        "later:\n  type: str\n  default: y\n",
        4,
        "asked later",
    ),
}


@pytest.fixture
def template(tmp_path: Path) -> Template:
    """A copy of this template to break."""
    root = tmp_path / "template"
    root.mkdir()
    shutil.copy(ROOT / "copier.yml", root)
    shutil.copytree(ROOT / "templates", root / "templates")
    return Template(root)


def refuse(template: Template, out: Path) -> str:
    with pytest.raises(ExportError) as refused:
        export_cookiecutter(template, out, list(KINDS))
    assert not out.exists(), "a refused export must write nothing"
    return str(refused.value)


@pytest.mark.parametrize("case", TEMPLATE_REFUSALS)
def test_a_template_construct_is_refused_with_file_and_line(
    template: Template, tmp_path: Path, case: str
) -> None:
    construct, reason = TEMPLATE_REFUSALS[case]
    (template.root / NEW_FILE).write_text(f"# Notes\n\n{construct}\n", encoding="utf-8")
    message = refuse(template, tmp_path / "out")
    assert message.startswith(f"{NEW_FILE}:3: ")
    assert reason in message


@pytest.mark.parametrize("case", CONFIG_REFUSALS)
def test_a_copier_yml_construct_is_refused_with_its_line(
    template: Template, tmp_path: Path, case: str
) -> None:
    addition, line_in_addition, reason = CONFIG_REFUSALS[case]
    config = template.root / "copier.yml"
    before = config.read_text(encoding="utf-8")
    config.write_text(before + addition, encoding="utf-8")
    message = refuse(template, tmp_path / "out")
    assert message.startswith(f"copier.yml:{before.count(chr(10)) + line_in_addition}: ")
    assert reason in message


def test_a_partial_is_checked_too(template: Template, tmp_path: Path) -> None:
    macros = template.root / "templates/_partials/macros.jinja"
    text = macros.read_text(encoding="utf-8")
    macros.write_text(text + "{{ _folder_name }}\n", encoding="utf-8")
    message = refuse(template, tmp_path / "out")
    line = text.count("\n") + 1
    assert message.startswith(f"templates/_partials/macros.jinja:{line}: ")


def test_the_cli_names_file_and_line_and_fails(template: Template, tmp_path: Path) -> None:
    (template.root / NEW_FILE).write_text("{{ project_name | b64encode }}\n", encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "takehome"), "export", "cookiecutter", str(tmp_path / "out"),
         "--template", str(template.root)],
        capture_output=True, text=True, check=False, env=tool_env(),
    )  # fmt: skip
    assert result.returncode == 1
    assert f"{NEW_FILE}:1: the filter `b64encode`" in result.stderr
    assert not (tmp_path / "out").exists()
