import { type ApiCall, type ClusterContext, integer, nodeOf, type Routes, text } from "./context";
import { failures } from "./errors";
import { haResource, haSid, vmStatus } from "./guests";
import { DEFAULT_STORAGE_CAPACITY, KERNEL, NODE_HARDWARE, PVE_VERSION, STORAGE_CAPACITY } from "./hardware";
import type { Access } from "./permissions";
import type { Section } from "./section-config";

/** The cluster and its nodes: resources, free VMIDs, node status, version. */

/** Seconds since the node booted: a day before the lab started, or when it came back to life. */
function uptimeSeconds(ctx: ClusterContext, node: string): number {
  const bootedAt = ctx.state.bootedAt.get(node);
  if (bootedAt === undefined) return Math.floor(process.uptime()) + 86400;
  return Math.floor((Date.now() - bootedAt) / 1000);
}

/** pmxcfs forgets a node's RRD figures five minutes after it last sent them (status.c's rrd_entry_is_old). */
const RRD_EXPIRY_MS = 5 * 60 * 1000;

function storageUsage(ctx: ClusterContext, id: string, section: Section, node: string) {
  const total = STORAGE_CAPACITY[String(section.type)] ?? DEFAULT_STORAGE_CAPACITY;
  const used = ctx.state.volumes
    .filter((v) => v.storage === id && (v.node === undefined || v.node === node))
    .reduce((sum, v) => sum + v.sizeBytes, 0);
  return { total, used, avail: total - used };
}

/** The storages enabled on a node (storage_check_enabled), with their sections. */
function storagesOn(ctx: ClusterContext, node: string): [string, Section][] {
  return ctx.state
    .config("/storage")
    .entries()
    .filter(([, s]) => !Number(s.disable ?? 0) && (s.nodes === undefined || String(s.nodes).split(",").includes(node)));
}

/** One storage as /nodes/{node}/storage lists it. */
export function storageStatus(ctx: ClusterContext, id: string, section: Section, node: string) {
  const { total, used, avail } = storageUsage(ctx, id, section, node);
  return {
    storage: id,
    type: section.type,
    content: section.content,
    shared: Number(section.shared ?? 0),
    active: 1,
    enabled: 1,
    total,
    used,
    avail,
    used_fraction: used / total,
  };
}

/** The figures extract_node_stats leaves out for a caller without Sys.Audit on the node. */
const NODE_STATS = ["uptime", "cpu", "maxcpu", "mem", "maxmem", "disk", "maxdisk"];

/** A node as /nodes and /cluster/resources list it: its figures only for who may audit the node. */
function nodeEntry(ctx: ClusterContext, node: string, access: Access): Record<string, unknown> {
  const entry: Record<string, unknown> = fullNodeEntry(ctx, node);
  if (!access.check(`/nodes/${node}`, ["Sys.Audit"], true)) for (const key of NODE_STATS) delete entry[key];
  return entry;
}

/**
 * extract_node_stats (pve-manager PVE/API2Tools.pm): a node out of the membership is `offline`,
 * with its last figures of capacity (not of use) for as long as pmxcfs keeps them.
 */
function fullNodeEntry(ctx: ClusterContext, node: string): Record<string, unknown> {
  const deadSince = ctx.state.deadSince.get(node);
  if (deadSince !== undefined) {
    const entry = { id: `node/${node}`, node, type: "node", status: "offline" };
    if (Date.now() - deadSince > RRD_EXPIRY_MS) return { ...entry, ssl_fingerprint: ctx.sslFingerprint() };
    const { maxcpu, maxmem, maxdisk } = onlineNodeEntry(ctx, node);
    return { ...entry, level: "", maxcpu, maxmem, maxdisk, ssl_fingerprint: ctx.sslFingerprint() };
  }
  return onlineNodeEntry(ctx, node);
}

function onlineNodeEntry(ctx: ClusterContext, node: string) {
  return {
    id: `node/${node}`,
    node,
    type: "node",
    status: "online",
    level: "",
    uptime: uptimeSeconds(ctx, node),
    cpu: 0.02,
    maxcpu: NODE_HARDWARE.cpus,
    mem: Math.floor(NODE_HARDWARE.memoryBytes / 8),
    maxmem: NODE_HARDWARE.memoryBytes,
    disk: Math.floor(NODE_HARDWARE.rootfsBytes / 10),
    maxdisk: NODE_HARDWARE.rootfsBytes,
    ssl_fingerprint: ctx.sslFingerprint(),
  };
}

/** /cluster/resources: each guest, storage and SDN zone only for who may audit it. */
function resources(ctx: ClusterContext, call: ApiCall) {
  const type = text(call.params, "type");
  const { access } = call;
  const entries: unknown[] = [];
  if (type === undefined || type === "vm") {
    for (const vm of [...ctx.state.vms.values()].sort((a, b) => String(a.vmid).localeCompare(String(b.vmid)))) {
      if (!access.check(`/vms/${vm.vmid}`, ["VM.Audit"], true)) continue;
      const { vmid, status, name, template, cpus, maxmem, mem, maxdisk, disk, cpu, uptime, lock, tags } = vmStatus(
        ctx,
        vm,
      );
      const entry: Record<string, unknown> = {
        id: `qemu/${vmid}`,
        vmid,
        node: vm.node,
        type: "qemu",
        status,
        name,
        template: template ?? 0,
        uptime,
        maxcpu: cpus,
        cpu,
        maxmem,
        mem,
        maxdisk,
        disk,
        netin: 0,
        netout: 0,
        diskread: 0,
        diskwrite: 0,
      };
      if (lock !== undefined) entry.lock = lock;
      if (tags !== undefined) entry.tags = tags;
      // the CRM's state of the resource, or its requested state before the CRM took it up
      const ha = haResource(ctx, vm.vmid);
      const crmState = ctx.state.ha.manager.service_status[haSid(vm.vmid)]?.state;
      if (ha) entry.hastate = crmState ?? ha.state ?? "started";
      entries.push(entry);
    }
  }
  if (type === undefined || type === "node") {
    for (const node of ctx.state.nodes) {
      const { ssl_fingerprint: _, ...entry } = nodeEntry(ctx, node, access);
      const hastate = ctx.state.ha.manager.node_status[node];
      entries.push({ ...entry, "cgroup-mode": 2, ...(hastate === undefined ? {} : { hastate }) });
    }
  }
  if (type === undefined || type === "storage") {
    for (const node of ctx.state.nodes) {
      for (const [id, section] of storagesOn(ctx, node)) {
        if (!access.check(`/storage/${id}`, ["Datastore.Audit"], true)) continue;
        const { total, used } = storageUsage(ctx, id, section, node);
        entries.push({
          id: `storage/${node}/${id}`,
          storage: id,
          node,
          type: "storage",
          plugintype: section.type,
          status: "available",
          shared: Number(section.shared ?? 0),
          content: section.content,
          maxdisk: total,
          disk: used,
        });
      }
    }
  }
  if (type === undefined || type === "sdn") {
    for (const node of ctx.state.nodes) {
      for (const [zone, section] of ctx.state.runningConfig("/cluster/sdn/zones").entries()) {
        const listed =
          (section.nodes === undefined || String(section.nodes).split(",").includes(node)) &&
          access.check(`/sdn/zones/${zone}`, ["SDN.Audit"], true);
        if (listed) entries.push({ id: `sdn/${node}/${zone}`, sdn: zone, node, type: "sdn", status: "available" });
      }
    }
  }
  return entries;
}

/** /cluster/nextid. The answer is a JSON string: Perl used the number as a hash key first. */
function nextId(ctx: ClusterContext, call: ApiCall): string {
  const wanted = integer(call.params, "vmid");
  if (wanted !== undefined) {
    if (ctx.state.vms.has(wanted)) throw failures.vmidTaken(wanted);
    return String(wanted);
  }
  for (let vmid = 100; vmid < 1_000_000; vmid++) if (!ctx.state.vms.has(vmid)) return String(vmid);
  throw new Error("no free VMID");
}

function nodeStatus(ctx: ClusterContext, node: string) {
  const { memoryBytes, swapBytes, rootfsBytes } = NODE_HARDWARE;
  return {
    uptime: uptimeSeconds(ctx, node),
    cpu: 0.02,
    idle: 0,
    wait: 0,
    loadavg: ["0.12", "0.08", "0.05"],
    cpuinfo: {
      model: NODE_HARDWARE.cpuModel,
      cpus: NODE_HARDWARE.cpus,
      cores: NODE_HARDWARE.cores,
      sockets: NODE_HARDWARE.sockets,
      mhz: NODE_HARDWARE.mhz,
      hvm: "1",
      user_hz: 100,
    },
    memory: {
      total: memoryBytes,
      used: memoryBytes / 8,
      free: (memoryBytes * 7) / 8,
      available: (memoryBytes * 7) / 8,
    },
    swap: { total: swapBytes, used: 0, free: swapBytes },
    rootfs: { total: rootfsBytes, used: rootfsBytes / 10, free: (rootfsBytes * 9) / 10, avail: (rootfsBytes * 9) / 10 },
    ksm: { shared: 0 },
    kversion: `${KERNEL.sysname} ${KERNEL.release} ${KERNEL.version} ${KERNEL.machine}`,
    pveversion: `pve-manager/${PVE_VERSION.version}/${PVE_VERSION.repoid}`,
    "current-kernel": KERNEL,
    "boot-info": { mode: "efi", secureboot: 0 },
  };
}

function clusterStatus(ctx: ClusterContext, clusterName: string) {
  return [
    {
      type: "cluster",
      id: "cluster",
      name: clusterName,
      nodes: ctx.state.nodes.length,
      quorate: 1,
      version: ctx.state.nodes.length,
    },
    ...ctx.state.nodes.map((node, i) => ({
      type: "node",
      id: `node/${node}`,
      name: node,
      nodeid: i + 1,
      ip: "127.0.0.1",
      local: node === ctx.localNode ? 1 : 0,
      online: ctx.state.isOnline(node) ? 1 : 0,
      level: "",
    })),
  ];
}

export function clusterRoutes(ctx: ClusterContext, clusterName: string): Routes {
  return {
    "GET /version": () => ({ ...PVE_VERSION }),
    "GET /cluster/resources": (call) => resources(ctx, call),
    "GET /cluster/nextid": (call) => nextId(ctx, call),
    "GET /cluster/status": () => clusterStatus(ctx, clusterName),
    "GET /nodes": (call) => ctx.state.nodes.map((node) => nodeEntry(ctx, node, call.access)),
    "GET /nodes/{node}/status": (call) => nodeStatus(ctx, nodeOf(call)),
    "GET /nodes/{node}/storage": (call) => {
      const content = text(call.params, "content");
      return storagesOn(ctx, nodeOf(call))
        .filter(([id]) => call.access.checkAny(`/storage/${id}`, ["Datastore.Audit", "Datastore.AllocateSpace"], true))
        .filter(([, s]) => content === undefined || String(s.content).split(",").includes(content))
        .map(([id, section]) => storageStatus(ctx, id, section, nodeOf(call)));
    },
  };
}
