"""The write-up's edge-case table and the edge-case tests name the same cases."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_edge_cases import EDGE_CASES

README = Path(__file__).resolve().parent.parent / "README.md"


def table_ids(markdown: str) -> list[str]:
    """The backticked ids in the first column of the table under `### Edge cases`."""
    section = markdown.split("\n### Edge cases\n", 1)
    assert len(section) == 2, "README.md has no '### Edge cases' section"
    body = re.split(r"\n#{2,3} ", section[1], maxsplit=1)[0]
    return re.findall(r"^\| `([a-z0-9-]+)` \|", body, flags=re.MULTILINE)


def test_every_row_of_the_table_is_a_test_and_every_test_a_row() -> None:
    ids = [case.id for case in EDGE_CASES]
    rows = table_ids(README.read_text(encoding="utf-8"))
    assert len(ids) == len(set(ids)), "two edge-case tests share an id"
    assert rows == ids
