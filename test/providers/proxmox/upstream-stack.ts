import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { ProxmoxLab } from "../../../lab/proxmox/lab";
import { nodes, templates, token } from "./harness";

/**
 * A small project of the proxmoxve package's own resources (a folder beside this file) on a stack
 * of its own, against an emulated cluster made for it: for the tests that watch the package's bugs.
 */
export class UpstreamStack {
  lab!: ProxmoxLab;
  stack!: Stack;

  constructor(fixture: string) {
    const workDir = path.join(__dirname, fixture);
    const stackName = `${fixture}-${process.pid}`;
    let backend: string;
    before(async () => {
      this.lab = new ProxmoxLab({ nodes, port: 0, tokens: [token], templates });
      await this.lab.start();
      backend = fs.mkdtempSync(path.join(os.tmpdir(), `budgetcloud-${fixture}-`));
      this.stack = await LocalWorkspace.createOrSelectStack(
        { stackName, workDir },
        { envVars: { PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: fixture } },
      );
      await this.stack.setAllConfig({
        "proxmoxve:endpoint": { value: `https://127.0.0.1:${this.lab.port}/` },
        "proxmoxve:apiToken": { value: `${token.id}=${token.secret}`, secret: true },
        // The package has no certificate pinning; these tests look at the package, not at TLS.
        "proxmoxve:insecure": { value: "true" },
      });
    });
    after(async () => {
      await this.stack?.destroy();
      await this.stack?.workspace.removeStack(stackName, { force: true });
      fs.rmSync(backend, { recursive: true, force: true });
      fs.rmSync(path.join(workDir, `Pulumi.${stackName}.yaml`), { force: true });
      await this.lab?.stop();
    });
  }
}
