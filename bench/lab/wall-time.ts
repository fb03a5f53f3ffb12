import { runMain } from "../../cli/command-line";
import { LabUnderTest } from "../../lab/lab-under-test";
import { writeResults } from "../results-file";

// Wall time of the lab stack's three everyday runs through the real engine, against emulators that
// answer at once and that wait 10 ms per API call. Each sample starts from a new, empty lab.
const runs = 5;
const latencies = [0, 10];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function sample(latencyMs: number) {
  const lab = new LabUnderTest();
  await lab.start();
  try {
    for (const router of lab.routers.all()) router.knobs.latencyMs = latencyMs;
    lab.cluster.knobs.latencyMs = latencyMs;
    const up = await timed(() => lab.stack.up());
    const preview = await timed(() => lab.stack.preview());
    const refresh = await timed(() => lab.stack.refresh());
    return { up, preview, refresh };
  } finally {
    await lab.stop();
  }
}

async function main() {
  const rows: string[] = [];
  for (const latency of latencies) {
    const samples: Awaited<ReturnType<typeof sample>>[] = [];
    for (let i = 0; i < runs; i++) samples.push(await sample(latency));
    const of = (key: "up" | "preview" | "refresh") => seconds(median(samples.map((s) => s[key])));
    rows.push(`| ${latency} ms | ${of("up")} s | ${of("preview")} s | ${of("refresh")} s |`);
    process.stderr.write(`${rows.at(-1)}\n`);
  }
  const table = [
    "| latency per API call | cold up | no-op preview | refresh |",
    "| ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
  process.stdout.write(`${table}\n`);
  if (process.argv.includes("--write")) writeResults(__dirname, table);
}

runMain(main);
