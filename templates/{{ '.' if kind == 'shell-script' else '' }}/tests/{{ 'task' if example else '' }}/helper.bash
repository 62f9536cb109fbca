# shellcheck shell=bash
#
# Fixtures of the task's tests (tests/task/): the frame's helpers, and model artefacts.

load ../test_helper

#######################################
# Fills a folder with a few small artefacts, one of them in a subfolder.
# Arguments:
#   The folder; created if missing.
#######################################
make_artefacts() {
  mkdir -p -- "$1/metrics"
  printf '{"layers": 2, "hidden": 16}\n' >"$1/config.json"
  printf 'cat\ndog\n' >"$1/labels.txt"
  printf '{"accuracy": 0.91}\n' >"$1/metrics/eval.json"
}
