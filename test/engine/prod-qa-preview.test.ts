import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect } from "chai";
import { secretKeys } from "../../config/secrets";
import { projectCopy, stackFileText } from "../../lab/project-copy";

const run = promisify(execFile);

// The talk's cloud and its QA copy, previewed by the real CLI with placeholder secrets: the whole
// config validates and plans, and no device is contacted (none of their addresses exists here).
for (const stack of ["prod", "qa"]) {
  describe(`pulumi preview --stack ${stack}`, function () {
    this.timeout(300_000);

    const project = projectCopy({ [stack]: stackFileText(stack) });
    const env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${project.dir}/state`,
      PULUMI_CONFIG_PASSPHRASE: "placeholder",
      // What `make preview-comment` hands the proxmoxve plugin (tools/plugin-env).
      PROXMOX_VE_API_TOKEN: "budgetcloud@pve!pulumi=placeholder",
    };
    const pulumi = (...args: string[]) => run("pulumi", [...args, "--stack", stack], { cwd: project.dir, env });
    after(() => project.remove());

    it("plans the whole cloud with placeholder secrets", async () => {
      await run("pulumi", ["stack", "init", stack], { cwd: project.dir, env });
      for (const key of Object.keys(secretKeys)) {
        await pulumi("config", "set", "--secret", `budgetcloud:${key}`, `placeholder-${key}`);
      }
      const { stdout } = await pulumi("preview", "--non-interactive", "--diff");
      expect(stdout).to.match(/\+ \d+ to create/);
      expect(stdout).not.to.include("placeholder-");
    });
  });
}
