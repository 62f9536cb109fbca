#!/usr/bin/env bats
#
# lib/task/release.sh: what may be published, and where.

load helper

setup() {
  load_lib frame/log frame/errors frame/cleanup task/manifest task/release
  source_dir="${BATS_TEST_TMPDIR}/artefacts"
  make_artefacts "${source_dir}"
}

@test "a folder of regular files passes" {
  run -0 release::check_source "${source_dir}"
}

@test "a missing source, or one that is a file, stops with 66" {
  run --separate-stderr -66 release::check_source "${BATS_TEST_TMPDIR}/missing"
  assert_stderr --partial "does not exist"
  run --separate-stderr -66 release::check_source "${source_dir}/config.json"
  assert_stderr --partial "is not a folder"
}

@test "a symbolic link or a named pipe in the source stops with 65" {
  ln -s config.json "${source_dir}/metrics/link"
  run --separate-stderr -65 release::check_source "${source_dir}"
  assert_stderr --partial '"metrics/link"'
  rm -- "${source_dir}/metrics/link"
  mkfifo "${source_dir}/pipe"
  run -65 release::check_source "${source_dir}"
}

@test "a source holding its own SHA256SUMS stops with 65" {
  touch "${source_dir}/SHA256SUMS"
  run --separate-stderr -65 release::check_source "${source_dir}"
  assert_stderr --partial "SHA256SUMS"
}

@test "a destination inside the source, or the source itself, stops with 64" {
  run -64 release::check_apart "${source_dir}" "${source_dir}/releases"
  run -64 release::check_apart "${source_dir}" "${source_dir}"
  run -64 release::check_apart "${source_dir}" "${source_dir}/metrics/../new"
}

@test "a sibling whose name starts like the source's is not inside it" {
  run -0 release::check_apart "${source_dir}" "${source_dir}-releases"
}

@test "a destination that is, or would be under, a file stops with 73" {
  touch "${BATS_TEST_TMPDIR}/file"
  run --separate-stderr -73 release::check_writable "${BATS_TEST_TMPDIR}/file"
  assert_stderr --partial "is not a folder"
  run -73 release::check_writable "${BATS_TEST_TMPDIR}/file/releases/new"
}

@test "a destination that exists, or can be created, as a folder passes" {
  run -0 release::check_writable "${BATS_TEST_TMPDIR}"
  run -0 release::check_writable "${BATS_TEST_TMPDIR}/new/releases"
}

@test "a destination with no existing parent but / is checked against /" {
  run release::check_writable "/no-such-folder-$$/releases"
  if [[ -w / ]]; then
    assert_success
  else
    assert_failure 73
  fi
}

@test "a destination in a read-only folder stops with 73" {
  if ((EUID == 0)); then
    skip "root may write into any folder"
  fi
  mkdir -m 0555 -- "${BATS_TEST_TMPDIR}/read-only"
  run --separate-stderr -73 release::check_writable "${BATS_TEST_TMPDIR}/read-only/releases"
  assert_stderr --partial "is not writable"
}

@test "a source with folders but no files stops with 65" {
  local empty="${BATS_TEST_TMPDIR}/empty"
  mkdir -p "${empty}/sub"
  run --separate-stderr -65 release::publish "${empty}" "${BATS_TEST_TMPDIR}/out" "" false
  assert_stderr --partial "nothing to publish"
  assert [ ! -e "${BATS_TEST_TMPDIR}/out" ]
}
