# shellcheck shell=bash
#
# Exit codes, named once (sysexits.h), and the one way to stop with one of them.

# The exit codes of sysexits.h that tools of this frame use, by name. Besides these
# and 0, a tool exits only with 128+N when killed by signal N (see cleanup.sh). Which
# failure of the task gets which code is the task's to say, in its --help.
declare -grA EXIT_CODES=(
  [EX_USAGE]=64       # the command line is wrong: an option, operand or value
  [EX_DATAERR]=65     # the input is there but its content cannot be used
  [EX_NOINPUT]=66     # an input is missing or unreadable
  [EX_UNAVAILABLE]=69 # a command the tool needs is not installed
  [EX_SOFTWARE]=70    # a bug: die was given a name that is not in this table
  [EX_CANTCREAT]=73   # an output cannot be created or written
  [EX_TEMPFAIL]=75    # a temporary failure: trying again may work
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
