"""The write-up checker behind `takehome check`: each rule can fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.handin import check_project
from generator.mermaid import check_diagram, diagram_type
from generator.writeup import (
    CANDIDATE_PROMPT,
    EXAMPLE_NOTE,
    SECTIONS,
    authorship_findings,
    check_readme,
)
from tests.conftest import ENGINE

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
    assert [f.message for f in check_project(tmp_path, ENGINE).findings] == [
        "the link 'docs/missing.md' points at nothing"
    ]


def test_a_link_inside_code_is_not_a_link(tmp_path: Path) -> None:
    body = "```markdown\nSee [the guide](docs/guide.md).\n```\n\nInline: `[x](gone.md)`."
    (tmp_path / "README.md").write_text(complete_readme(Operations=body), encoding="utf-8")
    assert check_project(tmp_path, ENGINE).findings == []


def test_reference_style_links_and_images_are_checked(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    body = (
        "See [the ADRs][adr], [the plan][plan] and ![a chart](docs/chart.svg).\n\n"
        "[adr]: docs/\n[plan]: docs/plan.md"
    )
    (tmp_path / "README.md").write_text(complete_readme(Operations=body), encoding="utf-8")
    findings = check_project(tmp_path, ENGINE).findings
    assert sorted(f.message for f in findings) == [
        "the link 'docs/chart.svg' points at nothing",
        "the link 'docs/plan.md' points at nothing",
    ]
    operations = complete_readme(Operations=body).splitlines().index("## Operations") + 1
    assert {f.line for f in findings} == {operations + 2}


def test_a_missing_readme_is_a_finding(tmp_path: Path) -> None:
    assert "does not exist" in check_project(tmp_path, ENGINE).findings[0].message


def test_the_candidates_own_answers_are_not_leftovers() -> None:
    text = complete_readme().replace("# Project", "# {% raw %}x and {{ y }}", 1)
    assert any("Jinja statement" in m for m in messages(text))
    found = check_readme(text, answers=["{% raw %}x and {{ y }}", "Candidate"])
    assert found == []
    elsewhere = text.replace("Text about operations.", "Port {% raw %} here.")
    assert [f.message for f in check_readme(elsewhere, answers=["{% raw %}x and {{ y }}"])] == [
        "a Jinja statement is left in the text: '{% raw %}'"
    ]


# --- authorship: which sections are still the template's own words -------------------

FRAME = "Run `make test` before you hand in. The table below lists the make verbs."
EXAMPLE = (
    "The example publishes model artefacts as immutable releases.\n"
    "Each release is verified with sha256sum before it is renamed into place.\n"
    "A second run with the same files changes nothing and says so."
)
PLACEHOLDER = "The placeholder copies one file and checks it."


def pristine(body: str, note: str = f"> {EXAMPLE_NOTE} rewrite this.") -> str:
    return complete_readme(Architecture=f"{note}\n\n{FRAME}\n\n{body}")


def authorship(text: str) -> list[str]:
    return [f.message for f in authorship_findings(text, pristine(EXAMPLE), pristine(PLACEHOLDER))]


def test_an_untouched_section_is_the_templates() -> None:
    assert authorship(pristine(EXAMPLE)) == ['"Architecture" is still the template\'s text']


def test_deleting_the_note_is_not_enough() -> None:
    assert authorship(pristine(EXAMPLE, note="")) == [
        '"Architecture" is still the template\'s text'
    ]


def test_rewrapping_the_templates_paragraph_is_not_a_rewrite() -> None:
    rewrapped = pristine(" ".join(EXAMPLE.splitlines()), note="")
    assert authorship(rewrapped) == ['"Architecture" is still the template\'s text']


def test_a_rewritten_section_keeping_a_line_passes() -> None:
    own = (
        "My tool reads a CSV of orders and writes one Parquet file per day.\n"
        "It refuses rows without a date, and says which line they were on.\n"
        "Reading streams the file, so memory stays flat whatever its size.\n"
        + EXAMPLE.splitlines()[2]
    )
    assert authorship(pristine(own, note="")) == []


def test_the_frame_alone_is_never_the_templates() -> None:
    """Text both values of `example` render is the frame: not the candidate's to rewrite."""
    assert authorship(pristine("", note="")) == []
    assert authorship(pristine(f"{FRAME}\n\nMy own words on the design.", note="")) == []


def test_half_the_words_still_the_templates_is_reported() -> None:
    own = "My tool validates orders and writes them out, one file per day, by date."
    kept = "\n".join(EXAMPLE.splitlines()[:2])
    assert authorship(pristine(f"{own}\n{kept}", note="")) == [
        '"Architecture" is still the template\'s text'
    ]


def test_an_adr_reports_its_own_file_and_line() -> None:
    head = "---\nstatus: accepted\ndeciders: Ada\n---\n# Bash for the tool\n\n"
    own = f"{head}## Context and problem statement\n\n{EXAMPLE}\n"
    other = f"{head}## Context and problem statement\n\n{PLACEHOLDER}\n"
    found = authorship_findings(own, own, other, file="docs/adr/0001-x.md")
    assert [(f.file, f.line, f.message) for f in found] == [
        ("docs/adr/0001-x.md", 7, '"Context and problem statement" is still the template\'s text')
    ]


@pytest.mark.parametrize(
    ("diagram", "problem"),
    [
        ("usecase-beta\n  actor User", "does not render on GitHub"),
        ("flowchat LR\n  a --> b", "unknown Mermaid diagram type 'flowchat'"),
        ("flowchart LR\n  a[open --> b", "unclosed '['"),
        ("flowchart LR\n  a[x] --> b)", "unbalanced ')'"),
        ('flowchart LR\n  a["x] --> b', "unbalanced double quote"),
        ("flowchart XY\n  a --> b", "unknown flowchart direction"),
        ("classDiagram\n  class Cache {\n    +get(key)\n", "unclosed '{'"),
        ("stateDiagram-v2\n  state Busy {\n    [*] --> Work\n  }\n  }", "unbalanced '}'"),
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


VALID_DIAGRAMS = [
    *DIAGRAMS.values(),
    "sequenceDiagram\n  A--)B: fire and forget\n  B-)A: ack (async)",
    "sequenceDiagram\n  A->>B: retry (at most 3 times\n  Note over A,B: a [free] text: (here",
    'flowchart LR\n  a["first line\n  second line"] --> b["one (line)"]',
    # Bracket syntax only where the type has it: a body over lines, a cardinality, free text.
    "classDiagram\n  class Cache {\n    +get(key) Value\n  }\n  Cache <|-- LruCache",
    "stateDiagram-v2\n  state Busy {\n    [*] --> Work\n  }",
    "erDiagram\n  CUSTOMER ||--o{ ORDER : places\n  ORDER }|..|{ LINE : has",
    "gantt\n  title Plan :)\n  section Build\n  Write the frame (v1 :a1, 2026-01-01, 3d",
    'pie\n  title Time spent (of 4 h\n  "Design" : 1',
]


@pytest.mark.parametrize("diagram", VALID_DIAGRAMS)
def test_well_formed_diagrams_pass(diagram: str) -> None:
    assert check_diagram(diagram) == []


def test_front_matter_and_comments_are_skipped() -> None:
    source = "---\ntitle: Flow\n---\n%% a comment\nflowchart LR\n  a --> b"
    assert diagram_type(source) == "flowchart"
    assert check_diagram(source) == []


def test_a_section_that_is_the_templates_diagram_alone_is_reported() -> None:
    diagram = "```mermaid\nflowchart LR\n    a[lib/release.sh] --> b[(releases)]\n```"
    other = "```mermaid\nflowchart LR\n    a[placeholder.sh] --> b[(out)]\n```"
    own = complete_readme(**{"Data flow": diagram})
    found = authorship_findings(own, own, complete_readme(**{"Data flow": other}))
    assert [f.message for f in found] == ['"Data flow" is still the template\'s text']
    redrawn = complete_readme(**{"Data flow": diagram.replace("lib/release.sh", "my_tool.py")})
    assert authorship_findings(redrawn, own, complete_readme(**{"Data flow": other})) == []


def test_a_prompt_quoted_in_a_code_block_is_not_one_left_unanswered() -> None:
    quoted = f"Prompts look like this:\n\n```markdown\n> {CANDIDATE_PROMPT} say why.\n```"
    text = complete_readme(**{"How to extend": quoted})
    assert check_readme(text, strict=True) == []
    left = complete_readme(**{"How to extend": f"> {CANDIDATE_PROMPT} say why."})
    assert [f.message for f in check_readme(left, strict=True)] == [
        "a candidate prompt is still unanswered"
    ]
