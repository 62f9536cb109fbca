"""Answers that cannot make a valid project, with what the candidate is told.

Shared by the copier tests here and the cookiecutter export tests: both must reject
every one of these with the same message and write nothing.
"""

from __future__ import annotations

BAD_ANSWERS: list[tuple[str, str, str]] = [
    ("project_name", "", "The project name cannot be empty."),
    ("project_name", "   ", "The project name cannot be empty."),
    ("project_name", "../x", 'cannot contain "/"'),
    ("project_name", "x" * 81, "keep it to 80 or fewer"),
    ("project_slug", "", "Type a project slug"),
    ("project_slug", "1homework", "is not valid"),
    ("project_slug", "my homework", "is not valid"),
    ("project_slug", "../x", "is not valid"),
    ("project_slug", "café", "is not valid"),
    ("project_slug", "Homework", "is not valid"),
    ("project_slug", "a" * 41, "keep it to 40 or fewer"),
    ("project_slug", "class", "is a Python keyword"),
    ("project_slug", "tests", "a name the project layout already uses"),
    ("description", " ", "The description cannot be empty."),
    ("author_name", "", "Your name cannot be empty."),
    ("author_email", "not-an-email", "is not an e-mail address"),
    ("author_email", "me@localhost", "is not an e-mail address"),
    ("author_email", "me @example.com", "is not an e-mail address"),
]
"""(question, answer, a part of the message copier shows)."""
