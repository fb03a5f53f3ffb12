import { createHash } from "node:crypto";
import { addressOf, lengthOf } from "../config/addressing";
import type { StackConfig, VmConfig } from "../config/schema";
import { smallestPrefix } from "./addressing-plan";
import { VXLAN_PORT } from "./router-plan";

/**
 * The SDN of the hypervisors: their side of the routers' OSPF (a PVE 9 fabric, a node per
 * hypervisor), and with tenants, one VXLAN zone over every loopback and a vnet per tenant.
 */
/** A tenant's vnet: the bridge its VMs attach to on every node, tagged with its VNI. */
export interface VnetPlan {
  vnet: string;
  zone: string;
  tag: number;
  alias: string;
}

export interface SdnPlan {
  fabric: { id: string; area: string; ipPrefix: string };
  fabricNodes: { fabricId: string; nodeId: string; ip: string; interfaces: string[] }[];
  zone?: { zone: string; peers: string[]; mtu: number; vxlanPort: number };
  vnets: VnetPlan[];
}

export interface VmPlan {
  name: string;
  vmid: number;
  fqdn: string;
  os: "linux" | "windows";
  /** The hypervisor in the stack config, whose SSH endpoint takes the snippet. */
  hypervisor: string;
  /** Its Proxmox node name. */
  node: string;
  template: string;
  storage: string;
  diskSize: number;
  cores: number;
  memory: number;
  ipconfig0: string;
  nameserver: string[];
  searchdomain: string;
  net0: string;
  ostype: string;
  citype?: string;
  onboot: boolean;
  /** Node-affinity of the HA rule: its own node first, the others after, as `PVE-2:2`. */
  ha?: { nodes: string[] };
  snippetFile: string;
}

/**
 * A VM's id, derived from its name: the same on every run and every machine, and known before the
 * VM exists, so what refers to it (its HA resource) plans as known. Ids 10000–99999 stay clear of
 * templates and of ids a person picks; a collision is a cross-check error, fixed by giving `vmid`.
 */
export function vmidFor(name: string): number {
  return 10000 + (createHash("sha256").update(name).digest().readUInt32BE(0) % 90000);
}

/** The zone every tenant's vnet lives in. */
export const TENANT_ZONE = "tenants";

/** The fabric the hypervisors route their loopbacks in. */
export const UNDERLAY_FABRIC = "underlay";

/** The routers' OSPF area (their backbone), which the hypervisors join. */
const BACKBONE_AREA = "0.0.0.0";

export function planSdn(config: StackConfig): SdnPlan | undefined {
  if (config.hypervisors.length === 0) return undefined;
  const hypervisorLoopbacks = config.hypervisors.map((h) => addressOf(h.loopback));
  const loopbacks = [
    ...config.routers.map((r) => addressOf(r.interfaces.find((i) => i.loopback)?.address ?? "")),
    ...hypervisorLoopbacks,
  ];
  return {
    // The fabric's prefix is where its nodes' IPs lie: the smallest one that holds every
    // hypervisor's loopback (prod's 192.168.254.8/29), not the /24 they share with the routers'
    // loopbacks, which are no nodes of the fabric.
    fabric: { id: UNDERLAY_FABRIC, area: BACKBONE_AREA, ipPrefix: smallestPrefix(hypervisorLoopbacks) },
    fabricNodes: config.hypervisors.map((h) => ({
      fabricId: UNDERLAY_FABRIC,
      nodeId: h.node ?? h.name,
      ip: addressOf(h.loopback),
      interfaces: h.interfaces.map((i) => `name=${i.name},ip=${i.address}`),
    })),
    // The underlay stays when the last tenant goes: only the tenants' zone goes with them.
    ...(config.tenants.length > 0
      ? {
          zone: {
            zone: TENANT_ZONE,
            peers: loopbacks,
            mtu: Math.min(...config.tenants.map((t) => t.mtu)),
            vxlanPort: VXLAN_PORT,
          },
        }
      : {}),
    vnets: config.tenants.map((t) => ({ vnet: t.bridge, zone: TENANT_ZONE, tag: t.vni, alias: t.name })),
  };
}

export function planVm(config: StackConfig, vm: VmConfig): VmPlan {
  const tenant = config.tenants.find((t) => t.name === vm.tenant);
  if (!tenant) throw new Error(`VM ${vm.name}: unknown tenant ${vm.tenant}`);
  const nodeName = (name: string) => config.hypervisors.find((h) => h.name === name)?.node ?? name;
  const others = config.hypervisors.map((h) => h.name).filter((name) => name !== vm.node);
  return {
    name: vm.name,
    vmid: vm.vmid ?? vmidFor(vm.name),
    fqdn: `${vm.name}.${config.domain}`,
    os: vm.os,
    hypervisor: vm.node,
    node: nodeName(vm.node),
    template: vm.template,
    storage: vm.disk.storage,
    diskSize: vm.disk.size,
    cores: vm.cores,
    memory: vm.memory,
    ipconfig0: `ip=${vm.ip}/${lengthOf(tenant.cidr)},gw=${tenant.gateway}`,
    nameserver: config.nameservers,
    searchdomain: config.domain,
    net0: `virtio,bridge=${tenant.bridge}`,
    ostype: vm.os === "windows" ? "win11" : "l26",
    ...(vm.os === "windows" ? { citype: "configdrive2" } : {}),
    onboot: vm.onBoot,
    ...(vm.ha ? { ha: { nodes: [`${nodeName(vm.node)}:2`, ...others.map((n) => `${nodeName(n)}:1`)] } } : {}),
    snippetFile: `${vm.name}-user-data.${vm.os === "windows" ? "mime" : "yaml"}`,
  };
}
