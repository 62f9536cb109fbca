# shellcheck shell=bash
#
# Exit codes, named once (sysexits.h), and the one way to stop with one of them.

# Every code the tool exits with, besides 0 and the 128+N of a signal (see cleanup.sh).
declare -grA EXIT_CODES=(
  [EX_USAGE]=64       # a bad option, argument or release label
  [EX_DATAERR]=65     # the source holds nothing to publish, or something it cannot publish
  [EX_NOINPUT]=66     # the source folder is missing or unreadable
  [EX_UNAVAILABLE]=69 # a command the tool needs is not installed
  [EX_SOFTWARE]=70    # a bug: die was given a name that is not in this table
  [EX_CANTCREAT]=73   # the release cannot be written, or exists with other content
  [EX_TEMPFAIL]=75    # the source changed while it was copied: try again
)

#######################################
# Logs an error and exits with a named code. The exit is deliberate, so the ERR trap
# (cleanup.sh) is dropped first: it reports only failures nobody handled.
# Arguments:
#   A key of EXIT_CODES, e.g. EX_NOINPUT.
#   The message.
#######################################
die() {
  local name="$1"
  shift
  log::error "$*"
  trap - ERR
  exit "${EXIT_CODES[${name}]:-${EXIT_CODES[EX_SOFTWARE]}}"
}
