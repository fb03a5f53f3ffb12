import { execFile } from "node:child_process";
import { promisify } from "node:util";

/**
 * A stack's config as the engine hands it to the provider processes, by full key, with its
 * secrets decrypted only when asked for.
 */
export async function stackConfig(stack: string, { secrets }: { secrets: boolean }): Promise<Record<string, string>> {
  const pulumi = process.env.BUDGETCLOUD_PULUMI ?? "pulumi";
  const args = ["config", "--json", ...(secrets ? ["--show-secrets"] : []), "--stack", stack];
  const { stdout } = await promisify(execFile)(pulumi, args, { maxBuffer: 64 * 2 ** 20 });
  const entries = Object.entries(JSON.parse(stdout) as Record<string, { value?: string }>);
  return Object.fromEntries(entries.flatMap(([key, { value }]) => (value === undefined ? [] : [[key, value]])));
}
