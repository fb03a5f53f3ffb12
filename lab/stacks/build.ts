import { hostAddress } from "../../config/addressing";
import { CCR, cablePorts, type StackShape, shapeProblem } from "./shape";

/** A stack's config as its stack file holds it, keys without the `budgetcloud:` namespace. */
export type RawStack = Record<string, unknown>;

const TENANT_NAMES = ["app", "sql", "web", "db", "mail", "dev", "ci", "files"];
const OPERATORS = "ops";
const RING = { mtu: 9050, l2mtu: 9134 };
const UPLINK_NETWORK = "198.51.100.0/29";

/** The SSH host keys the lab's nodes hold (lab/keys), by node. */
export const HOST_KEYS: readonly string[] = [
  "SHA256:p4J4ph2s3m4z6g+bogjutWwiVHjNSzyYjJhO7jRnP20",
  "SHA256:fFfKSvxKq9hCXC12tswY187LAiqBE1HkoZCFCV2T1n0",
  "SHA256:bA26GABUhZUpW6vdZwef0ig22LkPNQqQLedxSCpPfPY",
  "SHA256:sFvcAVdmHwZRjG5A5ih5G0t6aMeRjRfnynxx1qAvQo8",
  "SHA256:yj2fG0Yiv+yVzSFviCrDSgBG2b9D1eERzl6SiZyhFIk",
];
/** The fingerprint of the lab cluster's certificate (lab/keys/pve-ssl.json). */
const PROXMOX_FINGERPRINT =
  "B6:9B:96:CE:24:BB:BB:4D:09:1D:6D:59:37:47:D8:C4:34:E0:11:8C:BB:0E:B5:99:8A:14:11:0F:CE:12:BD:D1";

const routerName = (r: number) => `MTK-${r + 1}`;
const nodeName = (h: number) => `PVE-${h + 1}`;

/** A router's ports, handed out as cables need them: the router's own cables first, the uplink from the end. */
class PortAllocator {
  private readonly free: string[];
  constructor(model: string) {
    this.free = cablePorts(model as typeof CCR);
  }
  next(preferring?: RegExp): string {
    const index = preferring
      ? Math.max(
          0,
          this.free.findIndex((p) => preferring.test(p)),
        )
      : 0;
    return this.free.splice(index, 1)[0];
  }
  last(): string {
    return this.free.pop() as string;
  }
}

/** The stack file config of a shape: names, ports and addresses laid out from its address blocks. */
export function buildStack(shape: StackShape): RawStack {
  const problem = shapeProblem(shape);
  if (problem) throw new Error(`seed ${shape.seed}: not a valid shape: ${problem}`);
  const { blocks } = shape;
  const ports = shape.routers.map((model) => new PortAllocator(model));
  const routerLoopback = (r: number) => `${blocks.routerLoopbacks}.0.${r + 1}`;
  // Hypervisors' loopbacks sit apart from the routers' even when they share a block.
  const hypervisorLoopback = (h: number) => `${blocks.hypervisorLoopbacks}.1.${h + 1}`;
  let nextLink = 0;
  const linkHosts = () => {
    const network = `${blocks.links}.${Math.floor(nextLink / 64)}.${(nextLink % 64) * 4}/30`;
    nextLink++;
    return [hostAddress(network, 1), hostAddress(network, 2)];
  };
  const management = `${blocks.management}.0.0/24`;
  const tenantCidr = (t: number) => `${blocks.tenants}.${10 + 2 * t}.0/${shape.tenants[t].prefixLength}`;
  const zerotierCidr = `${blocks.zerotier}.0.0/24`;

  const routers = shape.routers.map((model, r) => ({
    name: routerName(r),
    model,
    host: "127.0.0.1",
    port: 18728 + r,
    interfaces: [
      { name: "ether1", comment: "Management", address: `${hostAddress(management, r + 1)}/24` } as Record<
        string,
        unknown
      >,
      { name: "lo", comment: "loopback for OSPF", address: `${routerLoopback(r)}/32`, loopback: true },
    ],
    ospf: {
      routerId: routerLoopback(r),
      interfaces: [{ interface: "lo", type: "passive" }] as Record<string, unknown>[],
    },
  }));
  const cableProps = (r: number) => (shape.routers[r] === CCR ? RING : { mtu: RING.mtu });
  const links: { a: string; b: string }[] = [];
  for (const [a, b] of shape.links) {
    const [portA, portB] = [ports[a].next(/^qsfp|^ether/), ports[b].next(/^qsfp|^ether/)];
    const [hostA, hostB] = linkHosts();
    routers[a].interfaces.push({
      name: portA,
      comment: `to ${routerName(b)}`,
      address: `${hostA}/30`,
      ...cableProps(a),
    });
    routers[b].interfaces.push({
      name: portB,
      comment: `to ${routerName(a)}`,
      address: `${hostB}/30`,
      ...cableProps(b),
    });
    routers[a].ospf.interfaces.push({ interface: portA, type: "ptp", auth: "md5" });
    routers[b].ospf.interfaces.push({ interface: portB, type: "ptp", auth: "md5" });
    links.push({ a: `${routerName(a)}:${portA}`, b: `${routerName(b)}:${portB}` });
  }
  const hypervisors = shape.hypervisors.map((cabled, h) => ({
    name: nodeName(h),
    host: "127.0.0.1",
    managementAddress: hostAddress(management, 100 + h),
    sshPort: 18022 + h,
    loopback: `${hypervisorLoopback(h)}/32`,
    sshHostKey: HOST_KEYS[h],
    interfaces: cabled.map((r, k) => {
      const port = ports[r].next(/^sfp|^ether/);
      const [routerHost, nodeHost] = linkHosts();
      routers[r].interfaces.push({
        name: port,
        comment: `${nodeName(h)} (port ${k + 1})`,
        address: `${routerHost}/30`,
        ...cableProps(r),
      });
      routers[r].ospf.interfaces.push({ interface: port, type: "broadcast" });
      links.push({ a: `${routerName(r)}:${port}`, b: `${nodeName(h)}:ens1f${k}` });
      return { name: `ens1f${k}`, comment: `${routerName(r)} ${port}`, address: `${nodeHost}/30`, mtu: RING.mtu };
    }),
  }));
  shape.uplinks.forEach((r, u) => {
    const port = ports[r].last();
    Object.assign(routers[r], { uplink: port });
    routers[r].interfaces.push({ name: port, comment: "Uplink", address: `${hostAddress(UPLINK_NETWORK, u + 1)}/29` });
  });

  const names = shape.tenants.map((_, t) => TENANT_NAMES[t]);
  const tenants = shape.tenants.map((tenant, t) => ({
    name: names[t],
    vni: 1000 + t,
    cidr: tenantCidr(t),
    gateway: hostAddress(tenantCidr(t), 1),
    vrid: t + 1,
    bridge: `vbr${1000 + t}`,
    routers: tenant.gateways.map((r, g) => ({ router: routerName(r), priority: g === 0 ? 200 : 100 - g })),
    allow: [...tenant.allow.map((a) => names[a]), ...(tenant.allowsOperators ? [OPERATORS] : [])],
    internet: tenant.internet,
  }));
  const vms = shape.tenants.flatMap((tenant, t) =>
    tenant.vms.map((h, k) => ({
      name: `${names[t]}-${k + 1}`,
      node: nodeName(h),
      os: "linux",
      template: "ubuntu2204-cloudinit",
      tenant: names[t],
      ip: hostAddress(tenantCidr(t), 10 + k),
      disk: { size: 10, storage: "vm_data" },
    })),
  );

  const { zerotier } = shape;
  for (const r of zerotier?.routers ?? []) routers[r].ospf.interfaces.push({ interface: "zerotier1", type: "passive" });
  const size = Math.min(3, hypervisors.length);
  const stack: RawStack = {
    environment: "lab",
    domain: "example.net",
    // Pulumi runs on the lab's host; with ZeroTier, the operators' devices are on its network, as in prod.
    management: { cidr: management, operators: ["127.0.0.0/8", ...(zerotier ? [zerotierCidr] : [])] },
    routerApi: { username: "budgetcloud", plaintext: true },
    routers,
    links,
    proxmox: {
      endpoint: "https://127.0.0.1:18006",
      tokenId: "budgetcloud@pve!pulumi",
      tls: { fingerprint: PROXMOX_FINGERPRINT },
    },
    hypervisors,
    tenants,
    firewall: {
      forward: shape.forwardRules.map(({ tenant, inbound }) => {
        const [src, dst] = inbound
          ? [`${blocks.external}.0.0/24`, names[tenant]]
          : [names[tenant], `${blocks.external}.0.0/24`];
        return { src, dst, protocol: "tcp", dstPort: "443", comment: `${src} to ${dst}` };
      }),
      input: shape.inputDrops.map((t) => ({
        src: names[t],
        action: "drop",
        protocol: "tcp",
        dstPort: "22",
        comment: `no SSH from ${names[t]}`,
      })),
    },
    nat: shape.tenants.flatMap((tenant, t) => (tenant.internet ? [{ src: tenantCidr(t), comment: names[t] }] : [])),
    storage: {
      pools: [{ name: "vm_data", size, minSize: Math.min(2, size), application: "rbd" }],
      rbd: [{ id: "vm_data", pool: "vm_data", content: ["images", "rootdir"] }],
    },
    templates: hypervisors.map((h, i) => ({ name: "ubuntu2204-cloudinit", vmid: 9000 + 100 * i, node: h.name })),
    vms,
  };
  if (zerotier) {
    stack.zerotier = {
      endpoint: "http://127.0.0.1:19993/api/v1",
      network: {
        name: OPERATORS,
        cidr: zerotierCidr,
        pool: { start: hostAddress(zerotierCidr, 100), end: hostAddress(zerotierCidr, 199) },
        allow: zerotier.allow.map((t) => names[t]),
        rules:
          "drop not ethertype ipv4 and not ethertype arp and not ethertype ipv6;\ncap fabric id 1 accept; ;\naccept;\n",
      },
      routers: zerotier.routers.map((r, i) => ({
        router: routerName(r),
        ip: hostAddress(zerotierCidr, i + 1),
        capabilities: ["fabric"],
      })),
      members: Array.from({ length: zerotier.members }, (_, m) => ({
        name: `operator-${m + 1}`,
        nodeId: (0xe000000000 + shape.seed * 16 + m).toString(16).slice(-10),
        ip: hostAddress(zerotierCidr, 250 - m),
      })),
    };
  }
  if (shape.monitoring) {
    stack.monitoring = {
      endpoint: "http://127.0.0.1:18080/api/v0",
      poller: hostAddress(management, 200),
      snmp: { user: "librenms" },
      location: "Lab",
    };
  }
  return stack;
}
