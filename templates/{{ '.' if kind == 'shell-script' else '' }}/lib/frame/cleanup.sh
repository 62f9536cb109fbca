# shellcheck shell=bash
#
# How the tool ends: temporary paths are removed on every exit, an unexpected failure
# names the command and line, and a signal ends the tool the way a shell expects
# (killed by that signal: status 130 for SIGINT, 143 for SIGTERM). No trap here ever
# changes the exit status it is handed.

CLEANUP_PATHS=()
# The command cleanup::run_interruptible waits for, if any: stopped first on a signal.
CLEANUP_CHILD=""

#######################################
# Marks paths for removal when the tool exits, however it exits.
# Arguments:
#   Paths.
#######################################
cleanup::register() {
  CLEANUP_PATHS+=("$@")
}

#######################################
# Removes the registered paths; the EXIT trap.
# Returns:
#   The exit status the shell was leaving with, unchanged.
#######################################
cleanup::run() {
  local status=$?
  local path
  for path in "${CLEANUP_PATHS[@]}"; do
    if [[ -e "${path}" ]]; then
      rm -rf -- "${path}" || log::warn "could not remove \"${path}\""
    fi
  done
  CLEANUP_PATHS=()
  return "${status}"
}

#######################################
# Runs a long command so that a signal is handled at once. Bash runs a trap only once
# the foreground command has ended, so a `cp` of gigabytes would hold off Ctrl-C until
# it finished; here the command runs in the background and the shell waits for it,
# which a signal interrupts. The signal trap stops the command before it cleans up.
# Arguments:
#   The command and its arguments (not a function of the tool).
# Returns:
#   The status of the command.
#######################################
cleanup::run_interruptible() {
  CLEANUP_CHILD=starting
  "$@" &
  CLEANUP_CHILD=$!
  local status=0
  wait "${CLEANUP_CHILD}" || status=$?
  CLEANUP_CHILD=""
  return "${status}"
}

#######################################
# Logs the command that failed under `set -e`; the ERR trap. `set -E` runs it inside
# $(...) too, where the failure may yet be handled (`x="$(cmd)" || ...`): only the
# main shell logs, once, and only what nobody handled.
# Arguments:
#   Where it failed (file:line), and the command.
# Returns:
#   The status of the failed command, unchanged.
#######################################
cleanup::on_error() {
  local status=$?
  if ((BASH_SUBSHELL == 0)); then
    log::error "unexpected failure (status ${status}) at $1: $2"
  fi
  return "${status}"
}

#######################################
# Cleans up, then dies of the same signal, so that a calling shell or loop also stops.
# Arguments:
#   The signal name: INT or TERM.
#######################################
cleanup::on_signal() {
  local signal="$1"
  log::warn "interrupted by SIG${signal}; removing what was half-written"
  trap - "${signal}" EXIT
  local child="${CLEANUP_CHILD}"
  if [[ "${child}" == starting ]]; then
    # The signal came between the `&` and the line after it: $! is the command.
    child="${!:-}"
  fi
  if [[ -n "${child}" ]]; then
    # Stopped and waited for, so that it writes nothing into what is removed next.
    kill -s TERM "${child}" 2>/dev/null || true
    wait "${child}" 2>/dev/null || true
  fi
  cleanup::run
  local number
  number="$(kill -l "${signal}")"
  kill -s "${signal}" "$$"
  # Not reached unless the signal is blocked: exit as if it had been delivered.
  exit $((128 + number))
}

#######################################
# Installs the EXIT, ERR, INT and TERM traps.
#######################################
cleanup::install_traps() {
  trap cleanup::run EXIT
  trap 'cleanup::on_error "${BASH_SOURCE[0]:-$0}:${LINENO}" "${BASH_COMMAND}"' ERR
  trap 'cleanup::on_signal INT' INT
  trap 'cleanup::on_signal TERM' TERM
}
