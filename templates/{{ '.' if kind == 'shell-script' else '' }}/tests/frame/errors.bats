#!/usr/bin/env bats
#
# lib/frame/errors.sh: named exit codes and die.

load ../test_helper

setup() {
  load_lib frame/log frame/errors
}

@test "die logs the message on stderr and exits with the sysexits.h code of the name" {
  run --separate-stderr -66 die EX_NOINPUT "no such folder"
  assert_output ""
  assert_stderr --partial "ERROR"
  assert_stderr --partial "no such folder"
  run -64 die EX_USAGE x
  run -65 die EX_DATAERR x
  run -69 die EX_UNAVAILABLE x
  run -73 die EX_CANTCREAT x
  run -75 die EX_TEMPFAIL x
}

@test "a name missing from the table is a bug: exit 70" {
  run -70 die EX_NO_SUCH_NAME "message"
}
