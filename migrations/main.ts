import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runMain } from "../cli/command-line";
import { type Deployment, intoItemSets } from "./item-sets";

/**
 * `migrations/main.ts --stack S`: brings stack S's state to today's resource shape before an up
 * (`make up`, `make lab`, `make recover` run it). It rewrites the state alone, and only when a
 * migration has something to do; a stack without state yet is left alone.
 */
runMain(async () => {
  const { values } = parseArgs({ options: { stack: { type: "string" } } });
  const stack = values.stack;
  if (!stack) throw new Error("usage: migrations/main.ts --stack <stack>");
  const text = execFileSync("pulumi", ["stack", "export", "--stack", stack], { encoding: "utf8" }).trim();
  if (text === "") return;
  const { state, moved } = intoItemSets(JSON.parse(text) as Deployment);
  if (moved === 0) return;
  const dir = mkdtempSync(join(tmpdir(), "budgetcloud-migration-"));
  try {
    const file = join(dir, "state.json");
    writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
    execFileSync("pulumi", ["stack", "import", "--stack", stack, "--file", file], { stdio: "inherit" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `${stack}: ${moved} RouterOS items moved into their routers' sets, in the state alone (no router was contacted)`,
  );
});
