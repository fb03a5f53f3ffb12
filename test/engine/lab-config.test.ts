import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect } from "chai";
import { projectCopy, stackFileText } from "../../lab/project-copy";

const run = promisify(execFile);

// `pulumi preview --stack lab` of the real program, on a copy of the project whose lab stack file
// carries one bad value: the run must stop at validation and name the key.
describe("pulumi preview --stack lab with a bad config value", function () {
  this.timeout(120_000);

  const lab = stackFileText("lab");
  const bad = lab.replace("cidr: 192.168.111.0/24", "cidr: 10.0.0.0/33");
  const project = projectCopy({ lab: bad });
  after(() => project.remove());

  it("fails, naming the key and the reason", async () => {
    expect(bad).not.to.equal(lab);
    const env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${project.dir}/state`,
      PULUMI_CONFIG_PASSPHRASE: "budgetcloud-lab",
    };
    await run("pulumi", ["stack", "init", "lab"], { cwd: project.dir, env });
    const failure = await run("pulumi", ["preview", "--stack", "lab", "--non-interactive"], {
      cwd: project.dir,
      env,
    }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure, "preview should fail").not.to.equal(undefined);
    expect(failure?.code).to.equal(1);
    expect(failure?.stdout).to.include("budgetcloud:tenants[1].cidr: 10.0.0.0/33 is not an IPv4 prefix");
  });
});
