#!/usr/bin/env bats
#
# lib/frame/cleanup.sh: the EXIT, ERR and signal traps. Each test runs a small bash program
# with the traps installed, the way the entry point installs them.

load ../test_helper

setup() {
  export PROJECT_ROOT
  doomed="${BATS_TEST_TMPDIR}/-doomed "$'dir\n'
  mkdir -p -- "${doomed}"
}

# Runs bash with strict mode and the traps, then the given line; $1 is the folder to
# register for removal.
with_traps() {
  bash -c 'set -Eeuo pipefail
    source "${PROJECT_ROOT}/lib/frame/log.sh"
    source "${PROJECT_ROOT}/lib/frame/cleanup.sh"
    cleanup::install_traps
    cleanup::register "$1"
    '"$1" _ "${doomed}"
}

@test "the EXIT trap removes registered paths and never changes the exit status" {
  run -73 with_traps 'exit 73'
  assert [ ! -e "${doomed}" ]
  mkdir -p -- "${doomed}"
  run -0 with_traps 'true'
  assert [ ! -e "${doomed}" ]
  run -66 with_traps 'CLEANUP_PATHS=(); exit 66'
}

@test "an unexpected failure is logged with its command and keeps its status" {
  run --separate-stderr -3 with_traps 'fails() { return 3; }; fails'
  assert_stderr --partial "unexpected failure (status 3)"
  assert_stderr --partial "return 3"
  assert [ ! -e "${doomed}" ]
}

@test "SIGTERM cleans up and ends the program as killed by SIGTERM (143)" {
  run --separate-stderr -143 with_traps 'kill -TERM "$$"; sleep 5'
  assert_stderr --partial "interrupted by SIGTERM"
  assert [ ! -e "${doomed}" ]
}

@test "SIGINT cleans up and ends the program as killed by SIGINT (130)" {
  run --separate-stderr -130 with_traps 'kill -INT "$$"; sleep 5'
  assert_stderr --partial "interrupted by SIGINT"
  assert [ ! -e "${doomed}" ]
}

@test "a command run with run_interruptible keeps its status" {
  run -0 with_traps 'cleanup::run_interruptible true'
  run -3 with_traps 'cleanup::run_interruptible bash -c "exit 3" || exit $?'
}

# bats test_tags=slow
@test "a signal during a long command run with run_interruptible is handled at once" {
  local start="${SECONDS}"
  # shellcheck disable=SC2016 # the inner bash expands it
  run --separate-stderr -143 with_traps \
    'cleanup::run_interruptible bash -c "kill -TERM \"\${PPID}\"; exec sleep 30"'
  assert [ $((SECONDS - start)) -lt 10 ]
  assert_stderr --partial "interrupted by SIGTERM"
  assert [ ! -e "${doomed}" ]
}
