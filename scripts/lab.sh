#!/usr/bin/env bash
# The lab's emulators, in the background: `scripts/lab.sh start|stop`. They hold their state in
# memory; the pid file and the log are under .lab/.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.lab
pidfile=$dir/emulators.pid
logfile=$dir/emulators.log

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case "${1:-}" in
  start)
    if running; then
      echo "lab: emulators already running (pid $(cat "$pidfile"), log $logfile)"
      exit 0
    fi
    : "${LAB_ROUTER_PASSWORD:?the lab routers need LAB_ROUTER_PASSWORD}"
    : "${LAB_PROXMOX_TOKEN:?the lab Proxmox cluster needs LAB_PROXMOX_TOKEN}"
    mkdir -p "$dir"
    nohup node -r sucrase/register/ts lab/main.ts --stack-file Pulumi.lab.yaml >"$logfile" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 1 150); do
      if grep -q "lab ready" "$logfile"; then
        echo "lab: emulators up (pid $(cat "$pidfile"), log $logfile)"
        exit 0
      fi
      running || break
      sleep 0.2
    done
    echo "lab: the emulators did not come up; their log says:" >&2
    cat "$logfile" >&2
    exit 1
    ;;
  stop)
    if running; then
      pid=$(cat "$pidfile")
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      echo "lab: emulators stopped"
    fi
    rm -f "$pidfile"
    ;;
  *)
    echo "usage: scripts/lab.sh start|stop" >&2
    exit 2
    ;;
esac
