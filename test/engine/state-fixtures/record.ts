import * as fs from "node:fs";
import * as path from "node:path";
import { runMain } from "../../../cli/command-line";
import { LabUnderTest } from "../../../lab/lab-under-test";

/**
 * Records what the current budgetcloud leaves behind after `pulumi up` of the lab stack, for
 * state-fixture.test.ts to refresh and destroy with every later version: the stack file, the
 * exported state, and each router's configuration with its ids.
 *
 *   node -r sucrase/register/ts test/engine/state-fixtures/record.ts <name, e.g. 2026-12-01>
 *
 * A fixture is never rewritten: a release that changes what the state holds adds a new one.
 */
runMain(async () => {
  const name = process.argv[2];
  if (!name) throw new Error("usage: record.ts <fixture name>");
  const dir = path.join(__dirname, name);
  if (fs.existsSync(dir)) throw new Error(`${dir} exists: fixtures are never rewritten`);
  const stackFile = path.resolve(__dirname, "..", "..", "..", "Pulumi.lab.yaml");
  const lab = new LabUnderTest(stackFile);
  try {
    await lab.start();
    await lab.stack.up();
    const state = await lab.stack.exportStack();
    const routers = Object.fromEntries(lab.routers.all().map((router) => [router.name, router.tree.snapshot()]));
    fs.mkdirSync(dir);
    fs.copyFileSync(stackFile, path.join(dir, "stack.yaml"));
    fs.writeFileSync(path.join(dir, "state.json"), `${JSON.stringify(state, null, 1)}\n`);
    fs.writeFileSync(path.join(dir, "routers.json"), `${JSON.stringify(routers, null, 1)}\n`);
    await lab.stack.destroy();
  } finally {
    await lab.stop();
  }
});
