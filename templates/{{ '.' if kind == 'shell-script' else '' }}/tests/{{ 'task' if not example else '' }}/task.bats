#!/usr/bin/env bats
#
# lib/task/task.sh, the placeholder, through the command end to end: counts, every exit
# status, stdout against stderr, hostile file names. Each test runs the real script.

load ../test_helper

setup() {
  file="${BATS_TEST_TMPDIR}/notes.txt"
  printf 'one\n\n  \t \nfour\nfive, no newline' >"${file}"
}

@test "prints the number of lines on stdout, a last line without a newline included" {
  run --separate-stderr -0 "${SCRIPT}" "${file}"
  assert_output 5
  assert_stderr ""
}

@test "--non-blank counts only lines with something besides spaces and tabs" {
  run --separate-stderr -0 "${SCRIPT}" --non-blank "${file}"
  assert_output 3
  run -0 "${SCRIPT}" -n "${file}"
  assert_output 3
}

@test "an empty file has no lines" {
  : >"${BATS_TEST_TMPDIR}/empty"
  run -0 "${SCRIPT}" "${BATS_TEST_TMPDIR}/empty"
  assert_output 0
  run -0 "${SCRIPT}" -n "${BATS_TEST_TMPDIR}/empty"
  assert_output 0
}

@test "--help names the operand, every option and exit status, and exits 0" {
  run --separate-stderr -0 "${SCRIPT}" --help
  assert_line --index 0 --regexp '^Usage: .+ \[OPTION\]\.\.\. FILE$'
  local word
  for word in --non-blank --verbose --quiet --help --version 64 66 69 130; do
    assert_output --partial -- "${word}"
  done
}

@test "--version prints the name and version" {
  run -0 "${SCRIPT}" --version
  assert_output --regexp '^[a-z][a-z0-9-]* [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "--verbose logs the step on stderr, never on stdout" {
  run --separate-stderr -0 "${SCRIPT}" --verbose "${file}"
  assert_output 5
  assert_stderr --partial "DEBUG"
}

@test "no file, or two, is a usage error (64) with nothing on stdout" {
  run --separate-stderr -64 "${SCRIPT}"
  assert_output ""
  assert_stderr --partial "expected FILE"
  run -64 "${SCRIPT}" "${file}" "${file}"
  run -64 "${SCRIPT}" --bogus "${file}"
}

@test "an empty FILE is a usage error (64)" {
  run --separate-stderr -64 "${SCRIPT}" ""
  assert_stderr --partial "FILE is empty"
}

@test "a missing file, a folder or an unreadable file exits 66 and says why" {
  run --separate-stderr -66 "${SCRIPT}" "${BATS_TEST_TMPDIR}/missing"
  assert_output ""
  assert_stderr --partial "does not exist"
  run --separate-stderr -66 "${SCRIPT}" "${BATS_TEST_TMPDIR}"
  assert_stderr --partial "is not a regular file"
  if ((EUID != 0)); then
    chmod 0000 -- "${file}"
    run --separate-stderr -66 "${SCRIPT}" "${file}"
    assert_stderr --partial "is not readable"
  fi
}

@test "a missing awk exits 69 and names it" {
  local bin="${BATS_TEST_TMPDIR}/path"
  mkdir -p -- "${bin}"
  local name real
  for name in bash readlink; do
    real="$(command -v "${name}")"
    ln -s -- "${real}" "${bin}/${name}"
  done
  run --separate-stderr -69 env PATH="${bin}" "${SCRIPT}" "${file}"
  assert_stderr --partial "missing command(s): awk"
}

@test "hostile file names are read as they are, after --" {
  local folder="${BATS_TEST_TMPDIR}/hostile"
  make_hostile_files "${folder}"
  printf 'a\nb\n' >"${folder}/n=2"
  local name
  for name in "${folder}"/* "${folder}/sub folder"/*; do
    if [[ -f "${name}" && "${name}" != */n=2 ]]; then
      run --separate-stderr -0 "${SCRIPT}" -- "${name}"
      assert_output 1
    fi
  done
  cd -- "${folder}"
  run -0 "${SCRIPT}" -- -leading-dash
  assert_output 1
  run -0 "${SCRIPT}" n=2
  assert_output 2
}
