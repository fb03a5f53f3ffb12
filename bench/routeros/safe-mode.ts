import { runMain } from "../../cli/command-line";
import { LabUnderTest } from "../../lab/lab-under-test";
import { writeResults } from "../results-file";

// What safe mode adds to the lab stack's runs through the real engine: per router, the commands
// of each run (logins not counted) and, of them, safe mode's own: its take and release, and the
// read of a new connection that proves the API still answers (whose login comes on top).
const SAFE_MODE = ["/safe-mode/take", "/safe-mode/release", "/safe-mode/unroll", "/system/identity/print"];

type Counts = Record<string, number>;
const sum = (counts: Counts, keep: (command: string) => boolean) =>
  Object.entries(counts).reduce((n, [command, k]) => (keep(command) ? n + k : n), 0);

async function main() {
  const lab = new LabUnderTest();
  await lab.start();
  const rows: string[] = [];
  const measure = async (run: string, work: () => Promise<unknown>) => {
    for (const router of lab.routers.all()) router.resetCommandCounts();
    await work();
    for (const router of lab.routers.all()) {
      const counts = router.commandCounts();
      const all = sum(counts, (c) => c !== "/login");
      const safe = sum(counts, (c) => SAFE_MODE.includes(c));
      const takes = counts["/safe-mode/take"] ?? 0;
      const logins = counts["/login"] ?? 0;
      rows.push(`| ${run} | ${router.name} | ${all} | ${safe} | ${takes} | ${logins} |`);
      process.stderr.write(`${rows.at(-1)}\n`);
    }
  };
  try {
    await measure("cold up", () => lab.stack.up());
    await measure("no-op preview", () => lab.stack.preview());
    lab.editStackFile((text) => text.replace("comment: PVE-3 (Port 2)", "comment: PVE-3 (port 2)"));
    await measure("up of one comment on MTK-1", () => lab.stack.up());
  } finally {
    await lab.stop();
  }
  const table = [
    "| run | router | commands | of them safe mode's | batches (takes) | logins |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
  process.stdout.write(`${table}\n`);
  if (process.argv.includes("--write")) writeResults(`${__dirname}/safe-mode`, table);
}

runMain(main);
