import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runMain } from "../../lab/command-line";
import { runStack } from "../../lab/stacks/fuzz";
import { parseSeeds } from "../../lab/stacks/seeds";
import { drawShape } from "../../lab/stacks/shape";
import { shapeSize } from "../../lab/stacks/shrink";
import { writeResults } from "../results-file";

/**
 * A long run of generated stacks: each seed through the whole lab (no shrinking), one row per seed
 * with its stack, its time and, when it fails, the check and its first line.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seeds: { type: "string", default: "1-100" }, write: { type: "boolean", default: false } },
  });
  const seeds = parseSeeds(values.seeds);
  const rows: string[] = [];
  let passed = 0;
  const started = Date.now();
  // The table is written again after every seed: a long run stopped early keeps what it measured.
  const report = () => {
    const minutes = ((Date.now() - started) / 60_000).toFixed(0);
    const table = [
      `${rows.length} of ${seeds.length} seeds (${values.seeds}) run, ${passed} passed, in ${minutes} minutes:`,
      "",
      "| seed | stack | time | result |",
      "| ---: | --- | ---: | --- |",
      ...rows,
    ].join("\n");
    if (values.write) writeResults(__dirname, table);
  };
  for (const seed of seeds) {
    const shape = drawShape(seed);
    const t0 = Date.now();
    const failure = await runStack(shape, {
      prefix: "bcb-",
      stateDir: path.join(os.tmpdir(), `budgetcloud-bench-fuzz-${process.pid}`),
      faults: true,
    });
    const seconds = (Date.now() - t0) / 1000;
    if (!failure) passed++;
    const outcome = failure ? `FAIL at "${failure.check}": ${failure.lines[0].replaceAll("|", "\\|")}` : "pass";
    rows.push(`| ${seed} | ${shapeSize(shape)} | ${seconds.toFixed(0)} s | ${outcome} |`);
    console.log(rows.at(-1));
    report();
  }
}

runMain(main);
