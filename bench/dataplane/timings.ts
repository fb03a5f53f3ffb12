import * as os from "node:os";
import * as path from "node:path";
import { runMain } from "../../cli/command-line";
import { readStackFile } from "../../cli/stack-file";
import type { CheckLine } from "../../lab/dataplane/checks";
import { dumpDevices } from "../../lab/dataplane/device-dump";
import { DataPlane } from "../../lab/dataplane/realize";
import { verifyDataPlane } from "../../lab/dataplane/verify";
import { LAB_PASSWORD, LAB_PROXMOX_TOKEN, LabUnderTest } from "../../lab/lab-under-test";
import { writeResults } from "../results-file";

// The lab data plane's times, each the median of several builds of it from one lab stack: how long
// OSPF takes to converge from cold, to reroute around a cut ring link, and VRRP to fail over and
// preempt. Needs root. The data plane runs OSPF at hello 1 s / dead 3 s and VRRP at the routers' 1 s.
const runs = 5;

const measures: [string, (lines: CheckLine[]) => number | undefined][] = [
  [
    "build and cold start to a full mesh of loopbacks",
    (l) => l.find((x) => x.check.startsWith("convergence"))?.seconds,
  ],
  [
    "slowest OSPF adjacency Full, from cold",
    (l) => Math.max(...l.filter((x) => x.check === "OSPF adjacency Full").map((x) => x.seconds ?? 0)),
  ],
  [
    "ring link cut: every loopback answers again",
    (l) => l.find((x) => x.check.startsWith("fault: ring link cut"))?.seconds,
  ],
  [
    "VRRP master down: the VM reaches its gateway again",
    (l) => l.find((x) => x.check.startsWith("fault: VRRP master down"))?.seconds,
  ],
  [
    "VRRP master back: it holds the gateway again",
    (l) => l.find((x) => x.check.startsWith("fault: VRRP master back"))?.seconds,
  ],
  [
    "OSPF key put back: the adjacency is Full again",
    (l) => l.find((x) => x.check.startsWith("fault: OSPF key put back"))?.seconds,
  ],
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const lab = new LabUnderTest();
  const stateDir = path.join(os.tmpdir(), `budgetcloud-dataplane-bench-${process.pid}`);
  await lab.start();
  try {
    await lab.stack.up();
    const config = readStackFile(lab.stackFile);
    const samples: number[][] = [];
    for (let run = 0; run < runs; run++) {
      const dump = await dumpDevices(config, { routerPassword: LAB_PASSWORD, proxmoxTokenSecret: LAB_PROXMOX_TOKEN });
      const { lines } = await verifyDataPlane({ config, dump, stateDir, faults: true, prefix: "bcb-" });
      const failed = lines.filter((l) => !l.passed);
      if (failed.length > 0)
        throw new Error(`run ${run + 1}: ${failed.map((l) => `${l.check}: ${l.detail}`).join("; ")}`);
      samples.push(measures.map(([, measure]) => measure(lines) ?? Number.NaN));
      process.stderr.write(
        `run ${run + 1}: ${samples
          .at(-1)
          ?.map((s) => s.toFixed(1))
          .join(" ")}\n`,
      );
    }
    const rows = measures.map(([name], i) => {
      const values = samples.map((s) => s[i]);
      return `| ${name} | ${median(values).toFixed(1)} s | ${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} s |`;
    });
    const table = [`| what (median of ${runs} runs) | median | range |`, "| --- | ---: | ---: |", ...rows].join("\n");
    process.stdout.write(`${table}\n`);
    if (process.argv.includes("--write")) writeResults(__dirname, table);
  } finally {
    new DataPlane(stateDir).destroy();
    await lab.stop();
  }
}

runMain(main);
