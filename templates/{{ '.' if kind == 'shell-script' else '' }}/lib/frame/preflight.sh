# shellcheck shell=bash
#
# Checks that the commands a task runs are installed, before it touches anything.

#######################################
# Stops with EX_UNAVAILABLE, naming every missing command at once.
# Arguments:
#   Command names.
#######################################
preflight::require_commands() {
  local -a missing=()
  local name
  for name in "$@"; do
    if ! command -v -- "${name}" >/dev/null; then
      missing+=("${name}")
    fi
  done
  if ((${#missing[@]} > 0)); then
    die EX_UNAVAILABLE "missing command(s): ${missing[*]}; install them or add their" \
      "folder to PATH"
  fi
}
