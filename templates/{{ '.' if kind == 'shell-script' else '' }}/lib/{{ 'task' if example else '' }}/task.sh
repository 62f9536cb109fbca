# shellcheck shell=bash
#
# The task: publish a folder of model artefacts as an immutable, versioned release with
# a SHA-256 manifest. What the frame (bin/, lib/frame/) asks of every task is here: its
# operands and options, task::version, task::help and task::run. The work itself is in
# release.sh and manifest.sh.

# shellcheck source=SCRIPTDIR/manifest.sh
source "${BASH_SOURCE[0]%/*}/manifest.sh"
# shellcheck source=SCRIPTDIR/release.sh
source "${BASH_SOURCE[0]%/*}/release.sh"

# A release becomes a folder name: no path separators, no leading dot or dash.
readonly TASK_RELEASE_PATTERN='^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'

cli::operands SOURCE DEST
cli::option r release LABEL 'name of the release (letters, digits, ".", "_", "-");
default: the first 12 hex digits of the manifest'"'"'s SHA-256'
cli::option n dry-run "" "check everything and say what would happen; write nothing"

#######################################
# Prints the version of the tool.
#######################################
task::version() {
  printf '0.1.0\n'
}

#######################################
# Prints the help text on stdout.
#######################################
task::help() {
  cli::synopsis
  cat <<'EOF'

Publish every file under SOURCE as the release DEST/LABEL, with a SHA-256 manifest
(SHA256SUMS) that `sha256sum --check` verifies. The release appears whole or not at
all, and is never changed: publishing the same files again changes nothing.

Options:
EOF
  cli::options_help
  cat <<'EOF'

Prints the release folder on stdout; logs go to stderr.

Exit status:
  0  published, or already published with the same files
  64 usage error             65 nothing publishable in SOURCE
  66 SOURCE missing          69 a required command is missing
  73 cannot write release    75 SOURCE changed while copying: try again
  130, 143 interrupted (SIGINT, SIGTERM); nothing is left behind
EOF
}

#######################################
# Checks the options, then publishes.
# Arguments:
#   The name of the associative array cli::parse filled.
# Outputs:
#   The release folder on stdout.
#######################################
task::run() {
  local -n task_options="$1"
  local release="${task_options["release"]}"
  if [[ -n "${release}" && ! "${release}" =~ ${TASK_RELEASE_PATTERN} ]]; then
    die EX_USAGE "release \"${release}\" is not a valid name: use up to 64 letters," \
      "digits, \".\", \"_\" or \"-\", starting with a letter or digit"
  fi
  preflight::require_commands cmp cp find mkdir mktemp mv realpath sha256sum sort xargs
  release::publish "${task_options["source"]}" "${task_options["dest"]}" "${release}" \
    "${task_options["dry_run"]}"
}
