import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");

/**
 * A throwaway copy of the project for runs of the real CLI that must not touch the working tree's
 * stack files: the files a run writes are copied, the code is linked.
 */
export function projectCopy(stackFiles: Record<string, string> = {}): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-project-"));
  for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json"]) {
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  }
  for (const entry of ["index.ts", "config", "plan", "providers", "components", "loader", "node_modules"]) {
    fs.symlinkSync(path.join(root, entry), path.join(dir, entry));
  }
  for (const [stack, text] of Object.entries(stackFiles))
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
  fs.mkdirSync(path.join(dir, "state"));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A stack file of the working tree, as text. */
export const stackFileText = (stack: string) => fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8");
