import { readFileSync } from "node:fs";
import { retiredVms } from "./retired-vms";

// `pulumi stack export | take-over`: prints the VMs to take over, comma-separated, for
// BUDGETCLOUD_TAKE_OVER_VMS; nothing for a stack that has none left (or no state yet).
const text = readFileSync(0, "utf8").trim();
const exported = text === "" ? {} : (JSON.parse(text) as { deployment?: { resources?: { type: string }[] } });
process.stdout.write(retiredVms(exported.deployment?.resources ?? []).join(","));
