"""`takehome check --strict` finds the sections still in the template's own words.

End to end on real renders: a git repository of this template is published as a
version, a project is made from it with copier, and the check renders that version
again from what `.copier-answers.yml` records. In the published copy each kind's
write-up blocks are given a placeholder branch (`{% if example %}…{% else %}…`), the
shape the kind contract asks of every kind, so the test does not depend on how far
each kind has got; a second test holds the real kinds to that shape.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from generator.cli import app
from generator.writeup import CANDIDATE_PROMPT, EXAMPLE_NOTE, authorship_findings
from tests.conftest import KINDS, Render, commit_tagged, copy, kind_folder, template_snapshot

VERSION = "v0.2.0"
WRITE_UP_BLOCKS = {
    "README.md.jinja": [
        *("quick_start", "problem", "use_cases", "functional_requirements"),
        *("non_functional_requirements", "architecture", "data_flow", "sequences"),
        *("decisions", "testing", "operations", "limitations", "extending"),
    ],
    "adr": ["context", "drivers", "options", "outcome", "consequences"],
}
BLOCK = re.compile(
    r"(?P<open>\{%-?\s*block\s+(?P<name>\w+)\s*-?%\})(?P<body>.*?)"
    r"(?P<close>\{%-?\s*endblock(?:\s+\w+)?\s*-?%\})",
    re.DOTALL,
)
STILL_TEMPLATES = re.compile(r"^(?P<file>\S+):\d+: \"(?P<title>[^\"]+)\" is still the template's")
OWN_WORDS = (
    "I wrote this part of {title} myself, for the task I was given. "
    "It names the modules I built, the inputs I accept, and what I measured on my laptop. "
    "Where I kept a line of the skeleton, it is because it still holds for my code."
)

OWN_DIAGRAMS = {
    "flowchart": "flowchart LR\n    me([Me]) --> tool[bin/my-tool] --> out[(orders.parquet)]",
    "sequenceDiagram": (
        "sequenceDiagram\n    participant U as User\n    U->>T: my-tool orders.csv\n"
        "    alt a row has no date\n        T-->>U: exit 65\n    else\n        T-->>U: exit 0\n"
        "    end"
    ),
}
"""The candidate's own diagrams, of the types the write-up needs."""

runner = CliRunner()


def _with_placeholder(path: Path, names: list[str]) -> None:
    """Give each write-up block a placeholder branch, as the kind contract asks."""

    def wrap(match: re.Match[str]) -> str:
        if match["name"] not in names:
            return match[0]
        placeholder = f"The placeholder's {match['name'].replace('_', ' ')}, in its own words."
        return (
            f"{match['open']}{{% if example %}}{match['body']}{{% else %}}{placeholder}"
            f"{{% endif %}}{match['close']}"
        )

    path.write_text(BLOCK.sub(wrap, path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = template_snapshot(tmp_path_factory.mktemp("template"))
    for kind in KINDS:
        folder = kind_folder(repo, kind)
        _with_placeholder(folder / "README.md.jinja", WRITE_UP_BLOCKS["README.md.jinja"])
        for adr in (folder / "docs" / "adr").glob("*.jinja"):
            _with_placeholder(adr, WRITE_UP_BLOCKS["adr"])
    commit_tagged(repo, "Every kind with a placeholder write-up", VERSION)
    return repo


def _reported(project: Path) -> tuple[int, set[tuple[str, str]], str]:
    result = runner.invoke(app, ["check", "--strict", str(project)])
    found = {
        (m["file"], m["title"])
        for line in result.output.splitlines()
        if (m := STILL_TEMPLATES.match(line))
    }
    return result.exit_code, found, result.output


def _sections(text: str) -> list[tuple[str, list[str]]]:
    """(title, lines) of each `## ` section, after whatever precedes the first."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    fence = False
    for line in text.splitlines():
        fence ^= line.startswith("```")
        if line.startswith("## ") and not fence:
            sections.append((line[3:].strip(), []))
        sections[-1][1].append(line)
    return sections


def _example_sections(project: Path) -> set[tuple[str, str]]:
    """What the template itself marks as its example: README sections with the note,
    and every section of each decision record."""
    readme = [
        ("README.md", title)
        for title, lines in _sections((project / "README.md").read_text(encoding="utf-8"))
        if any(EXAMPLE_NOTE in line for line in lines)
    ]
    adrs = [
        (str(adr.relative_to(project)), title)
        for adr in (project / "docs" / "adr").glob("*.md")
        for title, _ in _sections(adr.read_text(encoding="utf-8"))
        if title
    ]
    return set(readme + adrs)


def _without_markers(text: str) -> str:
    return "\n".join(
        line
        for line in text.splitlines()
        if EXAMPLE_NOTE not in line and CANDIDATE_PROMPT not in line
    )


def _rewritten(text: str) -> str:
    """Each section in the candidate's own words, its diagrams and one line of the
    template's prose kept; the template's notes and prompts gone."""
    out: list[str] = []
    for title, lines in _sections(_without_markers(text)):
        if not title:
            out += lines
            continue
        body = "\n".join(lines[1:])
        diagrams = [
            f"```mermaid\n{OWN_DIAGRAMS[kind]}\n```"
            for kind in re.findall(r"^```mermaid\n(\w+)", body, flags=re.M)
        ]
        kept = next(
            (line for line in lines[1:] if re.match(r"^[A-Z][^`|#>]*[a-z][.:]$", line.strip())),
            "",
        )
        out += [lines[0], "", OWN_WORDS.format(title=title), "", kept, "", *diagrams, ""]
    return "\n".join(out) + "\n"


def _write_up(project: Path) -> list[Path]:
    return [project / "README.md", *sorted((project / "docs" / "adr").glob("*.md"))]


@pytest.mark.parametrize("kind", KINDS)
def test_only_sections_the_candidate_rewrote_pass(
    template: Path, tmp_path: Path, kind: str
) -> None:
    project = tmp_path / "homework"
    copy(template, project, {"kind": kind}, vcs_ref=VERSION)
    example_sections = _example_sections(project)
    assert len([f for f, _ in example_sections if f == "README.md"]) >= 10

    code, found, output = _reported(project)
    assert code == 1
    assert found == example_sections, output

    for path in _write_up(project):  # the notes and prompts deleted, the text kept
        path.write_text(_without_markers(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, found, output = _reported(project)
    assert found == example_sections, output

    for path in _write_up(project):
        path.write_text(_rewritten(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, found, output = _reported(project)
    assert (code, found) == (0, set()), output
    assert "authorship was not checked" not in output

    answers = project / ".copier-answers.yml"
    recorded = yaml.safe_load(answers.read_text(encoding="utf-8"))
    recorded["_src_path"] = str(tmp_path / "a-reviewers-machine-has-no-such-folder")
    answers.write_text(yaml.safe_dump(recorded), encoding="utf-8")
    code, found, output = _reported(project)
    assert code == 0, output
    unchecked = [line for line in output.splitlines() if "authorship was not checked" in line]
    assert len(unchecked) == 1
    assert "a-reviewers-machine-has-no-such-folder" in unchecked[0]


@pytest.mark.parametrize("kind", KINDS)
def test_each_example_section_of_a_kind_is_the_kinds_own(render_kind: Render, kind: str) -> None:
    """Every section the template marks as its example holds words of the kind's own,
    which the skeleton shared by every kind does not: the check can tell them apart."""
    example = render_kind(kind, example=True)
    another = render_kind(next(k for k in KINDS if k != kind), example=True)
    own = (example / "README.md").read_text(encoding="utf-8")
    other = (another / "README.md").read_text(encoding="utf-8")
    found = {("README.md", f.message.split('"')[1]) for f in authorship_findings(own, own, other)}
    expected = {s for s in _example_sections(example) if s[0] == "README.md"}
    assert found == expected
