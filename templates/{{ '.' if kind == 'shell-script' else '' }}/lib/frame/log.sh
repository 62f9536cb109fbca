# shellcheck shell=bash
#
# Levelled logs on stderr, so that stdout carries only data. LOG_LEVEL (debug, info,
# warn, error, in any case) comes from the environment; an unknown one logs as info
# until the entry point rejects it.

declare -grA LOG_LEVELS=([debug]=10 [info]=20 [warn]=30 [error]=40)
LOG_LEVEL="${LOG_LEVEL:-info}"
LOG_LEVEL="${LOG_LEVEL,,}"

#######################################
# Sets the level below which messages are dropped.
# Arguments:
#   debug, info, warn or error, in any case.
# Returns:
#   1 for an unknown level, which leaves the level unchanged.
#######################################
log::set_level() {
  local level="${1,,}"
  if [[ -z "${level}" || -z "${LOG_LEVELS[${level}]+known}" ]]; then
    return 1
  fi
  LOG_LEVEL="${level}"
}

#######################################
# Writes one line to stderr: time, level, program, message. Newlines and carriage
# returns in the message (from hostile file names) are shown as \n and \r, so that one
# event is always one line.
# Arguments:
#   The level, then the words of the message.
#######################################
log::_write() {
  local level="$1"
  shift
  if ((LOG_LEVELS[${level}] < ${LOG_LEVELS[${LOG_LEVEL}]:-${LOG_LEVELS[info]}})); then
    return 0
  fi
  local message="$*"
  message="${message//$'\n'/\\n}"
  message="${message//$'\r'/\\r}"
  printf '%(%Y-%m-%dT%H:%M:%S%z)T %-5s %s: %s\n' -1 "${level^^}" "${0##*/}" "${message}" >&2
}

log::debug() { log::_write debug "$@"; }
log::info() { log::_write info "$@"; }
log::warn() { log::_write warn "$@"; }
log::error() { log::_write error "$@"; }
