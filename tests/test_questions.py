"""copier.yml's questions: every bad answer is refused clearly and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.engine import Copied, EngineError
from generator.slug import derive_slug
from tests.bad_answers import BAD_ANSWERS, BadAnswer
from tests.conftest import KINDS, ROOT, TEMPLATE, copy


def _copy(destination: Path | str, *, pretend: bool = False, **data: str) -> Copied:
    return copy(ROOT, Path(destination), data, pretend=pretend)


def _answers(**data: str) -> dict[str, object]:
    """The answers copier would record, computed without writing anything."""
    return dict(_copy("/nonexistent-takehome-dst", pretend=True, **data).answers)


@pytest.mark.parametrize("bad", BAD_ANSWERS, ids=str)
def test_a_bad_answer_is_refused_with_a_clear_message(tmp_path: Path, bad: BadAnswer) -> None:
    destination = tmp_path / "project"
    with pytest.raises(EngineError, match=f"question '{bad.question}'") as refused:
        _copy(destination, **{bad.question: bad.value})
    assert bad.message in str(refused.value)
    assert not destination.exists()


def test_every_question_has_a_default_so_defaults_alone_render() -> None:
    missing = [name for name, q in TEMPLATE.questions().items() if "default" not in q]
    assert missing == []


@pytest.mark.parametrize("kind", KINDS)
def test_defaults_alone_give_a_valid_slug(kind: str) -> None:
    answers = _answers(kind=kind)
    assert answers["project_slug"] == derive_slug(str(answers["project_name"]))


@pytest.mark.parametrize(
    "name",
    [
        "Model Artefact Publisher",
        "  GPU  batch--scheduler!! ",
        "3D Serving v2",
        "a" * 80,
        "ETL_pipeline (final)",
        "x",
    ],
)
def test_copier_and_takehome_derive_the_same_slug_from_an_ascii_name(name: str) -> None:
    assert _answers(project_name=name)["project_slug"] == derive_slug(name)


def test_plain_copier_asks_for_a_slug_when_the_name_is_not_ascii(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="Type a project slug") as refused:
        _copy(tmp_path / "p", project_name="Crème brûlée")
    assert "takehome new" in str(refused.value)


def test_a_name_in_any_language_is_fine_with_a_slug(tmp_path: Path) -> None:
    """The name titles the write-up as typed; the slug names the package."""
    destination = tmp_path / "p"
    _copy(destination, project_name="Сервис моделей 模型", project_slug="model_service")
    readme = (destination / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Сервис моделей 模型\n")
    assert (destination / "bin" / "model-service").is_file()


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Crème brûlée", "creme_brulee"),
        ("Сервис моделей", "servis_modeley"),
        ("Straße & Ølbryggeri", "strasse_olbryggeri"),
        ("2024 Model Server", "model_server"),
        ("!!!", ""),
        ("", ""),
    ],
)
def test_derive_slug_transliterates_to_a_python_identifier(name: str, slug: str) -> None:
    assert derive_slug(name) == slug


def test_choices_refuse_an_unknown_value(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="python_version"):
        _copy(tmp_path / "p", python_version="2.7")
    assert not (tmp_path / "p").exists()
