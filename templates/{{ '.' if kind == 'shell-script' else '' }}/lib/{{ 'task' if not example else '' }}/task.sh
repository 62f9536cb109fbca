# shellcheck shell=bash
#
# The task, a placeholder: count the lines of a file. It is here so that the frame (bin/,
# lib/frame/) runs end to end; replace it with your own task, keeping what the frame asks
# of every task: its operands and options, task::version, task::help and task::run.

cli::operands FILE
cli::option n non-blank "" "count only lines with something besides spaces and tabs"

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

Print the number of lines in FILE; a last line without a newline counts too.

Options:
EOF
  cli::options_help
  cat <<'EOF'

Prints the number on stdout; logs go to stderr.

Exit status:
  0  counted              64 usage error
  66 FILE missing, not a regular file, or unreadable
  69 a required command is missing
  130, 143 interrupted (SIGINT, SIGTERM)
EOF
}

#######################################
# Counts the lines of the file, or its non-blank lines.
# Arguments:
#   The name of the associative array cli::parse filled.
# Outputs:
#   The number on stdout.
#######################################
task::run() {
  local -n task_options="$1"
  local file="${task_options["file"]}"
  preflight::require_commands awk
  if [[ ! -e "${file}" ]]; then
    die EX_NOINPUT "file \"${file}\" does not exist"
  fi
  if [[ ! -f "${file}" ]]; then
    die EX_NOINPUT "\"${file}\" is not a regular file"
  fi
  if [[ ! -r "${file}" ]]; then
    die EX_NOINPUT "file \"${file}\" is not readable"
  fi
  # NF counts the fields split on spaces and tabs: 0 on a blank line.
  local program='END { print NR }'
  if [[ "${task_options["non_blank"]}" == true ]]; then
    program='NF > 0 { n++ } END { print n + 0 }'
  fi
  log::debug "counting the lines of \"${file}\""
  # On standard input, so that no file name is read as an option or an awk assignment.
  awk "${program}" <"${file}"
}
