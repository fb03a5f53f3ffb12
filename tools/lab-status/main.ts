import { parseArgs } from "node:util";
import { runMain } from "../../lab/command-line";
import { labProxmoxClient } from "../../lab/proxmox-client";
import { readStackFile } from "../../lab/stack-file";
import { connectionTo } from "../../providers/routeros/client";
import { routerEndpoint } from "../../providers/routeros/endpoints";
import { exportText } from "../../providers/routeros/export";
import { MenuCache } from "../../providers/routeros/menu-cache";
import * as declared from "../../providers/routeros/menus";

// The order /export lists these menus in.
const exportOrder = [
  declared.bridge,
  declared.ethernet,
  declared.vrrp,
  declared.vxlan,
  declared.bridgePort,
  declared.vxlanVtep,
  declared.ipAddress,
  declared.firewallFilter,
  declared.natRule,
  declared.ospfInstance,
  declared.ospfArea,
  declared.ospfInterfaceTemplate,
];

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

/** What the lab's routers hold, as `/export` would print it, and each node's VMs: `make lab-status`. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "stack-file": { type: "string", default: "Pulumi.lab.yaml" } } });
  const config = readStackFile(values["stack-file"]);
  const password = process.env.LAB_ROUTER_PASSWORD ?? "";
  const cache = new MenuCache(declared.managedPaths);
  for (const router of config.routers) {
    const connection = connectionTo(routerEndpoint(router, config.routerApi, password));
    try {
      const version = await cache.version(connection);
      const rows = new Map(
        await Promise.all(exportOrder.map(async (m) => [m.path, await cache.rows(connection, m.path)] as const)),
      );
      console.log(`# ${router.name}, RouterOS ${version}, ${router.host}:${router.port ?? ""}`);
      console.log(exportText(exportOrder, (path) => rows.get(path) ?? [], version));
      console.log();
    } catch (error) {
      console.log(`# ${router.name}: ${(error as Error).message}\n`);
    } finally {
      connection.close();
    }
  }
  await printVms(config, process.env.LAB_PROXMOX_TOKEN ?? "").catch((error: Error) => {
    console.log(`# Proxmox VE: ${error.message}`);
  });
}

runMain(main);
