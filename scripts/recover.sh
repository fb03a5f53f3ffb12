#!/usr/bin/env bash
# Brings a stack back after a run that was killed halfway (`make recover STACK=…`): lets go of the
# lock the dead run left, shows what it left pending, refreshes the state from the devices, and
# runs the up that converges on the stack config. Nothing a pending create made is made twice:
# budgetcloud's own resources look for their object and take it over; the proxmoxve package's VMs
# and HA entries are put in the state by their ids, for the refresh to read as they stand.
#
# Run it only once the killed run is certainly gone: the lock is what keeps two runs apart.
set -euo pipefail
stack=${1:?usage: scripts/recover.sh STACK}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
pulumi=${BUDGETCLOUD_PULUMI:-pulumi}
exported=$(mktemp)
trap 'rm -f "$exported" "$exported.settled"' EXIT
pending() { node -r sucrase/register/ts "$here/../tools/recover/main.ts" "$1" <"$exported"; }

echo "== 1. the lock the killed run left on $stack"
"$pulumi" cancel --yes --stack "$stack"

echo "== 2. what it left pending (begun, never known to have ended)"
"$pulumi" stack export --stack "$stack" >"$exported"
pending report
adopt=$(pending adopt)
pending settle >"$exported.settled"
if [ -s "$exported.settled" ]; then
  echo "   the proxmoxve resources among them are now known by their ids, for the refresh to read"
  "$pulumi" stack import --stack "$stack" --file "$exported.settled"
fi

echo "== 3. the state refreshed from the devices"
"$here/pulumi-supervised.sh" refresh --yes --stack "$stack" --non-interactive --clear-pending-creates

echo "   brought to today's resource shape (the state alone)"
node -r sucrase/register/ts "$here/../migrations/main.ts" --stack "$stack"

echo "== 4. the up, taking over what the pending creates left on the devices"
BUDGETCLOUD_ADOPT_PENDING="$adopt" "$here/pulumi-supervised.sh" up --yes --stack "$stack" --diff --non-interactive
