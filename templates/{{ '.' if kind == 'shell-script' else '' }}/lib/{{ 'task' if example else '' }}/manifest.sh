# shellcheck shell=bash
#
# The SHA-256 manifest of a folder, in the output format of sha256sum, so that anyone
# can check a release with the standard tool: sha256sum --check SHA256SUMS.

#######################################
# Writes the manifest of every regular file under a folder: sorted byte by byte, so the
# same files always give the same manifest, with paths as "./a/b". sha256sum escapes a
# name holding a newline or a backslash, so every file is one line.
# Arguments:
#   The folder.
#   The file to write.
# Returns:
#   Non-zero when a folder or file under it could not be read.
#######################################
manifest::write() {
  local folder="$1"
  local output="$2"
  # shellcheck disable=SC2312 # no failure is masked: the entry point sets pipefail.
  (cd -- "${folder}" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum --) \
    >"${output}"
}

#######################################
# Prints a short name for the content a manifest describes: the first 12 hex digits of
# its own SHA-256. The same files give the same name, like a short git commit id.
# Arguments:
#   The manifest file.
#######################################
manifest::label() {
  local digest
  digest="$(sha256sum <"$1")"
  printf '%s\n' "${digest:0:12}"
}

#######################################
# Counts the files a manifest lists.
# Arguments:
#   The manifest file.
#######################################
manifest::count() {
  local -a lines
  mapfile -t lines <"$1"
  printf '%s\n' "${#lines[@]}"
}
