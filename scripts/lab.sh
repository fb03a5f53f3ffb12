#!/usr/bin/env bash
# The lab's background processes: `scripts/lab.sh start|stop` for the emulators, which hold their
# state in memory, and `scripts/lab.sh state-start|state-stop` for the S3 server that keeps the lab
# stack's state with `make lab STATE=s3`. Pid files and logs are under .lab/.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.lab

running() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

# start NAME READY-LINE COMMAND...: runs the command in the background until it logs its ready line.
start() {
  local name=$1 ready=$2 pidfile=$dir/$1.pid logfile=$dir/$1.log
  shift 2
  if running "$name"; then
    echo "lab: $name already running (pid $(cat "$pidfile"), log $logfile)"
    return 0
  fi
  mkdir -p "$dir"
  nohup "$@" >"$logfile" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 150); do
    if grep -q "$ready" "$logfile"; then
      echo "lab: $name up (pid $(cat "$pidfile"), log $logfile)"
      return 0
    fi
    running "$name" || break
    sleep 0.2
  done
  echo "lab: the $name did not come up; its log says:" >&2
  cat "$logfile" >&2
  return 1
}

stop() {
  local name=$1 pidfile=$dir/$1.pid
  if running "$name"; then
    local pid
    pid=$(cat "$pidfile")
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    echo "lab: $name stopped"
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start)
    : "${LAB_ROUTER_PASSWORD:?the lab routers need LAB_ROUTER_PASSWORD}"
    : "${LAB_PROXMOX_TOKEN:?the lab Proxmox cluster needs LAB_PROXMOX_TOKEN}"
    start emulators "lab ready" node -r sucrase/register/ts lab/main.ts --stack-file Pulumi.lab.yaml
    ;;
  stop) stop emulators ;;
  state-start) start state-server "state server ready" node -r sucrase/register/ts lab/state-server-main.ts serve ;;
  state-stop) stop state-server ;;
  *)
    echo "usage: scripts/lab.sh start|stop|state-start|state-stop" >&2
    exit 2
    ;;
esac
