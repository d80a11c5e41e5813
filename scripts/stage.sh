#!/usr/bin/env bash
# Runs one named stage of the build and reports how long it took:
#   scripts/stage.sh NAME COMMAND [ARGS...]
# prints ">> stage NAME" first and "== stage NAME: Ns ok" (or "failed (exit N)") last,
# and exits with the command's status.
set -uo pipefail
if (($# < 2)); then
  echo "usage: scripts/stage.sh NAME COMMAND [ARGS...]" >&2
  exit 2
fi
name=$1
shift
echo ">> stage $name"
start=$SECONDS
"$@"
rc=$?
if ((rc == 0)); then
  echo "== stage $name: $((SECONDS - start))s ok"
else
  echo "== stage $name: $((SECONDS - start))s failed (exit $rc)" >&2
fi
exit "$rc"
