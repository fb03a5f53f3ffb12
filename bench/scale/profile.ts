import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { runMain } from "../../cli/command-line";
import { LabUnderTest } from "../../lab/lab-under-test";
import { scaledStackFile } from "./scaled-stack";

// Where the time of one run goes: the lab stack grown to N routers is brought up, then one run
// (a no-op preview unless told otherwise) is made by the CLI with its own CPU profile, and with
// every Node.js process it starts (the program, the dynamic providers) writing one too.
// Usage: profile.ts [--routers 4] [--run preview|up|cold-up]

const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1];
};

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** What a sampled frame's script is part of. */
function category(url: string, fn: string): string {
  if (fn === "(idle)" || fn === "(program)") return fn;
  if (fn === "(garbage collector)") return "garbage collection";
  if (url.includes("/node_modules/sucrase/")) return "TypeScript transform";
  if (url.startsWith("node:internal/modules") || fn === "compileFunction" || fn === "wrapSafe") return "module loading";
  if (/\/node_modules\/(@pulumi|@grpc|google-protobuf|@opentelemetry|protobufjs)\//.test(url)) return "Pulumi SDK";
  if (url.includes("/node_modules/")) return "other packages";
  if (url.startsWith("node:")) return "Node.js";
  if (url === "") return "native";
  return "budgetcloud";
}

function readProfile(file: string) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const ms = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const key = frame ? category(frame.url, frame.functionName) : "native";
    ms.set(key, (ms.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const urls = profile.nodes.map((n) => n.callFrame.url);
  const role = urls.some((u) => u.includes("cmd/dynamic-provider"))
    ? "dynamic providers"
    : urls.some((u) => u.includes("cmd/run"))
      ? "program"
      : path.basename(file);
  return { role, startUs: profile.startTime, endUs: profile.endTime, ms };
}

async function main() {
  const routers = Number(option("routers", "4"));
  const run = option("run", "preview");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-profile-"));
  const stackFile = path.join(dir, "Pulumi.scaled.yaml");
  fs.writeFileSync(
    stackFile,
    scaledStackFile(fs.readFileSync(path.resolve(__dirname, "../../Pulumi.lab.yaml"), "utf8"), routers),
  );
  const lab = new LabUnderTest(stackFile);
  await lab.start();
  try {
    if (run !== "cold-up") await lab.stack.up();
    const profiles = path.join(dir, "profiles");
    fs.mkdirSync(profiles);
    const args = run === "preview" ? ["preview"] : ["up", "--yes", "--skip-preview"];
    const start = Date.now();
    // Asynchronously: the emulators answering the run live in this process.
    await promisify(execFile)(
      process.env.BUDGETCLOUD_PULUMI ?? "pulumi",
      [...args, "--stack", "lab", "--non-interactive", "--profiling", path.join(profiles, "cli")],
      {
        cwd: lab.stack.workspace.workDir,
        env: {
          ...process.env,
          ...lab.cliEnv,
          NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profiles} --require ${path.join(__dirname, "exit-on-interrupt.js")}`,
        },
        maxBuffer: 256 * 2 ** 20,
      },
    );
    const wallMs = Date.now() - start;

    process.stdout.write(
      `pulumi ${args.join(" ")} of ${routers} routers: ${(wallMs / 1000).toFixed(1)} s of wall time\n\n`,
    );
    const nodeRuns = fs
      .readdirSync(profiles)
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => readProfile(path.join(profiles, f)));
    const categories = [...new Set(nodeRuns.flatMap((p) => [...p.ms.keys()]))].filter((c) => c !== "(idle)");
    // Profiles start on one clock (V8's monotonic one): each process's life from the first one's start.
    const origin = Math.min(...nodeRuns.map((p) => p.startUs));
    const at = (us: number) => Math.round((us - origin) / 1000);
    process.stdout.write(`| process | from | to | busy | ${categories.join(" | ")} |\n`);
    process.stdout.write(`| --- | ---: | ---: | ---: | ${categories.map(() => "---:").join(" | ")} |\n`);
    for (const p of nodeRuns.sort((a, b) => a.startUs - b.startUs)) {
      const busy = [...p.ms].filter(([c]) => c !== "(idle)").reduce((sum, [, ms]) => sum + ms, 0);
      const cells = categories.map((c) => `${Math.round(p.ms.get(c) ?? 0)}`);
      process.stdout.write(
        `| ${p.role} | ${at(p.startUs)} | ${at(p.endUs)} | ${Math.round(busy)} | ${cells.join(" | ")} |\n`,
      );
    }
    const cpu = fs.readdirSync(profiles).find((f) => f.startsWith("cli.") && f.endsWith(".cpu"));
    if (cpu) {
      const top = execFileSync("go", ["tool", "pprof", "-top", "-cum", "-nodecount=60", path.join(profiles, cpu)], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      process.stdout.write(`\nThe CLI (go tool pprof -top -cum):\n${top}`);
    }
  } finally {
    await lab.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main);
