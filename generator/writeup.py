"""Is a generated project's design write-up ready to hand in?

The README is parsed with markdown-it (the CommonMark parser rich already brings), so
headings and fenced blocks are found the way GitHub finds them, not by regular
expressions over lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.mermaid import check_diagram, diagram_type

SECTIONS: tuple[str, ...] = (
    "Reviewer quick start",
    "Problem statement and assumptions",
    "Use cases",
    "Requirements",
    "Architecture",
    "Data flow",
    "Sequence diagrams",
    "Decisions and trade-offs",
    "Testing strategy",
    "Operations",
    "Limitations and what I would do with more time",
    "How to extend",
    "Questions a reviewer may ask",
)
"""The sections of the write-up, in order (docs/pages/writing-the-write-up.md explains each)."""

REQUIRED_DIAGRAMS: dict[str, str] = {
    "Use cases": "flowchart",
    "Data flow": "flowchart",
    "Sequence diagrams": "sequenceDiagram",
}
"""Sections that must hold at least one Mermaid diagram of the given type."""

CANDIDATE_PROMPT = "✍️ **Candidate:**"
"""How the templates mark text that only the candidate can write."""

EXAMPLE_NOTE = "🧩 **Template example:**"
"""How the templates mark prose they wrote about their worked example."""

LEFTOVER_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a Jinja expression", re.compile(r"\{\{.*?\}\}")),
    ("a Jinja statement", re.compile(r"\{%.*?%\}")),
    ("a merge-conflict marker", re.compile(r"^(<{7}|>{7}|={7})( |$)", re.MULTILINE)),
    ("a TODO", re.compile(r"\b(TODO|FIXME|XXX)\b")),
    ("filler text", re.compile(r"lorem ipsum", re.IGNORECASE)),
)


@dataclass(frozen=True)
class Finding:
    """One reason the write-up is not ready, with the line it is on (1-based)."""

    line: int
    message: str


@dataclass(frozen=True)
class Section:
    title: str
    line: int
    tokens: tuple[Token, ...]

    def has_content(self) -> bool:
        return any(t.type in {"inline", "fence", "code_block", "html_block"} for t in self.tokens)


def check_readme(text: str, *, strict: bool = False) -> list[Finding]:
    """Every reason `text` is not a complete write-up; empty when it is ready."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    sections = _split_sections(tokens)
    findings = _check_sections(sections)
    findings += _check_diagrams(tokens, sections)
    findings += _check_leftovers(text, tokens)
    if strict:
        for number, line in enumerate(text.splitlines(), start=1):
            if CANDIDATE_PROMPT in line:
                findings.append(Finding(number, "a candidate prompt is still unanswered"))
            elif EXAMPLE_NOTE in line:
                findings.append(
                    Finding(number, "this section is still the template's worked example")
                )
    return sorted(findings, key=lambda finding: finding.line)


def check_project(project: Path, *, strict: bool = False) -> list[Finding]:
    """Check the README.md of a generated project, and that its links resolve."""
    readme = project / "README.md"
    if not readme.is_file():
        return [Finding(0, f"{readme} does not exist")]
    text = readme.read_text(encoding="utf-8")
    return check_readme(text, strict=strict) + _check_links(project, text)


def _split_sections(tokens: list[Token]) -> list[Section]:
    sections: list[Section] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            title = tokens[index + 1].content.strip()
            end = next(
                (
                    j
                    for j in range(index + 1, len(tokens))
                    if tokens[j].type == "heading_open" and tokens[j].tag in {"h1", "h2"}
                ),
                len(tokens),
            )
            line = (token.map[0] + 1) if token.map else 0
            sections.append(Section(title, line, tuple(tokens[index + 3 : end])))
    return sections


def _check_sections(sections: list[Section]) -> list[Finding]:
    findings: list[Finding] = []
    by_title = {section.title: section for section in sections}
    for title in SECTIONS:
        section = by_title.get(title)
        if section is None:
            findings.append(Finding(0, f'the section "## {title}" is missing'))
        elif not section.has_content():
            findings.append(Finding(section.line, f'the section "## {title}" is empty'))
    present = [section.title for section in sections if section.title in SECTIONS]
    expected = [title for title in SECTIONS if title in present]
    if present != expected:
        findings.append(
            Finding(0, "the sections are out of order; expected: " + " → ".join(expected))
        )
    return findings


def _check_diagrams(tokens: list[Token], sections: list[Section]) -> list[Finding]:
    findings: list[Finding] = []
    for token in tokens:
        if token.type == "fence" and token.info.strip() == "mermaid":
            line = (token.map[0] + 1) if token.map else 0
            findings += [
                Finding(line + offset, problem) for offset, problem in check_diagram(token.content)
            ]
    for title, wanted in REQUIRED_DIAGRAMS.items():
        section = next((s for s in sections if s.title == title), None)
        if section is None:
            continue
        types = [
            diagram_type(t.content)
            for t in section.tokens
            if t.type == "fence" and t.info.strip() == "mermaid"
        ]
        if wanted not in types:
            findings.append(Finding(section.line, f'"## {title}" needs a Mermaid {wanted} diagram'))
    return findings


def _check_leftovers(text: str, tokens: list[Token]) -> list[Finding]:
    """Template markers and filler outside code blocks, where a reader would see them."""
    code_lines = {
        line
        for token in tokens
        if token.type in {"fence", "code_block"} and token.map
        for line in range(token.map[0], token.map[1])
    }
    prose = "\n".join(
        "" if number in code_lines else line for number, line in enumerate(text.splitlines())
    )
    findings = []
    for description, pattern in LEFTOVER_MARKERS:
        for match in pattern.finditer(prose):
            line = prose.count("\n", 0, match.start()) + 1
            findings.append(Finding(line, f"{description} is left in the text: {match[0]!r}"))
    return findings


LINK = re.compile(r"\]\(([^)\s]+)\)")


def _check_links(project: Path, text: str) -> list[Finding]:
    """Relative links must point at files or folders that exist in the project."""
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        for target in LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^\.\./\.\./actions/", target):
                continue
            path = target.split("#", 1)[0]
            if path and not (project / path).exists():
                findings.append(Finding(number, f"the link {target!r} points at nothing"))
    return findings
