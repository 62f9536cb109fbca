"""Secrets that must not leave in a submission: the first one found in the tracked files.

It looks for what leaks most often from a homework: a `.env` file with values in it, a
private key, and tokens whose shape their issuer made recognisable. It reads files, never
the network, and cannot promise that a file without a match holds no secret.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

TOKEN_PATTERNS: tuple[tuple[str, re.Pattern[bytes]], ...] = (
    (
        "a private key",  # a header with key material under it, not a header quoted in code
        re.compile(
            rb"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----\r?\n[A-Za-z0-9+/=]{16,}"
        ),
    ),
    ("an AWS access key id", re.compile(rb"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(rb"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{40,})")),
    ("a GitLab token", re.compile(rb"\bglpat-[A-Za-z0-9_-]{20,}")),
    ("a Slack token", re.compile(rb"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("an OpenAI API key", re.compile(rb"\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}")),
    ("a Google API key", re.compile(rb"\bAIza[0-9A-Za-z_-]{35}")),
    ("a Hugging Face token", re.compile(rb"\bhf_[A-Za-z0-9]{34,}")),
    ("a Stripe live key", re.compile(rb"\b[rs]k_live_[0-9A-Za-z]{24,}")),
)
"""What a leaked secret looks like, by its issuer's documented prefix and length."""

ENV_TEMPLATES = frozenset({"example", "sample", "template", "dist", "defaults"})
"""`.env.example` and the like hold names and harmless defaults, by convention."""
ENV_ASSIGNMENT = re.compile(
    rb"^[ \t]*(?:export[ \t]+)?([A-Za-z_]\w*)[ \t]*=[ \t]*"
    rb"(?!(?:\"\"|'')?[ \t]*(?:#.*)?\r?$)",
    re.MULTILINE,
)
"""`NAME=value` with a value: not `NAME=`, `NAME=""` or `NAME= # comment`."""


@dataclass(frozen=True)
class Leak:
    """Where a secret seems to be, and what it looks like."""

    path: str
    line: int
    what: str

    def message(self) -> str:
        return (
            f"{self.path}:{self.line} holds {self.what}: untrack it (`git rm --cached "
            f"{self.path}`, and rewrite history if it was ever pushed), revoke it, then pack "
            "again; nothing was written"
        )


def is_env_file(path: str) -> bool:
    """`.env`, `.env.local`, `prod.env`: not `.env.example` and other templates."""
    name = PurePosixPath(path).name
    if name == ".env" or name.endswith(".env"):
        return True
    return name.startswith(".env.") and name.split(".")[-1] not in ENV_TEMPLATES


def find_leak(root: Path, paths: Iterable[str]) -> Leak | None:
    """The first secret found in `paths` (relative to `root`), or None."""
    for path in paths:
        file = root / path
        if not file.is_file() or file.is_symlink():
            continue
        data = file.read_bytes()
        if is_env_file(path) and (match := ENV_ASSIGNMENT.search(data)):
            name = match[1].decode("ascii")
            return Leak(path, _line(data, match.start(1)), f"a value for {name} in an env file")
        for what, pattern in TOKEN_PATTERNS:
            if found := pattern.search(data):
                return Leak(path, _line(data, found.start()), what)
    return None


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
