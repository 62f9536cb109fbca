#!/usr/bin/env bats
#
# lib/task/manifest.sh: the SHA-256 manifest, its label and its count.

load helper

setup() {
  load_lib task/manifest
  folder="${BATS_TEST_TMPDIR}/artefacts"
  make_artefacts "${folder}"
  manifest="${BATS_TEST_TMPDIR}/SHA256SUMS"
}

@test "lists every file, sorted, with a path sha256sum --check accepts" {
  manifest::write "${folder}" "${manifest}"
  run cut -d ' ' -f 3- "${manifest}"
  assert_output "./config.json
./labels.txt
./metrics/eval.json"
  cd -- "${folder}"
  run -0 sha256sum --check --strict "${manifest}"
}

@test "the same files give the same manifest, whatever order they were made in" {
  local other="${BATS_TEST_TMPDIR}/other"
  mkdir -p "${other}/metrics"
  cp -- "${folder}/metrics/eval.json" "${other}/metrics/"
  cp -- "${folder}/labels.txt" "${folder}/config.json" "${other}/"
  manifest::write "${folder}" "${manifest}"
  manifest::write "${other}" "${manifest}.other"
  run -0 cmp -- "${manifest}" "${manifest}.other"
}

@test "hostile file names: one line per file, and the check still passes" {
  local hostile="${BATS_TEST_TMPDIR}/hostile"
  make_hostile_files "${hostile}"
  manifest::write "${hostile}" "${manifest}"
  run -0 manifest::count "${manifest}"
  assert_output 7
  cd -- "${hostile}"
  run -0 sha256sum --check --strict "${manifest}"
}

@test "a changed byte fails the check" {
  manifest::write "${folder}" "${manifest}"
  printf 'bird\n' >>"${folder}/labels.txt"
  cd -- "${folder}"
  run -1 sha256sum --check --strict --quiet "${manifest}"
  assert_output --partial "labels.txt: FAILED"
}

@test "the label is 12 hex digits, stable, and changes with the content" {
  manifest::write "${folder}" "${manifest}"
  run -0 manifest::label "${manifest}"
  assert_output --regexp '^[0-9a-f]{12}$'
  local first="${output}"
  run -0 manifest::label "${manifest}"
  assert_equal "${output}" "${first}"
  printf 'bird\n' >>"${folder}/labels.txt"
  manifest::write "${folder}" "${manifest}"
  run -0 manifest::label "${manifest}"
  refute_output "${first}"
}

@test "an empty folder gives an empty manifest" {
  mkdir -p "${BATS_TEST_TMPDIR}/empty/sub"
  manifest::write "${BATS_TEST_TMPDIR}/empty" "${manifest}"
  run -0 manifest::count "${manifest}"
  assert_output 0
}
