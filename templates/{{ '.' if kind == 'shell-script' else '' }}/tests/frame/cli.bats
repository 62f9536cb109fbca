#!/usr/bin/env bats
#
# lib/frame/cli.sh: options and operands as a task declares them, bundling, usage errors
# and the options' help. The task here is a made-up one, declared in setup.

load ../test_helper

setup() {
  load_lib frame/log frame/errors frame/cli
  cli::operands INPUT OUTPUT
  cli::option r release LABEL "name of the release"
  cli::option n dry-run "" "write nothing"
  cli::option "" colour WHEN $'when to colour\nthe output'
}

@test "two operands and no options: run, flags false, values empty, operands by name" {
  local -A options
  cli::parse options models releases
  assert_equal "${options[action]}" run
  assert_equal "${options[input]}" models
  assert_equal "${options[output]}" releases
  assert_equal "${options[release]}" ""
  assert_equal "${options[dry_run]}" false
  assert_equal "${options[log_level]}" ""
}

@test "long options, with their value after a space or =" {
  local -A options
  cli::parse options --dry-run --verbose --release v1 --colour=never models releases
  assert_equal "${options[dry_run]}" true
  assert_equal "${options[log_level]}" debug
  assert_equal "${options[release]}" v1
  assert_equal "${options[colour]}" never
  cli::parse options --quiet --release=v2 models releases
  assert_equal "${options[log_level]}" error
  assert_equal "${options[release]}" v2
  assert_equal "${options[dry_run]}" false
}

@test "short options, alone or bundled, before or after the operands" {
  local -A options
  cli::parse options models -n releases -r v1
  assert_equal "${options[dry_run]}" true
  assert_equal "${options[release]}" v1
  assert_equal "${options[input]}" models
  cli::parse options -qnrv2 models releases
  assert_equal "${options[log_level]}" error
  assert_equal "${options[dry_run]}" true
  assert_equal "${options[release]}" v2
}

@test "after --, operands may start with a dash; a lone - is an operand" {
  local -A options
  cli::parse options -n -- -models --releases
  assert_equal "${options[input]}" -models
  assert_equal "${options[output]}" --releases
  cli::parse options - out
  assert_equal "${options[input]}" -
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
  run --separate-stderr -64 cli::parse options --bogus models releases
  assert_stderr --partial '"--bogus"'
  run --separate-stderr -64 cli::parse options -x models releases
  assert_stderr --partial '"-x"'
  run -64 cli::parse options -nx models releases
  run --separate-stderr -64 cli::parse options --dry-run=yes models releases
  assert_stderr --partial '"--dry-run"'
}

@test "an option's value missing or empty is a usage error (64)" {
  local -A options
  run --separate-stderr -64 cli::parse options models releases --release
  assert_stderr --partial "needs a value"
  run --separate-stderr -64 cli::parse options --release= models releases
  assert_stderr --partial "needs a value"
  run -64 cli::parse options -r "" models releases
}

@test "any other number of operands than declared is a usage error (64)" {
  local -A options
  run -64 cli::parse options
  run -64 cli::parse options models
  run --separate-stderr -64 cli::parse options models releases extra
  assert_stderr --partial "expected INPUT OUTPUT, got 3 argument(s)"
}

@test "an empty operand is a usage error (64) that names it" {
  local -A options
  run --separate-stderr -64 cli::parse options models ""
  assert_stderr --partial "OUTPUT is empty"
  run -64 cli::parse options "" releases
}

@test "the synopsis names the operands; the options' help has both columns" {
  run -0 cli::synopsis
  assert_output --regexp '^Usage: .+ \[OPTION\]\.\.\. INPUT OUTPUT$'
  run -0 cli::options_help
  assert_line --index 0 --regexp '^  -r, --release LABEL  name of the release$'
  assert_line --index 1 --regexp '^  -n, --dry-run +write nothing$'
  assert_line --index 2 --regexp '^      --colour WHEN +when to colour$'
  assert_line --index 3 --regexp '^ {23}the output$'
  local word
  for word in --verbose --quiet --help --version; do
    assert_output --partial -- "${word}"
  done
}
