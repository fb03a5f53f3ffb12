import { execFileSync } from "node:child_process";
import { checkContractVersion } from "../../components/cloud-reference";
import type { CloudContract } from "../../plan/contract";
import { inventoryOf } from "./inventory";

// Ansible's dynamic inventory of a budgetcloud stack (tools/inventory/budgetcloud runs it):
// `--list` prints every group and host, `--host NAME` that host's variables. The stack is
// BUDGETCLOUD_STACK; its outputs are read with `pulumi stack output`, from the backend and with
// the passphrase or secrets provider the environment gives, as for any pulumi command.
const stack = process.env.BUDGETCLOUD_STACK;
const [mode, host] = process.argv.slice(2);

function fail(message: string): never {
  process.stderr.write(`budgetcloud inventory: ${message}\n`);
  process.exit(1);
}

if (!stack) fail("set BUDGETCLOUD_STACK to the stack to list, as BUDGETCLOUD_STACK=prod");
if (mode !== "--list" && !(mode === "--host" && host)) fail("usage: budgetcloud --list | --host NAME");

let outputs: Record<string, unknown>;
try {
  const pulumi = process.env.BUDGETCLOUD_PULUMI ?? "pulumi";
  const text = execFileSync(pulumi, ["stack", "output", "--json", "--stack", stack], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  outputs = JSON.parse(text);
} catch (error) {
  const { stderr, message } = error as { stderr?: string; message: string };
  fail(`pulumi stack output --stack ${stack}: ${(stderr || message).trim()}`);
}
try {
  checkContractVersion(stack, outputs.contractVersion);
  const inventory = inventoryOf(stack, outputs as unknown as CloudContract);
  const printed = mode === "--list" ? inventory : (inventory._meta.hostvars[host] ?? {});
  process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
} catch (error) {
  fail((error as Error).message);
}
