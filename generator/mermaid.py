"""A structural check of Mermaid diagrams, without a browser.

It catches what breaks a diagram most often in a hand-written README: an unknown or
GitHub-incompatible diagram type, unbalanced brackets or quotes, a block (`subgraph`,
`alt`, `loop`...) left open or closed twice, and malformed sequence messages. Rendering
for real happens in the docs build (headless Chromium).
"""

from __future__ import annotations

import re

DIAGRAM_TYPES = frozenset(
    {
        "flowchart",
        "graph",
        "sequenceDiagram",
        "classDiagram",
        "stateDiagram",
        "stateDiagram-v2",
        "erDiagram",
        "journey",
        "gantt",
        "pie",
        "quadrantChart",
        "requirementDiagram",
        "gitGraph",
        "C4Context",
        "C4Container",
        "C4Component",
        "mindmap",
        "timeline",
        "sankey-beta",
        "xychart-beta",
        "block-beta",
        "architecture-beta",
    }
)
UNSUPPORTED_ON_GITHUB = frozenset({"usecase-beta"})
BRACKETS_PER_LINE = frozenset(
    {
        "flowchart",
        "graph",
        "sequenceDiagram",
        "mindmap",
        "block-beta",
        "architecture-beta",
        "C4Context",
        "C4Container",
        "C4Component",
    }
)
"""Types whose node shapes and labels are bracketed within one statement."""
BRACKETS_ACROSS_LINES = frozenset(
    {"classDiagram", "stateDiagram", "stateDiagram-v2", "requirementDiagram"}
)
"""Types whose `{ … }` bodies span lines: brackets balance over the whole diagram.

The other types have no bracket syntax to check: an erDiagram's `||--o{` is a
cardinality, and the text of a gantt, pie, journey or timeline is free."""
FLOWCHART_DIRECTIONS = frozenset({"TB", "TD", "BT", "RL", "LR"})

SEQUENCE_BLOCKS = frozenset({"alt", "opt", "loop", "par", "critical", "break", "rect", "box"})
SEQUENCE_BRANCHES = {"else": "alt", "and": "par", "option": "critical"}
SEQUENCE_STATEMENT = re.compile(
    r"^(participant|actor|autonumber|title|activate|deactivate|destroy|create|links?|"
    r"properties|details)\b|^note\s+(left of|right of|over)\b",
    re.IGNORECASE,
)
SEQUENCE_MESSAGE = re.compile(
    r"^[^\s:;>-][^:;]*?\s*(<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\)|-\))\s*[+-]?[^\s:][^:]*:.*$"
)
SEQUENCE_ARROW_ASYNC = re.compile(r"--?\)")
SEQUENCE_KEYWORDS = SEQUENCE_BLOCKS | set(SEQUENCE_BRANCHES) | {"end", "note"}
PARTICIPANT = re.compile(r"^(participant|actor)\s+(?P<name>\S+)", re.IGNORECASE)
PAIRS = {")": "(", "]": "[", "}": "{"}


def diagram_type(source: str) -> str:
    """The diagram's type keyword: the first word after any front matter and comments."""
    for line in _body_lines(source):
        return line[1].split()[0].rstrip(";")
    return ""


def check_diagram(source: str) -> list[tuple[int, str]]:
    """Problems found in one diagram, as (line offset inside the fence, message)."""
    lines = _body_lines(source)
    if not lines:
        return [(1, "an empty Mermaid block")]
    first_offset, first = lines[0]
    kind = first.split()[0].rstrip(";")
    if kind in UNSUPPORTED_ON_GITHUB:
        return [(first_offset, f"{kind} does not render on GitHub: draw a flowchart with actors")]
    if kind not in DIAGRAM_TYPES:
        return [(first_offset, f"unknown Mermaid diagram type {kind!r}")]
    problems: list[tuple[int, str]] = []
    if kind in BRACKETS_PER_LINE:
        frame = _sequence_frame if kind == "sequenceDiagram" else str
        problems = [p for offset, line in lines for p in _check_brackets([(offset, frame(line))])]
    elif kind in BRACKETS_ACROSS_LINES:
        problems = _check_brackets(lines)
    if kind in {"flowchart", "graph"}:
        problems += _check_flowchart(lines)
    elif kind == "sequenceDiagram":
        problems += _check_sequence(lines)
    return problems


def _body_lines(source: str) -> list[tuple[int, str]]:
    """Non-blank statements with the 1-based offset of their first line, skipping front
    matter and comments. A quoted label may span lines: its lines make one statement."""
    raw = source.splitlines()
    start = 0
    if raw and raw[0].strip() == "---":
        closing = next((i for i in range(1, len(raw)) if raw[i].strip() == "---"), None)
        start = (closing + 1) if closing is not None else len(raw)
    statements: list[tuple[int, str]] = []
    open_quote = False
    for number, line in enumerate(raw):
        text = line.strip()
        if open_quote:
            statements[-1] = (statements[-1][0], f"{statements[-1][1]} {text}")
        elif number >= start and text and not text.startswith("%%"):
            statements.append((number + 1, text))
        else:
            continue
        open_quote = statements[-1][1].count('"') % 2 == 1
    return statements


def _sequence_frame(line: str) -> str:
    """What of a sequence statement Mermaid parses as structure: not the free text after
    the first ":", and not the async arrows `-)` and `--)`, whose ")" closes nothing."""
    return SEQUENCE_ARROW_ASYNC.sub(" ", line.split(":", 1)[0])


def _check_brackets(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Brackets balanced over `lines` (one statement, or a whole diagram); quotes per line."""
    stack: list[tuple[int, str]] = []
    for offset, line in lines:
        if line.count('"') % 2:
            return [(offset, "unbalanced double quote")]
        in_quotes = False
        for char in line:
            if char == '"':
                in_quotes = not in_quotes
            elif in_quotes:
                continue
            elif char in "([{":
                stack.append((offset, char))
            elif char in PAIRS:
                if stack and stack[-1][1] == PAIRS[char]:
                    stack.pop()
                elif char == "]" and ">" in line:
                    continue  # the asymmetric node shape: id>label]
                else:
                    return [(offset, f"unbalanced {char!r}")]
    return [(stack[-1][0], f"unclosed {stack[-1][1]!r}")] if stack else []


def _check_flowchart(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    header = lines[0][1].split()
    if len(header) > 1 and header[1].rstrip(";") not in FLOWCHART_DIRECTIONS:
        problems.append((lines[0][0], f"unknown flowchart direction {header[1]!r}"))
    depth = 0
    for offset, line in lines[1:]:
        word = line.split()[0]
        if word == "subgraph":
            depth += 1
        elif word == "end":
            if depth == 0:
                problems.append((offset, "`end` without a `subgraph`"))
            depth = max(depth - 1, 0)
    if depth:
        problems.append((lines[-1][0], f"{depth} `subgraph` block(s) never closed with `end`"))
    return problems


def _check_sequence(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    open_blocks: list[str] = []
    statements = [
        (offset, part.strip())
        for offset, line in lines[1:]
        for part in line.split(";")  # Mermaid ends a statement at ";" too
        if part.strip()
    ]
    for offset, line in statements:
        word = line.split()[0].lower()  # Mermaid reads its keywords in any case
        declared = PARTICIPANT.match(line)
        if declared and declared["name"].lower() in SEQUENCE_KEYWORDS:
            problems.append(
                (offset, f"a participant named {declared['name']!r} reads as a keyword")
            )
        elif word in SEQUENCE_BLOCKS:
            open_blocks.append(word)
        elif word == "end":
            if not open_blocks:
                problems.append((offset, "`end` without an open block"))
            else:
                open_blocks.pop()
        elif word in SEQUENCE_BRANCHES:
            if SEQUENCE_BRANCHES[word] not in open_blocks:
                problems.append((offset, f"`{word}` outside an `{SEQUENCE_BRANCHES[word]}` block"))
        elif not (SEQUENCE_STATEMENT.match(line) or SEQUENCE_MESSAGE.match(line)):
            problems.append((offset, f"not a sequence message or statement: {line!r}"))
    if open_blocks:
        problems.append((lines[-1][0], f"`{open_blocks[-1]}` block never closed with `end`"))
    return problems
