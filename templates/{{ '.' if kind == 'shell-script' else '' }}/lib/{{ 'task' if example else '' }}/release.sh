# shellcheck shell=bash
#
# Publishing a release: check the source, write its manifest, copy it into a hidden
# staging folder beside the destination, prove the copy matches, then rename the staging
# folder into place. A rename within one file system is atomic: readers see the whole
# release or none of it.

# The manifest every release holds, named as the sha256sum convention names it.
readonly RELEASE_MANIFEST=SHA256SUMS

#######################################
# Stops unless the source is a readable folder of regular files and folders.
# Arguments:
#   The source folder.
#######################################
release::check_source() {
  local source="$1"
  if [[ ! -e "${source}" ]]; then
    die EX_NOINPUT "source \"${source}\" does not exist"
  fi
  if [[ ! -d "${source}" ]]; then
    die EX_NOINPUT "source \"${source}\" is not a folder"
  fi
  if [[ ! -r "${source}" || ! -x "${source}" ]]; then
    die EX_NOINPUT "source folder \"${source}\" is not readable"
  fi
  local odd
  odd="$(cd -- "${source}" && find . ! -type f ! -type d -print -quit)" \
    || die EX_NOINPUT "cannot read every folder under \"${source}\""
  if [[ -n "${odd}" ]]; then
    die EX_DATAERR "\"${odd#./}\" in the source is not a regular file; links, pipes" \
      "and devices are not published"
  fi
  if [[ -e "${source}/${RELEASE_MANIFEST}" ]]; then
    die EX_DATAERR "the source holds a file named ${RELEASE_MANIFEST}, the name of the" \
      "manifest every release gets; rename it"
  fi
}

#######################################
# Stops when the destination is inside the source (each release would copy the last).
# Arguments:
#   The source folder.
#   The destination folder.
#######################################
release::check_apart() {
  local source dest
  source="$(realpath -e -- "$1")"
  dest="$(realpath -m -- "$2")"
  if [[ "${dest}/" == "${source}/"* ]]; then
    die EX_USAGE "destination \"$2\" is inside source \"$1\"; choose a folder outside it"
  fi
}

#######################################
# Stops unless the destination is a writable folder or can be created as one, so that
# a dry run fails where the real run would.
# Arguments:
#   The destination folder.
#######################################
release::check_writable() {
  local dest="$1"
  local existing
  existing="$(realpath -m -- "${dest}")"
  while [[ ! -e "${existing}" ]]; do
    existing="${existing%/*}"
    existing="${existing:-/}"
  done
  if [[ ! -d "${existing}" ]]; then
    die EX_CANTCREAT "cannot create the destination \"${dest}\": \"${existing}\" is not a" \
      "folder"
  fi
  if [[ ! -w "${existing}" || ! -x "${existing}" ]]; then
    die EX_CANTCREAT "cannot create the destination \"${dest}\": \"${existing}\" is not" \
      "writable"
  fi
}

#######################################
# Copies the source into a staging folder, checks the copy against the manifest, and
# renames the staging folder to the release folder.
# Arguments:
#   The source folder.
#   The destination folder.
#   The release name.
#   The manifest of the source.
#######################################
release::promote() {
  local source="$1"
  local dest="$2"
  local release="$3"
  local manifest="$4"
  mkdir -p -- "${dest}" || die EX_CANTCREAT "cannot create the destination \"${dest}\""
  local staging
  staging="$(mktemp -d -- "${dest}/.${release}.XXXXXX")" \
    || die EX_CANTCREAT "cannot write into the destination \"${dest}\""
  cleanup::register "${staging}"
  log::debug "copying \"${source}\" into \"${staging}\""
  # -p also gives the staging folder the source folder's mode, instead of mktemp's 0700.
  cleanup::run_interruptible cp -R -p -- "${source}/." "${staging}/" \
    || die EX_CANTCREAT "cannot copy \"${source}\" into \"${staging}\""
  # A release is the files its manifest lists: empty folders are not part of it.
  (cd -- "${staging}" && find . -mindepth 1 -type d -empty -delete) \
    || die EX_CANTCREAT "cannot remove the empty folders of \"${staging}\""
  local copied="${manifest}.copied"
  manifest::write "${staging}" "${copied}" \
    || die EX_CANTCREAT "cannot read back the copy in \"${staging}\""
  if ! cmp -s -- "${manifest}" "${copied}"; then
    die EX_TEMPFAIL "the source changed while it was copied; nothing was published;" \
      "try again once it is complete"
  fi
  cp -- "${manifest}" "${staging}/${RELEASE_MANIFEST}" \
    || die EX_CANTCREAT "cannot write the manifest into \"${staging}\""
  log::debug "renaming \"${staging}\" to \"${dest}/${release}\""
  mv -T -- "${staging}" "${dest}/${release}" \
    || die EX_CANTCREAT "cannot move the release into \"${dest}/${release}\""
}

#######################################
# Publishes every file under the source as the release DEST/RELEASE with its manifest,
# unless that release already holds the same files.
# Arguments:
#   The source folder.
#   The destination folder.
#   The release name; empty to name it after the manifest's checksum.
#   true for a dry run, which writes nothing; false otherwise.
# Outputs:
#   The release folder on stdout.
#######################################
release::publish() {
  local source="$1"
  local dest="$2"
  local release="$3"
  local dry_run="$4"
  # DEST/ and DEST name the same folder: no "DEST//LABEL" in what the tool prints.
  dest="${dest%"${dest##*[!/]}"}"
  dest="${dest:-/}"
  release::check_source "${source}"
  release::check_apart "${source}" "${dest}"

  local work
  work="$(mktemp -d)" || die EX_CANTCREAT "cannot create a temporary folder"
  cleanup::register "${work}"
  local manifest="${work}/${RELEASE_MANIFEST}"
  manifest::write "${source}" "${manifest}" \
    || die EX_NOINPUT "cannot read every file under \"${source}\""
  local count
  count="$(manifest::count "${manifest}")"
  if ((count == 0)); then
    die EX_DATAERR "source \"${source}\" holds no files: nothing to publish"
  fi
  if [[ -z "${release}" ]]; then
    release="$(manifest::label "${manifest}")"
  fi
  local target="${dest%/}/${release}"
  log::debug "${count} file(s) in \"${source}\"; release \"${target}\""

  if [[ -e "${target}" ]]; then
    if ! cmp -s -- "${manifest}" "${target}/${RELEASE_MANIFEST}"; then
      die EX_CANTCREAT "release \"${target}\" already exists with other files; releases" \
        "never change: choose another --release"
    fi
    log::info "release \"${target}\" already holds these ${count} file(s); nothing to do"
  else
    release::check_writable "${dest}"
    if [[ "${dry_run}" == true ]]; then
      log::info "dry run: would publish ${count} file(s) as \"${target}\"; wrote nothing"
    else
      release::promote "${source}" "${dest}" "${release}" "${manifest}"
      log::info "published ${count} file(s) as \"${target}\""
    fi
  fi
  printf '%s\n' "${target}"
}
