"""Answers copier.yml's validators must refuse: one table for every test that checks it.

Each entry names the question and a bad value; the expected message is whatever copier
itself says for it (tests ask copier, never copy its text). tests/test_export_cookiecutter.py
checks that every question with a validator has at least one entry here.
"""

from __future__ import annotations

from typing import NamedTuple


class BadAnswer(NamedTuple):
    question: str
    value: str
    why: str

    def __str__(self) -> str:
        return f"{self.question}-{self.why}"


BAD_ANSWERS: tuple[BadAnswer, ...] = (
    BadAnswer("project_name", "", "empty"),
    BadAnswer("project_name", "   ", "space-only"),
    BadAnswer("project_name", "x" * 81, "over-long"),
    BadAnswer("project_name", "../x", "a-path"),
    BadAnswer("project_slug", "", "empty"),
    BadAnswer("project_slug", "1st_homework", "leading-digit"),
    BadAnswer("project_slug", "class", "python-keyword"),
    BadAnswer("project_slug", "tests", "layout-name"),
    BadAnswer("project_slug", "../x", "a-path"),
    BadAnswer("project_slug", "a" * 41, "over-long"),
    BadAnswer("project_slug", "möbius", "non-ascii"),
    BadAnswer("project_slug", "My-Homework", "uppercase-and-dash"),
    BadAnswer("description", " ", "space-only"),
    BadAnswer("description", "two\nlines", "two-lines"),
    BadAnswer("description", "y" * 201, "over-long"),
    BadAnswer("author_name", "", "empty"),
    BadAnswer("author_name", 'Ada "the Countess"', "quotes"),
    BadAnswer("author_email", "not-an-email", "no-at-sign"),
    BadAnswer("author_email", "ada@localhost", "no-domain"),
    BadAnswer("author_email", "ada lovelace@example.com", "space"),
)
