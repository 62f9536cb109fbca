"""`.dockerignore` read as the docker client reads it, to say which files a build sends.

Patterns are matched against each path and each of its parent folders; the last pattern
that matches decides, and a `!` pattern takes a path back in. `*` and `?` stay within one
path segment, `**` spans any number of them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

ALWAYS_SENT = frozenset({"Dockerfile", ".dockerignore"})
"""The client sends these whatever .dockerignore says."""


@dataclass(frozen=True)
class Pattern:
    text: str
    allow: bool
    regex: re.Pattern[str]


def _regex(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        elif pattern[index] == "[":
            end = pattern.find("]", index)
            parts.append(pattern[index : end + 1] if end > 0 else re.escape("["))
            index = end + 1 if end > 0 else index + 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(parts) + r"\Z")


def patterns(text: str) -> list[Pattern]:
    found = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        allow = line.startswith("!")
        cleaned = os.path.normpath(line.removeprefix("!").strip()).lstrip("/")
        found.append(Pattern(line, allow, _regex(cleaned)))
    return found


def excluded(path: str, rules: list[Pattern]) -> bool:
    parents = path.split("/")
    candidates = ["/".join(parents[: n + 1]) for n in range(len(parents))]
    decision = False
    for rule in rules:
        if any(rule.regex.match(candidate) for candidate in candidates):
            decision = not rule.allow
    return decision


def files_sent(folder: Path) -> set[str]:
    """The files (and links) a build of `folder` sends, by its .dockerignore."""
    ignore = folder / ".dockerignore"
    rules = patterns(ignore.read_text()) if ignore.exists() else []
    sent = set()
    for root, dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder)
        names = files + [d for d in dirs if (Path(root) / d).is_symlink()]
        for name in names:
            path = (base / name).as_posix()
            if path in ALWAYS_SENT or not excluded(path, rules):
                sent.add(path)
    return sent


def allowlist_problems(text: str) -> list[str]:
    """Why a .dockerignore is not an allowlist: `*` first, then `!` entries."""
    rules = patterns(text)
    if not rules or rules[0].text != "*":
        return ["its first pattern must be `*`: deny everything, then allow what the image needs"]
    if not any(rule.allow for rule in rules[1:]):
        return ["it allows nothing back with `!` entries: the build context would be empty"]
    return []
