import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";

const run = promisify(execFile);
const root = path.resolve(__dirname, "..", "..");

// `pulumi preview --stack lab` of the real program, on a copy of the project whose lab stack file
// carries one bad value: the run must stop at validation and name the key.
describe("pulumi preview --stack lab with a bad config value", function () {
  this.timeout(120_000);

  let project: string;

  before(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-badconfig-"));
    for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json"]) {
      fs.copyFileSync(path.join(root, file), path.join(project, file));
    }
    for (const entry of ["index.ts", "config", "providers", "components", "node_modules"]) {
      if (fs.existsSync(path.join(root, entry))) fs.symlinkSync(path.join(root, entry), path.join(project, entry));
    }
    const lab = fs.readFileSync(path.join(root, "Pulumi.lab.yaml"), "utf8");
    const bad = lab.replace("cidr: 192.168.192.0/24", "cidr: 10.0.0.0/33");
    expect(bad).not.to.equal(lab);
    fs.writeFileSync(path.join(project, "Pulumi.lab.yaml"), bad);
    fs.mkdirSync(path.join(project, "state"));
  });

  after(() => fs.rmSync(project, { recursive: true, force: true }));

  it("fails, naming the key and the reason", async () => {
    const env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${project}/state`,
      PULUMI_CONFIG_PASSPHRASE: "budgetcloud-lab",
    };
    await run("pulumi", ["stack", "init", "lab"], { cwd: project, env });
    const failure = await run("pulumi", ["preview", "--stack", "lab", "--non-interactive"], { cwd: project, env }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure, "preview should fail").not.to.equal(undefined);
    expect(failure?.code).to.equal(1);
    expect(failure?.stdout).to.include("budgetcloud:tenants[2].cidr: 10.0.0.0/33 is not an IPv4 prefix");
  });
});
