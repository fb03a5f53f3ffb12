import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runMain } from "../../cli/command-line";
import { LabUnderTest } from "../../lab/lab-under-test";
import { writeResults } from "../results-file";
import { oneOutputPreviewMs } from "./one-output-program";
import { PeakMemory } from "./peak-memory";
import { scaledStackFile, withExtraTenant } from "./scaled-stack";

// The lab stack grown to N routers, through the real engine against the emulators: the five runs
// a user makes, timed, with the peak memory of the run's processes and the API calls it made.
// Usage: run.ts [--routers 4,16,40] [--latency 0,20] [--runs 3] [--write]

const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1];
};
const numbers = (text: string) => text.split(",").map(Number);

const phases = ["cold up", "no-op preview", "no-op up", "refresh", "up adding a tenant"] as const;
type Phase = (typeof phases)[number];
interface Measure {
  ms: number;
  peakBytes: number;
  peakByRole: Map<string, number>;
  calls: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function apiCalls(lab: LabUnderTest): number {
  const routerCalls = lab.routers
    .all()
    .flatMap((r) => Object.entries(r.commandCounts()))
    .filter(([command]) => command !== "/login");
  const clusterCalls = Object.values(lab.cluster.requestCounts());
  return routerCalls.reduce((sum, [, n]) => sum + n, 0) + clusterCalls.reduce((sum, n) => sum + n, 0);
}

async function measured(lab: LabUnderTest, work: () => Promise<unknown>): Promise<Measure> {
  for (const router of lab.routers.all()) router.resetCommandCounts();
  lab.cluster.resetRequestCounts();
  const memory = new PeakMemory();
  const start = process.hrtime.bigint();
  let peakBytes: number;
  try {
    await work();
  } finally {
    peakBytes = memory.stop();
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, peakBytes, peakByRole: memory.peakByRole, calls: apiCalls(lab) };
}

async function sample(
  stackFile: string,
  latencyMs: number,
): Promise<Record<Phase, Measure> & { resources: number; oneOutputMs: number }> {
  const lab = new LabUnderTest(stackFile);
  await lab.start();
  try {
    for (const router of lab.routers.all()) router.knobs.latencyMs = latencyMs;
    lab.cluster.knobs.latencyMs = latencyMs;
    const coldUp = await measured(lab, () => lab.stack.up());
    const preview = await measured(lab, () => lab.stack.preview());
    const noopUp = await measured(lab, () => lab.stack.up());
    const refresh = await measured(lab, () => lab.stack.refresh());
    lab.editStackFile(withExtraTenant);
    const tenant = await measured(lab, () => lab.stack.up());
    const resources = (await lab.stack.exportStack()).deployment.resources.length;
    // Side by side with the lab's no-op preview, in the same sample.
    const oneOutputMs = await oneOutputPreviewMs();
    return {
      oneOutputMs,
      "cold up": coldUp,
      "no-op preview": preview,
      "no-op up": noopUp,
      refresh,
      "up adding a tenant": tenant,
      resources,
    };
  } finally {
    await lab.stop();
  }
}

/** A row's medians at one size and latency: what the goals are measured on. */
interface Cell {
  resources: number;
  ms: Record<Phase, number>;
  /** The highest peak of any run of any sample. */
  peakMib: number;
  /** The no-op preview as a multiple of the one-output program's. */
  previewRatio: number;
}

/** The scale issue's goals, each with what this run measured and whether it holds; none without 4 and 40 routers at 0 ms. */
function goalsTable(cells: Map<string, Cell>): string {
  const small = cells.get("4 0");
  const large = cells.get("40 0");
  const slow = cells.get("40 20");
  if (!small || !large) return "";
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const perResource = (cell: Cell) => cell.ms["cold up"] / cell.resources;
  const goals: [string, string, boolean][] = [
    [
      "an up adding a tenant at 40 routers ≤ 1.5× that stack's no-op preview",
      `${s(large.ms["up adding a tenant"])} / ${s(large.ms["no-op preview"])} = ${(large.ms["up adding a tenant"] / large.ms["no-op preview"]).toFixed(2)}×`,
      large.ms["up adding a tenant"] <= 1.5 * large.ms["no-op preview"],
    ],
    ["cold up of 40 routers ≤ 20 s", s(large.ms["cold up"]), large.ms["cold up"] <= 20_000],
    [
      "cold up's cost per resource at 40 routers ≤ 1.2× that at 4",
      `${perResource(large).toFixed(0)} ms / ${perResource(small).toFixed(0)} ms = ${(perResource(large) / perResource(small)).toFixed(2)}×`,
      perResource(large) <= 1.2 * perResource(small),
    ],
    ["no-op preview of 40 routers ≤ 6 s", s(large.ms["no-op preview"]), large.ms["no-op preview"] <= 6_000],
    [
      "the lab's no-op preview ≤ 2× the one-output program's",
      `${small.previewRatio.toFixed(1)}×`,
      small.previewRatio <= 2,
    ],
    ["peak memory of any run at 40 routers ≤ 500 MiB", `${large.peakMib.toFixed(0)} MiB`, large.peakMib <= 500],
    [
      "refresh at 40 routers ≤ 1.5× at 4",
      `${s(large.ms.refresh)} / ${s(small.ms.refresh)} = ${(large.ms.refresh / small.ms.refresh).toFixed(2)}×`,
      large.ms.refresh <= 1.5 * small.ms.refresh,
    ],
  ];
  if (slow) {
    const added = slow.ms["cold up"] / large.ms["cold up"] - 1;
    goals.push([
      "20 ms of latency adds ≤ 25 % to a cold up of 40 routers",
      `${s(slow.ms["cold up"])} against ${s(large.ms["cold up"])}: ${added >= 0 ? "+" : ""}${(added * 100).toFixed(0)} %`,
      added <= 0.25,
    ]);
  }
  return [
    "The goals (medians at 0 ms of latency unless the goal says otherwise):",
    "",
    "| goal | measured | holds? |",
    "| --- | --- | --- |",
    ...goals.map(([goal, measured, holds]) => `| ${goal} | ${measured} | ${holds ? "yes" : "no"} |`),
  ].join("\n");
}

async function main() {
  const routerCounts = numbers(option("routers", "4,16,40"));
  const latencies = numbers(option("latency", "0,20"));
  const runs = Number(option("runs", "3"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-scale-"));
  const labText = fs.readFileSync(path.resolve(__dirname, "../../Pulumi.lab.yaml"), "utf8");
  const rows: string[] = [];
  const memoryRows: string[] = [];
  const cellsOf = new Map<string, Cell>();
  const roles = ["CLI", "language host", "program", "dynamic providers", "proxmoxve plugin", "other"];
  try {
    for (const routers of routerCounts) {
      const file = path.join(dir, `Pulumi.scale-${routers}.yaml`);
      fs.writeFileSync(file, scaledStackFile(labText, routers));
      for (const latency of latencies) {
        const samples: Awaited<ReturnType<typeof sample>>[] = [];
        for (let i = 0; i < runs; i++) samples.push(await sample(file, latency));
        const cells = phases.map((phase) => {
          const ms = median(samples.map((s) => s[phase].ms));
          const mib = Math.max(...samples.map((s) => s[phase].peakBytes)) / 2 ** 20;
          const calls = median(samples.map((s) => s[phase].calls));
          return `${(ms / 1000).toFixed(1)} s · ${mib.toFixed(0)} MiB · ${calls}`;
        });
        const oneOutput = median(samples.map((s) => s.oneOutputMs));
        const ratio = median(samples.map((s) => s["no-op preview"].ms / s.oneOutputMs));
        cellsOf.set(`${routers} ${latency}`, {
          resources: samples[0].resources,
          ms: Object.fromEntries(phases.map((phase) => [phase, median(samples.map((s) => s[phase].ms))])) as Record<
            Phase,
            number
          >,
          peakMib: Math.max(...samples.flatMap((s) => phases.map((phase) => s[phase].peakBytes))) / 2 ** 20,
          previewRatio: ratio,
        });
        const yardstick = `${(oneOutput / 1000).toFixed(1)} s · ${ratio.toFixed(1)}×`;
        rows.push(`| ${routers} | ${samples[0].resources} | ${latency} ms | ${cells.join(" | ")} | ${yardstick} |`);
        process.stderr.write(`${rows.at(-1)}\n`);
        const coldUp = samples.map((s) => s["cold up"]).sort((a, b) => b.peakBytes - a.peakBytes)[0];
        const shares = roles.map((r) => `${((coldUp.peakByRole.get(r) ?? 0) / 2 ** 20).toFixed(0)} MiB`);
        memoryRows.push(`| ${routers} | ${latency} ms | ${shares.join(" | ")} |`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const table = [
    `| routers | resources | latency per API call | ${phases.join(" | ")} | one-output program's no-op preview · the lab's, as a multiple |`,
    `| ---: | ---: | ---: | ${phases.map(() => "---:").join(" | ")} | ---: |`,
    ...rows,
  ].join("\n");
  const memoryTable = [
    "The cold up's peak memory, by process, at its highest moment:",
    "",
    `| routers | latency per API call | ${roles.join(" | ")} |`,
    `| ---: | ---: | ${roles.map(() => "---:").join(" | ")} |`,
    ...memoryRows,
  ].join("\n");
  const written = [table, memoryTable, goalsTable(cellsOf)].filter(Boolean).join("\n\n");
  process.stdout.write(`${written}\n`);
  if (process.argv.includes("--write")) writeResults(__dirname, written);
}

runMain(main);
