"""Is a generated project's design write-up ready to hand in?

Pure functions over text: the README is parsed with markdown-it (the CommonMark parser
rich already brings), so headings, fenced blocks and links (inline and reference-style)
are found the way GitHub finds them, not by regular expressions over lines. Reading the
project's files and rendering the template's own text are left to `generator.handin`
and `generator.pristine`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote

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

TEMPLATE_SHARE = 0.5
"""A section is still the template's when at least this share of its words is."""

LEFTOVER_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a Jinja expression", re.compile(r"\{\{.*?\}\}")),
    ("a Jinja statement", re.compile(r"\{%.*?%\}")),
    ("a merge-conflict marker", re.compile(r"^(<{7}|>{7}|={7})( |$)", re.MULTILINE)),
    ("a TODO", re.compile(r"\b(TODO|FIXME|XXX)\b")),
    ("filler text", re.compile(r"lorem ipsum", re.IGNORECASE)),
)
EXTERNAL_LINK = re.compile(r"^[a-z][a-z0-9+.-]*:|^#|^\.\./\.\./actions/")
"""Links not checked against the project's files: URLs, anchors, CI badges."""
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


@dataclass(frozen=True)
class Finding:
    """One reason the write-up is not ready: the file, the line it is on (1-based)."""

    line: int
    message: str
    file: str = "README.md"


@dataclass(frozen=True)
class Section:
    title: str
    line: int
    tokens: tuple[Token, ...]

    def has_content(self) -> bool:
        return any(t.type in {"inline", "fence", "code_block", "html_block"} for t in self.tokens)


def parse(text: str) -> list[Token]:
    """The Markdown tokens of `text`, as GitHub's CommonMark with tables reads it."""
    return MarkdownIt("commonmark").enable("table").parse(text)


def check_readme(
    text: str,
    *,
    strict: bool = False,
    exists: Callable[[str], bool] | None = None,
    answers: Iterable[str] = (),
) -> list[Finding]:
    """Every reason `text` is not a complete write-up; empty when it is ready.

    `exists` tells whether a relative link's target is in the project (links are not
    checked without it); `answers` are the candidate's own answers to the template's
    questions, which may contain anything, template syntax included, and are never
    reported as leftovers.
    """
    tokens = parse(text)  # the one parse: every check below reads these tokens
    sections = _split_sections(tokens)
    findings = _check_sections(sections)
    findings += _check_diagrams(tokens, sections)
    findings += _check_leftovers(text, tokens, answers)
    if exists is not None:
        findings += _check_links(text, tokens, exists)
    if strict:
        findings += _check_prompts(text, tokens)
    return sorted(findings, key=lambda finding: finding.line)


def _check_prompts(text: str, tokens: list[Token]) -> list[Finding]:
    """The template's notes and prompts left in the prose (a quoted one in code is not)."""
    lines = text.splitlines()
    findings = []
    for token in tokens:
        if token.type != "inline":
            continue
        for marker, message in (
            (CANDIDATE_PROMPT, "a candidate prompt is still unanswered"),
            (EXAMPLE_NOTE, "this section is still the template's worked example"),
        ):
            if marker in token.content and token.map:
                first, last = token.map
                findings += [
                    Finding(n + 1, message) for n in range(first, last) if marker in lines[n]
                ]
    return findings


KEPT_SECTIONS = frozenset({"Questions a reviewer may ask"})
"""Sections whose template text the candidate keeps: the questions stay, the answers
under them are the candidate's (strict mode reports each prompt left unanswered)."""


def authorship_findings(
    text: str, pristine: str, other: str, *, file: str = "README.md"
) -> list[Finding]:
    """The sections of `text` whose prose is still the template's own words.

    `pristine` is what the template rendered for this project's answers; `other` is
    what it renders as another kind of homework. Prose is cut into
    sentences (of paragraphs, list items, table cells and quotes), with whitespace
    collapsed, so that re-wrapping a paragraph or re-numbering a list changes nothing;
    each line of a Mermaid diagram is one more unit, since a diagram is written for the
    task like prose (a section can be a diagram alone), while other code blocks
    (commands, sample output) and headings are not counted. Then:

    - a sentence in both renders is the skeleton's (the make verbs, the shared
      sections' own lines): not the candidate's to rewrite, it never counts;
    - the template's notes and prompts never count either (strict mode reports them
      on their own), so deleting them changes nothing;
    - a sentence only `pristine` holds is the kind's own words, about its example, its
      placeholder or its frame: the candidate makes them theirs;
    - a section is still the template's when such sentences make up at least
      TEMPLATE_SHARE of the words of its remaining prose.

    Words rather than lines or sentences weigh the measure, so a table cell or a short
    "Assumptions:" weighs little and a candidate who rewrote a section keeping a line
    or two of it passes, while one who only deleted the notes does not.
    """
    ours = {s for _, _, sentences in _prose_by_section(pristine) for s in sentences}
    theirs = {s for _, _, sentences in _prose_by_section(other) for s in sentences}
    frame = ours & theirs
    template_words = {s: len(s.split()) for s in ours - theirs}
    findings = []
    for title, line, sentences in _prose_by_section(text):
        if title in KEPT_SECTIONS:
            continue
        counted = [s for s in sentences if s not in frame]
        total = sum(len(s.split()) for s in counted)
        kept = sum(template_words.get(s, 0) for s in counted)
        if kept and kept >= TEMPLATE_SHARE * total:
            findings.append(Finding(line, f'"{title}" is still the template\'s text', file))
    return findings


def _prose_by_section(text: str) -> list[tuple[str, int, list[str]]]:
    """(title, heading line, sentences of its prose) for every `##` section."""
    front = FRONT_MATTER.match(text)
    if front:  # an ADR's YAML front matter would read as a setext heading
        text = "\n" * front[0].count("\n") + text[front.end() :]
    sections: list[tuple[str, int, list[str]]] = []
    tokens = parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            line = (token.map[0] + 1) if token.map else 0
            sections.append((tokens[index + 1].content.strip(), line, []))
        elif token.type == "heading_open" and token.tag == "h1":
            sections.append(("", 0, []))  # text under a title belongs to no section
        elif token.type == "inline" and sections and tokens[index - 1].type != "heading_open":
            prose = " ".join(token.content.split())
            if prose and CANDIDATE_PROMPT not in prose and EXAMPLE_NOTE not in prose:
                sections[-1][2].extend(SENTENCE_END.split(prose))
        elif token.type == "fence" and token.info.strip() == "mermaid" and sections:
            lines = (" ".join(line.split()) for line in token.content.splitlines())
            sections[-1][2].extend(line for line in lines if line)
    return [section for section in sections if section[0]]


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


def _check_leftovers(text: str, tokens: list[Token], answers: Iterable[str]) -> list[Finding]:
    """Template markers and filler outside code blocks, where a reader would see them.

    The candidate's own answers (a project called `{% raw %}x`) are theirs to choose:
    a marker that lies inside one of them, where the text holds that answer, is not
    a leftover.
    """
    code_lines = {
        line
        for token in tokens
        if token.type in {"fence", "code_block"} and token.map
        for line in range(token.map[0], token.map[1])
    }
    prose = "\n".join(
        "" if number in code_lines else line for number, line in enumerate(text.splitlines())
    )
    theirs = [
        (match.start(), match.end())
        for answer in {a for a in answers if a.strip()}
        for match in re.finditer(re.escape(answer), prose)
    ]
    findings = []
    for description, pattern in LEFTOVER_MARKERS:
        for match in pattern.finditer(prose):
            if any(start <= match.start() and match.end() <= end for start, end in theirs):
                continue
            line = prose.count("\n", 0, match.start()) + 1
            findings.append(Finding(line, f"{description} is left in the text: {match[0]!r}"))
    return findings


def _check_links(text: str, tokens: list[Token], exists: Callable[[str], bool]) -> list[Finding]:
    """Relative links and images, inline or by reference, must point at something.

    The targets come from the parser, so a link inside a code block is not one, and a
    reference-style link is checked where it is used.
    """
    lines = text.splitlines()
    findings = []
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            target = child.attrGet("href") if child.type == "link_open" else None
            if child.type == "image":
                target = child.attrGet("src")
            if not isinstance(target, str) or not target or EXTERNAL_LINK.match(target):
                continue
            path = unquote(target.split("#", 1)[0])
            if path and not exists(path):
                line = _line_of(target, token, lines)
                findings.append(Finding(line, f"the link {target!r} points at nothing"))
    return findings


def _line_of(target: str, token: Token, lines: list[str]) -> int:
    """The line of the block that spells `target`, else the block's first line."""
    first, last = token.map or (0, 0)
    return next((n + 1 for n in range(first, last) if target in lines[n]), first + 1)
