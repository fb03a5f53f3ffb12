import { readFileSync } from "node:fs";
import { describePending, type PendingOperation, pendingAdoptions, settlePending } from "./pending-operations";

// `pending report|adopt|settle < export.json`, on a stack's `pulumi stack export`:
// - report: what a killed run left pending, a line each (on stderr);
// - adopt: the URNs for BUDGETCLOUD_ADOPT_PENDING, a line each;
// - settle: the state for `pulumi stack import`, the package's pending creates made resources;
//   nothing when there are none.
const mode = process.argv[2];
const text = readFileSync(0, "utf8").trim();
const exported = text === "" ? {} : (JSON.parse(text) as { deployment?: { pending_operations?: PendingOperation[] } });
const pending = exported.deployment?.pending_operations ?? [];
if (mode === "report")
  process.stderr.write(pending.length === 0 ? "nothing pending\n" : `${describePending(pending).join("\n")}\n`);
else if (mode === "adopt") process.stdout.write(pendingAdoptions(pending).join("\n"));
else if (mode === "settle") {
  const settled = settlePending(exported.deployment ?? {});
  if (settled.pending_operations.length < pending.length)
    process.stdout.write(JSON.stringify({ ...exported, deployment: settled }));
} else {
  process.stderr.write("usage: pending report|adopt|settle < exported-state.json\n");
  process.exit(2);
}
