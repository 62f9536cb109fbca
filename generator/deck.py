"""Which slides a write-up makes: the README's sections cut into slides that fit.

The deck follows the write-up: a title slide, then the sections a presentation needs, in
the README's order, then the reviewer questions as a backup section. A section longer than
one slide is cut at block boundaries into several (a list between items, a table between
rows with its header repeated, code between lines), never shrunk. Each Mermaid diagram
gets a slide of its own, with the short line that introduces it as its caption. A
paragraph that cannot fit on a slide becomes the presenter's speaker notes.

Heights are estimated in lines of body text against a budget per section; the caller
measures the deck in a browser and lowers the budget of a section that still overflows
(see generator/slides.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

from generator.readme_html import parser
from generator.writeup import CANDIDATE_PROMPT, EXAMPLE_NOTE

MAIN_SECTIONS: Mapping[str, str] = {
    "Problem statement and assumptions": "The problem and assumptions",
    "Use cases": "Use cases",
    "Architecture": "Architecture",
    "Data flow": "Data flow",
    "Sequence diagrams": "Sequences",
    "Decisions and trade-offs": "Key decisions",
    "Testing strategy": "Testing and results",
    "Limitations and what I would do with more time": "Limits and next steps",
}
"""README section → slide title, for the body of the talk, in the README's order."""

BACKUP_SECTIONS: Mapping[str, str] = {
    "Questions a reviewer may ask": "Questions a reviewer may ask",
}
"""README section → slide title, after a "Backup" divider at the end of the deck."""

BUDGET = 18.0
"""Lines of body text a slide holds below its title (the browser check tunes it down)."""
CHARS_PER_LINE = 100
"""Body text per line, on the safe side (about 120 fit a 1280 px slide at 24 px)."""
TABLE_CHARS_PER_LINE = 110
CODE_CHARS_PER_LINE = 100
CAPTION_LINES = 3.7
"""Prose this short that comes right before a diagram goes on the diagram's slide."""
FIGURE_LINES = 12.0


@dataclass(frozen=True)
class Piece:
    """One block of a slide: a paragraph, an item of a list, a row of a table, a line of
    code, a diagram. Items, rows and lines of one block share a `group` and the tokens that
    open and close it (`head`, `tail`), which a slide shows once around its part."""

    kind: str
    tokens: tuple[Token, ...]
    lines: float
    group: int = 0
    head: tuple[Token, ...] = ()
    tail: tuple[Token, ...] = ()
    head_lines: float = 0.0


@dataclass
class Slide:
    """One slide: a title, what it shows, and what the presenter says."""

    title: str
    section: str = ""
    kind: str = "content"
    """One of: title, content, diagram, divider."""
    pieces: list[Piece] = field(default_factory=list)
    notes: list[Piece] = field(default_factory=list)

    @property
    def lines(self) -> float:
        heads = {piece.group: piece.head_lines for piece in self.pieces if piece.group}
        return sum(piece.lines for piece in self.pieces) + sum(heads.values())

    def cost(self, piece: Piece) -> float:
        """The lines `piece` adds here: its own, plus its block's head where it starts one."""
        starts = bool(piece.group) and not any(p.group == piece.group for p in self.pieces)
        return piece.lines + (piece.head_lines if starts else 0.0)


@dataclass(frozen=True)
class Plan:
    """The deck's slides, and how many template notes or open prompts were left out."""

    title: str
    slides: list[Slide]
    prompts_left_out: int


def plan_deck(tokens: Sequence[Token], budgets: Mapping[str, float] | None = None) -> Plan:
    """The slides of a parsed README; `budgets` lowers the line budget of a section."""
    budgets = budgets or {}
    sections = split_sections(tokens)
    title, lead = _front_matter(tokens)
    slides = [Slide(title=title or "Design write-up", kind="title", pieces=lead)]
    left_out = 0
    for names, backup in ((MAIN_SECTIONS, False), (BACKUP_SECTIONS, True)):
        present = [name for name in names if name in sections]
        if backup and present:
            slides.append(Slide(title="Backup", kind="divider"))
        for name in present:
            pieces, dropped = pieces_of(sections[name])
            left_out += dropped
            slides += plan_section(names[name], name, pieces, budgets.get(name, BUDGET))
    return Plan(title or "Design write-up", slides, left_out)


def split_sections(tokens: Sequence[Token]) -> dict[str, list[Token]]:
    """The block tokens under each `##` heading, by the heading's text."""
    sections: dict[str, list[Token]] = {}
    current: list[Token] | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and token.tag in {"h1", "h2"}:
            title = tokens[index + 1].content.strip()
            current = sections.setdefault(title, []) if token.tag == "h2" else None
            index += 3  # the heading's open, inline and close tokens
            continue
        if current is not None:
            current.append(token)
        index += 1
    return sections


def blocks(tokens: Sequence[Token]) -> list[list[Token]]:
    """Top-level blocks: an opening token through its closing one, or a single token."""
    found: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        current.append(token)
        if token.level == 0 and token.nesting <= 0:
            found.append(current)
            current = []
    return found


def _front_matter(tokens: Sequence[Token]) -> tuple[str, list[Piece]]:
    """The h1, and the paragraphs before the first section (badges left out)."""
    end = next(
        (i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"),
        len(tokens),
    )
    title = ""
    lead: list[Piece] = []
    for block in blocks(tokens[:end]):
        opener = block[0]
        if opener.type == "heading_open" and opener.tag == "h1":
            title = block[1].content.strip()
        elif opener.type == "paragraph_open" and not _has_image(block):
            lead.append(Piece("lead" if not lead else "meta", tuple(block), _prose_lines(block)))
    return title, lead


def pieces_of(section: Sequence[Token]) -> tuple[list[Piece], int]:
    """The section as pieces, and how many template notes or candidate prompts it left
    out (they are instructions to the candidate, not content)."""
    pieces: list[Piece] = []
    dropped = 0
    for group, block in enumerate(blocks(section), start=1):
        opener = block[0]
        if opener.type == "blockquote_open" and _is_template_note(block):
            dropped += 1
        elif opener.type == "paragraph_open":
            kind = "figure" if _has_image(block) else "prose"
            lines = FIGURE_LINES if kind == "figure" else _prose_lines(block)
            pieces.append(Piece(kind, tuple(block), lines))
        elif opener.type == "heading_open":
            pieces.append(Piece("heading", tuple(block), 1.7))
        elif opener.type in {"bullet_list_open", "ordered_list_open"}:
            pieces += _list_pieces(block, group)
        elif opener.type == "table_open":
            pieces += _table_pieces(block, group)
        elif opener.type == "fence" and opener.info.strip() == "mermaid":
            pieces.append(Piece("diagram", tuple(block), 0.0))
        elif opener.type in {"fence", "code_block"}:
            pieces += _code_pieces(opener, group)
        elif opener.type == "blockquote_open":
            pieces.append(Piece("quote", tuple(block), _prose_lines(block) + 0.5))
    return pieces, dropped


def plan_section(title: str, section: str, pieces: list[Piece], budget: float) -> list[Slide]:
    """Fill slides in order; a diagram takes its own slide, with its caption."""
    slides: list[Slide] = []
    current = Slide(title, section)
    for piece in pieces:
        if piece.kind == "diagram":
            caption = _take_caption(current)
            _flush(slides, current)
            slides.append(Slide(title, section, "diagram", [*caption, piece]))
            current = Slide(title, section)
        elif piece.kind == "prose" and piece.lines > budget:
            current.notes.append(piece)
        elif current.lines + current.cost(piece) <= budget or not current.pieces:
            current.pieces.append(piece)
        else:
            carried = _take_caption(current) if _opens(current, piece) else _take_heading(current)
            if not current.pieces:  # nothing but the caption: it stays with what it opens
                current.pieces += [*carried, piece]
                continue
            _flush(slides, current)
            current = Slide(title, section, pieces=[*carried, piece])
    _flush(slides, current)
    if len(slides) > 1:
        for number, slide in enumerate(slides, start=1):
            slide.title = f"{title} ({number}/{len(slides)})"
    return slides


def _opens(slide: Slide, piece: Piece) -> bool:
    """Whether `piece` starts a list, table, code block, figure or quote on this slide."""
    if piece.group:
        return all(shown.group != piece.group for shown in slide.pieces)
    return piece.kind in {"figure", "quote"}


def _take_heading(slide: Slide) -> list[Piece]:
    return [slide.pieces.pop()] if slide.pieces and slide.pieces[-1].kind == "heading" else []


def _take_caption(slide: Slide) -> list[Piece]:
    """A heading and/or short paragraph that ends the slide and introduces what follows."""
    caption: list[Piece] = []
    if (
        slide.pieces
        and slide.pieces[-1].kind == "prose"
        and slide.pieces[-1].lines <= CAPTION_LINES
    ):
        caption.append(slide.pieces.pop())
    return _take_heading(slide) + caption


def _flush(slides: list[Slide], slide: Slide) -> None:
    """Keep a slide that shows something; notes with nothing to show join the previous."""
    if slide.pieces:
        slides.append(slide)
    elif slide.notes and slides:
        slides[-1].notes += slide.notes
    elif slide.notes:
        slide.pieces.append(Piece("prose", _lead_sentence(slide.notes[0]), 2.0))
        slides.append(slide)


def _lead_sentence(piece: Piece) -> tuple[Token, ...]:
    """The first sentence of a paragraph, to show while the notes hold all of it."""
    text = piece.tokens[1].content
    end = text.find(". ")
    sentence = text[: end + 1] if 0 < end < 200 else text[:160].rsplit(" ", 1)[0] + " …"
    return tuple(parser().parse(sentence))


def _is_template_note(block: Sequence[Token]) -> bool:
    text = visible_text(block)
    marks = (CANDIDATE_PROMPT, EXAMPLE_NOTE)
    return any(text.lstrip().startswith(mark.replace("**", "")) for mark in marks)


def _has_image(block: Sequence[Token]) -> bool:
    return any(
        child.type == "image" for t in block if t.type == "inline" for child in t.children or []
    )


def visible_text(tokens: Sequence[Token]) -> str:
    """What a reader sees of some tokens: text and code, not link targets or markup."""
    return "".join(
        child.content
        for token in tokens
        if token.type == "inline"
        for child in token.children or []
        if child.type in {"text", "code_inline"}
    )


def _prose_lines(block: Sequence[Token], chars: int = CHARS_PER_LINE) -> float:
    return math.ceil(len(visible_text(block)) / chars) + 0.6


def _list_pieces(block: list[Token], group: int) -> list[Piece]:
    """One piece per item; the list's own tokens open and close each part of it."""
    items: list[list[Token]] = []
    for token in block[1:-1]:
        if token.type == "list_item_open" and token.level == 1:
            items.append([])
        items[-1].append(token)
    return [
        Piece(
            "list",
            tuple(item),
            _prose_lines(item, CHARS_PER_LINE - 4) - 0.35,
            group,
            (block[0],),
            (block[-1],),
            0.5,
        )
        for item in items
    ]


def _table_pieces(block: list[Token], group: int) -> list[Piece]:
    """One piece per row; each part of the table repeats the header row."""
    body_open = next(i for i, t in enumerate(block) if t.type == "tbody_open")
    head = tuple(block[: body_open + 1])
    rows: list[list[Token]] = []
    for token in block[body_open + 1 : -2]:
        if token.type == "tr_open":
            rows.append([])
        rows[-1].append(token)
    shares = _column_shares([block[1:body_open], *rows])
    head_lines = _row_lines(block[1:body_open], shares) + 0.5
    return [
        Piece(
            "table", tuple(row), _row_lines(row, shares), group, head, tuple(block[-2:]), head_lines
        )
        for row in rows
    ]


def _cells(row: Sequence[Token]) -> list[str]:
    return [visible_text([token]) for token in row if token.type == "inline"]


def _column_shares(rows: Sequence[Sequence[Token]]) -> list[float]:
    """How the browser is likely to share the width: by each column's longest cell."""
    longest: list[int] = []
    for row in rows:
        for index, text in enumerate(_cells(row)):
            if index >= len(longest):
                longest.append(0)
            longest[index] = max(longest[index], min(len(text), 60) + 4)
    total = sum(longest) or 1
    return [length / total for length in longest]


def _row_lines(row: Sequence[Token], shares: Sequence[float]) -> float:
    wrapped = [
        math.ceil(len(text) / max(TABLE_CHARS_PER_LINE * share - 2, 4))
        for text, share in zip(_cells(row), shares, strict=False)
    ]
    return max([1, *wrapped]) * 0.75 + 0.4


def _code_pieces(token: Token, group: int) -> list[Piece]:
    """One piece per line of code; a long line wraps on the slide."""
    pieces = []
    for line in token.content.rstrip("\n").split("\n"):
        part = token.copy()
        part.content = line + "\n"
        part.map = None
        height = max(1, math.ceil(len(line) / CODE_CHARS_PER_LINE)) * 0.8
        pieces.append(Piece("code", (part,), height, group, head_lines=1.0))
    return pieces
