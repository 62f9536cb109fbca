# shellcheck shell=bash
#
# The command line, for any task: the task declares its operands and options once
# (cli::operands, cli::option), and this file parses them, with the options every tool
# of the frame has (--verbose, --quiet, --help, --version, --), and prints the options'
# part of the help text.

CLI_OPERANDS=()
CLI_OPTION_HELP=()
# From "-x" and "--name" to the key the parsed value is stored under ("name", with "-"
# turned into "_"), and from each key to the name of its value ("" for a flag).
declare -gA CLI_KEYS=()
declare -gA CLI_VALUE_NAMES=()
# Keys the frame fills itself, or options it handles itself: no task may declare them.
readonly CLI_RESERVED=" action log_level verbose quiet help version "

#######################################
# Declares the task's operands, in order; each must be given exactly once.
# Arguments:
#   Their names as the help shows them, e.g. INPUT OUTPUT; stored under the name in
#   lower case.
#######################################
cli::operands() {
  local name
  for name in "$@"; do
    cli::_require_free "${name,,}"
  done
  CLI_OPERANDS=("$@")
}

#######################################
# Declares one option of the task.
# Arguments:
#   The short letter, or "" for none.
#   The long name, e.g. dry-run; stored under dry_run.
#   The name of its value, e.g. LABEL, or "" for a flag (stored as true or false).
#   The help text; a newline starts a continuation line.
#######################################
cli::option() {
  local short="$1"
  local long="$2"
  local value="$3"
  local help="$4"
  local key="${long//-/_}"
  cli::_require_free "${key}"
  if [[ -n "${short}" && "${short}" == [hVvq] ]]; then
    die EX_SOFTWARE "the task declares -${short}, an option of the frame"
  fi
  CLI_KEYS["--${long}"]="${key}"
  if [[ -n "${short}" ]]; then
    CLI_KEYS["-${short}"]="${key}"
  fi
  CLI_VALUE_NAMES["${key}"]="${value}"
  local left="${short:+-${short}, }--${long}${value:+ ${value}}"
  if [[ -z "${short}" ]]; then
    left="    ${left}"
  fi
  CLI_OPTION_HELP+=("${left}" "${help}")
}

#######################################
# Prints the synopsis: the program, [OPTION]... and the operands.
#######################################
cli::synopsis() {
  printf 'Usage: %s [OPTION]...' "${0##*/}"
  if ((${#CLI_OPERANDS[@]} > 0)); then
    printf ' %s' "${CLI_OPERANDS[@]}"
  fi
  printf '\n'
}

#######################################
# Prints one line of help per option, the task's first and then the frame's, in two
# columns.
#######################################
cli::options_help() {
  local -a rows=("${CLI_OPTION_HELP[@]}"
    "-v, --verbose" "log every step (same as LOG_LEVEL=debug)"
    "-q, --quiet" "log errors only (same as LOG_LEVEL=error)"
    "-h, --help" "show this help and exit"
    "-V, --version" "show the version and exit"
    "--" "end of options (for operands starting with \"-\")")
  local i line
  local -a help_lines
  for ((i = 0; i < ${#rows[@]}; i += 2)); do
    mapfile -t help_lines <<<"${rows[i + 1]}"
    printf '  %-19s  %s\n' "${rows[i]}" "${help_lines[0]}"
    for line in "${help_lines[@]:1}"; do
      printf '  %-19s  %s\n' "" "${line}"
    done
  done
}

#######################################
# Parses the command line. Short options may be bundled (-nv, -tNAME), and long
# options take their value after a space or "=".
# Arguments:
#   The name of an associative array to fill with: action (run, help or version),
#   log_level (debug, error, or empty when not given), one key per declared option
#   (true or false for a flag, the value or "" otherwise) and one per operand, never
#   empty.
#   The command line.
# Outputs:
#   On a usage error, exits with EX_USAGE and a message that names the problem.
#######################################
cli::parse() {
  local -n cli_parsed="$1"
  shift
  cli_parsed=(["action"]=run ["log_level"]="")
  local key
  for key in "${!CLI_VALUE_NAMES[@]}"; do
    if [[ -z "${CLI_VALUE_NAMES[${key}]}" ]]; then
      cli_parsed["${key}"]=false
    else
      cli_parsed["${key}"]=""
    fi
  done
  local -a operands=()
  while (($# > 0)); do
    case "$1" in
      -h | --help)
        cli_parsed["action"]=help
        return 0
        ;;
      -V | --version)
        cli_parsed["action"]=version
        return 0
        ;;
      -v | --verbose) cli_parsed["log_level"]=debug ;;
      -q | --quiet) cli_parsed["log_level"]=error ;;
      --)
        shift
        operands+=("$@")
        break
        ;;
      --?*=*)
        key="${CLI_KEYS[${1%%=*}]:-}"
        if [[ -z "${key}" || -z "${CLI_VALUE_NAMES[${key}]}" ]]; then
          die EX_USAGE "unknown option \"${1%%=*}\", or one that takes no value; see --help"
        fi
        cli::_require_value "${1%%=*}" "${1#*=}"
        cli_parsed["${key}"]="${1#*=}"
        ;;
      -?*)
        key="${CLI_KEYS[$1]:-}"
        if [[ -n "${key}" && -z "${CLI_VALUE_NAMES[${key}]}" ]]; then
          cli_parsed["${key}"]=true
        elif [[ -n "${key}" ]]; then
          if (($# < 2)); then
            die EX_USAGE "option $1 needs a value; see --help"
          fi
          cli::_require_value "$1" "$2"
          cli_parsed["${key}"]="$2"
          shift
        elif [[ "$1" == -[!-]?* ]]; then
          # -tNAME or -nv: split off the first letter, and keep the rest as its value
          # or as more bundled letters.
          key="${CLI_KEYS[${1:0:2}]:-}"
          if [[ -n "${key}" && -n "${CLI_VALUE_NAMES[${key}]}" ]]; then
            set -- "${1:0:2}" "${1:2}" "${@:2}"
          else
            set -- "${1:0:2}" "-${1:2}" "${@:2}"
          fi
          continue
        else
          die EX_USAGE "unknown option \"$1\"; see --help"
        fi
        ;;
      *) operands+=("$1") ;;
    esac
    shift
  done
  if ((${#operands[@]} != ${#CLI_OPERANDS[@]})); then
    die EX_USAGE "expected ${CLI_OPERANDS[*]:-no operands}, got ${#operands[@]}" \
      "argument(s); see --help"
  fi
  local i
  for i in "${!CLI_OPERANDS[@]}"; do
    if [[ -z "${operands[i]}" ]]; then
      die EX_USAGE "${CLI_OPERANDS[i]} is empty; see --help"
    fi
    # shellcheck disable=SC2034 # cli_parsed is the caller's array, by name.
    cli_parsed["${CLI_OPERANDS[i],,}"]="${operands[i]}"
  done
}

#######################################
# Stops with EX_USAGE when an option that takes a value was given an empty one.
# Arguments:
#   The option as given (-t, --tag).
#   Its value.
#######################################
cli::_require_value() {
  if [[ -z "$2" ]]; then
    die EX_USAGE "option $1 needs a value; see --help"
  fi
}

#######################################
# Stops with EX_SOFTWARE (a bug of the task) when it declares a name of the frame's.
# Arguments:
#   The key the operand or option would be stored under.
#######################################
cli::_require_free() {
  if [[ "${CLI_RESERVED}" == *" $1 "* ]]; then
    die EX_SOFTWARE "the task declares \"$1\", a name the frame uses itself"
  fi
}
