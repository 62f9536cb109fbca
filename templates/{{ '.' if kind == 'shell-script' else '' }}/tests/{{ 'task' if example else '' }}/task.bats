#!/usr/bin/env bats
#
# lib/task/task.sh, through the command end to end: every exit path and its status,
# stdout and stderr, dry runs, idempotency, hostile names, interruption. Each test runs
# the real script.

load helper

setup() {
  source_dir="${BATS_TEST_TMPDIR}/artefacts"
  make_artefacts "${source_dir}"
  dest="${BATS_TEST_TMPDIR}/releases"
  export TMPDIR="${BATS_TEST_TMPDIR}/tmp"
  mkdir -p -- "${TMPDIR}"
}

# Passes when the tool left no temporary folder, in TMPDIR or beside the releases.
assert_no_leftovers() {
  run ls -A -- "${TMPDIR}"
  assert_output ""
  if [[ -d "${dest}" ]]; then
    run find "${dest}" -mindepth 1 -name '.*'
    assert_output ""
  fi
}

# Passes when the release holds exactly the source's files and a manifest that checks.
assert_release_of() {
  local release="$1"
  local origin="$2"
  run -0 diff -r --exclude=SHA256SUMS -- "${origin}" "${release}"
  cd -- "${release}" || return 1
  run -0 sha256sum --check --strict --quiet SHA256SUMS
}

# Publishes the release v1 and passes when it fails with the given status and log
# message, prints nothing on stdout, and leaves no release and no temporary folder.
assert_publish_fails_cleanly() {
  run --separate-stderr "-$1" "${SCRIPT}" --release v1 "${source_dir}" "${dest}"
  assert_output ""
  assert_stderr --partial "$2"
  assert [ ! -e "${dest}/v1" ]
  assert_no_leftovers
}

# Runs a command (typically `run ...`) and passes when it left the releases exactly as
# they were.
assert_releases_unchanged_by() {
  local before after
  before="$(snapshot "${dest}")"
  "$@"
  after="$(snapshot "${dest}")"
  assert_equal "${after}" "${before}"
}

@test "--help prints the usage on stdout, with every option and exit status, and exits 0" {
  run --separate-stderr -0 "${SCRIPT}" --help
  assert_line --index 0 --regexp '^Usage: .+ \[OPTION\]\.\.\. SOURCE DEST$'
  assert_stderr ""
  local word
  for word in --release --dry-run --verbose --quiet --help --version 64 65 66 69 73 75 130; do
    assert_output --partial -- "${word}"
  done
  run -0 "${SCRIPT}" -h
}

@test "--version prints the name and version and exits 0, also through a link" {
  run --separate-stderr -0 "${SCRIPT}" --version
  assert_output --regexp '^[a-z][a-z0-9-]* [0-9]+\.[0-9]+\.[0-9]+$'
  ln -s -- "${SCRIPT}" "${BATS_TEST_TMPDIR}/linked"
  run -0 "${BATS_TEST_TMPDIR}/linked" --version
  assert_output --regexp '^linked [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "a usage error exits 64 with the reason on stderr and nothing on stdout" {
  run --separate-stderr -64 "${SCRIPT}"
  assert_output ""
  assert_stderr --partial "expected SOURCE DEST"
  run -64 "${SCRIPT}" --bogus "${source_dir}" "${dest}"
  run -64 "${SCRIPT}" --release ../up "${source_dir}" "${dest}"
  run -64 "${SCRIPT}" "${source_dir}" "${source_dir}/releases"
  assert [ ! -e "${source_dir}/releases" ]
  assert [ ! -e "${dest}" ]
}

# bats test_tags=slow
@test "a release name that is not a plain folder name exits 64 and creates nothing" {
  local name
  for name in ../up a/b .hidden -dash "two words" "modèle" "$(printf 'v%.0s' {1..65})"; do
    run --separate-stderr -64 "${SCRIPT}" --release="${name}" "${source_dir}" "${dest}"
    assert_stderr --partial "is not a valid name"
  done
  assert [ ! -e "${dest}" ]
  run --separate-stderr -0 "${SCRIPT}" --release=v1.2.3_rc-1 "${source_dir}" "${dest}"
  assert_output "${dest}/v1.2.3_rc-1"
}

@test "an empty SOURCE or DEST is a usage error (64)" {
  run --separate-stderr -64 "${SCRIPT}" "${source_dir}" ""
  assert_stderr --partial "DEST is empty"
  run -64 "${SCRIPT}" "" "${dest}"
  assert [ ! -e "${dest}" ]
}

@test "a DEST with trailing slashes names the release without a double slash" {
  run --separate-stderr -0 "${SCRIPT}" --release v1 "${source_dir}" "${dest}//"
  assert_output "${dest}/v1"
  run --separate-stderr -0 "${SCRIPT}" --release v1 "${source_dir}" "${dest}/"
  assert_output "${dest}/v1"
  assert_stderr --partial "nothing to do"
}

@test "empty folders are not published: a release holds its files and nothing else" {
  mkdir -p -- "${source_dir}/empty/nested" "${source_dir}/metrics/none"
  run --separate-stderr -0 "${SCRIPT}" --release v1 "${source_dir}" "${dest}"
  assert [ ! -e "${dest}/v1/empty" ]
  assert [ ! -e "${dest}/v1/metrics/none" ]
  assert [ -f "${dest}/v1/metrics/eval.json" ]
  rm -r -- "${source_dir}/empty" "${source_dir}/metrics/none"
  assert_release_of "${dest}/v1" "${source_dir}"
}

@test "an unknown LOG_LEVEL exits 64" {
  LOG_LEVEL=loud run --separate-stderr -64 "${SCRIPT}" "${source_dir}" "${dest}"
  assert_stderr --partial 'not "loud"'
}

@test "a missing source exits 66 and creates nothing" {
  run --separate-stderr -66 "${SCRIPT}" "${BATS_TEST_TMPDIR}/missing" "${dest}"
  assert_output ""
  assert [ ! -e "${dest}" ]
}

@test "a file under the source that cannot be read exits 66 and creates nothing" {
  stub_command sha256sum 'exit 1'
  run --separate-stderr -66 "${SCRIPT}" "${source_dir}" "${dest}"
  assert_output ""
  assert_stderr --partial "cannot read every file"
  assert [ ! -e "${dest}" ]
  assert_no_leftovers
}

@test "a source with nothing publishable exits 65" {
  ln -s labels.txt "${source_dir}/link"
  run -65 "${SCRIPT}" "${source_dir}" "${dest}"
  assert [ ! -e "${dest}" ]
}

@test "a missing command exits 69 before anything is touched" {
  local bin="${BATS_TEST_TMPDIR}/path"
  mkdir -p "${bin}"
  local name real
  for name in bash readlink cmp cp find mkdir mktemp mv realpath sort xargs; do
    real="$(command -v "${name}")"
    ln -s -- "${real}" "${bin}/${name}"
  done
  PATH="${bin}" run --separate-stderr -69 "${SCRIPT}" "${source_dir}" "${dest}"
  assert_stderr --partial "sha256sum"
  assert [ ! -e "${dest}" ]
}

@test "publishes: the release folder on stdout, logs on stderr, a manifest that checks" {
  run --separate-stderr -0 "${SCRIPT}" "${source_dir}" "${dest}"
  assert_output --regexp "^${dest}/[0-9a-f]{12}\$"
  assert_stderr --partial "published 3 file(s)"
  local release="${output}"
  # The release folder keeps the source folder's mode, not mktemp's 0700.
  run -0 stat -c %a -- "${source_dir}" "${release}"
  assert_equal "${lines[1]}" "${lines[0]}"
  assert_release_of "${release}" "${source_dir}"
  assert_no_leftovers
}

@test "--release names the release" {
  run --separate-stderr -0 "${SCRIPT}" --release v1 "${source_dir}" "${dest}"
  assert_output "${dest}/v1"
  assert_release_of "${dest}/v1" "${source_dir}"
}

@test "publishing the same files again changes nothing and says so" {
  run -0 "${SCRIPT}" --release v1 "${source_dir}" "${dest}"
  assert_releases_unchanged_by \
    run --separate-stderr -0 "${SCRIPT}" --release v1 "${source_dir}" "${dest}"
  assert_output "${dest}/v1"
  assert_stderr --partial "nothing to do"
  assert_no_leftovers
}

@test "other files under an existing release name exit 73 and change nothing" {
  run -0 "${SCRIPT}" --release v1 "${source_dir}" "${dest}"
  printf 'bird\n' >>"${source_dir}/labels.txt"
  assert_releases_unchanged_by \
    run --separate-stderr -73 "${SCRIPT}" --release v1 "${source_dir}" "${dest}"
  assert_output ""
  assert_stderr --partial "already exists with other files"
}

@test "--dry-run writes nothing, not even the destination folder" {
  run --separate-stderr -0 "${SCRIPT}" --dry-run --release v1 "${source_dir}" "${dest}"
  assert_output "${dest}/v1"
  assert_stderr --partial "dry run: would publish 3 file(s)"
  assert [ ! -e "${dest}" ]
  assert_no_leftovers
}

@test "--dry-run leaves existing releases untouched" {
  run -0 "${SCRIPT}" --release v1 "${source_dir}" "${dest}"
  printf 'bird\n' >>"${source_dir}/labels.txt"
  assert_releases_unchanged_by run -0 "${SCRIPT}" -n --release v2 "${source_dir}" "${dest}"
}

@test "--quiet logs nothing on success and --verbose logs each step" {
  run --separate-stderr -0 "${SCRIPT}" --quiet "${source_dir}" "${dest}"
  assert_stderr ""
  run --separate-stderr -0 "${SCRIPT}" --verbose --release v2 "${source_dir}" "${dest}"
  assert_stderr --partial "DEBUG"
  assert_stderr --partial "renaming"
}

@test "hostile file names are published and checked one by one" {
  make_hostile_files "${source_dir}"
  run --separate-stderr -0 "${SCRIPT}" --release v1 "${source_dir}" "${dest}"
  assert_stderr --partial "published 10 file(s)"
  assert_release_of "${dest}/v1" "${source_dir}"
  assert_no_leftovers
}

# bats test_tags=slow
@test "hostile source and destination folder names work after --" {
  local odd_source="${BATS_TEST_TMPDIR}/-src *[x] "$'\n'"é"
  local odd_dest="-releases ?"$'\n'
  mv -- "${source_dir}" "${odd_source}"
  cd -- "${BATS_TEST_TMPDIR}"
  run --separate-stderr -0 "${SCRIPT}" -r v1 -- "${odd_source}" "${odd_dest}"
  assert_release_of "${BATS_TEST_TMPDIR}/${odd_dest}/v1" "${odd_source}"
}

@test "a destination that cannot be created exits 73, in a dry run too" {
  touch "${BATS_TEST_TMPDIR}/file"
  run --separate-stderr -73 "${SCRIPT}" "${source_dir}" "${BATS_TEST_TMPDIR}/file/releases"
  assert_output ""
  run -73 "${SCRIPT}" "${source_dir}" "${BATS_TEST_TMPDIR}/file"
  run -73 "${SCRIPT}" --dry-run "${source_dir}" "${BATS_TEST_TMPDIR}/file/releases"
}

@test "a failed copy or rename exits 73 and leaves nothing behind" {
  stub_command cp 'exit 1'
  assert_publish_fails_cleanly 73 "cannot copy"
  rm -- "${BATS_TEST_TMPDIR}/stubs/cp"
  stub_command mv 'exit 1'
  assert_publish_fails_cleanly 73 "cannot move"
}

@test "a source that changes while it is copied exits 75 and publishes nothing" {
  export GROWING="${source_dir}/labels.txt"
  # shellcheck disable=SC2016 # the stub expands it, not this test
  stub_command cp 'printf "bird\n" >>"${GROWING}"; exec "${REAL}" "$@"'
  assert_publish_fails_cleanly 75 "changed while it was copied"
}

@test "SIGINT during the copy exits 130 and leaves nothing behind" {
  # shellcheck disable=SC2016 # the stub expands it, not this test
  stub_command cp 'kill -INT "${PPID}"; exec "${REAL}" "$@"'
  assert_publish_fails_cleanly 130 "interrupted by SIGINT"
}

@test "SIGTERM during the copy exits 143 and leaves nothing behind" {
  # shellcheck disable=SC2016 # the stub expands it, not this test
  stub_command cp 'kill -TERM "${PPID}"; exec "${REAL}" "$@"'
  assert_publish_fails_cleanly 143 "interrupted by SIGTERM"
}

# bats test_tags=slow
@test "SIGTERM during a long copy stops the copy at once: 143, nothing left behind" {
  # shellcheck disable=SC2016 # the stub expands it, not this test
  stub_command cp 'kill -TERM "${PPID}"; exec sleep 30'
  local start="${SECONDS}"
  assert_publish_fails_cleanly 143 "interrupted by SIGTERM"
  assert [ $((SECONDS - start)) -lt 10 ]
}
