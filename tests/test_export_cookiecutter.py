"""cookiecutter on the export and copier on the source generate the same bytes.

Every kind copier.yml offers is exported and generated with its defaults and with two
other answer sets built from copier.yml's choices, so a new kind or a new choice is
covered without touching this file.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.engine import EngineError
from generator.export.cookiecutter import export_cookiecutter
from generator.export.questions import CopierConfig
from generator.template import Template
from tests.bad_answers import BAD_ANSWERS, BadAnswer
from tests.conftest import KINDS, ROOT, TEMPLATE, copy, git_init, render, run, tool_env

BIN = Path(sys.executable).parent
CONFIG = CopierConfig(ROOT)
ANSWERS_FILE = str(CONFIG.answers_file)
TEXT_ANSWERS = {
    "other-choices": {
        "project_name": "Fraud Scoring Service",
        "description": 'Score "risky" payments \\ in real time, <fast> & safely.',
        "author_name": "Ada\\Lovelace: Countess\u2028of Lovelace",
        "author_email": "ada.lovelace@example.org",
    },
    "last-choices": {
        "project_name": "Données & Modèles",
        "project_slug": "donnees_modeles",
        "description": "Répondre en français, with 'quotes' too.",
        "author_name": "Grace O'Hara",
    },
}


def answer_sets(kind: str) -> dict[str, dict[str, str]]:
    """The defaults, then every choice's first and last alternative to its default.

    A yes/no question is answered as a person types it on the command line: the opposite
    of its default in the first set, its default restated in the second, so both tools'
    reading of "yes" and "no" is checked.
    """
    sets: dict[str, dict[str, str]] = {"defaults": {}}
    for name, pick in (("other-choices", 0), ("last-choices", -1)):
        answers = {k: v for k, v in TEXT_ANSWERS[name].items() if k in CONFIG.question_names()}
        for question in CONFIG.questions(kind):
            if question.name == "kind" or not question.asked:
                continue
            if isinstance(question.default, bool):
                value = question.default if pick else not question.default
                answers[question.name] = "yes" if value else "no"
                continue
            others = [v for _, v in question.choices if v != question.default]
            if others:
                answers[question.name] = others[pick]
        sets[name] = answers
    return sets


CASES = [(kind, name) for kind in KINDS for name in answer_sets(kind)]


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every kind exported once, as `takehome export cookiecutter` writes it."""
    out = tmp_path_factory.mktemp("export")
    export_cookiecutter(TEMPLATE, out, list(KINDS))
    yield out
    shutil.rmtree(out, ignore_errors=True)


def cookiecutter_cli(
    template: Path, out: Path, answers: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    args = [str(BIN / "cookiecutter"), "--no-input", "-o", str(out), str(template)]
    return subprocess.run(
        args + [f"{key}={value}" for key, value in answers.items()],
        env=tool_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def snapshot(root: Path, skip: set[str]) -> dict[str, tuple[bytes, bool] | None]:
    """Every folder (None) and file (bytes, executable?) below root, by relative path."""
    tree: dict[str, tuple[bytes, bool] | None] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative in skip:
            continue
        if path.is_dir():
            tree[relative] = None
        else:
            tree[relative] = (path.read_bytes(), bool(path.stat().st_mode & stat.S_IXUSR))
    return tree


def only_child(folder: Path) -> Path:
    children = list(folder.iterdir())
    assert len(children) == 1, children
    return children[0]


@pytest.mark.parametrize(("kind", "answers_name"), CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_cookiecutter_and_copier_generate_the_same_bytes(
    exported: Path, tmp_path: Path, kind: str, answers_name: str
) -> None:
    answers = answer_sets(kind)[answers_name]
    by_copier = render(tmp_path / "copier", kind, **answers)
    (tmp_path / "cookiecutter").mkdir()
    result = cookiecutter_cli(exported / kind, tmp_path / "cookiecutter", answers)
    assert result.returncode == 0, result.stderr
    by_cookiecutter = only_child(tmp_path / "cookiecutter")

    copier_tree = snapshot(by_copier, skip={ANSWERS_FILE})
    cookiecutter_tree = snapshot(by_cookiecutter, skip=set())
    assert sorted(cookiecutter_tree) == sorted(copier_tree)
    for path, content in copier_tree.items():
        assert cookiecutter_tree[path] == content, path
    assert (by_copier / ANSWERS_FILE).is_file()


KIND_QUESTIONS = """
framework:
  type: str
  help: Training framework
  default: torch
  choices: [torch, jax]
  when: "{{{{ kind == '{kind}' }}}}"

telemetry:
  type: bool
  help: Report training metrics?
  default: "{{{{ kind == '{kind}' }}}}"
"""


@pytest.mark.parametrize("kind", KINDS)
def test_questions_that_depend_on_the_kind(tmp_path: Path, kind: str) -> None:
    """A question shown for one kind only, and a yes/no default decided by the kind."""
    root = tmp_path / "template"
    root.mkdir()
    config = (ROOT / "copier.yml").read_text(encoding="utf-8")
    (root / "copier.yml").write_text(config + KIND_QUESTIONS.format(kind=KINDS[0]))
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "templates/answers.txt.jinja").write_text("{{ framework }} {{ telemetry }}\n")
    export_cookiecutter(Template(root), tmp_path / "export", [kind])
    answers = {"framework": "jax"} if kind == KINDS[0] else {}

    by_copier = tmp_path / "copier"
    copy(root, by_copier, {"kind": kind, **answers}, vcs_ref=None)
    (tmp_path / "cookiecutter").mkdir()
    result = cookiecutter_cli(tmp_path / "export" / kind, tmp_path / "cookiecutter", answers)
    assert result.returncode == 0, result.stderr
    by_cookiecutter = only_child(tmp_path / "cookiecutter")

    expected = "jax True\n" if kind == KINDS[0] else "torch False\n"
    assert (by_copier / "answers.txt").read_text() == expected
    assert snapshot(by_cookiecutter, skip=set()) == snapshot(by_copier, skip={ANSWERS_FILE})


def test_every_validated_question_has_bad_answers() -> None:
    """The table grows with copier.yml: a new validator without a bad answer fails here."""
    validated = {
        name
        for name, spec in CONFIG.data.items()
        if not name.startswith("_") and isinstance(spec, dict) and spec.get("validator")
    }
    # `kind` is validated on update only (it cannot change); no first answer is bad.
    assert validated - {"kind"} <= {bad.question for bad in BAD_ANSWERS}


def copier_message(kind: str, bad: BadAnswer, destination: Path) -> str:
    with pytest.raises(EngineError, match="Validation error") as refused:
        copy(ROOT, destination, {"kind": kind, bad.question: bad.value})
    return str(refused.value)


@pytest.mark.parametrize("bad", BAD_ANSWERS, ids=str)
def test_the_hook_refuses_what_copier_refuses_with_its_message(
    exported: Path, tmp_path: Path, bad: BadAnswer
) -> None:
    kind = KINDS[0]
    message = copier_message(kind, bad, tmp_path / "copier")
    out = tmp_path / "nest" / "out"
    out.mkdir(parents=True)

    result = cookiecutter_cli(exported / kind, out, {bad.question: bad.value})

    assert result.returncode != 0
    assert message in result.stderr
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_refuses_a_bad_slug(exported: Path, tmp_path: Path, kind: str) -> None:
    bad = BadAnswer("project_slug", "class", "python-keyword")
    message = copier_message(kind, bad, tmp_path / "copier")
    (tmp_path / "out").mkdir()
    result = cookiecutter_cli(exported / kind, tmp_path / "out", {bad.question: bad.value})
    assert message in result.stderr
    assert list((tmp_path / "out").iterdir()) == []


def test_cruft_creates_and_checks_a_project(exported: Path, tmp_path: Path) -> None:
    """cruft clones a git repository: the export is committed as a team would publish it."""
    kind = KINDS[0]
    repo = tmp_path / "takehome-cookiecutter"
    shutil.copytree(exported, repo)
    git_init(repo)
    (tmp_path / "projects").mkdir()
    env = {"GIT_AUTHOR_NAME": "c", "GIT_AUTHOR_EMAIL": "c@example.com"}

    run([str(BIN / "cruft"), "create", str(repo), "--directory", kind, "--no-input",
         "--output-dir", str(tmp_path / "projects")], tmp_path, env=env)  # fmt: skip

    project = only_child(tmp_path / "projects")
    by_copier = render(tmp_path / "copier", kind)
    assert snapshot(project, skip={".cruft.json"}) == snapshot(by_copier, skip={ANSWERS_FILE})
    run([str(BIN / "cruft"), "check"], project, env=env)


def test_the_cli_exports_one_kind(tmp_path: Path) -> None:
    kind = KINDS[-1]
    result = run([str(BIN / "takehome"), "export", "cookiecutter", str(tmp_path), "--kind", kind],
                 ROOT)  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == [kind]
    assert (tmp_path / kind / "cookiecutter.json").is_file()
    assert f"cookiecutter {tmp_path / kind}" in result.stdout
    # Exporting again replaces the earlier export instead of refusing it.
    run([str(BIN / "takehome"), "export", "cookiecutter", str(tmp_path), "--kind", kind], ROOT)


def test_the_cli_refuses_to_overwrite_a_folder_it_did_not_write(tmp_path: Path) -> None:
    kind = KINDS[0]
    (tmp_path / kind).mkdir()
    (tmp_path / kind / "notes.txt").write_text("mine\n")
    result = subprocess.run(
        [str(BIN / "takehome"), "export", "cookiecutter", str(tmp_path), "--kind", kind],
        capture_output=True, text=True, check=False, env=tool_env(),
    )  # fmt: skip
    assert result.returncode == 1
    assert "is not an earlier export" in result.stderr
    assert [p.name for p in (tmp_path / kind).iterdir()] == ["notes.txt"]
