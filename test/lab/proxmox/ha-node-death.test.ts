import { writeFileSync } from "node:fs";
import { expect } from "chai";
import { perlLocaltime } from "../../../lab/proxmox/ha-status";
import type { ProxmoxLab } from "../../../lab/proxmox/lab";
import { call, data, labForSuite, runTask, taskLog } from "./helpers";

type Entry = Record<string, unknown>;

/** PVE's HA timings scaled down: 20 ms rounds, fenced after 300 ms, the agent lock free after 600 ms. */
const HA = { haRoundMs: 20, haFenceDelayMs: 300, haLockLifetimeMs: 600, haStaleStatusMs: 100 };

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const waitForLog = (lab: ProxmoxLab, line: string) =>
  waitFor(line, () => (lab.haLog().includes(line) ? true : undefined));

async function haEntries(lab: ProxmoxLab): Promise<Entry[]> {
  return data<Entry[]>(lab, "GET", "/cluster/ha/status/current");
}

async function haService(lab: ProxmoxLab, sid: string): Promise<Entry | undefined> {
  return (await haEntries(lab)).find((entry) => entry.sid === sid);
}

/** What the CRM logs from PVE-2's loss to vm:100's recovery, as PVE's own test-node-affinity-nonstrict5 logs it. */
const FENCED_PVE2 = [
  "PVE-1/crm: node 'PVE-2': state changed from 'online' => 'unknown'",
  "PVE-1/crm: service 'vm:100': state changed from 'started' to 'fence'",
  "PVE-1/crm: node 'PVE-2': state changed from 'unknown' => 'fence'",
  "PVE-1/crm: successfully acquired lock 'ha_agent_PVE-2_lock'",
  "PVE-1/crm: fencing: acknowledged - got agent lock for node 'PVE-2'",
  "PVE-1/crm: node 'PVE-2': state changed from 'fence' => 'unknown'",
  "PVE-1/crm: service 'vm:100': state changed from 'fence' to 'recovery'",
];

/** Until HA shows the resource started on the node: its status entry then. */
const startedOn = (lab: ProxmoxLab, sid: string, node: string) =>
  waitFor(`${sid} started on ${node}`, async () => {
    const entry = await haService(lab, sid);
    return entry?.node === node && entry.state === "started" ? entry : undefined;
  });

/** A resource's entry in /cluster/ha/status/current as Status.pm prints it, defaults included. */
const serviceEntry = (sid: string, node: string, crmState: string, state = crmState, failback = 1) => ({
  id: `service:${sid}`,
  type: "service",
  sid,
  node,
  crm_state: crmState,
  state,
  status: `${sid} (${node}, ${state})`,
  request_state: "started",
  max_restart: 1,
  max_relocate: 1,
  failback,
});

async function resource(lab: ProxmoxLab, type: "vm" | "node", id: string): Promise<Entry | undefined> {
  const entries = await data<Entry[]>(lab, "GET", `/cluster/resources?type=${type}`);
  return entries.find((entry) => entry.id === id);
}

interface GuestSpec {
  vmid: number;
  node: string;
  /** Where its cloud-init drive is; the Ceph storage unless told otherwise. */
  cloudinit?: string;
  system?: string;
  cicustom?: string;
  /** Under HA with this failback, or outside HA when null. */
  failback?: 0 | 1 | null;
}

/** The project's shared storage: an RBD storage on a Ceph pool. */
async function cephStorage(lab: ProxmoxLab): Promise<void> {
  await runTask(lab, "POST", "/nodes/PVE-1/ceph/pool", { name: "vm_data", size: 3, min_size: 2 });
  await data(lab, "POST", "/storage", { storage: "vm_data", type: "rbd", pool: "vm_data", content: "images" });
}

/** A guest that HA has started on its node (or, outside HA, one started by hand). */
async function startedGuest(lab: ProxmoxLab, spec: GuestSpec): Promise<void> {
  const { vmid, node } = spec;
  const params: Entry = {
    vmid,
    name: `app-${vmid}`,
    scsi0: `${spec.system ?? "vm_data"}:4`,
    ide2: `${spec.cloudinit ?? "vm_data"}:cloudinit`,
  };
  if (spec.cicustom) params.cicustom = spec.cicustom;
  await runTask(lab, "POST", `/nodes/${node}/qemu`, params);
  if (spec.failback === null) {
    await runTask(lab, "POST", `/nodes/${node}/qemu/${vmid}/status/start`);
    return;
  }
  const failback = spec.failback === undefined ? {} : { failback: spec.failback };
  await data(lab, "POST", "/cluster/ha/resources", { sid: `vm:${vmid}`, ...failback });
  await waitFor(`vm:${vmid} started by HA`, async () => {
    const entry = await haService(lab, `vm:${vmid}`);
    return entry?.state === "started" ? entry : undefined;
  });
}

describe("Proxmox emulator: a node dies and HA recovers its resources", () => {
  const lab = labForSuite({ ha: HA });

  it("takes a dead node out: calls proxied to it fail with 595, the cluster lists it offline, its guests and tasks died", async () => {
    await cephStorage(lab());
    await startedGuest(lab(), { vmid: 100, node: "PVE-2", failback: null });
    lab().knobs.taskDurationMs = 5000;
    const upid = await data<string>(lab(), "POST", "/nodes/PVE-2/qemu/100/config", { description: "changing" });
    lab().killNode("PVE-2");
    lab().knobs.taskDurationMs = 20;

    for (const path of ["/nodes/PVE-2/qemu", "/nodes/PVE-2/qemu/100/status/current", "/nodes/PVE-2/status"]) {
      const reply = await call(lab(), "GET", path);
      expect([reply.status, reply.reason, reply.text], path).to.deep.equal([595, "No route to host", ""]);
    }
    // a node the cluster does not have is still a failed hostname lookup, not a dead node
    const unknown = await call(lab(), "GET", "/nodes/PVE-9/qemu");
    expect(unknown.json?.message).to.equal(
      "hostname lookup 'PVE-9' failed - failed to get address info for: PVE-9: Name or service not known\n",
    );

    const members = (await data<Entry[]>(lab(), "GET", "/cluster/status")).filter((entry) => entry.type === "node");
    expect(members.map(({ name, online }) => ({ name, online }))).to.deep.equal([
      { name: "PVE-1", online: 1 },
      { name: "PVE-2", online: 0 },
      { name: "PVE-3", online: 1 },
    ]);
    const nodes = await data<Entry[]>(lab(), "GET", "/nodes");
    expect(nodes[1]).to.deep.equal({
      id: "node/PVE-2",
      node: "PVE-2",
      type: "node",
      status: "offline",
      level: "",
      maxcpu: 32,
      maxmem: 128 * 1024 ** 3,
      maxdisk: 100 * 1024 ** 3,
      ssl_fingerprint: lab().certificate.fingerprint,
    });
    expect(nodes.map((node) => node.status)).to.deep.equal(["online", "offline", "online"]);
    expect(await resource(lab(), "vm", "qemu/100")).to.deep.include({ node: "PVE-2", status: "stopped", uptime: 0 });

    const task = lab()
      .taskList()
      .find((t) => t.upid === upid);
    expect([task?.running, task?.exitstatus, task?.log]).to.deep.equal([false, "unexpected status", []]);

    expect(() => lab().killNode("PVE-1")).to.throw("PVE-1 serves the lab's API and runs the CRM; kill another node");
    expect(() => lab().killNode("PVE-3")).to.throw(
      "without PVE-3 the cluster would lose quorum, which the lab does not model",
    );
  });

  it("fences the node after the fence delay and recovers its resource to the node the rule prefers, starting it there", async () => {
    await cephStorage(lab());
    await startedGuest(lab(), { vmid: 100, node: "PVE-2", cloudinit: "local-lvm" });
    await data(lab(), "POST", "/cluster/ha/rules", {
      rule: "app-prefers-pve2",
      type: "node-affinity",
      resources: "vm:100",
      nodes: "PVE-2:2,PVE-3:1",
    });
    const before = lab().haLog().length;
    lab().killNode("PVE-2");

    await waitForLog(lab(), "PVE-1/crm: node 'PVE-2': state changed from 'online' => 'unknown'");
    expect(await haService(lab(), "vm:100")).to.deep.equal(serviceEntry("vm:100", "PVE-2", "started"));
    expect(await resource(lab(), "node", "node/PVE-2")).to.deep.include({ status: "offline", hastate: "unknown" });

    await waitForLog(lab(), "PVE-1/crm: service 'vm:100': state changed from 'started' to 'fence'");
    expect(await haService(lab(), "vm:100")).to.deep.equal(serviceEntry("vm:100", "PVE-2", "fence"));
    expect(await resource(lab(), "node", "node/PVE-2")).to.deep.include({ hastate: "fence" });
    expect(await resource(lab(), "vm", "qemu/100")).to.deep.include({ node: "PVE-2", hastate: "fence" });

    await startedOn(lab(), "vm:100", "PVE-3");
    expect(lab().haLog().slice(before)).to.deep.equal([
      ...FENCED_PVE2,
      "PVE-1/crm: recover service 'vm:100' from fenced node 'PVE-2' to node 'PVE-3'",
      "PVE-1/crm: service 'vm:100': state changed from 'recovery' to 'started'  (node = PVE-3)",
      "PVE-3/lrm: successfully acquired lock 'ha_agent_PVE-3_lock'",
      "PVE-3/lrm: status change wait_for_agent_lock => active",
      "PVE-3/lrm: starting service vm:100",
      "PVE-3/lrm: service status vm:100 started",
    ]);

    const entries = await haEntries(lab());
    const { timestamp } = entries.find((entry) => entry.id === "master") as { timestamp: number };
    expect(entries.slice(0, 3)).to.deep.equal([
      { id: "quorum", type: "quorum", node: "PVE-1", status: "OK", quorate: 1 },
      { id: "master", type: "master", node: "PVE-1", status: `PVE-1 (active, ${perlLocaltime(timestamp)})`, timestamp },
      { id: "fencing", type: "fencing", node: "PVE-1", status: "armed (CRM watchdog active)", "armed-state": "armed" },
    ]);
    const lrm = (node: string) => entries.find((entry) => entry.id === `lrm:${node}`) as Entry;
    const dead = lrm("PVE-2");
    expect(dead.status).to.equal(
      `PVE-2 (old timestamp - dead?, watchdog standby, ${perlLocaltime(dead.timestamp as number)})`,
    );
    expect(lrm("PVE-3").status).to.match(/^PVE-3 \(active, watchdog active, /);
    expect(lrm("PVE-1").status).to.match(/^PVE-1 \(idle, watchdog standby, /);

    // the config moved with the recovery: the guest is PVE-3's now, and runs there
    const config = await data<Entry>(lab(), "GET", "/nodes/PVE-3/qemu/100/config");
    expect([config.name, config.scsi0]).to.deep.equal(["app-100", "vm_data:vm-100-disk-0,size=4G"]);
    const guests = await data<Entry[]>(lab(), "GET", "/nodes/PVE-3/qemu");
    expect(guests.map(({ vmid, status }) => ({ vmid, status }))).to.deep.equal([{ vmid: 100, status: "running" }]);
    const status = await data<Entry>(lab(), "GET", "/nodes/PVE-3/qemu/100/status/current");
    expect([status.status, status.ha]).to.deep.equal(["running", { managed: 1, state: "started" }]);
    expect(await resource(lab(), "vm", "qemu/100")).to.deep.include({
      node: "PVE-3",
      status: "running",
      hastate: "started",
    });

    // started as the LRM starts it: a qmstart of root@pam, the cloud-init drive made anew on PVE-3
    const start = lab()
      .taskList()
      .find((t) => t.node === "PVE-3" && t.type === "qmstart");
    expect([start?.user, start?.exitstatus]).to.deep.equal(["root@pam", "OK"]);
    expect(await taskLog(lab(), start?.upid ?? "")).to.deep.equal(["generating cloud-init ISO", "TASK OK"]);
    const content = await data<Entry[]>(lab(), "GET", "/nodes/PVE-3/storage/local-lvm/content");
    expect(content.map((volume) => volume.volid)).to.deep.equal(["local-lvm:vm-100-cloudinit"]);
  });

  it("keeps a resource whose strict rule allows only the dead node in recovery, and recovers it there once the node is back", async () => {
    await cephStorage(lab());
    await startedGuest(lab(), { vmid: 100, node: "PVE-2" });
    await data(lab(), "POST", "/cluster/ha/rules", {
      rule: "app-only-on-pve2",
      type: "node-affinity",
      resources: "vm:100",
      nodes: "PVE-2",
      strict: 1,
    });
    lab().killNode("PVE-2");

    const failed = "PVE-1/crm: recovering service 'vm:100' from fenced node 'PVE-2' failed, no recovery node found";
    // tried again every round
    await waitFor("a second try", () =>
      lab()
        .haLog()
        .filter((l) => l === failed).length >= 2
        ? true
        : undefined,
    );
    expect(await haService(lab(), "vm:100")).to.deep.equal(serviceEntry("vm:100", "PVE-2", "recovery"));
    expect(await resource(lab(), "vm", "qemu/100")).to.deep.include({
      node: "PVE-2",
      status: "stopped",
      hastate: "recovery",
    });

    const before = lab().haLog().length;
    lab().reviveNode("PVE-2");
    await waitFor("vm:100 running on PVE-2", async () => {
      const entry = await haService(lab(), "vm:100");
      return entry?.state === "started" ? entry : undefined;
    });
    expect(
      lab()
        .haLog()
        .slice(before)
        .filter((line) => line !== failed),
    ).to.deep.equal([
      "PVE-2/lrm: status change startup => wait_for_agent_lock",
      "PVE-1/crm: node 'PVE-2': state changed from 'unknown' => 'online'",
      "PVE-1/crm: recover service 'vm:100' to previous failed and fenced node 'PVE-2' again",
      "PVE-1/crm: service 'vm:100': state changed from 'recovery' to 'started'  (node = PVE-2)",
      "PVE-2/lrm: successfully acquired lock 'ha_agent_PVE-2_lock'",
      "PVE-2/lrm: status change wait_for_agent_lock => active",
      "PVE-2/lrm: starting service vm:100",
      "PVE-2/lrm: service status vm:100 started",
    ]);
    expect(await haService(lab(), "vm:100")).to.deep.equal(serviceEntry("vm:100", "PVE-2", "started"));
    const status = await data<Entry>(lab(), "GET", "/nodes/PVE-2/qemu/100/status/current");
    expect([status.status, status.ha]).to.deep.equal(["running", { managed: 1, state: "started" }]);
  });

  it("fails the start where the cicustom snippet is missing, as qemu-server does, until the relocation policy gives up", async () => {
    await cephStorage(lab());
    writeFileSync(`${lab().snippetsDir("PVE-2")}/app.yaml`, "#cloud-config\n");
    await startedGuest(lab(), { vmid: 100, node: "PVE-2", cicustom: "user=local:snippets/app.yaml" });
    const before = lab().haLog().length;
    const tasksBefore = lab().taskList().length;
    lab().killNode("PVE-2");

    const gaveUp = "PVE-1/crm: service 'vm:100': state changed from 'started' to 'error'";
    await waitForLog(lab(), gaveUp);
    const log = lab().haLog().slice(before);
    expect(log.slice(0, log.indexOf(gaveUp) + 1)).to.deep.equal([
      ...FENCED_PVE2,
      "PVE-1/crm: recover service 'vm:100' from fenced node 'PVE-2' to node 'PVE-1'",
      "PVE-1/crm: service 'vm:100': state changed from 'recovery' to 'started'  (node = PVE-1)",
      "PVE-1/lrm: successfully acquired lock 'ha_agent_PVE-1_lock'",
      "PVE-1/lrm: status change wait_for_agent_lock => active",
      "PVE-1/lrm: starting service vm:100",
      "PVE-1/lrm: unable to start service vm:100",
      "PVE-1/lrm: restart policy: retry number 1 for service 'vm:100'",
      "PVE-1/lrm: starting service vm:100",
      "PVE-1/lrm: unable to start service vm:100",
      "PVE-1/lrm: unable to start service vm:100 on local node after 1 retries",
      "PVE-1/crm: starting service vm:100 on node 'PVE-1' failed, relocating service.",
      "PVE-1/crm: migrate service 'vm:100' to node 'PVE-3' (running)",
      "PVE-1/crm: service 'vm:100': state changed from 'started' to 'migrate'  (node = PVE-1, target = PVE-3)",
      "PVE-3/lrm: successfully acquired lock 'ha_agent_PVE-3_lock'",
      "PVE-3/lrm: status change wait_for_agent_lock => active",
      "PVE-1/crm: service 'vm:100': state changed from 'migrate' to 'started'  (node = PVE-3)",
      "PVE-3/lrm: starting service vm:100",
      "PVE-3/lrm: unable to start service vm:100",
      "PVE-3/lrm: restart policy: retry number 1 for service 'vm:100'",
      "PVE-3/lrm: starting service vm:100",
      "PVE-3/lrm: unable to start service vm:100",
      "PVE-3/lrm: unable to start service vm:100 on local node after 1 retries",
      "PVE-1/crm: recovery policy for service vm:100 failed, entering error state. Failed nodes: PVE-1, PVE-3",
      gaveUp,
    ]);
    const missing = "volume 'local:snippets/app.yaml' does not exist";
    const tasks = lab()
      .taskList()
      .slice(tasksBefore)
      .map(({ node, type, user, exitstatus }) => [node, type, user, exitstatus]);
    expect(tasks).to.deep.equal([
      ["PVE-1", "qmstart", "root@pam", missing],
      ["PVE-1", "qmstart", "root@pam", missing],
      ["PVE-1", "qmigrate", "root@pam", "OK"],
      ["PVE-3", "qmstart", "root@pam", missing],
      ["PVE-3", "qmstart", "root@pam", missing],
    ]);
    expect(await haService(lab(), "vm:100")).to.deep.equal(serviceEntry("vm:100", "PVE-3", "error"));
    const status = await data<Entry>(lab(), "GET", "/nodes/PVE-3/qemu/100/status/current");
    expect([status.status, status.ha]).to.deep.equal(["stopped", { managed: 1, state: "error" }]);
  });

  it("fails the start of a guest whose disk was on the dead node's local storage", async () => {
    await cephStorage(lab());
    await startedGuest(lab(), { vmid: 100, node: "PVE-2", system: "local-lvm" });
    lab().killNode("PVE-2");
    await waitForLog(lab(), "PVE-1/crm: service 'vm:100': state changed from 'started' to 'error'");
    const starts = lab()
      .taskList()
      .filter((t) => t.type === "qmstart" && t.node !== "PVE-2");
    expect(starts.map((t) => [t.node, t.exitstatus])).to.deep.equal([
      ["PVE-1", "no such logical volume pve/vm-100-disk-0"],
      ["PVE-1", "no such logical volume pve/vm-100-disk-0"],
      ["PVE-3", "no such logical volume pve/vm-100-disk-0"],
      ["PVE-3", "no such logical volume pve/vm-100-disk-0"],
    ]);
  });

  it("brings the node back empty; a resource with failback returns to the node its rule prefers, one without stays", async () => {
    await cephStorage(lab());
    await startedGuest(lab(), { vmid: 100, node: "PVE-2" });
    await startedGuest(lab(), { vmid: 101, node: "PVE-2", failback: 0 });
    await startedGuest(lab(), { vmid: 102, node: "PVE-2", failback: null });
    await startedGuest(lab(), { vmid: 103, node: "PVE-2", failback: null });
    await data(lab(), "PUT", "/nodes/PVE-2/qemu/103/config", { onboot: 1 });
    await data(lab(), "PUT", "/nodes/PVE-2/qemu/100/config", { onboot: 1 });
    await data(lab(), "POST", "/cluster/ha/rules", {
      rule: "apps-prefer-pve2",
      type: "node-affinity",
      resources: "vm:100,vm:101",
      nodes: "PVE-2:2,PVE-3:1",
    });
    lab().killNode("PVE-2");
    await waitFor("both recovered to PVE-3", async () => {
      const entries = await haEntries(lab());
      const started = entries.filter((entry) => entry.node === "PVE-3" && entry.state === "started");
      return started.length === 2 ? true : undefined;
    });

    const before = lab().haLog().length;
    const tasksBefore = lab().taskList().length;
    lab().reviveNode("PVE-2");
    await startedOn(lab(), "vm:100", "PVE-2");
    expect(lab().haLog().slice(before)).to.include.members([
      "PVE-1/crm: node 'PVE-2': state changed from 'unknown' => 'online'",
      "PVE-1/crm: migrate service 'vm:100' to node 'PVE-2' (running)",
      "PVE-1/crm: service 'vm:100': state changed from 'started' to 'migrate'  (node = PVE-3, target = PVE-2)",
      "PVE-1/crm: service 'vm:100': state changed from 'migrate' to 'started'  (node = PVE-2)",
    ]);
    expect(
      lab()
        .haLog()
        .filter((line) => line.includes("migrate service 'vm:101'")),
    ).to.deep.equal([]);

    const services = (await haEntries(lab())).filter((entry) => entry.type === "service");
    expect(services).to.deep.equal([
      serviceEntry("vm:100", "PVE-2", "started"),
      serviceEntry("vm:101", "PVE-3", "started", "started", 0),
    ]);
    // migrated live by PVE-3's LRM; of the guests outside HA, the one to start at boot did, by
    // root@pam as pve-guests does, and the other stayed stopped since the power loss
    const migration = lab()
      .taskList()
      .find((t) => t.type === "qmigrate");
    expect([migration?.node, migration?.id, migration?.user, migration?.exitstatus]).to.deep.equal([
      "PVE-3",
      "100",
      "root@pam",
      "OK",
    ]);
    const onPve2 = await data<Entry[]>(lab(), "GET", "/nodes/PVE-2/qemu");
    expect(onPve2.map(({ vmid, status }) => ({ vmid, status }))).to.deep.equal([
      { vmid: 100, status: "running" },
      { vmid: 102, status: "stopped" },
      { vmid: 103, status: "running" },
    ]);
    // vm:100 is under HA, onboot or not: the boot left it to HA, which migrated it back (above).
    const starts = lab()
      .taskList()
      .slice(tasksBefore)
      .filter((t) => t.type === "qmstart");
    expect(starts.map((t) => [t.node, t.id, t.user, t.exitstatus])).to.deep.equal([["PVE-2", "103", "root@pam", "OK"]]);
    const members = (await data<Entry[]>(lab(), "GET", "/cluster/status")).filter((entry) => entry.type === "node");
    expect(members.map((entry) => entry.online)).to.deep.equal([1, 1, 1]);
    const node = await data<Entry>(lab(), "GET", "/nodes/PVE-2/status");
    expect(node.uptime).to.be.below(5);
  });

  it("prints timestamps as Perl's scalar localtime does", () => {
    const seconds = new Date(2026, 3, 2, 17, 58, 13).getTime() / 1000;
    expect(perlLocaltime(seconds)).to.equal("Thu Apr  2 17:58:13 2026");
  });
});
