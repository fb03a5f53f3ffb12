import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runMain } from "../../cli/command-line";
import { labProxmoxClient } from "../../cli/proxmox-client";
import { readStackFile } from "../../cli/stack-file";
import { topologyOf } from "../../plan/topology";
import { declaredNames } from "../../plan/zerotier-rules";
import { LibreNmsClient } from "../../providers/librenms/client";
import { connectionTo } from "../../providers/routeros/client";
import { routerEndpoint } from "../../providers/routeros/endpoints";
import { CentralClient } from "../../providers/zerotier/client";
import { dotGraph } from "../diagram/dot-graph";
import { render } from "../diagram/render";
import { backupFile } from "../router-backup/backup-file";
import { routerSection } from "./router-section";

interface ClusterVm {
  vmid: number;
  name?: string;
  node: string;
  status: string;
  template?: number;
  maxmem?: number;
  maxdisk?: number;
}

/** Each node's VMs, as the cluster lists them. */
async function printVms(config: ReturnType<typeof readStackFile>, tokenSecret: string): Promise<void> {
  if (!config.proxmox) return;
  const client = labProxmoxClient(config.proxmox, tokenSecret);
  const vms = await client.get<ClusterVm[]>("/cluster/resources", { type: "vm" });
  for (const node of config.hypervisors.map((h) => h.node ?? h.name)) {
    console.log(`# ${node}, Proxmox VE at ${config.proxmox.endpoint}`);
    const mine = vms.filter((vm) => vm.node === node).sort((a, b) => a.vmid - b.vmid);
    for (const vm of mine) {
      const size = (bytes = 0) => `${Math.round(bytes / 2 ** 30)} GiB`;
      const kind = vm.template ? "template" : vm.status;
      console.log(`${vm.vmid}\t${vm.name ?? ""}\t${kind}\tmemory ${size(vm.maxmem)}\tdisk ${size(vm.maxdisk)}`);
    }
    console.log();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: Central's JSON, read where it is printed.
type CentralJson = Record<string, any>;

/** The ZeroTier network as Central holds it: its routes, and each member with its capabilities by name. */
async function printZeroTier(config: ReturnType<typeof readStackFile>, token: string): Promise<void> {
  if (!config.zerotier) return;
  const client = new CentralClient({ url: config.zerotier.endpoint, token });
  const networks = (await client.get<CentralJson[]>("network", "the networks")) ?? [];
  const network = networks.find((n) => n.config?.name === config.zerotier?.network.name);
  console.log(`# ZeroTier network ${config.zerotier.network.name}, Central at ${config.zerotier.endpoint}`);
  if (!network) {
    console.log("(not in Central: make lab makes it)\n");
    return;
  }
  const names = declaredNames(network.rulesSource ?? "");
  const nameOf = (ids: Record<string, unknown>, id: unknown) =>
    Object.entries(ids).find(([, value]) => value === id || (value as { id?: unknown })?.id === id)?.[0] ?? `#${id}`;
  console.log(
    `${network.id}\troutes ${network.config.routes.map((r: CentralJson) => (r.via ? `${r.target} via ${r.via}` : r.target)).join(", ")}`,
  );
  const members = (await client.get<CentralJson[]>(`network/${network.id}/member`, "the members")) ?? [];
  for (const m of members.sort((a, b) => String(a.name).localeCompare(String(b.name)))) {
    const flags = [
      m.config.authorized ? "authorized" : "not authorized",
      m.lastSeen ? `seen ${new Date(m.lastSeen).toISOString()}` : "never seen",
      ...(m.config.ssoExempt ? ["sso-exempt"] : []),
      ...(m.config.activeBridge ? ["bridge"] : []),
      ...(m.config.noAutoAssignIps ? ["no-auto-assign"] : []),
    ];
    const capabilities = m.config.capabilities.map((id: number) => nameOf(names.capabilitiesByName, id));
    const tags = m.config.tags.map(([id, value]: [number, number]) => `${nameOf(names.tagsByName, id)}=${value}`);
    console.log(
      `${m.nodeId}\t${m.name}\t${m.config.ipAssignments.join(",")}\t${flags.join(" ")}\tcapabilities ${capabilities.join(",") || "none"}${tags.length ? `\ttags ${tags.join(",")}` : ""}`,
    );
  }
  console.log();
}

// biome-ignore lint/suspicious/noExplicitAny: LibreNMS's JSON, read where it is printed.
type LibreNmsJson = Record<string, any>;

/** The devices LibreNMS polls (how, and where), and its device groups with their members. */
async function printLibreNms(config: ReturnType<typeof readStackFile>, token: string): Promise<void> {
  if (!config.monitoring) return;
  const client = new LibreNmsClient({ url: config.monitoring.endpoint, token, tls: config.monitoring.tls });
  const devices = ((await client.get("devices", "the devices"))?.devices ?? []) as LibreNmsJson[];
  console.log(`# LibreNMS at ${config.monitoring.endpoint}`);
  const display = new Map(devices.map((d) => [String(d.device_id), d.display || d.hostname]));
  for (const d of devices) {
    const polled = d.snmp_disable ? "ping only" : `SNMP ${d.snmpver} ${d.authlevel ?? ""} user ${d.authname ?? ""}`;
    console.log(`${d.device_id}	${d.display ?? ""}	${d.hostname}	${polled}	${d.location ?? ""}`);
  }
  const groups = ((await client.get("devicegroups", "the device groups"))?.groups ?? []) as LibreNmsJson[];
  for (const g of groups) {
    const members = ((await client.get(`devicegroups/${g.id}`, `device group ${g.name}`))?.devices ??
      []) as LibreNmsJson[];
    console.log(`group ${g.name} (${g.type}): ${members.map((m) => display.get(String(m.device_id))).join(", ")}`);
  }
  console.log();
}

/**
 * What the lab's routers hold, as their own `/export` writes it, with what changed since the export
 * `make lab` kept before its last up (or, for a user that may only read, as their menus print it); each node's VMs, the ZeroTier network and LibreNMS's devices:
 * `make lab-status`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "stack-file": { type: "string", default: "Pulumi.lab.yaml" },
      "diagram-dir": { type: "string", default: ".lab" },
      "backup-dir": { type: "string", default: ".lab/state-before-up" },
    },
  });
  const config = readStackFile(values["stack-file"]);
  const password = process.env.LAB_ROUTER_PASSWORD ?? "";
  for (const router of config.routers) {
    const connection = connectionTo(routerEndpoint(router, config.routerApi, password));
    const keptFile = backupFile(values["backup-dir"], "lab", router.name);
    const kept = fs.existsSync(keptFile) ? { file: keptFile, script: fs.readFileSync(keptFile, "utf8") } : undefined;
    try {
      for (const line of await routerSection(connection, kept)) console.log(line);
    } catch (error) {
      console.log(`# ${router.name}: ${(error as Error).message}\n`);
    } finally {
      connection.close();
    }
  }
  await printVms(config, process.env.LAB_PROXMOX_TOKEN ?? "").catch((error: Error) => {
    console.log(`# Proxmox VE: ${error.message}`);
  });
  await printZeroTier(config, process.env.LAB_ZEROTIER_TOKEN ?? "").catch((error: Error) => {
    console.log(`# ZeroTier Central: ${error.message}`);
  });
  await printLibreNms(config, process.env.LAB_LIBRENMS_TOKEN ?? "").catch((error: Error) => {
    console.log(`# LibreNMS: ${error.message}`);
  });
  // The picture is of the plan, what the devices should hold; the text above is what they hold.
  await render(dotGraph(topologyOf(config)), path.join(values["diagram-dir"], "topology-lab")).then(
    (files) => console.log(`# Topology of the plan: ${files.join(", ")}`),
    (error: Error) => console.log(`# Topology: ${error.message}`),
  );
}

runMain(main);
