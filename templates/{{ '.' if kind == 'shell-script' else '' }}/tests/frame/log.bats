#!/usr/bin/env bats
#
# lib/frame/log.sh: levels, stderr only, one line per event.

load ../test_helper

setup() {
  load_lib frame/log
}

@test "by default info is logged to stderr, with time and level, and debug is not" {
  run --separate-stderr log::debug "hidden"
  assert_stderr ""
  run --separate-stderr log::info "shown"
  assert_output ""
  assert_stderr --regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[+-][0-9]{4} INFO  .+: shown$'
}

@test "the level sets the threshold: error drops warnings, debug shows everything" {
  log::set_level error
  run --separate-stderr log::warn "dropped"
  assert_stderr ""
  run --separate-stderr log::error "kept"
  assert_stderr --partial "ERROR"
  log::set_level debug
  run --separate-stderr log::debug "details"
  assert_stderr --partial "DEBUG"
}

@test "a level is read in any case: INFO, Warn and debug are the same levels" {
  log::set_level INFO
  assert_equal "${LOG_LEVEL}" info
  log::set_level Warn
  run --separate-stderr log::info "dropped"
  assert_stderr ""
  run --separate-stderr log::warn "kept"
  assert_stderr --partial "WARN"
}

@test "an unknown level is refused; an unknown LOG_LEVEL logs as info" {
  run -1 log::set_level loud
  run -1 log::set_level ""
  assert_equal "${LOG_LEVEL}" info
  LOG_LEVEL=loud
  run --separate-stderr log::debug "hidden"
  assert_stderr ""
  run --separate-stderr log::info "shown"
  assert_stderr --partial "shown"
}

@test "a newline or carriage return in a message stays on one line" {
  run --separate-stderr log::info "file "$'a\nb\rc'
  assert_equal "${#stderr_lines[@]}" 1
  assert_stderr --partial 'file a\nb\rc'
}
