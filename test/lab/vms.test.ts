import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { LAB_PROXMOX_TOKEN, LabUnderTest } from "../../lab/lab-under-test";
import { vmidFor } from "../../plan/proxmox-plan";

const windowsVm = [
  "    - name: app-rdp-1",
  "      node: PVE-3",
  "      os: windows",
  "      template: windows2022-cloudinit",
  "      tenant: app",
  "      ip: 192.168.110.21",
  "      disk: { size: 60, storage: vm_data }",
  "  budgetcloud:routerPassword:",
].join("\n");

const appWeb2 = [
  "    - name: app-web-2",
  "      node: PVE-3",
  "      os: linux",
  "      template: ubuntu2204-cloudinit",
  "      tenant: app",
  "      ip: 192.168.110.12",
  "      disk: { size: 10, storage: vm_data }",
  "",
].join("\n");

// The lab's VMs and their HA as the proxmoxve package's resources, made, changed and removed by the
// real plugin against the emulated cluster, through the real engine.
describe("the lab's VMs through the proxmoxve plugin", function () {
  this.timeout(600_000);

  const lab = new LabUnderTest();
  const vm = (name: string) => [...lab.cluster.state.vms.values()].find((v) => v.config.name === name);

  before(async () => {
    await lab.start();
    await lab.stack.up();
  });
  after(() => lab.stop());

  it("clones each VM on its node onto Ceph, with its network, cloud-init, agent, boot and tags", () => {
    const sql = vm("prod-sql14-1");
    expect(sql?.vmid).to.equal(vmidFor("prod-sql14-1"));
    expect(sql?.node).to.equal("PVE-2");
    expect(sql?.running).to.equal(true);
    expect(sql?.config).to.include({
      cores: "4",
      memory: "8192",
      ipconfig0: "gw=192.168.111.1,ip=192.168.111.52/24",
      searchdomain: "transnomis.com",
      nameserver: "192.168.111.21 192.168.111.22",
      cicustom: "user=local:snippets/prod-sql14-1-user-data.yaml",
      onboot: "1",
      ostype: "l26",
      tags: "budgetcloud;lab;sql",
    });
    expect(sql?.config.agent).to.match(/^enabled=1,/);
    expect(sql?.config.scsi0).to.match(/^vm_data:vm-\d+-disk-\d+,.*size=30G/);
    expect(sql?.config.net0).to.match(/^virtio=[0-9A-F:]{17},bridge=vbr111,firewall=0$/);
    // A full clone of the ubuntu template's copy on PVE-2 (9100), not of another node's copy.
    const clone = lab.cluster.taskList().find((t) => t.type === "qmclone" && t.log[0]?.endsWith(`ID ${sql?.vmid}`));
    expect(clone).to.include({ node: "PVE-2", id: "9100", exitstatus: "OK" });
    expect(clone?.log[0]).to.equal(`create full clone of VM 9100 with ID ${sql?.vmid}`);
    // The cloud-init drive sits on Ceph too, so that HA can move the VM.
    expect(sql?.config.ide2).to.match(/^vm_data:vm-\d+-cloudinit,media=cdrom/);
  });

  it("puts each VM under HA, preferring its own node", () => {
    const { state } = lab.cluster;
    const sid = `vm:${vmidFor("prod-sql14-1")}`;
    expect(state.config("/cluster/ha/resources").get(sid)).to.deep.include({ state: "started" });
    expect(state.config("/cluster/ha/rules").get("prod-sql14-1-affinity")).to.deep.include({
      type: "node-affinity",
      resources: sid,
      strict: 0,
    });
    // The plugin sends the node map in no particular order; the priorities are what count.
    const nodes = String(state.config("/cluster/ha/rules").get("prod-sql14-1-affinity")?.nodes).split(",");
    expect(nodes.sort()).to.deep.equal(["PVE-1:1", "PVE-2:2", "PVE-3:1"]);
  });

  it("keeps the API token out of the state: the plugin takes it from the run's environment", () => {
    // The state file itself, as the backend holds it, which every preview job decrypts.
    const dir = new URL(lab.backendUrl).pathname;
    const state = fs.readFileSync(path.join(dir, ".pulumi/stacks/budgetcloud/lab.json"), "utf8");
    expect(state).to.include("pulumi:providers:proxmoxve");
    expect(state).not.to.include(LAB_PROXMOX_TOKEN);
    const provider = JSON.parse(state).checkpoint.latest.resources.find(
      (r: { type: string }) => r.type === "pulumi:providers:proxmoxve",
    );
    // The engine's own `__internal` aside, the inputs are the stack's.
    expect(
      Object.keys(provider.inputs)
        .filter((key) => !key.startsWith("__"))
        .sort(),
    ).to.deep.equal(["endpoint", "insecure", "version"]);
  });

  it("changes cores and memory in place, adds a Windows VM and removes one taken out of the stack", async () => {
    const sqlVmid = vm("prod-sql14-1")?.vmid;
    lab.editStackFile((text) =>
      text
        .replace("      cores: 4\n      memory: 8192\n", "      cores: 6\n      memory: 12288\n")
        .replace(appWeb2, "")
        .replace("  budgetcloud:routerPassword:", windowsVm),
    );
    const updated: string[] = [];
    await lab.stack.up({
      onEvent: (event) => {
        const step = event.resOutputsEvent?.metadata;
        // The default provider shows an update too: it is handed the edited config, no device.
        if (step?.op === "update" && !step.urn.includes("::pulumi:providers:"))
          updated.push(step.urn.split("::").at(-1) as string);
      },
    });
    // The VM in place, and the app tenant's monitoring group, which trades app-web-2 for app-rdp-1.
    expect(updated.sort()).to.deep.equal(["lab-monitoring-group-lab-vms-app", "lab-vm-prod-sql14-1"]);
    const sql = vm("prod-sql14-1");
    expect(sql?.vmid).to.equal(sqlVmid);
    expect(sql?.running).to.equal(true);
    expect(sql?.config).to.include({ cores: "6", memory: "12288" });

    expect(vm("app-web-2")).to.equal(undefined);
    const { state } = lab.cluster;
    expect(state.config("/cluster/ha/resources").ids()).not.to.include(`vm:${vmidFor("app-web-2")}`);
    expect(state.config("/cluster/ha/rules").ids()).not.to.include("app-web-2-affinity");

    const rdp = vm("app-rdp-1");
    expect(rdp?.node).to.equal("PVE-3");
    expect(rdp?.config).to.include({
      ostype: "win11",
      citype: "configdrive2",
      cicustom: "user=local:snippets/app-rdp-1-user-data.mime",
    });
    expect(rdp?.config.scsi0).to.match(/size=60G/);
  });

  it("grows a disk on the running VM", async () => {
    lab.editStackFile((text) => text.replace("      disk: { size: 30,", "      disk: { size: 40,"));
    const up = await lab.stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ same: up.summary.resourceChanges?.same, update: 1 });
    const sql = vm("prod-sql14-1");
    expect(sql?.running).to.equal(true);
    expect(sql?.config.scsi0).to.match(/size=40G/);
  });

  it("has the plugin verify the cluster against the stack's CA: roots that do not vouch for it fail the refresh", async () => {
    const state = await lab.stack.exportStack();
    const plugin = state.deployment.resources.find((r: { type: string }) => r.type === "pulumi:providers:proxmoxve");
    expect(plugin?.inputs.insecure).to.equal("false");
    // The roots of another cluster: the lab's CA-less, self-signed certificate.
    const other = JSON.parse(fs.readFileSync(path.join(__dirname, "../../lab/keys/pve-ssl.json"), "utf8")).cert;
    const wrongRoots = path.join(lab.projectDir, "other-cluster.pem");
    fs.writeFileSync(wrongRoots, other);
    const { envVars } = lab.stack.workspace;
    const roots = envVars.SSL_CERT_FILE;
    envVars.SSL_CERT_FILE = wrongRoots;
    try {
      const refused = await lab.stack.refresh().then(
        () => "refreshed",
        (error: Error) => error.message,
      );
      expect(refused).to.match(/x509: certificate signed by unknown authority/);
    } finally {
      envVars.SSL_CERT_FILE = roots;
    }
    expect(Object.keys((await lab.stack.preview()).changeSummary)).to.deep.equal(["same"]);
  });

  it("previews clean after, and a change made by hand shows as drift and is put back", async () => {
    expect(Object.keys((await lab.stack.preview()).changeSummary)).to.deep.equal(["same"]);
    const sql = vm("prod-sql14-1");
    if (sql) sql.config.cores = "2";
    const refresh = await lab.stack.refresh();
    expect(refresh.summary.resourceChanges).to.deep.include({ update: 1 });
    await lab.stack.up();
    expect(vm("prod-sql14-1")?.config.cores).to.equal("6");
    expect(Object.keys((await lab.stack.preview()).changeSummary)).to.deep.equal(["same"]);
  });

  it("in a protected stack, refuses at preview to delete a VM taken out of it, unless the stack marks it replaceable", async () => {
    lab.editStackFile((text) => text.replace("config:\n", "config:\n  budgetcloud:protect: true\n"));
    await lab.stack.up();
    const rdp = windowsVm.replace("  budgetcloud:routerPassword:", "");
    lab.editStackFile((text) => text.replace(rdp, ""));
    const refused = await lab.stack.preview().then(
      () => "previewed",
      (error: Error) => error.message,
    );
    expect(refused).to.match(/VmLegacy::lab-vm-app-rdp-1" cannot be deleted\s+because it is protected/);
    // Marked replaceable, an up lets the engine go of it (nothing else changes); then it can go.
    lab.editStackFile((text) =>
      text.replace("  budgetcloud:routerPassword:", `${rdp}      replaceable: true\n  budgetcloud:routerPassword:`),
    );
    expect(Object.keys((await lab.stack.up()).summary.resourceChanges ?? {})).to.deep.equal(["same"]);
    lab.editStackFile((text) => text.replace(`${rdp}      replaceable: true\n`, ""));
    // The VM, its HA resource and rule, its snippet on each of the three nodes, its LibreNMS device.
    expect((await lab.stack.up()).summary.resourceChanges).to.deep.include({ delete: 8 });
    expect(vm("app-rdp-1")).to.equal(undefined);
  });

  it("keeps a VM's snippet on each node its HA rule allows: when its node dies, HA starts it on another, and back after", async () => {
    const file = "prod-sql14-1-user-data.yaml";
    for (const node of ["PVE-1", "PVE-2", "PVE-3"]) {
      expect(fs.existsSync(path.join(lab.cluster.snippetsDir(node), file)), node).to.equal(true);
    }
    const runningOn = async (node: (where: string) => boolean) => {
      const deadline = Date.now() + 30_000;
      while (!(vm("prod-sql14-1")?.running && node(vm("prod-sql14-1")?.node ?? ""))) {
        if (Date.now() > deadline) throw new Error(`prod-sql14-1: ${lab.cluster.haLog().slice(-5).join("; ")}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return vm("prod-sql14-1")?.node;
    };
    lab.cluster.killNode("PVE-2");
    expect(await runningOn((node) => node !== "PVE-2")).to.be.oneOf(["PVE-1", "PVE-3"]);
    lab.cluster.reviveNode("PVE-2");
    // The rule prefers PVE-2 and HA fails back by default.
    expect(await runningOn((node) => node === "PVE-2")).to.equal("PVE-2");
  });
});
