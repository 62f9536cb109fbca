# shellcheck shell=bash
#
# The command line: options, operands and the help text.

# A release becomes a folder name: no path separators, no leading dot or dash.
readonly CLI_RELEASE_PATTERN='^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'

#######################################
# Prints the help text on stdout.
#######################################
cli::usage() {
  cat <<EOF
Usage: ${0##*/} [OPTION]... SOURCE DEST

Publish every file under SOURCE as the release DEST/LABEL, with a SHA-256 manifest
(SHA256SUMS) that \`sha256sum --check\` verifies. The release appears whole or not at
all, and is never changed: publishing the same files again changes nothing.

Options:
  -r, --release LABEL  name of the release (letters, digits, ".", "_", "-");
                       default: the first 12 hex digits of the manifest's SHA-256
  -n, --dry-run        check everything and say what would happen; write nothing
  -v, --verbose        log every step (same as LOG_LEVEL=debug)
  -q, --quiet          log errors only (same as LOG_LEVEL=error)
  -h, --help           show this help and exit
  -V, --version        show the version and exit
  --                   end of options (for a SOURCE or DEST starting with "-")

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
# Parses the command line. Short options may be bundled (-nv, -rLABEL), and long
# options take their value after a space or "=".
# Arguments:
#   The name of an associative array to fill with: action (publish, help or
#   version), release, dry_run (true or false), log_level (empty when not given),
#   source and dest.
#   The command line.
# Outputs:
#   On a usage error, exits with EX_USAGE and a message that names the problem.
#######################################
cli::parse() {
  local -n cli_parsed="$1"
  shift
  cli_parsed=(["action"]=publish ["release"]="" ["dry_run"]=false ["log_level"]="")
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
      -n | --dry-run) cli_parsed["dry_run"]=true ;;
      -r | --release)
        if (($# < 2)) || [[ -z "$2" ]]; then
          die EX_USAGE "option $1 needs a value; see --help"
        fi
        cli_parsed["release"]="$2"
        shift
        ;;
      --release=*)
        if [[ -z "${1#*=}" ]]; then
          die EX_USAGE "option --release needs a value; see --help"
        fi
        cli_parsed["release"]="${1#*=}"
        ;;
      --)
        shift
        operands+=("$@")
        break
        ;;
      -r?*)
        set -- -r "${1#-r}" "${@:2}"
        continue
        ;;
      -[!-]?*)
        set -- "${1:0:2}" "-${1:2}" "${@:2}"
        continue
        ;;
      -?*) die EX_USAGE "unknown option \"$1\"; see --help" ;;
      *) operands+=("$1") ;;
    esac
    shift
  done
  if ((${#operands[@]} != 2)); then
    die EX_USAGE "expected SOURCE and DEST, got ${#operands[@]} argument(s); see --help"
  fi
  cli_parsed["source"]="${operands[0]}"
  cli_parsed["dest"]="${operands[1]}"
  if [[ -n "${cli_parsed["release"]}" && ! "${cli_parsed["release"]}" =~ ${CLI_RELEASE_PATTERN} ]]; then
    die EX_USAGE "release \"${cli_parsed["release"]}\" is not a valid name: use up to 64" \
      "letters, digits, \".\", \"_\" or \"-\", starting with a letter or digit"
  fi
}
