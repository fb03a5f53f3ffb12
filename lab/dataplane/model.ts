/**
 * The data plane as plain data: namespaces, the links between them, and what runs in each. The
 * planners make it from a device dump; only realize.ts turns it into kernel objects and daemons.
 */

export interface BridgePlan {
  name: string;
  mtu?: number;
}

export interface VxlanPlan {
  name: string;
  vni: number;
  /** The loopback the tunnel starts from. */
  local: string;
  port: number;
  mtu: number;
  learning: boolean;
  /** Remote VTEPs, each a static flood entry. */
  remotes: string[];
  bridge?: string;
}

export interface OspfInterfacePlan {
  name: string;
  area: string;
  network: "point-to-point" | "broadcast";
  passive: boolean;
  cost?: number;
  priority?: number;
  md5?: { keyId: number; key: string };
}

export interface OspfPlan {
  routerId: string;
  interfaces: OspfInterfacePlan[];
}

export interface VrrpInstancePlan {
  name: string;
  interface: string;
  vrid: number;
  priority: number;
  version: 2 | 3;
  /** Seconds between adverts. */
  advertInterval: number;
  preempt: boolean;
  password?: string;
  addresses: string[];
}

export interface FirewallRulePlan {
  /** How an operator finds the rule on the device: its position and comment. */
  origin: string;
  action: "accept" | "drop" | "masquerade";
  protocol?: string;
  srcAddress?: string;
  dstAddress?: string;
  /** An address list the rule matches, with the addresses the router holds in it. */
  srcAddressList?: AddressListPlan;
  dstAddressList?: AddressListPlan;
  dstPort?: string;
  inInterface?: string;
  outInterface?: string;
  connectionState?: string[];
}

export interface AddressListPlan {
  name: string;
  addresses: string[];
}

/** A src-NAT out of a port for any destination: the port is an uplink (a NAT towards one network is not). */
export const natsOutOfUplink = (rule: FirewallRulePlan): rule is FirewallRulePlan & { outInterface: string } =>
  rule.outInterface !== undefined && rule.dstAddress === undefined && rule.dstAddressList === undefined;

export interface FirewallPlan {
  input: FirewallRulePlan[];
  forward: FirewallRulePlan[];
  srcnat: FirewallRulePlan[];
}

/**
 * `zerotier` is a ZeroTier network as the switch it is; `operator` a member device on it; `poller`
 * the SNMP poller the routers answer, LibreNMS's host on the LAN it is on.
 */
export type NamespaceRole = "router" | "hypervisor" | "vm" | "lan" | "zerotier" | "operator" | "poller";

export interface NamespacePlan {
  /** The Linux network namespace. */
  name: string;
  /** The device it stands for, as the stack names it. */
  device: string;
  role: NamespaceRole;
  forwarding: boolean;
  bridges: BridgePlan[];
  vxlans: VxlanPlan[];
  /** Interfaces enslaved to a bridge: veth ends, by name. */
  bridgePorts: { bridge: string; interface: string }[];
  /** `interface` may be `lo`, the namespace's own loopback. */
  addresses: { interface: string; address: string }[];
  defaultRoute?: string;
  /** Routes besides the default: a ZeroTier member's managed routes. */
  routes: { destination: string; via: string }[];
  ospf?: OspfPlan;
  vrrp: VrrpInstancePlan[];
  firewall?: FirewallPlan;
}

export interface VethEnd {
  namespace: string;
  interface: string;
  mtu: number;
  mac?: string;
}

/** A cable: a veth pair between two namespaces. */
export interface VethPlan {
  a: VethEnd;
  b: VethEnd;
}

export interface DataPlanePlan {
  /** What every namespace's name starts with. */
  prefix: string;
  namespaces: NamespacePlan[];
  veths: VethPlan[];
}

/** What the lab's namespaces are called: `bc-MTK-1`. Tests use another prefix, to run beside a lab. */
export const DEFAULT_PREFIX = "bc-";

/** A device's namespace name. */
export type Namer = (device: string) => string;

/** The LAN behind the routers' uplinks, where src-NAT shows. */
export const INTERNET_DEVICE = "internet";
export const POLLER_DEVICE = "librenms";

export function emptyNamespace(device: string, role: NamespaceRole, name: string): NamespacePlan {
  return {
    name,
    device,
    role,
    forwarding: role === "router" || role === "hypervisor",
    bridges: [],
    vxlans: [],
    bridgePorts: [],
    addresses: [],
    routes: [],
    vrrp: [],
  };
}
