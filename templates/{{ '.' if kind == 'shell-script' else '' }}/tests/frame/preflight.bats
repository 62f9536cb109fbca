#!/usr/bin/env bats
#
# lib/frame/preflight.sh: required commands.

load ../test_helper

setup() {
  load_lib frame/log frame/errors frame/preflight
}

@test "installed commands pass" {
  run -0 preflight::require_commands bash sha256sum
}

@test "missing commands stop with 69, all of them named at once" {
  run --separate-stderr -69 preflight::require_commands bash no-such-tool-1 no-such-tool-2
  assert_stderr --partial "no-such-tool-1 no-such-tool-2"
}
