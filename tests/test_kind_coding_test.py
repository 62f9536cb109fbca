"""The candidate's swap, for real: a coding test of their own in the placeholder's frame.

A project is rendered with `example: false`, and the files a candidate writes for their
own problem (here a min-stack, in tests/swaps/min_stack/) replace the placeholder's:
the contract, both solutions, the workload, the demonstration, the problem's tests and
the README's edge-case table. The frame (operation counting, the fit, the bench report,
the edge-case table check) is untouched, and holds the new problem to its own claims:
the project's own `make lint`, `make test` and `make run` must pass.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import git_init, render, run

KIND = "coding-test"
SWAP = Path(__file__).resolve().parent / "swaps" / "min_stack"
FRAME = (
    "src/min_stack/complexity.py",
    "src/min_stack/counting.py",
    "src/min_stack/report.py",
    "tests/test_complexity.py",
    "tests/test_operation_counts.py",
    "tests/test_edge_case_table.py",
    "tests/test_demo.py",
    "bench/test_scaling.py",
    "Makefile",
)
EDGE_CASE_TABLE = """\
| id | case | expected |
| --- | --- | --- |
| `empty-pop` | pop an empty stack | EmptyStackError, one line |
| `empty-minimum` | minimum of an empty stack | EmptyStackError, one line |
| `equal-minimums` | push 2, 1, 1, pop | minimum 1 |
| `minimum-restored` | push 4, 2, 6, 0, pop | 0 popped, minimum 2 |
| `non-integer` | push "1" | TypeError, nothing stored |
"""


def replace_edge_case_table(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    table = re.compile(r"(### Edge cases\n\n)(\|.*\n)+")
    assert table.search(text), "README.md has no edge-case table under '### Edge cases'"
    readme.write_text(table.sub(lambda m: m[1] + EDGE_CASE_TABLE, text, count=1), encoding="utf-8")


def frame_of(project: Path) -> dict[str, str]:
    return {name: (project / name).read_text(encoding="utf-8") for name in FRAME}


@pytest.mark.slow
@pytest.mark.xdist_group("coding-test-swap")
def test_a_candidates_own_problem_replaces_the_placeholder_in_the_same_frame(
    tmp_path: Path,
) -> None:
    project = render(tmp_path / "project", KIND, example=False, project_name="Min Stack")
    frame = frame_of(project)
    shutil.copytree(SWAP, project, dirs_exist_ok=True)
    replace_edge_case_table(project / "README.md")
    git_init(project)

    run(["make", "setup"], project, timeout=900)
    run(["make", "lint"], project)
    tested = run(["make", "test"], project, timeout=900, env={"PYTEST_ADDOPTS": "-v"}).stdout
    for name in (
        "test_steps_per_call_fit_and_grow_as_the_claimed_class[optimal] PASSED",
        "test_steps_per_call_fit_and_grow_as_the_claimed_class[brute_force] PASSED",
        "test_every_row_of_the_table_is_a_test_and_every_test_a_row PASSED",
        "test_edge_case[empty-pop-TrackedMinStack] PASSED",
        "TestMinStackMachine::runTest PASSED",
    ):
        assert name in tested, tested
    shown = run(["make", "run"], project).stdout
    assert "pop() -> 1  minimum 3  size 3" in shown
    assert frame_of(project) == frame, "the swap changed the frame"
