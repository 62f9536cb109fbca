"""Deliberately bad variants of the shipped files, for tests that must see them rejected."""

from __future__ import annotations

import re


def mutate(text: str, pattern: str, replacement: str) -> str:
    """Replace a multi-line regex; fail loudly if it no longer matches the shipped file."""
    changed, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"the pattern {pattern!r} no longer matches: update this test"
    return changed


HEALTHCHECK = r"^HEALTHCHECK (?:.*\\\n)*.*\n"
LABELS = r"^LABEL (?:.*\\\n)*.*\n"
BASE = r"^FROM python:\S+ AS base$"
USER = r"^USER .*$"
ENTRYPOINT = r"^ENTRYPOINT .*$"
RUNTIME = r"^FROM base AS runtime$"


def single_stage(text: str) -> str:
    """Only the runtime stage, built straight on the pinned base."""
    base = re.search(r"^FROM (python:\S+) AS base$", text, flags=re.MULTILINE)
    assert base, "the base stage is gone: update this test"
    runtime = text[text.index("FROM base AS runtime") :]
    return runtime.replace("FROM base AS runtime", f"FROM {base[1]}", 1)
