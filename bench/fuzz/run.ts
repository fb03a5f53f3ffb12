import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runMain } from "../../cli/command-line";
import { runStack, stackFileOf } from "../../lab/stacks/fuzz";
import { parseSeeds } from "../../lab/stacks/seeds";
import { drawShape } from "../../lab/stacks/shape";
import { shapeSize } from "../../lab/stacks/shrink";
import { writeResults } from "../results-file";

const resultsFile = path.join(__dirname, "results.md");
const rowSeed = (row: string) => Number(/^\| (\d+) \|/.exec(row)?.[1]);

/** The rows a run before this one wrote, by seed: a long run may take more than one sitting. */
function earlierRows(): Map<number, string> {
  const text = fs.readFileSync(resultsFile, "utf8");
  const rows = text
    .slice(text.indexOf("<!-- results -->"))
    .split("\n")
    .filter((line) => rowSeed(line) > 0);
  return new Map(rows.map((row) => [rowSeed(row), row]));
}

/**
 * A long run of generated stacks: each seed through the whole lab (no shrinking), one row per seed
 * with its stack, the commit it ran on, its time and, when it fails, the check and its first line.
 * Rows of seeds outside this run stay, so a run of 1-50 and a later one of 51-100 make one table.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seeds: { type: "string", default: "1-100" }, write: { type: "boolean", default: false } },
  });
  const seeds = parseSeeds(values.seeds);
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: __dirname, encoding: "utf8" }).trim();
  const rows = values.write ? earlierRows() : new Map<number, string>();
  // The table is written again after every seed: a long run stopped early keeps what it measured.
  const report = () => {
    const table = [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
    const passed = table.filter((row) => row.endsWith("| pass |")).length;
    const seconds = table.map((row) => Number(/\| (\d+) s \|/.exec(row)?.[1]));
    const mean = seconds.reduce((sum, s) => sum + s, 0) / Math.max(1, seconds.length);
    writeResults(
      __dirname,
      [
        `${table.length} seeds run, ${passed} passed; ${mean.toFixed(0)} s a seed on average, ${(
          seconds.reduce((sum, s) => sum + s, 0) / 60
        ).toFixed(0)} minutes in all:`,
        "",
        "| seed | stack | commit | time | result |",
        "| ---: | --- | --- | ---: | --- |",
        ...table,
      ].join("\n"),
    );
  };
  for (const seed of seeds) {
    const shape = drawShape(seed);
    const started = Date.now();
    const failure = await runStack(stackFileOf(shape), {
      prefix: "bcb-",
      stateDir: path.join(os.tmpdir(), `budgetcloud-bench-fuzz-${process.pid}`),
      faults: true,
    });
    const seconds = (Date.now() - started) / 1000;
    const outcome = failure ? `FAIL at "${failure.check}": ${failure.lines[0].replaceAll("|", "\\|")}` : "pass";
    const row = `| ${seed} | ${shapeSize(shape)} | ${commit} | ${seconds.toFixed(0)} s | ${outcome} |`;
    console.log(row);
    rows.set(seed, row);
    if (values.write) report();
  }
}

runMain(main);
