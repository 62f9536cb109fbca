#!/usr/bin/env bats
#
# lib/frame/cli.sh: options and operands as a task declares them, bundling, usage errors
# and the options' help. The task here is a made-up one, declared in setup.

load ../test_helper

setup() {
  load_lib frame/log frame/errors frame/cli
  cli::operands INPUT OUTPUT
  cli::option t tag NAME "the tag to give"
  cli::option n dry-run "" "write nothing"
  cli::option "" colour WHEN $'when to colour\nthe output'
}

@test "two operands and no options: run, flags false, values empty, operands by name" {
  local -A options
  cli::parse options inbox outbox
  assert_equal "${options[action]}" run
  assert_equal "${options[input]}" inbox
  assert_equal "${options[output]}" outbox
  assert_equal "${options[tag]}" ""
  assert_equal "${options[dry_run]}" false
  assert_equal "${options[log_level]}" ""
}

@test "long options, with their value after a space or =" {
  local -A options
  cli::parse options --dry-run --verbose --tag v1 --colour=never inbox outbox
  assert_equal "${options[dry_run]}" true
  assert_equal "${options[log_level]}" debug
  assert_equal "${options[tag]}" v1
  assert_equal "${options[colour]}" never
  cli::parse options --quiet --tag=v2 inbox outbox
  assert_equal "${options[log_level]}" error
  assert_equal "${options[tag]}" v2
  assert_equal "${options[dry_run]}" false
}

@test "short options, alone or bundled, before or after the operands" {
  local -A options
  cli::parse options inbox -n outbox -t v1
  assert_equal "${options[dry_run]}" true
  assert_equal "${options[tag]}" v1
  assert_equal "${options[input]}" inbox
  cli::parse options -qntv2 inbox outbox
  assert_equal "${options[log_level]}" error
  assert_equal "${options[dry_run]}" true
  assert_equal "${options[tag]}" v2
}

@test "after --, operands may start with a dash; a lone - is an operand" {
  local -A options
  cli::parse options -n -- -inbox --outbox
  assert_equal "${options[input]}" -inbox
  assert_equal "${options[output]}" --outbox
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
  run --separate-stderr -64 cli::parse options --bogus inbox outbox
  assert_stderr --partial '"--bogus"'
  run --separate-stderr -64 cli::parse options -x inbox outbox
  assert_stderr --partial '"-x"'
  run -64 cli::parse options -nx inbox outbox
  run --separate-stderr -64 cli::parse options --dry-run=yes inbox outbox
  assert_stderr --partial '"--dry-run"'
}

@test "an option's value missing or empty is a usage error (64)" {
  local -A options
  run --separate-stderr -64 cli::parse options inbox outbox --tag
  assert_stderr --partial "needs a value"
  run --separate-stderr -64 cli::parse options --tag= inbox outbox
  assert_stderr --partial "needs a value"
  run -64 cli::parse options -t "" inbox outbox
}

@test "any other number of operands than declared is a usage error (64)" {
  local -A options
  run -64 cli::parse options
  run -64 cli::parse options inbox
  run --separate-stderr -64 cli::parse options inbox outbox extra
  assert_stderr --partial "expected INPUT OUTPUT, got 3 argument(s)"
}

@test "an empty operand is a usage error (64) that names it" {
  local -A options
  run --separate-stderr -64 cli::parse options inbox ""
  assert_stderr --partial "OUTPUT is empty"
  run -64 cli::parse options "" outbox
}

@test "a task that declares a name or letter of the frame's is a bug (70)" {
  run --separate-stderr -70 cli::option "" log-level LEVEL "clashes"
  assert_stderr --partial '"log_level"'
  run -70 cli::option "" verbose "" "clashes"
  run -70 cli::option v loud "" "clashes with -v"
  run -70 cli::operands INPUT ACTION
}

@test "the synopsis names the operands; the options' help has both columns" {
  run -0 cli::synopsis
  assert_output --regexp '^Usage: .+ \[OPTION\]\.\.\. INPUT OUTPUT$'
  run -0 cli::options_help
  assert_line --index 0 --regexp '^  -t, --tag NAME {7}the tag to give$'
  assert_line --index 1 --regexp '^  -n, --dry-run +write nothing$'
  assert_line --index 2 --regexp '^      --colour WHEN +when to colour$'
  assert_line --index 3 --regexp '^ {23}the output$'
  local word
  for word in --verbose --quiet --help --version; do
    assert_output --partial -- "${word}"
  done
}
