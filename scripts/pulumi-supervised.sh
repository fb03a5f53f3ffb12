#!/usr/bin/env bash
# Runs `pulumi "$@"`, and stops its plugins if pulumi dies without stopping them itself.
#
# Pulumi starts the language host and each resource plugin in process groups of their own, and
# they only notice that the engine is gone at their next health check, minutes later. A pulumi
# killed halfway (a cancelled job, the OOM killer) would leave them running, still holding
# connections to the routers. Every plugin is given the engine's address as an argument: while
# pulumi runs, this notes that address from its children; once pulumi is gone, any process still
# naming it is stopped.
set -uo pipefail

pulumi=${BUDGETCLOUD_PULUMI:-pulumi}
"$pulumi" "$@" &
pid=$!
# Ctrl-C or a job's SIGTERM goes to pulumi, which cancels cleanly.
trap 'kill -INT "$pid" 2>/dev/null' INT
trap 'kill -TERM "$pid" 2>/dev/null' TERM

engines=""
while kill -0 "$pid" 2>/dev/null; do
  for child in $(pgrep -P "$pid" 2>/dev/null); do
    address=$(tr '\0' '\n' 2>/dev/null <"/proc/$child/cmdline" | grep -m1 -E '^127\.0\.0\.1:[0-9]+$' || true)
    case " $engines " in
      *" $address "*) ;;
      *) [ -n "$address" ] && engines="$engines $address" ;;
    esac
  done
  sleep 0.2
done
wait "$pid"
status=$?

for address in $engines; do
  if pkill -TERM -f -- "${address//./\\.}( |$)"; then
    echo "pulumi-supervised: pulumi ended ($status) and left plugins of engine $address running: stopped them" >&2
  fi
done
exit "$status"
