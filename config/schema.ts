import { z } from "zod";
import { isIpv4Address, isIpv4Cidr, isIpv4Prefix } from "./addressing";

// Every object is strict: a misspelt key in a stack file is an error, not a silently ignored line.

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "must be letters, digits, '-', '_' or '.'");
const prefix = z.string().refine(isIpv4Prefix, { error: (issue) => `${issue.input} is not an IPv4 prefix` });
const cidr = z.string().refine(isIpv4Cidr, {
  error: (issue) => `${issue.input} is not an IPv4 address with a prefix length`,
});
const address = z.string().refine(isIpv4Address, { error: (issue) => `${issue.input} is not an IPv4 address` });
const port = z.number().int().min(1).max(65535);
/** A `device:interface` reference, as `MTK-3:qsfp28-1-1`. */
const endpoint = z.string().regex(/^[^:\s]+:[^:\s]+$/, "must be written device:interface");

/** TLS of an API endpoint: pin a CA or a certificate fingerprint; skip verification only on request. */
const tls = z.strictObject({
  ca: z.string().optional(),
  fingerprint: z
    .string()
    .regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/, "must be a SHA-256 fingerprint, AB:CD:…")
    .optional(),
  insecure: z.boolean().default(false),
});

const routerInterface = z.strictObject({
  name,
  comment: z.string().optional(),
  address: cidr.optional(),
  mtu: z.number().int().min(68).max(65535).optional(),
  l2mtu: z.number().int().min(68).max(65535).optional(),
  /** The router's loopback: a bridge with no ports that holds the device's /32. */
  loopback: z.boolean().default(false),
});

const ospfInterface = z.strictObject({
  interface: name,
  type: z.enum(["ptp", "broadcast", "passive"]),
  auth: z.enum(["md5"]).optional(),
});

const router = z.strictObject({
  name,
  model: z.string().optional(),
  /** Where the RouterOS API listens: the management address. */
  host: address,
  port: port.optional(),
  /** The interface facing the internet: firewall and src-NAT go out of it. */
  uplink: name.optional(),
  interfaces: z.array(routerInterface).min(1),
  ospf: z.strictObject({
    routerId: address,
    interfaces: z.array(ospfInterface).default([]),
  }),
});

const routerApi = z.strictObject({
  username: z.string().min(1).default("budgetcloud"),
  /** api-ssl (8729) unless the stack explicitly allows the plain-text API (8728). */
  plaintext: z.boolean().default(false),
  tls: tls.default({ insecure: false }),
  timeoutSeconds: z.number().positive().default(10),
});

const hypervisorInterface = z.strictObject({
  name,
  comment: z.string().optional(),
  address: cidr,
  /** The NIC's MTU, as PVE takes it (1280-65520); unset, the kernel's 1500. */
  mtu: z.number().int().min(1280).max(65520).optional(),
});

const hypervisor = z.strictObject({
  name,
  /** The Proxmox node name, when it differs from the device name. */
  node: name.optional(),
  host: address,
  /**
   * The node's address on the management network (its vmbr0, set when PVE was installed), where its
   * API, SSH and SNMP answer; `host`, when `host` is on the management network.
   */
  managementAddress: address.optional(),
  loopback: cidr,
  interfaces: z.array(hypervisorInterface).default([]),
  /** SHA-256 fingerprint of the node's SSH host key, as `ssh-keygen -lf` prints it. */
  sshHostKey: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, "must be an SSH SHA256 fingerprint"),
  sshPort: port.default(22),
});

const proxmox = z.strictObject({
  endpoint: z.url(),
  /** `user@realm!tokenid`; its secret is the `proxmoxTokenSecret` secret. */
  tokenId: z.string().regex(/^[^@\s]+@[^!\s]+![A-Za-z][A-Za-z0-9._-]*$/, "must be user@realm!tokenid"),
  tls: tls.default({ insecure: false }),
  snippetsStorage: name.default("local"),
  snippetsPath: z.string().default("/var/lib/vz/snippets"),
});

const gatewayRouter = z.strictObject({
  router: name,
  priority: z.number().int().min(1).max(254),
});

const tenant = z.strictObject({
  name,
  vni: z.number().int().min(1).max(16777215),
  cidr: prefix,
  /** The VRRP address VMs route through. */
  gateway: address,
  vrid: z.number().int().min(1).max(255),
  routers: z.array(gatewayRouter).min(2, "a tenant gateway needs two or more routers"),
  /** Bridge name on the hypervisors (Proxmox SDN vnet). */
  bridge: z.string().regex(/^[a-z][a-z0-9]{0,7}$/, "must be a vnet id: lowercase, at most 8 characters"),
  mtu: z.number().int().min(576).max(65535).default(1500),
  /** Tenants and prefixes this tenant may reach; everything else is dropped. */
  allow: z.array(z.union([name, prefix])).default([]),
  /** Reach the internet through src-NAT on the routers' uplinks. */
  internet: z.boolean().default(false),
});

const forwardRule = z.strictObject({
  src: z.union([name, prefix]),
  dst: z.union([name, prefix]),
  protocol: z.enum(["tcp", "udp", "icmp"]).optional(),
  dstPort: z
    .string()
    .regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, "must be ports or ranges, as 22,80-81")
    .optional(),
  comment: z.string().optional(),
});

/** A rule of the routers' input chain: what may reach the routers themselves. */
const inputRule = z.strictObject({
  src: z.union([name, prefix]),
  action: z.enum(["accept", "drop"]).default("accept"),
  protocol: z.enum(["tcp", "udp", "icmp"]).optional(),
  dstPort: z
    .string()
    .regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, "must be ports or ranges, as 22,80-81")
    .optional(),
  comment: z.string().optional(),
});

const pool = z.strictObject({
  name,
  size: z.number().int().min(1).max(7).default(3),
  minSize: z.number().int().min(1).max(7).default(2),
  pgAutoscaleMode: z.enum(["on", "off", "warn"]).default("on"),
  application: z.enum(["rbd", "cephfs", "rgw"]).default("rbd"),
  targetSizeRatio: z.number().min(0).optional(),
  targetSize: z
    .string()
    .regex(/^\d+[KMGT]?$/, "must be a size, as 500G")
    .optional(),
  crushRule: z.string().optional(),
});

const rbdStorage = z.strictObject({
  id: name,
  pool: name,
  content: z
    .array(z.enum(["images", "rootdir"]))
    .min(1)
    .default(["images"]),
  krbd: z.boolean().default(false),
  nodes: z.array(name).optional(),
});

const vm = z.strictObject({
  name,
  /** The VM's id in the cluster; budgetcloud derives a stable one from the name unless given. */
  vmid: z.number().int().min(100).max(999999999).optional(),
  node: name,
  os: z.enum(["linux", "windows"]),
  template: name,
  tenant: name,
  ip: address,
  cores: z.number().int().min(1).max(512).default(2),
  memory: z.number().int().min(16).describe("MiB").default(2048),
  disk: z.strictObject({
    size: z.number().int().min(1).describe("GiB"),
    storage: name,
  }),
  ha: z.boolean().default(true),
  onBoot: z.boolean().default(true),
  /**
   * In a protected stack (prod by default), an up may delete or replace this VM, its disk with it:
   * set for the run that renames it, moves it to another OS or takes it out, then unset.
   */
  replaceable: z.boolean().default(false),
});

/** A cloud-init template VM to clone from: bpg's VM resource clones by id, on the template's node. */
const template = z.strictObject({
  name,
  vmid: z.number().int().min(100).max(999999999),
  /** The hypervisor that holds it. */
  node: name,
});

const vmUser = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_-]*$/, "must be a Linux user name"),
  // One line: a newline would start another authorized_keys entry, options and all.
  sshAuthorizedKeys: z
    .array(
      z
        .string()
        .regex(
          /^(ssh|ecdsa|sk)-[^\s]+ [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/,
          "must be one OpenSSH public key on one line",
        ),
    )
    .default([]),
  sudo: z.boolean().default(false),
});

/** A member's tags: `tag=value`, a value being one of the tag's enum names or a number. */
const zerotierTags = z
  .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*=[A-Za-z0-9_-]+$/, "must be tag=value"))
  .default([]);

/** A device on the operators' ZeroTier network, by its ZeroTier address. */
const zerotierMember = z.strictObject({
  name,
  nodeId: z.string().regex(/^[0-9a-f]{10}$/, "must be a ZeroTier address (10 lowercase hex digits)"),
  description: z.string().optional(),
  /** A fixed address on the network; without one, Central assigns one from the pool. */
  ip: address.optional(),
  /** Capability names, as the network's rules declare them. */
  capabilities: z.array(name).default([]),
  tags: zerotierTags,
  authorized: z.boolean().default(true),
  activeBridge: z.boolean().default(false),
  ssoExempt: z.boolean().default(false),
});

/** A router on the operators' network: its ZeroTier package joins, and Central authorizes it at a fixed address. */
const zerotierRouter = z.strictObject({
  router: name,
  ip: address,
  capabilities: z.array(name).default([]),
  tags: zerotierTags,
});

/** The operators' VPN: a ZeroTier network managed in Central, and its members. */
const zerotier = z.strictObject({
  /** Central's API; its token is the `zerotierToken` secret. */
  endpoint: z.url().default("https://api.zerotier.com/api/v1"),
  network: z.strictObject({
    name,
    description: z.string().optional(),
    /** The network's subnet, which its members' addresses and the auto-assign pool are in. */
    cidr: prefix,
    pool: z.strictObject({ start: address, end: address }),
    private: z.boolean().default(true),
    dns: z.strictObject({ domain: z.string(), servers: z.array(address).default([]) }).optional(),
    /** The flow rules source, which declares the capabilities and tags members are given by name. */
    rules: z.string().min(1),
    /** Tenants and prefixes the operators may reach through the routers; tenants name the network by its `name`. */
    allow: z.array(z.union([name, prefix])).default([]),
  }),
  /** Routers that join: the tenants' prefixes are routed to the network through them. */
  routers: z.array(zerotierRouter).default([]),
  members: z.array(zerotierMember).default([]),
});

/**
 * Monitoring: every router, hypervisor and VM answers SNMPv3 to the poller, and is registered in
 * LibreNMS. The user's passwords are the `snmpAuthPassword` and `snmpPrivPassword` secrets.
 */
const monitoring = z.strictObject({
  /** LibreNMS's API (v0); its token is the `librenmsToken` secret. */
  endpoint: z.url(),
  tls: tls.default({ insecure: false }),
  /** The poller's address on the management network: the one source the devices answer SNMP to. */
  poller: address,
  pollerGroup: z.number().int().min(0).default(0),
  snmp: z.strictObject({
    /** The SNMPv3 user every device has (a RouterOS community of security private). */
    user: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, "must be a user name of at most 32 letters, digits, '-' or '_'"),
    /** RouterOS 7 authenticates SNMPv3 with MD5 or SHA1, and encrypts with DES or AES. */
    authProtocol: z.enum(["SHA1", "MD5"]).default("SHA1"),
    privProtocol: z.enum(["AES", "DES"]).default("AES"),
  }),
  contact: z.string().default(""),
  /** Where devices are, for those `locations` does not name. */
  location: z.string().default(""),
  /** Where each device is, by its name. */
  locations: z.record(name, z.string()).default({}),
  /** Routers, hypervisors and VMs (by name) that are not registered in LibreNMS. */
  exclude: z.array(name).default([]),
});

export const stackConfigSchema = z.strictObject({
  environment: z.enum(["prod", "qa", "lab"]),
  /** Protected stacks never delete or replace storage; defaults to true for prod. */
  protect: z.boolean().optional(),
  domain: z.string().min(1),
  timezone: z.string().default("Etc/UTC"),
  nameservers: z.array(address).default([]),
  management: z.strictObject({
    cidr: prefix,
    /** Where Pulumi runs from; the firewall must never cut these off the management network. */
    operators: z.array(prefix).min(1),
  }),
  routerApi: routerApi.default({
    username: "budgetcloud",
    plaintext: false,
    tls: { insecure: false },
    timeoutSeconds: 10,
  }),
  routers: z.array(router).default([]),
  links: z.array(z.strictObject({ a: endpoint, b: endpoint })).default([]),
  proxmox: proxmox.optional(),
  hypervisors: z.array(hypervisor).default([]),
  tenants: z.array(tenant).default([]),
  firewall: z
    .strictObject({ forward: z.array(forwardRule).default([]), input: z.array(inputRule).default([]) })
    .default({ forward: [], input: [] }),
  nat: z.array(z.strictObject({ src: prefix, comment: z.string().optional() })).default([]),
  storage: z
    .strictObject({ pools: z.array(pool).default([]), rbd: z.array(rbdStorage).default([]) })
    .default({ pools: [], rbd: [] }),
  templates: z.array(template).default([]),
  vms: z.array(vm).default([]),
  /** Users and keys cloud-init puts on every Linux VM. */
  vmUsers: z.array(vmUser).default([]),
  /** JumpCloud registration of new VMs; its API and connect keys are secrets. */
  zerotier: zerotier.optional(),
  monitoring: monitoring.optional(),
  jumpcloud: z
    .strictObject({ systemGroupId: z.string().regex(/^[0-9a-f]{24}$/, "must be a JumpCloud group id (24 hex digits)") })
    .optional(),
});

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type RouterConfig = StackConfig["routers"][number];
export type HypervisorConfig = StackConfig["hypervisors"][number];
export type TenantConfig = StackConfig["tenants"][number];
export type VmConfig = StackConfig["vms"][number];
export type ZeroTierConfig = NonNullable<StackConfig["zerotier"]>;
export type MonitoringConfig = NonNullable<StackConfig["monitoring"]>;
