import { writeFileSync } from "node:fs";
import { expect } from "chai";
import type { ProxmoxLab } from "../../../lab/proxmox/lab";
import { call, data, labForSuite, runTask, taskLog, waitForTask } from "./helpers";

const failure = (message: string) => ({ data: null, message });

/** An RBD storage on a Ceph pool, as the project's stack creates it. */
async function sharedStorage(lab: ProxmoxLab): Promise<void> {
  await runTask(lab, "POST", "/nodes/PVE-1/ceph/pool", { name: "vm_data", size: 3, min_size: 2 });
  await data(lab, "POST", "/storage", { storage: "vm_data", type: "rbd", pool: "vm_data", content: "images" });
}

type Config = Record<string, string | number>;

describe("Proxmox emulator: qemu guests", () => {
  const lab = labForSuite();

  describe("tasks", () => {
    it("answers a well-formed UPID and reports the task running, then stopped with OK", async () => {
      lab().knobs.taskDurationMs = 150;
      const upid = await data<string>(lab(), "POST", "/nodes/PVE-2/qemu", { vmid: 100, memory: "2048" });
      const [, node, pid, pstart, starttime, type, id, user, end] = upid.split(":");
      expect(upid).to.match(/^UPID:PVE-2:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmcreate:100:budgetcloud@pve!pulumi:$/);
      expect([node, type, id, user, end]).to.deep.equal(["PVE-2", "qmcreate", "100", "budgetcloud@pve!pulumi", ""]);
      const path = `/nodes/PVE-2/tasks/${encodeURIComponent(upid)}/status`;
      const running = await data(lab(), "GET", path);
      expect(running).to.deep.equal({
        node: "PVE-2",
        pid: Number.parseInt(pid, 16),
        pstart: Number.parseInt(pstart, 16),
        starttime: Number.parseInt(starttime, 16),
        type: "qmcreate",
        id: "100",
        user: "budgetcloud@pve",
        tokenid: "pulumi",
        status: "running",
        upid,
      });
      expect(await data(lab(), "GET", `/nodes/PVE-2/tasks/${encodeURIComponent(upid)}/log`)).to.deep.equal([
        { n: 1, t: "no content" },
      ]);
      const stopped = await waitForTask(lab(), upid);
      expect([stopped.status, stopped.exitstatus]).to.deep.equal(["stopped", "OK"]);
      const log = await call(lab(), "GET", `/nodes/PVE-2/tasks/${encodeURIComponent(upid)}/log`);
      expect(log.json).to.deep.equal({ data: [{ n: 1, t: "TASK OK" }], total: 1 });
    });

    it("knows a task only on its own node, and refuses what is not a UPID", async () => {
      const upid = await data<string>(lab(), "POST", "/nodes/PVE-1/qemu", { vmid: 100 });
      const elsewhere = await call(lab(), "GET", `/nodes/PVE-2/tasks/${encodeURIComponent(upid)}/status`);
      expect(elsewhere.json?.errors).to.deep.equal({ upid: "no such task" });
      const garbage = await call(lab(), "GET", "/nodes/PVE-1/tasks/not-a-upid/status");
      expect(garbage.json?.errors).to.deep.equal({ upid: "unable to parse worker upid" });
      await lab().tasksIdle();
      const listed = await data<{ upid: string; status: string }[]>(lab(), "GET", "/nodes/PVE-1/tasks?vmid=100");
      expect(listed.map((t) => [t.upid, t.status])).to.deep.equal([[upid, "OK"]]);
    });
  });

  describe("create, config and resize", () => {
    it("creates a VM: disks allocated, MAC and boot order filled in, and the config answered typed", async () => {
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu", {
        vmid: 100,
        name: "app-1",
        cores: 2,
        memory: "2048",
        scsi0: "local-lvm:8,iothread=1",
        ide2: "local-lvm:cloudinit",
        net0: "virtio,bridge=vmbr0",
        ipconfig0: "ip=192.168.110.10/24,gw=192.168.110.1",
        agent: "enabled=1",
        onboot: true,
      });
      const config = await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/100/config");
      expect(config.net0).to.match(/^virtio=BC:24:11:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2},bridge=vmbr0$/);
      expect(config.smbios1).to.match(/^uuid=[0-9a-f-]{36}$/);
      expect(config).to.deep.include({
        name: "app-1",
        cores: 2,
        memory: "2048",
        onboot: 1,
        scsi0: "local-lvm:vm-100-disk-0,iothread=1,size=8G",
        ide2: "local-lvm:vm-100-cloudinit,media=cdrom",
        ipconfig0: "ip=192.168.110.10/24,gw=192.168.110.1",
        agent: "enabled=1",
        boot: "order=scsi0;net0",
      });
      expect(config.digest).to.match(/^[0-9a-f]{40}$/);
    });

    it("keeps a disk's size when an update leaves size= out, as PVE reads it from the volume", async () => {
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 101, full: 1 });
      await data(lab(), "PUT", "/nodes/PVE-1/qemu/101/config", {
        scsi0: "local-lvm:vm-101-disk-0,iothread=1,discard=on",
      });
      const config = await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/101/config");
      expect(config.scsi0).to.equal("local-lvm:vm-101-disk-0,discard=on,iothread=1,size=4G");
    });

    it("moves a disk to another storage, keeping the original as unused unless told to delete it", async () => {
      await sharedStorage(lab());
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 101, full: 1 });
      const move = await runTask(lab(), "POST", "/nodes/PVE-1/qemu/101/move_disk", {
        disk: "scsi0",
        storage: "vm_data",
      });
      expect([move.type, move.exitstatus]).to.deep.equal(["qmmove", "OK"]);
      let config = await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/101/config");
      expect([config.scsi0, config.unused0]).to.deep.equal([
        "vm_data:vm-101-disk-0,iothread=1,size=4G",
        "local-lvm:vm-101-disk-0",
      ]);
      const back = { disk: "scsi0", storage: "local-lvm", delete: 1 };
      expect((await runTask(lab(), "POST", "/nodes/PVE-1/qemu/101/move_disk", back)).exitstatus).to.equal("OK");
      config = await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/101/config");
      expect([config.scsi0, config.unused0, config.unused1]).to.deep.equal([
        "local-lvm:vm-101-disk-1,iothread=1,size=4G",
        "local-lvm:vm-101-disk-0",
        undefined,
      ]);
      expect(lab().state.volumes.some((v) => v.storage === "vm_data" && v.vmid === 101)).to.equal(false);
      const same = await call(lab(), "POST", "/nodes/PVE-1/qemu/101/move_disk", {
        disk: "scsi0",
        storage: "local-lvm",
      });
      expect(same.json).to.deep.equal(failure("you can't move to the same storage with same format\n"));
    });

    it("refuses a VMID in use, a storage without images, and a missing storage, before any task", async () => {
      const taken = await call(lab(), "POST", "/nodes/PVE-2/qemu", { vmid: 9000 });
      expect(taken.json).to.deep.equal(failure("unable to create VM 9000 - VM 9000 already exists on node 'PVE-1'\n"));
      const noImages = await call(lab(), "POST", "/nodes/PVE-1/qemu", { vmid: 100, scsi0: "local:8" });
      expect(noImages.json).to.deep.equal({
        data: null,
        errors: { storage: "storage 'local' does not support vm images" },
        message: "Parameter verification failed.\n",
      });
      const missing = await call(lab(), "POST", "/nodes/PVE-1/qemu", { vmid: 100, scsi0: "ceph:8" });
      expect(missing.json).to.deep.equal(failure("storage 'ceph' does not exist\n"));
    });

    it("changes the config at once with PUT and in a qmconfig task with POST, honouring digest", async () => {
      const { digest } = await data<{ digest: string }>(lab(), "GET", "/nodes/PVE-1/qemu/9000/config");
      expect(await data(lab(), "PUT", "/nodes/PVE-1/qemu/9000/config", { cores: 4, digest })).to.equal(null);
      expect((await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/9000/config")).cores).to.equal(4);
      const stale = await call(lab(), "PUT", "/nodes/PVE-1/qemu/9000/config", { cores: 8, digest });
      expect(stale.json).to.deep.equal(failure("checksum mismatch (file change by other user?)\n"));
      const status = await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/config", {
        description: "golden image",
        delete: "ipconfig0",
      });
      expect([status.type, status.exitstatus]).to.deep.equal(["qmconfig", "OK"]);
      const config = await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/9000/config");
      expect(config.description).to.equal("golden image");
      expect(config.ipconfig0).to.equal(undefined);
      const both = await call(lab(), "PUT", "/nodes/PVE-1/qemu/9000/config", { cores: 2, delete: "cores" });
      expect(both.json?.errors).to.deep.equal({ delete: "you can't use '-cores' and -delete cores' at the same time" });
      const nothing = await call(lab(), "PUT", "/nodes/PVE-1/qemu/9000/config", {});
      expect(nothing.json).to.deep.equal(failure("no options specified\n"));
    });

    it("starts a new VM when asked to, and refuses a resource pool that does not exist", async () => {
      await runTask(lab(), "POST", "/nodes/PVE-3/qemu", { vmid: 100, memory: "1024", start: 1 });
      expect(lab().state.vms.get(100)?.running).to.equal(true);
      const pool = await call(lab(), "POST", "/nodes/PVE-3/qemu", { vmid: 101, pool: "tenants" });
      expect([pool.status, pool.json]).to.deep.equal([
        403,
        failure("Permission check failed (pool 'tenants' does not exist)\n"),
      ]);
    });

    it("answers a VM on another node as a missing config file, as the node would", async () => {
      const reply = await call(lab(), "GET", "/nodes/PVE-2/qemu/9000/config");
      expect(reply.json).to.deep.equal(
        failure("Configuration file 'nodes/PVE-2/qemu-server/9000.conf' does not exist\n"),
      );
    });

    it("grows a disk to or by a size, and refuses to shrink it", async () => {
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu", { vmid: 100, scsi0: "local-lvm:8" });
      expect(
        (await runTask(lab(), "PUT", "/nodes/PVE-1/qemu/100/resize", { disk: "scsi0", size: "32G" })).exitstatus,
      ).to.equal("OK");
      expect(
        (await runTask(lab(), "PUT", "/nodes/PVE-1/qemu/100/resize", { disk: "scsi0", size: "+512M" })).exitstatus,
      ).to.equal("OK");
      const config = await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/100/config");
      expect(config.scsi0).to.equal("local-lvm:vm-100-disk-0,size=33280M");
      const shrink = await runTask(lab(), "PUT", "/nodes/PVE-1/qemu/100/resize", { disk: "scsi0", size: "16G" });
      expect(shrink.exitstatus).to.equal("shrinking disks is not supported");
      const missing = await runTask(lab(), "PUT", "/nodes/PVE-1/qemu/100/resize", { disk: "scsi1", size: "1G" });
      expect(missing.exitstatus).to.equal("disk 'scsi1' does not exist");
      const badSize = await call(lab(), "PUT", "/nodes/PVE-1/qemu/100/resize", { disk: "scsi0", size: "10X" });
      expect(badSize.json?.errors).to.deep.equal({ size: "value does not match the regex pattern" });
    });
  });

  describe("clone", () => {
    it("makes a full clone on the template's node: config copied, disks re-pointed, new MAC and UUID", async () => {
      await sharedStorage(lab());
      const status = await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", {
        newid: 101,
        name: "prod-sql14-1",
        full: 1,
        storage: "vm_data",
      });
      expect([status.type, status.id, status.exitstatus]).to.deep.equal(["qmclone", "9000", "OK"]);
      const template = await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/9000/config");
      const clone = await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/101/config");
      expect(clone).to.deep.include({
        name: "prod-sql14-1",
        ostype: "l26",
        cores: 2,
        memory: "2048",
        scsi0: "vm_data:vm-101-disk-0,iothread=1,size=4G",
        ide2: "vm_data:vm-101-cloudinit,media=cdrom",
        boot: "order=scsi0",
      });
      expect(clone.template).to.equal(undefined);
      expect(clone.net0).to.not.equal(template.net0);
      expect(String(clone.net0)).to.match(/^virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0$/);
      expect(clone.smbios1).to.not.equal(template.smbios1);
      expect(await taskLog(lab(), status.upid)).to.deep.equal([
        "create full clone of VM 9000 with ID 101",
        "create full clone of drive scsi0 (local-lvm:base-9000-disk-0)",
        "TASK OK",
      ]);
    });

    it("clones to another node when the disks are on shared storage", async () => {
      await sharedStorage(lab());
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 8000, full: 1, storage: "vm_data" });
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/8000/template");
      const status = await runTask(lab(), "POST", "/nodes/PVE-1/qemu/8000/clone", {
        newid: 102,
        target: "PVE-2",
        full: 1,
        storage: "vm_data",
        name: "web-1",
      });
      expect(status.exitstatus).to.equal("OK");
      const onTarget = await data<Config>(lab(), "GET", "/nodes/PVE-2/qemu/102/config");
      expect(onTarget.scsi0).to.equal("vm_data:vm-102-disk-0,iothread=1,size=4G");
      expect(lab().state.vms.get(102)?.node).to.equal("PVE-2");
    });

    it("answers a clone's disk volume info, by volume id or by name within the storage", async () => {
      await sharedStorage(lab());
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 101, full: 1 });
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 102, full: 1, storage: "vm_data" });
      const local = { format: "raw", path: "/dev/pve/vm-101-disk-0", size: 4 * 2 ** 30, used: 0 };
      const at = "/nodes/PVE-1/storage/local-lvm/content";
      expect(await data(lab(), "GET", `${at}/local-lvm:vm-101-disk-0`)).to.deep.equal(local);
      expect(await data(lab(), "GET", `${at}/vm-101-disk-0`)).to.deep.equal(local);
      expect(await data(lab(), "GET", "/nodes/PVE-2/storage/vm_data/content/vm_data:vm-102-disk-0")).to.deep.equal({
        format: "raw",
        path: "rbd:vm_data/vm-102-disk-0:conf=/etc/pve/ceph.conf:id=admin:keyring=/etc/pve/priv/ceph/vm_data.keyring",
        size: 4 * 2 ** 30,
        used: 0,
      });
      const missing = await call(lab(), "GET", `${at}/local-lvm:vm-101-disk-7`);
      expect([missing.status, missing.json]).to.deep.equal([
        500,
        failure("volume 'local-lvm:vm-101-disk-7' does not exist\n"),
      ]);
    });

    it("refuses to clone a template on local storage to another node, as PVE does", async () => {
      await sharedStorage(lab());
      const reply = await call(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", {
        newid: 103,
        target: "PVE-2",
        full: 1,
        storage: "vm_data",
      });
      expect(reply.json).to.deep.equal(failure("can't clone VM to node 'PVE-2' (VM uses local storage)\n"));
      const taken = await call(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 9001 });
      expect(taken.json).to.deep.equal(failure("unable to create VM 9001: config file already exists\n"));
    });

    it("holds the new VMID while the clone runs, and leaves nothing behind when the clone fails", async () => {
      lab().knobs.taskDurationMs = 100;
      lab().failNextTask("qmclone", "clone failed: rbd error: rbd: couldn't connect to the cluster!");
      const upid = await data<string>(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 101, full: 1 });
      expect(await data(lab(), "GET", "/nodes/PVE-1/qemu/101/config")).to.deep.include({ lock: "clone" });
      expect(await data(lab(), "GET", "/cluster/nextid")).to.equal("100");
      const taken = await call(lab(), "POST", "/nodes/PVE-1/qemu", { vmid: 101 });
      expect(taken.json?.message).to.equal("unable to create VM 101 - VM 101 already exists on node 'PVE-1'\n");
      const status = await waitForTask(lab(), upid);
      expect(status.exitstatus).to.equal("clone failed: rbd error: rbd: couldn't connect to the cluster!");
      expect(lab().state.vms.has(101)).to.equal(false);
      expect(lab().state.volumes.filter((v) => v.vmid === 101)).to.deep.equal([]);
    });

    it("makes a linked clone of a template by default, on the template's storage", async () => {
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 104 });
      const clone = await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/104/config");
      expect(clone.scsi0).to.equal("local-lvm:base-9000-disk-0/vm-104-disk-0,iothread=1,size=4G");
      expect(clone.name).to.equal("Copy-of-VM-ubuntu2204-cloudinit");
    });

    it("migrates a stopped VM with its local disks to another node", async () => {
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu", { vmid: 100, scsi0: "local-lvm:8" });
      expect((await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/migrate", { target: "PVE-3" })).exitstatus).to.equal(
        "OK",
      );
      expect((await data<Config>(lab(), "GET", "/nodes/PVE-3/qemu/100/config")).scsi0).to.equal(
        "local-lvm:vm-100-disk-0,size=8G",
      );
    });
  });

  describe("power, status and the guest agent", () => {
    beforeEach(async () => {
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 100, name: "app-1", full: 1 });
      await data(lab(), "PUT", "/nodes/PVE-1/qemu/100/config", { ipconfig0: "ip=192.168.110.10/24,gw=192.168.110.1" });
    });

    it("starts and stops a VM through tasks, and reports its status", async () => {
      const stopped = await data<Record<string, unknown>>(lab(), "GET", "/nodes/PVE-1/qemu/100/status/current");
      expect(stopped).to.deep.include({ vmid: 100, status: "stopped", qmpstatus: "stopped", name: "app-1", agent: 1 });
      expect(stopped.ha).to.deep.equal({ managed: 0 });
      const start = await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/start");
      expect([start.type, start.exitstatus]).to.deep.equal(["qmstart", "OK"]);
      expect(await taskLog(lab(), start.upid)).to.deep.equal(["generating cloud-init ISO", "TASK OK"]);
      const running = await data<Record<string, unknown>>(lab(), "GET", "/nodes/PVE-1/qemu/100/status/current");
      expect(running).to.deep.include({ status: "running", qmpstatus: "running", "running-qemu": "10.1.2" });
      const again = await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/start");
      expect(again.exitstatus).to.equal("VM 100 already running");
      expect((await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/reboot")).exitstatus).to.equal("OK");
      expect((await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/shutdown")).type).to.equal("qmshutdown");
      const reboot = await call(lab(), "POST", "/nodes/PVE-1/qemu/100/status/reboot");
      expect(reboot.json).to.deep.equal(failure("VM 100 not running\n"));
      const template = await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/status/start");
      expect(template.exitstatus).to.equal("you can't start a vm if it's a template");
    });

    it("answers the guest agent with the ipconfig0 address once the VM runs", async () => {
      const stopped = await call(lab(), "GET", "/nodes/PVE-1/qemu/100/agent/network-get-interfaces");
      expect(stopped.json).to.deep.equal(failure("VM 100 is not running\n"));
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/start");
      const { result } = await data<{
        result: { name: string; "hardware-address": string; "ip-addresses": unknown[] }[];
      }>(lab(), "GET", "/nodes/PVE-1/qemu/100/agent/network-get-interfaces");
      const mac = String((await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/100/config")).net0).slice(7, 24);
      expect(result.map((i) => i.name)).to.deep.equal(["lo", "ens18"]);
      expect(result[1]["hardware-address"]).to.equal(mac.toLowerCase());
      expect(result[1]["ip-addresses"][0]).to.deep.equal({
        "ip-address-type": "ipv4",
        "ip-address": "192.168.110.10",
        prefix: 24,
      });
    });

    it("says the agent is not running while it boots or when it is disabled, and not configured without it", async () => {
      lab().knobs.agentStartupMs = 60_000;
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/start");
      const booting = await call(lab(), "GET", "/nodes/PVE-1/qemu/100/agent/network-get-interfaces");
      expect(booting.json).to.deep.equal(failure("QEMU guest agent is not running\n"));
      lab().knobs.agentStartupMs = 0;
      await data(lab(), "PUT", "/nodes/PVE-1/qemu/100/config", { agent: "0" });
      const disabled = await call(lab(), "GET", "/nodes/PVE-1/qemu/100/agent/network-get-interfaces");
      expect(disabled.json).to.deep.equal(failure("QEMU guest agent is not running\n"));
      await data(lab(), "PUT", "/nodes/PVE-1/qemu/100/config", { delete: "agent" });
      const none = await call(lab(), "GET", "/nodes/PVE-1/qemu/100/agent/network-get-interfaces");
      expect(none.json).to.deep.equal(failure("No QEMU guest agent configured\n"));
    });

    it("starts and stops a VM under HA through hastart and hastop", async () => {
      await data(lab(), "POST", "/cluster/ha/resources", { sid: "vm:100", state: "stopped" });
      const start = await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/start");
      expect(start.type).to.equal("hastart");
      expect(await taskLog(lab(), start.upid)).to.deep.equal([
        "Requesting HA start for VM 100",
        "generating cloud-init ISO",
        "TASK OK",
      ]);
      const status = await data<Record<string, unknown>>(lab(), "GET", "/nodes/PVE-1/qemu/100/status/current");
      expect([status.status, status.ha]).to.deep.equal(["running", { managed: 1, state: "started" }]);
      expect((await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/stop")).type).to.equal("hastop");
      expect(await data(lab(), "GET", "/cluster/ha/resources/vm:100")).to.deep.include({ state: "stopped" });
    });
  });

  describe("cloud-init snippets", () => {
    it("fails a start whose cicustom names a snippet the node does not have", async () => {
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 100, full: 1 });
      await data(lab(), "PUT", "/nodes/PVE-1/qemu/100/config", { cicustom: "user=local:snippets/app-1.yaml" });
      const start = await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/start");
      expect(start.exitstatus).to.equal("volume 'local:snippets/app-1.yaml' does not exist");
      expect(await taskLog(lab(), start.upid)).to.deep.equal([
        "",
        "TASK ERROR: volume 'local:snippets/app-1.yaml' does not exist",
      ]);
      writeFileSync(`${lab().snippetsDir("PVE-1")}/app-1.yaml`, "#cloud-config\n");
      expect((await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/start")).exitstatus).to.equal("OK");
      const content = await data(lab(), "GET", "/nodes/PVE-1/storage/local/content?content=snippets");
      expect(content).to.deep.equal([
        {
          volid: "local:snippets/app-1.yaml",
          format: "snippet",
          size: 14,
          ctime: (content as { ctime: number }[])[0].ctime,
          content: "snippets",
        },
      ]);
    });

    it("looks for the snippet on the node the VM starts on", async () => {
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 100, full: 1 });
      await data(lab(), "PUT", "/nodes/PVE-1/qemu/100/config", {
        cicustom: "user=local:snippets/u.yaml,network=local:iso/n.yaml",
      });
      writeFileSync(`${lab().snippetsDir("PVE-2")}/u.yaml`, "#cloud-config\n");
      const start = await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/start");
      expect(start.exitstatus).to.equal("local:iso/n.yaml is not in the snippets directory");
    });
  });

  describe("destroy and template", () => {
    it("destroys a VM and its disks; refuses a running one and one under HA without purge", async () => {
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/9000/clone", { newid: 100, full: 1 });
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/start");
      const running = await call(lab(), "DELETE", "/nodes/PVE-1/qemu/100");
      expect(running.json).to.deep.equal(failure("VM 100 is running - destroy failed\n"));
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/status/stop");
      await data(lab(), "POST", "/cluster/ha/resources", { sid: "vm:100" });
      const ha = await call(lab(), "DELETE", "/nodes/PVE-1/qemu/100");
      expect(ha.json).to.deep.equal(
        failure("unable to remove VM 100 - used in HA resources and purge parameter not set.\n"),
      );
      // The HA resource was 'started', but stop asked the HA manager; it is stopped now.
      const destroy = await runTask(lab(), "DELETE", "/nodes/PVE-1/qemu/100?purge=1&destroy-unreferenced-disks=1");
      expect(destroy.exitstatus).to.equal("OK");
      expect(await taskLog(lab(), destroy.upid)).to.deep.equal([
        "purging VM 100 from related configurations..",
        "NOTE: removed VM 100 from HA resource configuration.",
        "TASK OK",
      ]);
      expect(lab().state.vms.has(100)).to.equal(false);
      expect(lab().state.volumes.filter((v) => v.vmid === 100)).to.deep.equal([]);
      expect(await data(lab(), "GET", "/cluster/ha/resources")).to.deep.equal([]);
    });

    it("converts a VM to a template: base volumes and template: 1", async () => {
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu", { vmid: 100, scsi0: "local-lvm:8" });
      expect((await runTask(lab(), "POST", "/nodes/PVE-1/qemu/100/template")).exitstatus).to.equal("OK");
      const config = await data<Config>(lab(), "GET", "/nodes/PVE-1/qemu/100/config");
      expect([config.template, config.scsi0]).to.deep.equal([1, "local-lvm:base-100-disk-0,size=8G"]);
      const again = await call(lab(), "POST", "/nodes/PVE-1/qemu/100/template");
      expect(again.json).to.deep.equal(failure("you can't convert a template to a template\n"));
    });
  });

  describe("cluster views", () => {
    it("hands out the lowest free VMID as a string, and checks a wanted one", async () => {
      expect(await data(lab(), "GET", "/cluster/nextid")).to.equal("100");
      await runTask(lab(), "POST", "/nodes/PVE-1/qemu", { vmid: 100 });
      expect(await data(lab(), "GET", "/cluster/nextid")).to.equal("101");
      expect(await data(lab(), "GET", "/cluster/nextid?vmid=150")).to.equal("150");
      const taken = await call(lab(), "GET", "/cluster/nextid?vmid=100");
      expect(taken.json?.errors).to.deep.equal({ vmid: "VM 100 already exists" });
    });

    it("lists VMs, nodes and storage in /cluster/resources, filtered by type", async () => {
      const vms = await data<Record<string, unknown>[]>(lab(), "GET", "/cluster/resources?type=vm");
      expect(
        vms.map(({ id, vmid, node, type, status, name, template }) => ({
          id,
          vmid,
          node,
          type,
          status,
          name,
          template,
        })),
      ).to.deep.equal([
        {
          id: "qemu/9000",
          vmid: 9000,
          node: "PVE-1",
          type: "qemu",
          status: "stopped",
          name: "ubuntu2204-cloudinit",
          template: 1,
        },
        {
          id: "qemu/9001",
          vmid: 9001,
          node: "PVE-1",
          type: "qemu",
          status: "stopped",
          name: "windows2022-cloudinit",
          template: 1,
        },
      ]);
      const storage = await data<Record<string, unknown>[]>(lab(), "GET", "/cluster/resources?type=storage");
      expect(storage.map((s) => s.id)).to.deep.equal([
        "storage/PVE-1/local",
        "storage/PVE-1/local-lvm",
        "storage/PVE-2/local",
        "storage/PVE-2/local-lvm",
        "storage/PVE-3/local",
        "storage/PVE-3/local-lvm",
      ]);
      expect(storage[0]).to.deep.include({
        plugintype: "dir",
        shared: 0,
        content: "backup,iso,snippets,vztmpl",
        status: "available",
      });
      const nodes = await data<Record<string, unknown>[]>(lab(), "GET", "/cluster/resources?type=node");
      expect(nodes.map(({ id, status }) => [id, status])).to.deep.equal([
        ["node/PVE-1", "online"],
        ["node/PVE-2", "online"],
        ["node/PVE-3", "online"],
      ]);
    });

    it("reports node status and the list of a node's VMs", async () => {
      const status = await data<Record<string, unknown>>(lab(), "GET", "/nodes/PVE-2/status");
      expect(status.pveversion).to.equal("pve-manager/9.1.3/5829c814");
      expect(status.cpuinfo).to.deep.include({ cpus: 32, sockets: 1 });
      expect(await data(lab(), "GET", "/nodes/PVE-2/qemu")).to.deep.equal([]);
      const onFirst = await data<{ vmid: number; template: number }[]>(lab(), "GET", "/nodes/PVE-1/qemu");
      expect(onFirst.map((vm) => [vm.vmid, vm.template])).to.deep.equal([
        [9000, 1],
        [9001, 1],
      ]);
    });
  });
});
