import { createHash } from "node:crypto";
import { addressOf, lengthOf } from "../config/addressing";
import type { StackConfig, VmConfig } from "../config/schema";
import { smallestPrefix } from "./addressing-plan";
import { OSPF_AREA, TENANT_ZONE, UNDERLAY_FABRIC, VXLAN_PORT } from "./fabric";
import { planVmSnmp, type VmSnmpPlan } from "./monitoring-plan";

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

/**
 * A hypervisor's NIC at the MTU of its link: OSPF forms no adjacency across ends whose MTUs
 * differ, and PVE's fabric leaves a NIC at the kernel's 1500. Unset, the NIC is put back to it.
 */
export interface NicPlan {
  node: string;
  iface: string;
  mtu?: number;
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
  /** The template it is a full clone of: the copy on its own node where there is one. */
  template: { vmid: number; node: string };
  storage: string;
  diskSize: number;
  cores: number;
  memory: number;
  /** Its static address with the tenant's prefix length, and the tenant's VRRP gateway. */
  address: string;
  gateway: string;
  nameservers: string[];
  domain: string;
  /** The tenant's vnet. */
  bridge: string;
  /** Proxmox's OS type: `l26`, or `win11` for Windows. */
  ostype: "l26" | "win11";
  /** `configdrive2` for Windows (cloudbase-init); Linux takes PVE's default, nocloud. */
  citype?: "configdrive2";
  onboot: boolean;
  /** Node-affinity of the HA rule, node to priority: its own node first (2), the others after (1). */
  ha?: { nodes: Record<string, number> };
  snippetFile: string;
  /**
   * The hypervisors (stack names) that hold the snippet: its own first, then each other one its HA
   * rule lets it start on, since PVE reads `cicustom` from the node a start happens on (a VM that HA
   * recovers to a node without it does not start).
   */
  snippetHypervisors: string[];
  /** What its user-data sets up besides the host name; Windows takes no users. */
  setup: {
    timezone: string;
    users: StackConfig["vmUsers"];
    jumpcloudGroup?: string;
    /** The SNMPv3 agent a monitored Linux VM gets; its passwords are the stack's secrets. */
    snmp?: VmSnmpPlan;
  };
  /** Proxmox tags: budgetcloud's, the environment and the tenant. */
  tags: string[];
  /** The engine refuses to delete or replace it (and its disk): a protected stack's VMs, but for those the stack marks replaceable. */
  protect: boolean;
}

/** The cluster's Ceph pools and the RBD storage entries on them, made through one node's API. */
export interface CephPlan {
  /** The node whose Ceph API creates the pools: the first hypervisor's (any node of the cluster will do). */
  node: string;
  pools: StackConfig["storage"]["pools"];
  rbd: StackConfig["storage"]["rbd"];
  /** Pools and storage entries are never deleted or replaced while this holds. */
  protect: boolean;
}

/** How the proxmoxve plugin reaches the cluster's API; the token's secret joins it at run time. */
export interface ProxmoxApiPlan {
  endpoint: string;
  tokenId: string;
  /**
   * Only where the stack says so: the plugin takes no CA or fingerprint of its own, but verifies
   * against the roots Go reads from SSL_CERT_FILE, which the project's commands point at the stack's
   * (tools/plugin-env).
   */
  insecure: boolean;
}

export function planProxmoxApi(config: StackConfig): ProxmoxApiPlan | undefined {
  if (!config.proxmox) return undefined;
  const { endpoint, tokenId, tls } = config.proxmox;
  return { endpoint, tokenId, insecure: tls.insecure };
}

/**
 * A VM's id, derived from its name: the same on every run and every machine, and known before the
 * VM exists, so what refers to it (its HA resource) plans as known. Ids 10000–99999 stay clear of
 * templates and of ids a person picks; a collision is a cross-check error, fixed by giving `vmid`.
 */
export function vmidFor(name: string): number {
  return 10000 + (createHash("sha256").update(name).digest().readUInt32BE(0) % 90000);
}

/** Every NIC a hypervisor's interfaces name, in the stack's order. */
export function planNics(config: StackConfig): NicPlan[] {
  return config.hypervisors.flatMap((h) =>
    h.interfaces.map((i) => ({
      node: h.node ?? h.name,
      iface: i.name,
      ...(i.mtu === undefined ? {} : { mtu: i.mtu }),
    })),
  );
}

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
    fabric: { id: UNDERLAY_FABRIC, area: OSPF_AREA.id, ipPrefix: smallestPrefix(hypervisorLoopbacks) },
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
  const snmp = vm.os === "linux" ? planVmSnmp(config, vm.name) : undefined;
  const tenant = config.tenants.find((t) => t.name === vm.tenant);
  if (!tenant) throw new Error(`VM ${vm.name}: unknown tenant ${vm.tenant}`);
  const copies = config.templates.filter((t) => t.name === vm.template);
  const template = copies.find((t) => t.node === vm.node) ?? copies[0];
  if (!template) throw new Error(`VM ${vm.name}: unknown template ${vm.template}`);
  const nodeName = (name: string) => config.hypervisors.find((h) => h.name === name)?.node ?? name;
  const others = config.hypervisors.map((h) => h.name).filter((name) => name !== vm.node);
  return {
    name: vm.name,
    vmid: vm.vmid ?? vmidFor(vm.name),
    fqdn: `${vm.name}.${config.domain}`,
    os: vm.os,
    hypervisor: vm.node,
    node: nodeName(vm.node),
    template: { vmid: template.vmid, node: nodeName(template.node) },
    storage: vm.disk.storage,
    diskSize: vm.disk.size,
    cores: vm.cores,
    memory: vm.memory,
    address: `${vm.ip}/${lengthOf(tenant.cidr)}`,
    gateway: tenant.gateway,
    nameservers: config.nameservers,
    domain: config.domain,
    bridge: tenant.bridge,
    ostype: vm.os === "windows" ? "win11" : "l26",
    ...(vm.os === "windows" ? { citype: "configdrive2" as const } : {}),
    onboot: vm.onBoot,
    ...(vm.ha
      ? { ha: { nodes: Object.fromEntries([[nodeName(vm.node), 2], ...others.map((n) => [nodeName(n), 1])]) } }
      : {}),
    snippetFile: `${vm.name}-user-data.${vm.os === "windows" ? "mime" : "yaml"}`,
    snippetHypervisors: [vm.node, ...(vm.ha ? others : [])],
    setup: {
      timezone: config.timezone,
      users: vm.os === "windows" ? [] : config.vmUsers,
      ...(config.jumpcloud ? { jumpcloudGroup: config.jumpcloud.systemGroupId } : {}),
      ...(snmp ? { snmp } : {}),
    },
    tags: ["budgetcloud", config.environment, tenant.name],
    protect: isProtected(config) && !vm.replaceable,
  };
}

/** A protected stack never deletes nor replaces what holds data on its own: prod, unless it says otherwise. */
export function isProtected(config: StackConfig): boolean {
  return config.protect ?? config.environment === "prod";
}

export function planCephStorage(config: StackConfig, protect: boolean): CephPlan | undefined {
  const { pools, rbd } = config.storage;
  const [first] = config.hypervisors;
  if (pools.length + rbd.length === 0 || !first) return undefined;
  return { node: first.node ?? first.name, pools, rbd, protect };
}
