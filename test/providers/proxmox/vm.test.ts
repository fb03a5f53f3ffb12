import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import type { VmProps } from "../../../providers/proxmox/vm";
import { refused } from "../../support/refused";
import { ClusterUnderTest } from "./harness";

const linux: VmProps = {
  name: "prod-sql14-1",
  node: "PVE-2",
  template: "ubuntu2204-cloudinit",
  storage: "vm_data",
  diskSize: 30,
  cores: 4,
  memory: 8192,
  cicustom: "user=local:snippets/prod-sql14-1.yaml",
  ipconfig0: "ip=192.168.111.52/24,gw=192.168.111.1",
  nameserver: ["192.168.111.21", "192.168.111.22"],
  searchdomain: "transnomis.com",
  net0: "virtio,bridge=vbr111",
  agent: "1",
  onboot: true,
  ostype: "l26",
};

const windows: VmProps = {
  name: "prod-app-win-1",
  node: "PVE-1",
  template: "windows2022-cloudinit",
  storage: "vm_data",
  diskSize: 60,
  cores: 4,
  memory: 8192,
  cicustom: "user=local:snippets/prod-app-win-1.yaml",
  ipconfig0: "ip=192.168.110.60/24,gw=192.168.110.1",
  net0: "virtio,bridge=vbr110",
  agent: "1",
  onboot: true,
  ostype: "win11",
  citype: "configdrive2",
};

const GiB = 2 ** 30;

describe("VMs cloned from templates, against the emulator", function () {
  this.timeout(20_000);
  const t = new ClusterUnderTest();

  beforeEach(async () => {
    await t.byHand("POST", "/nodes/PVE-1/ceph/pool", { name: "vm_data" });
    await t.byHand("POST", "/storage", { storage: "vm_data", type: "rbd", pool: "vm_data", content: "images,rootdir" });
    for (const [node, vm] of [
      ["PVE-2", "prod-sql14-1"],
      ["PVE-1", "prod-app-win-1"],
    ]) {
      fs.writeFileSync(path.join(t.lab.snippetsDir(node), `${vm}.yaml`), "#cloud-config\n");
    }
    t.nextRun();
  });

  const vmOf = (id: string) => t.lab.state.vms.get(Number(id.split("/")[1]));
  /** The volume behind the VM's scsi0. */
  const diskOf = (id: string) => {
    const file = vmOf(id)?.config.scsi0?.split(",")[0];
    return t.lab.state.volumes.find((v) => `${v.storage}:${v.volname}` === file);
  };

  describe("a Linux VM", () => {
    it("is a full clone of the template on its node, configured, grown and started", async () => {
      const { id, outs } = await t.vms().create(linux);
      expect(id).to.equal("PVE-2/100");
      expect(outs).to.deep.equal({ ...linux, vmid: 100 });
      const vm = vmOf(id);
      expect(vm?.node).to.equal("PVE-2");
      expect(vm?.running).to.equal(true);
      expect(vm?.config).to.include({
        name: "prod-sql14-1",
        cores: "4",
        memory: "8192",
        cicustom: "user=local:snippets/prod-sql14-1.yaml",
        ipconfig0: "ip=192.168.111.52/24,gw=192.168.111.1",
        nameserver: "192.168.111.21 192.168.111.22",
        searchdomain: "transnomis.com",
        agent: "1",
        onboot: "1",
        ostype: "l26",
      });
      expect(vm?.config.net0).to.match(/^virtio=[0-9A-F:]{17},bridge=vbr111$/);
      expect(diskOf(id)).to.deep.include({ storage: "vm_data", volname: "vm-100-disk-0", sizeBytes: 30 * GiB });
      expect(t.lab.requestCounts()).to.deep.equal({
        "GET /cluster/resources": 1,
        "GET /nodes/{node}/qemu/{vmid}/config": 1,
        "GET /cluster/nextid": 1,
        "POST /nodes/{node}/qemu/{vmid}/clone": 1,
        "PUT /nodes/{node}/qemu/{vmid}/config": 1,
        "PUT /nodes/{node}/qemu/{vmid}/resize": 1,
        "POST /nodes/{node}/qemu/{vmid}/status/start": 1,
        "GET /nodes/{node}/tasks/{upid}/status": 3,
      });
    });

    it("reads back as the stack wrote it, and sees a memory change made by hand", async () => {
      const { id } = await t.vms().create(linux);
      t.nextRun();
      expect((await t.vms().read(id, linux)).props).to.deep.equal({ ...linux, vmid: 100, started: true });
      await t.byHand("PUT", "/nodes/PVE-2/qemu/100/config", { memory: 4096 });
      t.nextRun();
      const { props: drifted } = await t.vms().read(id, linux);
      expect(drifted).to.deep.equal({ ...linux, vmid: 100, started: true, memory: 4096 });
      expect(t.vms().diff(drifted, linux)).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
      t.nextRun();
      await t.vms().update(id, drifted, linux);
      expect(vmOf(id)?.config.memory).to.equal("8192");
      expect(t.writes()).to.deep.equal({ "PUT /nodes/{node}/qemu/{vmid}/config": 1 });
    });

    it("keeps its MAC address when it moves to another vnet", async () => {
      const { id } = await t.vms().create(linux);
      const mac = /virtio=([0-9A-F:]{17})/.exec(vmOf(id)?.config.net0 ?? "")?.[1];
      await t.vms().update(id, linux, { ...linux, net0: "virtio,bridge=vbr110" });
      expect(vmOf(id)?.config.net0).to.equal(`virtio=${mac},bridge=vbr110`);
    });

    it("grows its disk, and refuses to shrink it, naming the VM", async () => {
      const { id } = await t.vms().create(linux);
      t.nextRun();
      await t.vms().update(id, linux, { ...linux, diskSize: 40 });
      expect(diskOf(id)?.sizeBytes).to.equal(40 * GiB);
      expect(t.writes()).to.deep.equal({ "PUT /nodes/{node}/qemu/{vmid}/resize": 1 });
      const grown = { ...linux, diskSize: 40 };
      expect(() => t.vms().diff(grown, linux)).to.throw(
        "VM prod-sql14-1: refusing to shrink disk scsi0 from 40 to 30 GiB (Proxmox VE only grows disks); " +
          "keep diskSize at 40 or more, or replace the VM",
      );
      expect(await refused(t.vms().update(id, linux, { ...linux, cores: 2 }))).to.equal(
        "VM prod-sql14-1: refusing to shrink disk scsi0 from 40 to 30 GiB (Proxmox VE only grows disks); " +
          "keep diskSize at 40 or more, or replace the VM",
      );
    });

    it("refuses a disk smaller than its template's before cloning anything", async () => {
      const message = await refused(t.vms().create({ ...linux, diskSize: 2 }));
      expect(message).to.equal(
        "VM prod-sql14-1: refusing to shrink disk scsi0 from 4 to 2 GiB (Proxmox VE only grows disks); " +
          "keep diskSize at 4 or more, or replace the VM",
      );
      expect(t.writes()).to.deep.equal({});
    });

    it("is started again after being stopped by hand, and stays stopped when the stack says so", async () => {
      const { id } = await t.vms().create(linux);
      await t.byHand("POST", "/nodes/PVE-2/qemu/100/status/stop");
      t.nextRun();
      const { props: stopped } = await t.vms().read(id, linux);
      expect(stopped.started).to.equal(false);
      await t.vms().update(id, stopped, linux);
      expect(vmOf(id)?.running).to.equal(true);
      await t.vms().update(id, linux, { ...linux, started: false });
      expect(vmOf(id)?.running).to.equal(false);
    });

    it("is replaced on another template or node, and updated in place otherwise", () => {
      const vms = t.vms();
      expect(vms.diff(linux, { ...linux, template: "debian13-cloudinit" }).replaces).to.deep.equal(["template"]);
      expect(vms.diff(linux, { ...linux, node: "PVE-3" }).replaces).to.deep.equal(["node"]);
      expect(vms.diff(linux, { ...linux, disk: "scsi0" })).to.deep.include({ changes: false });
      expect(vms.diff(linux, { ...linux, ipconfig0: "gw=192.168.111.1,ip=192.168.111.52/24" })).to.deep.include({
        changes: false,
      });
    });

    it("is stopped and destroyed with its disks, and purged from HA", async () => {
      const { id } = await t.vms().create(linux);
      await t.byHand("POST", "/cluster/ha/resources", { sid: "vm:100" });
      t.nextRun();
      await t.vms().delete(id);
      expect(vmOf(id)).to.equal(undefined);
      expect(t.lab.state.volumes.filter((v) => v.vmid === 100)).to.deep.equal([]);
      expect(await t.client.get("/cluster/ha/resources")).to.deep.equal([]);
      expect(t.writes()).to.deep.equal({
        "POST /nodes/{node}/qemu/{vmid}/status/stop": 1,
        "DELETE /nodes/{node}/qemu/{vmid}": 1,
      });
      await t.vms().delete(id);
      expect((await t.vms().read(id, linux)).id).to.equal(undefined);
    });

    it("gets a vmid of its own when created alongside others", async () => {
      const created = await Promise.all(
        ["a", "b", "c"].map((suffix) => t.vms().create({ ...linux, name: `prod-sql14-${suffix}`, started: false })),
      );
      expect(created.map(({ id }) => id).sort()).to.deep.equal(["PVE-2/100", "PVE-2/101", "PVE-2/102"]);
    });
  });

  describe("a Windows VM", () => {
    it("is cloned from the Windows template, with a config drive for cloudbase-init", async () => {
      const { id } = await t.vms().create(windows);
      expect(id).to.equal("PVE-1/100");
      expect(vmOf(id)?.config).to.include({ ostype: "win11", citype: "configdrive2", memory: "8192" });
      expect(diskOf(id)?.sizeBytes).to.equal(60 * GiB);
      t.nextRun();
      expect((await t.vms().read(id, windows)).props).to.deep.equal({ ...windows, vmid: 100, started: true });
    });
  });

  describe("failures", () => {
    it("names a template the cluster does not have", async () => {
      expect(await refused(t.vms().create({ ...linux, template: "debian13-cloudinit" }))).to.equal(
        "VM prod-sql14-1: no template named debian13-cloudinit in the cluster",
      );
    });

    it("fails with the clone task's error and the end of its log", async () => {
      t.lab.failNextTask("qmclone", "clone failed: rbd error: rbd: error opening pool 'vm_data'");
      const message = await refused(t.vms().create(linux));
      expect(message).to.match(
        /^PVE-2 POST \/nodes\/PVE-2\/qemu\/9010\/clone: task UPID:PVE-2:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmclone:9010:budgetcloud@pve!pulumi: failed: clone failed: rbd error: rbd: error opening pool 'vm_data'; its log ends:\n {2}lab knob: this qmclone task was set to fail\n {2}TASK ERROR: clone failed: rbd error: rbd: error opening pool 'vm_data'$/,
      );
    });

    it("destroys a clone whose start failed, so that no VM Pulumi does not know of is left", async () => {
      fs.rmSync(path.join(t.lab.snippetsDir("PVE-2"), "prod-sql14-1.yaml"));
      const message = await refused(t.vms().create(linux));
      expect(message).to.match(/^PVE-2 POST \/nodes\/PVE-2\/qemu\/100\/status\/start: task UPID:\S+ failed: /);
      expect(t.lab.state.vms.has(100)).to.equal(false);
    });
  });
});
