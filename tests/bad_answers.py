"""Answers copier.yml's validators must refuse: one table for every test that checks it.

Each entry names the question, a bad value, why it is bad, and a part of the message the
candidate is shown. The copier tests check that message; the cookiecutter export tests
check that the exported hook prints exactly what copier prints. test_export_cookiecutter
checks that every question with a validator has at least one entry here.
"""

from __future__ import annotations

from typing import NamedTuple


class BadAnswer(NamedTuple):
    question: str
    value: str
    why: str
    message: str = ""

    def __str__(self) -> str:
        return f"{self.question}-{self.why}"


BAD_ANSWERS: tuple[BadAnswer, ...] = (
    BadAnswer("project_name", "", "empty", "The project name cannot be empty."),
    BadAnswer("project_name", "   ", "space-only", "The project name cannot be empty."),
    BadAnswer("project_name", "x" * 81, "over-long", "keep it to 80 or fewer"),
    BadAnswer("project_name", "../x", "a-path", 'cannot contain "/"'),
    BadAnswer("project_slug", "", "empty", "Type a project slug"),
    BadAnswer("project_slug", "1st_homework", "leading-digit", "is not valid"),
    BadAnswer("project_slug", "my homework", "space", "is not valid"),
    BadAnswer("project_slug", "class", "python-keyword", "is a Python keyword"),
    BadAnswer("project_slug", "tests", "layout-name", "a name the project layout already uses"),
    BadAnswer("project_slug", "../x", "a-path", "is not valid"),
    BadAnswer("project_slug", "a" * 41, "over-long", "keep it to 40 or fewer"),
    BadAnswer("project_slug", "möbius", "non-ascii", "is not valid"),
    BadAnswer("project_slug", "My-Homework", "uppercase-and-dash", "is not valid"),
    BadAnswer("description", " ", "space-only", "The description cannot be empty."),
    BadAnswer("description", "two\nlines", "two-lines", "must be one line"),
    BadAnswer("description", "y" * 201, "over-long", "200 characters or fewer"),
    BadAnswer("description", "a\x1bb", "control-character", "cannot contain control"),
    BadAnswer("author_name", "", "empty", "Your name cannot be empty."),
    BadAnswer("author_name", 'Ada "the Countess"', "quotes", "cannot contain quotes"),
    BadAnswer("author_email", "not-an-email", "no-at-sign", "is not an e-mail address"),
    BadAnswer("author_email", "ada@localhost", "no-domain", "is not an e-mail address"),
    BadAnswer("author_email", "ada lovelace@example.com", "space", "is not an e-mail address"),
)
