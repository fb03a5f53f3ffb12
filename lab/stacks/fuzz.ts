import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readStackFile } from "../../cli/stack-file";
import { ConfigError } from "../../config/load";
import { planCloud } from "../../plan/cloud-plan";
import type { CheckLine } from "../dataplane/checks";
import { dumpDevices } from "../dataplane/device-dump";
import { DataPlane } from "../dataplane/realize";
import { verifyDataPlane } from "../dataplane/verify";
import { LAB_PASSWORD, LAB_PROXMOX_TOKEN, LAB_ZEROTIER_TOKEN, LabUnderTest } from "../lab-under-test";
import { plannedSteps } from "../planned-steps";
import { buildStack } from "./build";
import type { StackShape } from "./shape";
import { smallerShapes } from "./shrink";
import { generatedStackFile, withLabSecrets } from "./stack-file";

const root = path.resolve(__dirname, "../..");

/** What went wrong with a stack: the stage and its first failing line, and every failing line. */
export interface StackFailure {
  /** The stage or check that failed first: what a smaller stack must fail too to stand for this one. */
  check: string;
  lines: string[];
}

export interface RunOptions {
  /** What the data plane's namespaces' names start with. */
  prefix: string;
  /** Where the data plane keeps its runtime files. */
  stateDir: string;
  faults: boolean;
  log?: (line: string) => void;
}

const lineText = (l: CheckLine) => `${l.check}: ${l.from} → ${l.to}: ${l.detail}`;

const labStackText = () => fs.readFileSync(path.join(root, "Pulumi.lab.yaml"), "utf8");

/** A generated stack as the lab stack file it runs as. */
export function stackFileOf(shape: StackShape): string {
  return generatedStackFile(buildStack(shape), labStackText());
}

/** A stored stack (a shrunk one, kept as a regression) as the lab stack file it runs as. */
export function storedStackFileOf(text: string): string {
  return withLabSecrets(text, labStackText());
}

/**
 * One lab stack file through everything a user's stack goes through: the cross-checks, a lab of its
 * size and shape, `pulumi up`, a second preview that must be clean, and a data plane built from what
 * the devices then hold, checked against the stack. Undefined when all of it holds.
 */
export async function runStack(stackFile: string, options: RunOptions): Promise<StackFailure | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-fuzz-"));
  const file = path.join(dir, "Pulumi.lab.yaml");
  fs.writeFileSync(file, stackFile);
  const log = options.log ?? (() => {});
  const lab = new LabUnderTest(file);
  try {
    try {
      planCloud(readStackFile(file));
    } catch (error) {
      const problems = error instanceof ConfigError ? error.problems : [(error as Error).message];
      return { check: "cross-checks", lines: problems };
    }
    await lab.start();
    log("lab started; pulumi up");
    try {
      await lab.stack.up();
    } catch (error) {
      const message = (error as Error).message;
      const errors = message.split("\n").filter((l) => /error:/.test(l));
      return { check: "pulumi up", lines: errors.length > 0 ? errors : [message.slice(-2000)] };
    }
    log("second preview");
    const steps = await plannedSteps(lab, "preview");
    const changed = Object.entries(steps).filter(([name]) => !name.startsWith("default"));
    if (changed.length > 0) {
      return { check: "second preview", lines: changed.map(([name, op]) => `${name}: ${op}`) };
    }
    const config = readStackFile(lab.stackFile);
    log("data plane");
    const dump = await dumpDevices(config, {
      routerPassword: LAB_PASSWORD,
      proxmoxTokenSecret: LAB_PROXMOX_TOKEN,
      zerotierToken: LAB_ZEROTIER_TOKEN,
    });
    const { lines } = await verifyDataPlane({ ...options, config, dump, power: await lab.clusterPower() });
    const failed = lines.filter((l) => !l.passed);
    return failed.length > 0 ? { check: failed[0].check, lines: failed.map(lineText) } : undefined;
  } catch (error) {
    return { check: "the run", lines: [(error as Error).stack ?? String(error)] };
  } finally {
    new DataPlane(options.stateDir).destroy();
    await lab.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The smallest shape that still fails as this one does, one step at a time, the biggest cuts
 * first, within `budget` runs.
 */
export async function shrink(
  shape: StackShape,
  failure: StackFailure,
  options: RunOptions & { budget: number },
): Promise<{ shape: StackShape; failure: StackFailure; runs: number }> {
  let runs = 0;
  let smallest = { shape, failure };
  let progress = true;
  while (progress && runs < options.budget) {
    progress = false;
    for (const candidate of smallerShapes(smallest.shape)) {
      if (runs >= options.budget) break;
      runs++;
      const result = await runStack(stackFileOf(candidate), options);
      if (result?.check === failure.check) {
        smallest = { shape: candidate, failure: result };
        options.log?.(`shrunk: still fails "${failure.check}"`);
        progress = true;
        break;
      }
    }
  }
  return { ...smallest, runs };
}
