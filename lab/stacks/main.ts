import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runMain } from "../../cli/command-line";
import { runStack, shrink, stackFileOf } from "./fuzz";
import { parseSeeds } from "./seeds";
import { drawShape } from "./shape";
import { shapeSize } from "./shrink";

const usage = `Generated stacks through the whole lab, seed by seed (make lab-fuzz; needs root).

  lab/stacks/main.ts --seeds 1-20 [--out .lab/fuzz] [--shrink-runs 12] [--no-faults]
  lab/stacks/main.ts --seeds 7            replays one seed

For each seed: the cross-checks, a lab of the stack's size and shape, pulumi up, a clean second
preview, the data plane built from the devices and checked against the stack, then the lab torn
down. A failing seed is shrunk to a smaller stack that fails the same way, and written to
<out>/seed-<n>.yaml with its failing lines in <out>/seed-<n>.txt. Exits 1 when a seed fails.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: "string" },
      out: { type: "string", default: path.join(".lab", "fuzz") },
      "shrink-runs": { type: "string", default: "12" },
      "no-faults": { type: "boolean", default: false },
      help: { type: "boolean" },
    },
  });
  if (values.help || !values.seeds) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const out = path.resolve(values.out);
  fs.mkdirSync(out, { recursive: true });
  const options = {
    prefix: "bcf-",
    stateDir: path.join(out, "dataplane"),
    faults: !values["no-faults"],
    log: (line: string) => console.error(`    ${line}`),
  };
  const failed: number[] = [];
  for (const seed of parseSeeds(values.seeds)) {
    const shape = drawShape(seed);
    console.log(`seed ${seed}: ${shapeSize(shape)}`);
    const started = Date.now();
    const failure = await runStack(stackFileOf(shape), options);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    if (!failure) {
      console.log(`seed ${seed}: pass in ${seconds} s`);
      continue;
    }
    failed.push(seed);
    console.log(`seed ${seed}: FAIL in ${seconds} s at "${failure.check}"`);
    for (const line of failure.lines) console.log(`  ${line}`);
    const smallest = await shrink(shape, failure, { ...options, budget: Number(values["shrink-runs"]) });
    fs.writeFileSync(path.join(out, `seed-${seed}.yaml`), stackFileOf(smallest.shape));
    fs.writeFileSync(
      path.join(out, `seed-${seed}.txt`),
      [
        `seed ${seed} fails at "${smallest.failure.check}"`,
        `drawn: ${shapeSize(shape)}`,
        `shrunk in ${smallest.runs} runs to: ${shapeSize(smallest.shape)}`,
        "",
        ...smallest.failure.lines,
        "",
      ].join("\n"),
    );
    console.log(`seed ${seed}: shrunk to ${shapeSize(smallest.shape)}: ${path.join(out, `seed-${seed}.yaml`)}`);
  }
  console.log(failed.length === 0 ? "every seed passed" : `failing seeds: ${failed.join(", ")}`);
  if (failed.length > 0) process.exitCode = 1;
}

runMain(main);
