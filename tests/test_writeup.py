"""The write-up checker behind `takehome check`: each rule can fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.mermaid import check_diagram, diagram_type
from generator.writeup import CANDIDATE_PROMPT, SECTIONS, check_project, check_readme

DIAGRAMS = {
    "Use cases": "flowchart LR\n  reviewer([Reviewer]) --> run[Run the tests]",
    "Data flow": "flowchart TD\n  a[bin/tool] --> b[(out)]",
    "Sequence diagrams": (
        "sequenceDiagram\n  participant U as User\n  U->>T: run\n"
        "  alt bad input\n    T-->>U: exit 64\n  else ok\n    T-->>U: exit 0\n  end"
    ),
}


def complete_readme(**replacements: str) -> str:
    """A README with every section filled in; replace a section's body by title."""
    parts = ["# Project", "", "One line.", ""]
    for title in SECTIONS:
        body = replacements.get(title, f"Text about {title.lower()}.")
        if title in DIAGRAMS and title not in replacements:
            body += f"\n\n```mermaid\n{DIAGRAMS[title]}\n```"
        parts += [f"## {title}", "", body, ""]
    return "\n".join(parts)


def messages(text: str, *, strict: bool = False) -> list[str]:
    return [finding.message for finding in check_readme(text, strict=strict)]


def test_a_complete_readme_has_no_findings() -> None:
    assert messages(complete_readme()) == []


def test_a_missing_section_is_named() -> None:
    text = complete_readme().replace("## Operations", "## Running it")
    assert 'the section "## Operations" is missing' in messages(text)


def test_an_empty_section_is_named() -> None:
    assert 'the section "## Testing strategy" is empty' in messages(
        complete_readme(**{"Testing strategy": ""})
    )


def test_sections_out_of_order_are_reported() -> None:
    text = complete_readme()
    first, second = "## How to extend", "## Operations"
    text = text.replace(first, "@@").replace(second, first).replace("@@", second)
    assert any("out of order" in m for m in messages(text))


def test_a_required_diagram_type_is_enforced() -> None:
    text = complete_readme(**{"Data flow": "Words instead of a diagram."})
    assert '"## Data flow" needs a Mermaid flowchart diagram' in messages(text)


def test_leftover_template_markers_are_found_outside_code() -> None:
    found = messages(complete_readme(**{"Operations": "Port {{ port }} and {% if x %}."}))
    assert any("Jinja expression" in m for m in found)
    assert any("Jinja statement" in m for m in found)


def test_template_syntax_inside_a_code_block_is_fine() -> None:
    body = "```yaml\nimage: ${{ matrix.image }}\n```"
    assert messages(complete_readme(**{"Operations": body})) == []


def test_merge_conflict_markers_are_found() -> None:
    body = "<<<<<<< before updating\nmine\n=======\ntheirs\n>>>>>>> after updating"
    assert any("merge-conflict" in m for m in messages(complete_readme(Operations=body)))


def test_prompts_pass_by_default_and_fail_when_strict() -> None:
    text = complete_readme(**{"Operations": f"> {CANDIDATE_PROMPT} say how it runs."})
    assert messages(text) == []
    assert messages(text, strict=True) == ["a candidate prompt is still unanswered"]


def test_links_must_point_at_real_files(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text(
        complete_readme(Operations="See [ADRs](docs/) and [gone](docs/missing.md)."),
        encoding="utf-8",
    )
    assert [f.message for f in check_project(tmp_path)] == [
        "the link 'docs/missing.md' points at nothing"
    ]


def test_a_missing_readme_is_a_finding(tmp_path: Path) -> None:
    assert "does not exist" in check_project(tmp_path)[0].message


@pytest.mark.parametrize(
    ("diagram", "problem"),
    [
        ("usecase-beta\n  actor User", "does not render on GitHub"),
        ("flowchat LR\n  a --> b", "unknown Mermaid diagram type 'flowchat'"),
        ("flowchart LR\n  a[open --> b", "unclosed '['"),
        ("flowchart LR\n  a[x] --> b)", "unbalanced ')'"),
        ('flowchart LR\n  a["x] --> b', "unbalanced double quote"),
        ("flowchart XY\n  a --> b", "unknown flowchart direction"),
        ("flowchart LR\n  subgraph s\n  a --> b", "never closed"),
        ("flowchart LR\n  a --> b\n  end", "`end` without a `subgraph`"),
        ("sequenceDiagram\n  A->>B: hi\n  alt x\n  B-->>A: no", "`alt` block never closed"),
        ("sequenceDiagram\n  else nope", "`else` outside an `alt` block"),
        ("sequenceDiagram\n  A to B", "not a sequence message"),
        (
            "sequenceDiagram\n  A->>B: stop; then go",
            "not a sequence message or statement: 'then go'",
        ),
        ("sequenceDiagram\n  participant Loop as train.py", "'Loop' reads as a keyword"),
        ("", "an empty Mermaid block"),
    ],
)
def test_each_diagram_rule_can_fail(diagram: str, problem: str) -> None:
    assert any(problem in message for _, message in check_diagram(diagram))


@pytest.mark.parametrize("diagram", DIAGRAMS.values())
def test_well_formed_diagrams_pass(diagram: str) -> None:
    assert check_diagram(diagram) == []


def test_front_matter_and_comments_are_skipped() -> None:
    source = "---\ntitle: Flow\n---\n%% a comment\nflowchart LR\n  a --> b"
    assert diagram_type(source) == "flowchart"
    assert check_diagram(source) == []
