import type { StackConfig } from "../../config/schema";
import { connectionTo, type Row } from "../../providers/routeros/client";
import { routerEndpoint } from "../../providers/routeros/endpoints";
import { MenuCache } from "../../providers/routeros/menu-cache";
import { managedPaths } from "../../providers/routeros/menus";
import { labProxmoxClient } from "../proxmox-client";

/** What one router holds, menu by menu, as its API prints it. */
export interface RouterDump {
  name: string;
  menus: Record<string, Row[]>;
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
}

export interface DeviceDump {
  routers: RouterDump[];
  cluster: ClusterDump;
}

export interface LabSecrets {
  routerPassword: string;
  proxmoxTokenSecret: string;
}

/**
 * Dumps every device of a stack through its API, the way an operator would: each router's menus
 * (one read per router) and the cluster's SDN and VMs. Only the endpoints and credentials come from
 * the stack; what the data plane is made of comes from the devices.
 */
export async function dumpDevices(config: StackConfig, secrets: LabSecrets): Promise<DeviceDump> {
  const [routers, cluster] = await Promise.all([
    Promise.all(config.routers.map((router) => dumpRouter(config, router.name, secrets.routerPassword))),
    dumpCluster(config, secrets.proxmoxTokenSecret),
  ]);
  return { routers, cluster };
}

async function dumpRouter(config: StackConfig, name: string, password: string): Promise<RouterDump> {
  const router = config.routers.find((r) => r.name === name);
  if (!router) throw new Error(`no router ${name} in the stack`);
  const connection = connectionTo(routerEndpoint(router, config.routerApi, password));
  try {
    const cache = new MenuCache(managedPaths);
    const menus: Record<string, Row[]> = {};
    for (const path of managedPaths) menus[path] = (await cache.rows(connection, path)).map((row) => ({ ...row }));
    return { name: router.name, menus };
  } finally {
    connection.close();
  }
}

async function dumpCluster(config: StackConfig, tokenSecret: string): Promise<ClusterDump> {
  if (!config.proxmox) return { fabrics: [], fabricNodes: [], zones: [], vnets: [], vms: [] };
  const client = labProxmoxClient(config.proxmox, tokenSecret);
  const fabrics = await client.get<PveItem[]>("/cluster/sdn/fabrics/fabric");
  const fabricNodes = (
    await Promise.all(fabrics.map((f) => client.get<PveItem[]>(`/cluster/sdn/fabrics/node/${f.id}`)))
  ).flat();
  const listed = await client.get<{ vmid: number; name?: string; node: string; status: string; template?: number }[]>(
    "/cluster/resources",
    { type: "vm" },
  );
  const vms = await Promise.all(
    listed
      .filter((vm) => !vm.template)
      .map(async (vm) => ({
        vmid: vm.vmid,
        name: vm.name ?? String(vm.vmid),
        node: vm.node,
        status: vm.status,
        config: await client.get<PveItem>(`/nodes/${vm.node}/qemu/${vm.vmid}/config`),
      })),
  );
  return {
    fabrics,
    fabricNodes,
    zones: await client.get<PveItem[]>("/cluster/sdn/zones"),
    vnets: await client.get<PveItem[]>("/cluster/sdn/vnets"),
    vms: vms.sort((a, b) => a.vmid - b.vmid),
  };
}
