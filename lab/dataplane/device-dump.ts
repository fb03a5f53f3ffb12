import { labProxmoxClient } from "../../cli/proxmox-client";
import type { StackConfig } from "../../config/schema";
import type { ProxmoxClient } from "../../providers/proxmox/client";
import { connectionTo, RouterOsError, type Row } from "../../providers/routeros/client";
import { routerEndpoint } from "../../providers/routeros/endpoints";
import { MenuCache } from "../../providers/routeros/menu-cache";
import { managedPaths, zerotierInstance, zerotierInterface } from "../../providers/routeros/menus";
import { CentralClient } from "../../providers/zerotier/client";

/** What one router holds, menu by menu, as its API prints it; a package's menus only where it is installed. */
export interface RouterDump {
  name: string;
  menus: Record<string, Row[]>;
}

/** A ZeroTier network as its controller holds it: its routes and members. */
export interface ZeroTierNetworkDump {
  id: string;
  name: string;
  mtu: number;
  routes: { target: string; via: string | null }[];
  members: { nodeId: string; name: string; authorized: boolean; ipAssignments: string[] }[];
}

/** A Proxmox object as the API returns it: scalars and arrays of strings. */
export type PveItem = Record<string, string | number | string[] | undefined>;

export interface VmDump {
  vmid: number;
  name: string;
  node: string;
  status: string;
  /** Its configuration, as `GET /nodes/{node}/qemu/{vmid}/config` returns it. */
  config: PveItem;
}

/** What the Proxmox cluster holds of its SDN (running, not pending) and its VMs. */
export interface ClusterDump {
  fabrics: PveItem[];
  fabricNodes: PveItem[];
  zones: PveItem[];
  vnets: PveItem[];
  vms: VmDump[];
  /** Each node's own interfaces, as `GET /nodes/{node}/network` lists them, by node. */
  networks: Record<string, PveItem[]>;
}

export interface DeviceDump {
  routers: RouterDump[];
  cluster: ClusterDump;
  /** The networks the stack's ZeroTier controller holds. */
  zerotier: ZeroTierNetworkDump[];
}

export interface LabSecrets {
  routerPassword: string;
  proxmoxTokenSecret: string;
  zerotierToken?: string;
}

/**
 * Dumps every device of a stack through its API, the way an operator would: each router's menus
 * (one read per router), the cluster's SDN and VMs, and ZeroTier Central's networks. Only the
 * endpoints and credentials come from the stack; what the data plane is made of comes from the devices.
 */
export async function dumpDevices(config: StackConfig, secrets: LabSecrets): Promise<DeviceDump> {
  const [routers, cluster, zerotier] = await Promise.all([
    Promise.all(config.routers.map((router) => dumpRouter(config, router.name, secrets.routerPassword))),
    dumpCluster(config, secrets.proxmoxTokenSecret),
    dumpZeroTier(config, secrets.zerotierToken),
  ]);
  return { routers, cluster, zerotier };
}

/** Where RouterOS 7's built-in interfaces (its `lo`) show, which budgetcloud reads but manages nowhere. */
const BUILT_IN_INTERFACES = ["/interface"];

/** The ZeroTier package's menus, which only routers that have the package answer. */
const packageMenus = [zerotierInstance.path, zerotierInterface.path];

async function dumpRouter(config: StackConfig, name: string, password: string): Promise<RouterDump> {
  const router = config.routers.find((r) => r.name === name);
  if (!router) throw new Error(`no router ${name} in the stack`);
  const connection = connectionTo(routerEndpoint(router, config.routerApi, password));
  try {
    const cache = new MenuCache(managedPaths);
    const menus: Record<string, Row[]> = {};
    for (const path of [...managedPaths, ...BUILT_IN_INTERFACES])
      menus[path] = (await cache.rows(connection, path)).map((row) => ({ ...row }));
    for (const path of packageMenus) {
      try {
        menus[path] = (await cache.rows(connection, path)).map((row) => ({ ...row }));
      } catch (error) {
        if (!(error instanceof RouterOsError && error.reason.startsWith("no such command"))) throw error;
      }
    }
    return { name: router.name, menus };
  } finally {
    connection.close();
  }
}

/**
 * The running VMs with their configurations. `whileMoving`: a VM that leaves its node between the
 * listing and the read of its config (HA at work) is left out rather than failing the read.
 */
export async function runningVms(client: ProxmoxClient, whileMoving = false): Promise<VmDump[]> {
  const listed = await client.get<{ vmid: number; name?: string; node: string; status: string; template?: number }[]>(
    "/cluster/resources",
    { type: "vm" },
  );
  const vms = await Promise.all(
    listed
      .filter((vm) => !vm.template && vm.status === "running")
      .map(async (vm) => {
        const read = client.get<PveItem>(`/nodes/${vm.node}/qemu/${vm.vmid}/config`);
        const config = await (whileMoving ? read.catch(() => undefined) : read);
        return config && { vmid: vm.vmid, name: vm.name ?? String(vm.vmid), node: vm.node, status: vm.status, config };
      }),
  );
  return vms.filter((vm) => vm !== undefined).sort((a, b) => a.vmid - b.vmid);
}

/**
 * The cluster's SDN and VMs. Only what a living node can answer: a dead node's calls fail (595), so
 * the VMs' configurations are read for running VMs, and the networks of the nodes online.
 */
async function dumpCluster(config: StackConfig, tokenSecret: string): Promise<ClusterDump> {
  if (!config.proxmox) return { fabrics: [], fabricNodes: [], zones: [], vnets: [], vms: [], networks: {} };
  const client = labProxmoxClient(config.proxmox, tokenSecret);
  const fabrics = await client.get<PveItem[]>("/cluster/sdn/fabrics/fabric");
  const fabricNodes = (
    await Promise.all(fabrics.map((f) => client.get<PveItem[]>(`/cluster/sdn/fabrics/node/${f.id}`)))
  ).flat();
  const vms = await runningVms(client);
  return {
    fabrics,
    fabricNodes,
    zones: await client.get<PveItem[]>("/cluster/sdn/zones"),
    vnets: await client.get<PveItem[]>("/cluster/sdn/vnets"),
    vms: vms.sort((a, b) => a.vmid - b.vmid),
    networks: Object.fromEntries(
      await Promise.all(
        (await client.get<{ node: string; status: string }[]>("/nodes"))
          .filter(({ status }) => status === "online")
          .map(async ({ node }) => [node, await client.get<PveItem[]>(`/nodes/${node}/network`)]),
      ),
    ),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: Central's JSON, read field by field below.
type CentralJson = Record<string, any>;

async function dumpZeroTier(config: StackConfig, token: string | undefined): Promise<ZeroTierNetworkDump[]> {
  if (!config.zerotier || token === undefined) return [];
  const client = new CentralClient({ url: config.zerotier.endpoint, token });
  const networks = (await client.get<CentralJson[]>("network", "the networks")) ?? [];
  return Promise.all(
    networks.map(async (network) => ({
      id: String(network.id),
      name: String(network.config.name),
      mtu: Number(network.config.mtu),
      routes: network.config.routes,
      members: ((await client.get<CentralJson[]>(`network/${network.id}/member`, "the members")) ?? []).map((m) => ({
        nodeId: String(m.nodeId),
        name: String(m.name),
        authorized: m.config.authorized === true,
        ipAssignments: m.config.ipAssignments,
      })),
    })),
  );
}
