import { execFile, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { expectedCounts, heldCounts, itemPaths } from "../support/held-counts";
import { labOnS3 } from "../support/lab-on-s3";

const scripts = path.resolve(__dirname, "../../scripts");

/** The processes whose command line names `text`, as `pid command`. */
function processesNaming(text: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const words = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (words.includes(text) || words.some((word) => word.endsWith(`=${text}`)))
        found.push(`${pid} ${words.join(" ").trim()}`);
    } catch {
      // Gone while listed.
    }
  }
  return found;
}

const children = (pid: number) =>
  execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
    .trim()
    .split("\n")
    .filter(Boolean)
    .map(Number);

// A CI runner lost halfway through an up: pulumi killed with SIGKILL while it changes the routers,
// its state in the S3 backend, its lock left behind. Nothing it started may linger.
describe("an up killed halfway", function () {
  this.timeout(600_000);
  const { lab, s3 } = labOnS3();
  let engine = "";
  let templates = 0;
  const env = () => ({ ...process.env, ...lab.cliEnv });

  it("leaves none of its plugins running", async () => {
    for (const router of lab.routers.all()) router.knobs.latencyMs = 50;
    // A VM's create waits for its guest agent: long enough for the kill to find one cloned, not done.
    lab.cluster.knobs.agentStartupMs = 600_000;
    templates = lab.cluster.state.vms.size;
    const run = spawn(`${scripts}/pulumi-supervised.sh`, ["up", "--yes", "--stack", "lab", "--non-interactive"], {
      cwd: lab.projectDir,
      env: env(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let said = "";
    run.stdout.on("data", (chunk) => (said += chunk));
    run.stderr.on("data", (chunk) => (said += chunk));
    const exited = new Promise<number | null>((resolve) => run.once("exit", resolve));
    // The moment: the routers have started taking the stack's items.
    const commands = () =>
      lab.routers
        .all()
        .flatMap((r) => Object.entries(r.commandCounts()))
        .filter(([command]) => command.endsWith("/add"))
        .reduce((sum, [, count]) => sum + count, 0);
    while (commands() < 20 || lab.cluster.state.vms.size === templates)
      await new Promise((resolve) => setTimeout(resolve, 50));

    const [pulumi] = children(run.pid as number);
    const plugins = children(pulumi);
    engine =
      fs
        .readFileSync(`/proc/${plugins[0]}/cmdline`, "utf8")
        .split("\0")
        .find((word) => /^127\.0\.0\.1:\d+$/.test(word)) ?? "";
    expect(engine, "the engine's address, as its plugins were given it").to.match(/^127\.0\.0\.1:\d+$/);
    expect(processesNaming(engine).length, "the language host and the plugins").to.be.greaterThan(2);

    process.kill(pulumi, "SIGKILL");
    expect(await exited).to.equal(137);
    expect(said).to.include(`left plugins of engine ${engine} running: stopped them`);
    for (let waited = 0; processesNaming(engine).length > 0 && waited < 100; waited++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processesNaming(engine)).to.deep.equal([]);
    expect(s3.objects(".pulumi/locks"), "the dead run's lock").to.have.length(1);
  });

  it("is brought back by the recovery: lock gone, each object once, a clean preview", async () => {
    for (const router of lab.routers.all()) router.knobs.latencyMs = 0;
    lab.cluster.knobs.agentStartupMs = 0;
    // Asynchronously: the emulators answer from this process.
    const { stderr } = await promisify(execFile)(`${scripts}/recover.sh`, ["lab"], {
      cwd: lab.projectDir,
      env: env(),
      maxBuffer: 64 * 1024 * 1024,
    });
    // The moment left both kinds pending: budgetcloud's own items and the package's VMs.
    expect(stderr).to.match(/^creating +urn:pulumi:lab::\S+dynamic\/routeros:\w+::lab-MTK-/m);
    expect(stderr).to.match(/^creating +urn:pulumi:lab::\S+vmLegacy:VmLegacy::lab-vm-/m);
    expect(s3.objects(".pulumi/locks"), "the dead run's lock").to.deep.equal([]);

    const held = heldCounts(lab, itemPaths);
    expect(held.doubles).to.deep.equal([]);
    expect(held.counts).to.deep.equal(await expectedCounts(lab));
    const vms = (await lab.stack.outputs()).vms.value as unknown[];
    expect(lab.cluster.state.vms.size, "the templates and the stack's VMs, each once").to.equal(templates + vms.length);
    const { deployment } = await lab.stack.exportStack();
    const declared = (type: string) =>
      (deployment.resources ?? []).filter((r: { type: string }) => r.type.endsWith(type)).length;
    expect(lab.clusterSnapshot().haResources, "HA resources").to.have.length(declared("haresource:Haresource"));
    expect(lab.zeroTierCentral.listNetworks(), "ZeroTier networks").to.have.length(
      declared("dynamic/zerotier:Network"),
    );
    expect(lab.librenms?.librenms.listDevices(), "LibreNMS devices").to.have.length(
      declared("dynamic/librenms:Device"),
    );
    const preview = await lab.stack.preview({ refresh: true });
    expect(preview.changeSummary, "what the devices hold is what the stack says").to.deep.equal({
      same: preview.changeSummary.same,
    });
  });
});
