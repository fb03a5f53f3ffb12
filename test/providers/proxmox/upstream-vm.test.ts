import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import { ProxmoxLab } from "../../../lab/proxmox/lab";
import { nodes, templates, token } from "./harness";

// budgetcloud's VMs ignore changes to `disks[0].speed` only because the package's bridge applies the
// speed block's schema default (one block of zeros) to the program's inputs, while the plugin reads a
// disk without limits, as PVE prints it (no mbps_* or iops_* options), as no block. Terraform itself
// does not default a block, so this is the bridge's diff, not the cluster's. This test fails the
// day a bare VM previews clean, so that the ignoreChanges goes then.
describe("a VM's disk without limits through @muhlba91/pulumi-proxmoxve", function () {
  this.timeout(300_000);

  const fixture = path.join(__dirname, "upstream-vm");
  const stackName = `vm-${process.pid}`;
  let lab: ProxmoxLab;
  let backend: string;
  let stack: Stack;

  before(async () => {
    lab = new ProxmoxLab({ nodes, port: 0, tokens: [token], templates });
    await lab.start();
    backend = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-upstream-vm-"));
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName, workDir: fixture },
      { envVars: { PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "upstream-vm" } },
    );
    await stack.setAllConfig({
      "proxmoxve:endpoint": { value: `https://127.0.0.1:${lab.port}/` },
      "proxmoxve:apiToken": { value: `${token.id}=${token.secret}`, secret: true },
      "proxmoxve:insecure": { value: "true" },
    });
    await stack.up();
  });

  after(async () => {
    await stack?.destroy();
    await stack?.workspace.removeStack(stackName, { force: true });
    fs.rmSync(backend, { recursive: true, force: true });
    fs.rmSync(path.join(fixture, `Pulumi.${stackName}.yaml`), { force: true });
    await lab?.stop();
  });

  it("holds the disk with no limits, as PVE prints one", () => {
    expect(lab.state.vms.get(4242)?.config.scsi0).to.match(/^local-lvm:vm-4242-disk-\d+,.*size=8G(,|$)/);
    expect(lab.state.vms.get(4242)?.config.scsi0).not.to.match(/mbps|iops/);
  });

  it("still plans a speed block after up, so budgetcloud's VMs keep ignoring disks[0].speed", async () => {
    const preview = await stack.preview({ diff: true });
    expect(preview.changeSummary, "a bare VM previews clean now: drop disks[0].speed from ignoreChanges").to.include({
      update: 1,
    });
    expect(preview.stdout).to.match(/speed/);
    expect(preview.stdout).not.to.match(/~ (cores|memory|size|datastoreId)/);
  });
});
