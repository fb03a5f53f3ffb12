import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";

const root = path.resolve(__dirname, "../..");

/**
 * The yardstick for a run's fixed cost: a TypeScript Pulumi program of one output, as `pulumi new
 * typescript` makes one (TypeScript through Pulumi's own ts-node), on the same CLI, SDK and kind
 * of backend as the lab. Returns the wall time of its no-op preview.
 */
export async function oneOutputPreviewMs(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-one-output-"));
  try {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: one-output\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "one-output", "main": "index.ts" }\n');
    fs.writeFileSync(
      path.join(dir, "index.ts"),
      'import * as pulumi from "@pulumi/pulumi";\n\nexport const answer = pulumi.output(42);\n',
    );
    fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
    fs.mkdirSync(path.join(dir, "state"));
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "one", workDir: dir },
      { envVars: { PULUMI_BACKEND_URL: `file://${dir}/state`, PULUMI_CONFIG_PASSPHRASE: "one-output" } },
    );
    await stack.up();
    const start = process.hrtime.bigint();
    await stack.preview();
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
