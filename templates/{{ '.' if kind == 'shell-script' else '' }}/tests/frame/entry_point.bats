#!/usr/bin/env bats
#
# bin/: the entry point end to end, with the made-up task of fixture/task.sh in place
# of the real one, so that these tests hold whatever the task is.

load ../test_helper

setup() {
  tool="${BATS_TEST_TMPDIR}/tool"
  mkdir -p -- "${tool}/bin" "${tool}/lib/task"
  cp -- "${SCRIPT}" "${tool}/bin/tool"
  cp -R -- "${PROJECT_ROOT}/lib/frame" "${tool}/lib/"
  cp -- "${BATS_TEST_DIRNAME}/fixture/task.sh" "${tool}/lib/task/task.sh"
  tool="${tool}/bin/tool"
}

@test "--help prints the task's help on stdout and exits 0" {
  run --separate-stderr -0 "${tool}" --help
  assert_line --index 0 --regexp '^Usage: tool \[OPTION\]\.\.\. DEED$'
  assert_output --partial "Does the DEED it is given."
  assert_output --partial "--name NAME"
  assert_output --partial "--verbose"
  assert_stderr ""
  run -0 "${tool}" -h --no-such-option
}

@test "--version prints the name and the task's version, also through a link" {
  run --separate-stderr -0 "${tool}" --version
  assert_output "tool 9.8.7"
  ln -s -- "${tool}" "${BATS_TEST_TMPDIR}/linked"
  run -0 "${BATS_TEST_TMPDIR}/linked" -V
  assert_output "linked 9.8.7"
}

@test "the task gets every option and operand, parsed" {
  run --separate-stderr -0 "${tool}" -f --name=x print
  assert_output "action=run
deed=print
flag=true
log_level=
name=x"
}

@test "logs go to stderr at the level asked: info by default, -v, -q or LOG_LEVEL" {
  run --separate-stderr -0 "${tool}" print
  assert_stderr --partial "INFO  tool: info line"
  refute_stderr --partial "debug line"
  run --separate-stderr -0 "${tool}" -v print
  assert_stderr --partial "DEBUG tool: debug line"
  run --separate-stderr -0 "${tool}" -q print
  assert_stderr ""
  LOG_LEVEL=warn run --separate-stderr -0 "${tool}" print
  assert_stderr --regexp '^[^\n]+WARN  tool: warn line$'
}

@test "a usage error exits 64 with the reason on stderr and nothing on stdout" {
  run --separate-stderr -64 "${tool}"
  assert_output ""
  assert_stderr --partial "expected DEED, got 0 argument(s)"
  run -64 "${tool}" print extra
  run -64 "${tool}" --bogus print
}

@test "LOG_LEVEL is read in any case" {
  LOG_LEVEL=DEBUG run --separate-stderr -0 "${tool}" print
  assert_stderr --partial "debug line"
  LOG_LEVEL=Error run --separate-stderr -0 "${tool}" print
  assert_stderr ""
}

@test "an unknown LOG_LEVEL exits 64 before the task runs" {
  LOG_LEVEL=loud run --separate-stderr -64 "${tool}" print
  assert_output ""
  assert_stderr --partial 'not "loud"'
}

@test "the task's die exits with its code and logs one error, not a failure" {
  run --separate-stderr -65 "${tool}" die
  assert_stderr --partial "the fixture died on purpose"
  refute_stderr --partial "unexpected failure"
}

@test "an unexpected failure in the task is logged with its place and keeps its status" {
  run --separate-stderr -1 "${tool}" fail
  assert_stderr --regexp 'unexpected failure \(status 1\) at .+task\.sh:[0-9]+: false'
}

@test "a failure inside \$(...) is logged once, by the shell that stops" {
  run --separate-stderr -1 "${tool}" fail-in-substitution
  assert_equal "${#stderr_lines[@]}" 1
  assert_stderr --partial "unexpected failure (status 1)"
  run --separate-stderr -0 "${tool}" handled-in-substitution
  assert_stderr ""
}

@test "a missing command exits 69 and names it" {
  run --separate-stderr -69 "${tool}" require
  assert_stderr --partial "missing command(s): no-such-command"
}

# bats test_tags=slow
@test "SIGINT and SIGTERM end the tool as killed (130, 143), removing what it registered" {
  local signal number out err folder pid status i
  for signal in INT TERM; do
    out="${BATS_TEST_TMPDIR}/out.${signal}"
    err="${BATS_TEST_TMPDIR}/err.${signal}"
    # A job started with & ignores SIGINT unless told otherwise (GNU env can).
    env --default-signal=INT "${tool}" wait >"${out}" 2>"${err}" 3>&- &
    pid=$!
    for ((i = 0; i < 100; i++)); do
      if [[ -s "${out}" ]]; then break; fi
      sleep 0.05
    done
    folder="$(<"${out}")"
    assert [ -d "${folder}" ]
    kill -s "${signal}" "${pid}"
    status=0
    wait "${pid}" || status=$?
    number="$(kill -l "${signal}")"
    assert_equal "${status}" $((128 + number))
    assert [ ! -e "${folder}" ]
    run cat "${err}"
    assert_output --partial "interrupted by SIG${signal}"
  done
}
