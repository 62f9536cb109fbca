#!/usr/bin/env bats
#
# lib/cli.sh: options, operands and usage errors.

load test_helper

setup() {
  load_lib log errors cli
}

@test "two operands and no options: publish, no release name, not a dry run" {
  local -A options
  cli::parse options models releases
  assert_equal "${options[action]}" publish
  assert_equal "${options[source]}" models
  assert_equal "${options[dest]}" releases
  assert_equal "${options[release]}" ""
  assert_equal "${options[dry_run]}" false
  assert_equal "${options[log_level]}" ""
}

@test "long options, with their value after a space or =" {
  local -A options
  cli::parse options --dry-run --verbose --release v1 models releases
  assert_equal "${options[dry_run]}" true
  assert_equal "${options[log_level]}" debug
  assert_equal "${options[release]}" v1
  cli::parse options --quiet --release=v2 models releases
  assert_equal "${options[log_level]}" error
  assert_equal "${options[release]}" v2
}

@test "short options, alone or bundled, before or after the operands" {
  local -A options
  cli::parse options models -n releases -r v1
  assert_equal "${options[dry_run]}" true
  assert_equal "${options[release]}" v1
  assert_equal "${options[source]}" models
  cli::parse options -qnrv2 models releases
  assert_equal "${options[log_level]}" error
  assert_equal "${options[dry_run]}" true
  assert_equal "${options[release]}" v2
}

@test "after --, operands may start with a dash" {
  local -A options
  cli::parse options -n -- -models --releases
  assert_equal "${options[source]}" -models
  assert_equal "${options[dest]}" --releases
}

@test "--help and --version stop the parsing: nothing after them is checked" {
  local -A options
  cli::parse options --help --bogus-later
  assert_equal "${options[action]}" help
  cli::parse options -V
  assert_equal "${options[action]}" version
}

@test "an unknown option is a usage error (64) that names it" {
  local -A options
  run --separate-stderr -64 cli::parse options --colour models releases
  assert_stderr --partial '"--colour"'
  run -64 cli::parse options -x models releases
}

@test "--release without a value, or with an empty one, is a usage error (64)" {
  local -A options
  run --separate-stderr -64 cli::parse options models releases --release
  assert_stderr --partial "needs a value"
  run --separate-stderr -64 cli::parse options --release= models releases
  assert_stderr --partial "needs a value"
  run -64 cli::parse options -r "" models releases
}

@test "anything but two operands is a usage error (64)" {
  local -A options
  run -64 cli::parse options
  run -64 cli::parse options models
  run --separate-stderr -64 cli::parse options models releases extra
  assert_stderr --partial "got 3 argument(s)"
}

@test "a release name that is not a plain folder name is a usage error (64)" {
  local -A options
  local name
  for name in ../up a/b .hidden -dash "two words" "modèle" "$(printf 'v%.0s' {1..65})"; do
    run -64 cli::parse options --release="${name}" models releases
  done
  cli::parse options --release=v1.2.3_rc-1 models releases
  assert_equal "${options[release]}" v1.2.3_rc-1
}

@test "the help names every option and exit status" {
  run -0 cli::usage
  local word
  for word in --release --dry-run --verbose --quiet --help --version 64 65 66 69 73 75 130; do
    assert_output --partial -- "${word}"
  done
}
