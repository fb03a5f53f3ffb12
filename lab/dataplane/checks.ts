import * as ipaddr from "ipaddr.js";
import { addressOf, contains } from "../../config/addressing";
import type { StackConfig } from "../../config/schema";
import {
  type DataPlanePlan,
  INTERNET_DEVICE,
  type NamespacePlan,
  natsOutOfUplink,
  type OspfInterfacePlan,
  type VethPlan,
} from "./model";
import { packetPath } from "./packet-path";
import { arrivingSource, ping, vtyshJson } from "./probes";
import { run } from "./realize";

/** One line of the table: what was sent from where to where, and what came of it. */
export interface CheckLine {
  check: string;
  from: string;
  to: string;
  passed: boolean;
  detail: string;
  /** For what is measured: seconds until it held. */
  seconds?: number;
}

/** The data plane and what the stack means it to do: tenants' allow and internet, management, API ports. */
export interface CheckContext {
  plan: DataPlanePlan;
  config: StackConfig;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const byRole = (plan: DataPlanePlan, ...roles: NamespacePlan["role"][]) =>
  plan.namespaces.filter((ns) => roles.includes(ns.role));

export const namespaceNamed = (plan: DataPlanePlan, name: string) => {
  const ns = plan.namespaces.find((n) => n.name === name);
  if (!ns) throw new Error(`no namespace ${name} in the plan`);
  return ns;
};

export const internetOf = (plan: DataPlanePlan) =>
  plan.namespaces.find((ns) => ns.role === "lan" && ns.device === INTERNET_DEVICE);

export function loopbackOf(ns: NamespacePlan): string | undefined {
  const lo = ns.addresses.find((a) => a.interface === "lo" && a.address.endsWith("/32"));
  return lo && addressOf(lo.address);
}

/** An adjacency the cabling implies: both ends of a veth run OSPF on it, neither passive. */
export interface Adjacency {
  a: { ns: NamespacePlan; ospf: OspfInterfacePlan; mtu: number };
  b: { ns: NamespacePlan; ospf: OspfInterfacePlan; mtu: number };
}

export function impliedAdjacencies(plan: DataPlanePlan): Adjacency[] {
  const end = ({ namespace, interface: iface, mtu }: VethPlan["a"]) => {
    const ns = namespaceNamed(plan, namespace);
    const ospf = ns.ospf?.interfaces.find((i) => i.name === iface && !i.passive);
    return ospf && { ns, ospf, mtu };
  };
  return plan.veths.flatMap((veth) => {
    const [a, b] = [end(veth.a), end(veth.b)];
    return a && b ? [{ a, b }] : [];
  });
}

const side = (end: Adjacency["a"]) => `${end.ns.device} ${end.ospf.name}`;

/** Why two ends cannot become neighbors, from what each is configured with; undefined when they agree. */
export function adjacencyMismatch({ a, b }: Adjacency): string | undefined {
  if (a.ospf.area !== b.ospf.area) return `areas differ: ${side(a)} is in ${a.ospf.area}, ${side(b)} in ${b.ospf.area}`;
  if (a.ospf.network !== b.ospf.network) {
    return `network types differ: ${side(a)} is ${a.ospf.network}, ${side(b)} ${b.ospf.network}`;
  }
  // OSPF's database exchange refuses a neighbor whose MTU differs (RFC 2328, 10.6).
  if (a.mtu !== b.mtu) return `MTUs differ: ${side(a)} is at ${a.mtu}, ${side(b)} at ${b.mtu}`;
  if (!a.ospf.md5 !== !b.ospf.md5) {
    const [signed, unsigned] = a.ospf.md5 ? [a, b] : [b, a];
    return `authentication differs: ${side(signed)} signs with MD5, ${side(unsigned)} does not`;
  }
  if (a.ospf.md5 && b.ospf.md5) {
    if (a.ospf.md5.keyId !== b.ospf.md5.keyId) {
      return `MD5 key ids differ: ${side(a)} uses ${a.ospf.md5.keyId}, ${side(b)} ${b.ospf.md5.keyId}`;
    }
    if (a.ospf.md5.key !== b.ospf.md5.key) return `MD5 keys differ between ${side(a)} and ${side(b)}`;
  }
  return undefined;
}

interface NeighborJson {
  neighbors?: Record<string, { ifaceName?: string; converged?: string; state?: string; nbrState?: string }[]>;
}

/** The neighbor states an ospfd reports, by `interface routerId`. */
async function neighborStates(ns: NamespacePlan): Promise<Map<string, string>> {
  const json = await vtyshJson<NeighborJson>(ns.name, "show ip ospf neighbor");
  const states = new Map<string, string>();
  for (const [routerId, entries] of Object.entries(json?.neighbors ?? {})) {
    for (const entry of entries) {
      const iface = (entry.ifaceName ?? "").split(":")[0];
      states.set(`${iface} ${routerId}`, entry.converged ?? entry.nbrState ?? entry.state ?? "");
    }
  }
  return states;
}

/** Whether each implied adjacency is Full: polled until all are or the time is up, each timed from `since`. */
export async function ospfAdjacencies(
  plan: DataPlanePlan,
  options: { since: number; timeoutSeconds: number; expectDown?: Adjacency[] },
): Promise<CheckLine[]> {
  const adjacencies = impliedAdjacencies(plan);
  const fullAt = new Map<Adjacency, number>();
  const lastState = new Map<Adjacency, string>();
  const deadline = options.since + options.timeoutSeconds * 1000;
  const same = (x: Adjacency, y: Adjacency) => side(x.a) === side(y.a) && side(x.b) === side(y.b);
  const expectedDown = (adj: Adjacency) => options.expectDown?.some((down) => same(down, adj)) ?? false;
  for (;;) {
    const states = new Map(
      await Promise.all(
        byRole(plan, "router", "hypervisor").map(async (ns) => [ns.name, await neighborStates(ns)] as const),
      ),
    );
    for (const adj of adjacencies) {
      if (fullAt.has(adj)) continue;
      const seen = (from: Adjacency["a"], to: Adjacency["a"]) =>
        states.get(from.ns.name)?.get(`${from.ospf.name} ${to.ns.ospf?.routerId}`) ?? "";
      const [ab, ba] = [seen(adj.a, adj.b), seen(adj.b, adj.a)];
      lastState.set(
        adj,
        `${adj.a.ns.device} sees ${ab || "no neighbor"}, ${adj.b.ns.device} sees ${ba || "no neighbor"}`,
      );
      if (ab.startsWith("Full") && ba.startsWith("Full")) fullAt.set(adj, Date.now());
    }
    const waiting = adjacencies.filter((adj) => !fullAt.has(adj) && !expectedDown(adj));
    if (waiting.length === 0 && !options.expectDown?.length) break;
    if (Date.now() > deadline) break;
    await sleep(250);
  }
  return adjacencies.map((adj) => {
    const full = fullAt.get(adj);
    const mismatch = adjacencyMismatch(adj);
    const down = expectedDown(adj);
    return {
      check: down ? "OSPF adjacency stays down" : "OSPF adjacency Full",
      from: side(adj.a),
      to: side(adj.b),
      passed: down ? full === undefined : full !== undefined,
      detail:
        full !== undefined
          ? `Full (${adj.a.ospf.network}${adj.a.ospf.md5 ? ", MD5" : ""})`
          : `not Full: ${lastState.get(adj)}${mismatch ? `; ${mismatch}` : ""}`,
      ...(full !== undefined && !down ? { seconds: (full - options.since) / 1000 } : {}),
    };
  });
}

/** Every loopback pinged from every other loopback, once; the pairs that got no answer. */
export async function unreachableLoopbacks(
  plan: DataPlanePlan,
  timeoutSeconds = 1,
): Promise<[NamespacePlan, NamespacePlan][]> {
  const devices = byRole(plan, "router", "hypervisor").filter((ns) => loopbackOf(ns));
  const pairs = devices.flatMap((from) =>
    devices.filter((to) => to !== from).map((to) => [from, to] as [NamespacePlan, NamespacePlan]),
  );
  const answered = await Promise.all(
    pairs.map(([from, to]) => ping(from.name, loopbackOf(to) as string, { source: loopbackOf(from), timeoutSeconds })),
  );
  return pairs.filter((_, i) => !answered[i]);
}

export async function loopbackReachability(plan: DataPlanePlan): Promise<CheckLine[]> {
  const devices = byRole(plan, "router", "hypervisor").filter((ns) => loopbackOf(ns));
  const failed = await unreachableLoopbacks(plan);
  return Promise.all(
    devices.map(async (from) => {
      const lost = failed.filter(([source]) => source === from).map(([, to]) => to);
      const paths = await Promise.all(lost.map((to) => packetPath(plan, from.name, loopbackOf(to) as string)));
      return {
        check: "loopback reaches every loopback",
        from: `${from.device} ${loopbackOf(from)}`,
        to: `${devices.length - 1} loopbacks`,
        passed: lost.length === 0,
        detail:
          lost.length === 0
            ? "all answer"
            : lost.map((to, i) => `${to.device} ${loopbackOf(to)} does not answer; path: ${paths[i]}`).join("; "),
      };
    }),
  );
}

/** The MTU of a VM's NIC, the largest packet it sends unfragmented. */
function vmMtu(plan: DataPlanePlan, vm: NamespacePlan): number {
  return plan.veths.find((v) => v.a.namespace === vm.name)?.a.mtu ?? 1500;
}

/** The hypervisor a VM runs on and the vnet it is plugged into. */
function vmPlace(plan: DataPlanePlan, vm: NamespacePlan): { node: NamespacePlan; vnet: string } {
  const veth = plan.veths.find((v) => v.a.namespace === vm.name);
  const node = namespaceNamed(plan, veth?.b.namespace ?? "");
  const vnet = node.bridgePorts.find((p) => p.interface === veth?.b.interface)?.bridge ?? "";
  return { node, vnet };
}

export const vmAddress = (vm: NamespacePlan) => addressOf(vm.addresses[0].address);

function tenantOf(config: StackConfig, vm: NamespacePlan) {
  return config.tenants.find((t) => contains(t.cidr, vmAddress(vm)));
}

async function reached(
  plan: DataPlanePlan,
  line: Omit<CheckLine, "passed" | "detail">,
  from: NamespacePlan,
  to: string,
  options: { packetSize?: number; expect: boolean; what: string },
): Promise<CheckLine> {
  const answered = await ping(from.name, to, { packetSize: options.packetSize });
  const passed = answered === options.expect;
  const outcome = answered ? "answered" : "no answer";
  // A reply may come back another way than the request went: both paths, where they differ.
  const back = async () => {
    const target = plan.namespaces.find(
      (ns) => ns.addresses.some((a) => addressOf(a.address) === to) && (ns.role === "vm" || ns.role === "operator"),
    );
    return target ? `; back: ${await packetPath(plan, target.name, addressOf(from.addresses[0].address))}` : "";
  };
  const detail = passed
    ? `${options.what}: ${outcome}`
    : `${options.what}: ${outcome}, expected ${options.expect ? "an answer" : "a drop"}; path: ${await packetPath(plan, from.name, to)}${await back()}`;
  return { ...line, passed, detail };
}

/** Each VM reaches its gateway, and its tenant's VMs on other hypervisors, with a full-MTU packet that may not be fragmented. */
export async function vmChecks(plan: DataPlanePlan): Promise<CheckLine[]> {
  const vms = byRole(plan, "vm");
  const lines: Promise<CheckLine>[] = [];
  for (const vm of vms) {
    const mtu = vmMtu(plan, vm);
    const place = vmPlace(plan, vm);
    const gateway = vm.defaultRoute as string;
    lines.push(
      reached(
        plan,
        { check: "VM reaches its gateway", from: `${vm.device} (${place.node.device})`, to: `${gateway} (VRRP)` },
        vm,
        gateway,
        {
          packetSize: mtu,
          expect: true,
          what: `${mtu} bytes, DF`,
        },
      ),
    );
    for (const peer of vms.filter((p) => p !== vm)) {
      const there = vmPlace(plan, peer);
      if (there.vnet !== place.vnet || there.node === place.node) continue;
      lines.push(
        reached(
          plan,
          {
            check: "VM reaches its tenant on another hypervisor",
            from: `${vm.device} (${place.node.device})`,
            to: `${peer.device} (${there.node.device})`,
          },
          vm,
          vmAddress(peer),
          { packetSize: mtu, expect: true, what: `${mtu} bytes, DF, over VXLAN on ${place.vnet}` },
        ),
      );
    }
  }
  return Promise.all(lines);
}

const addressValue = (address: string) =>
  ipaddr.IPv4.parse(address)
    .toByteArray()
    .reduce((n, byte) => n * 256 + byte, 0);
const byAddress = (x: string, y: string) => addressValue(x) - addressValue(y);

/** Why VXLAN cannot carry a router's broadcast to a VM's hypervisor: a missing flood entry at either end. */
function missingVtep(router: NamespacePlan, bridge: string, node: NamespacePlan): string | undefined {
  const vxlan = router.vxlans.find((v) => v.bridge === bridge);
  const nodeVxlan = node.vxlans.find((v) => v.bridge === bridge);
  const nodeLoopback = loopbackOf(node);
  if (!vxlan) return `${router.device} has no VXLAN on ${bridge}`;
  if (nodeLoopback && !vxlan.remotes.includes(nodeLoopback)) {
    return `${router.device} ${vxlan.name} has no VTEP for ${node.device} ${nodeLoopback} (it floods to ${[...vxlan.remotes].sort(byAddress).join(", ")})`;
  }
  if (nodeVxlan && !nodeVxlan.remotes.includes(vxlan.local)) {
    return `${node.device} ${nodeVxlan.name} has no peer ${router.device} ${vxlan.local}`;
  }
  return undefined;
}

/**
 * Each gateway router reaches each VM on its tenant segments from its own address there: the
 * router's ARP is a broadcast, which only the VTEPs' flood entries carry to the VM's hypervisor.
 * Run before the VMs speak, which would teach the routers their addresses.
 */
export async function segmentChecks(plan: DataPlanePlan): Promise<CheckLine[]> {
  const lines: Promise<CheckLine>[] = [];
  for (const router of byRole(plan, "router")) {
    for (const vm of byRole(plan, "vm")) {
      const { node, vnet } = vmPlace(plan, vm);
      const own = router.addresses.find((a) => a.interface === vnet && !a.address.endsWith("/32"));
      if (!own) continue;
      lines.push(
        ping(router.name, vmAddress(vm), { source: addressOf(own.address) }).then(async (answered) => {
          const why = answered ? undefined : missingVtep(router, vnet, node);
          return {
            check: "gateway router reaches the VM over VXLAN",
            from: `${router.device} ${vnet} ${addressOf(own.address)}`,
            to: `${vm.device} (${node.device})`,
            passed: answered,
            detail: answered
              ? "answered"
              : `no answer${why ? `: ${why}` : ""}; path: ${await packetPath(plan, router.name, vmAddress(vm))}`,
          };
        }),
      );
    }
  }
  return Promise.all(lines);
}

/** A network the stack's allow lists name, with the device that stands for it in the checks. */
interface NamedNetwork {
  name: string;
  cidr: string;
  allow: string[];
  representative: NamespacePlan;
}

/**
 * The first VM of each tenant that has one, and the first operator's device on the ZeroTier
 * network when the data plane has one: the networks the allow lists name, each with a device.
 */
function networksWithDevices(plan: DataPlanePlan, config: StackConfig): NamedNetwork[] {
  const networks = [...config.tenants, ...(config.zerotier ? [config.zerotier.network] : [])];
  return networks.flatMap(({ name, cidr, allow }) => {
    const representative = byRole(plan, "vm", "operator").find((ns) => contains(cidr, vmAddress(ns)));
    return representative ? [{ name, cidr, allow, representative }] : [];
  });
}

/** Every ordered pair of networks with a device each: reached when the first one's allow names the second, dropped otherwise. */
export async function tenantPairs({ plan, config }: CheckContext): Promise<CheckLine[]> {
  const networks = networksWithDevices(plan, config);
  const lines: Promise<CheckLine>[] = [];
  for (const a of networks) {
    for (const b of networks) {
      if (a === b) continue;
      const allowed = a.allow.some((x) => x === b.name || (x.includes("/") && contains(x, addressOf(b.cidr))));
      const line = {
        from: `${a.name}: ${a.representative.device}`,
        to: `${b.name}: ${b.representative.device}`,
      };
      const target = vmAddress(b.representative);
      if (allowed) {
        lines.push(
          reached(plan, { check: "allowed tenant pair reaches", ...line }, a.representative, target, {
            expect: true,
            what: `${a.name} allows ${b.name}`,
          }),
        );
        continue;
      }
      // A drop is decided where the request would arrive: an answer lost on its way back hides a request let through.
      lines.push(
        arrivingSource(
          { namespace: b.representative.name, interface: "eth0" },
          { namespace: a.representative.name, destination: target, source: vmAddress(a.representative) },
        ).then(async (arrived) => ({
          check: "other tenant pair is dropped",
          ...line,
          passed: arrived === undefined,
          detail:
            arrived === undefined
              ? `${a.name} does not allow ${b.name}: nothing arrived`
              : `${a.name} does not allow ${b.name}, but the request arrived; path: ${await packetPath(plan, a.representative.name, target)}`,
        })),
      );
    }
  }
  return Promise.all(lines);
}

/** The routers' addresses that src-NAT masquerades to: those on the out-interfaces of their NAT rules. */
export function uplinkAddresses(plan: DataPlanePlan): Map<string, string> {
  const addresses = new Map<string, string>();
  for (const router of byRole(plan, "router")) {
    for (const rule of (router.firewall?.srcnat ?? []).filter(natsOutOfUplink)) {
      for (const a of router.addresses.filter((x) => x.interface === rule.outInterface)) {
        addresses.set(addressOf(a.address), `${router.device} ${a.interface}`);
      }
    }
  }
  return addresses;
}

/** A tenant with internet reaches the internet namespace from the uplink's address; one without does not reach it. */
export async function internetChecks({ plan, config }: CheckContext): Promise<CheckLine[]> {
  const internet = internetOf(plan);
  if (!internet) return [];
  const host = addressOf(internet.addresses[0].address);
  const uplinks = uplinkAddresses(plan);
  const seen = new Set<string>();
  const lines: CheckLine[] = [];
  for (const vm of byRole(plan, "vm")) {
    const tenant = tenantOf(config, vm);
    if (!tenant || seen.has(tenant.name)) continue;
    seen.add(tenant.name);
    const line = {
      check: tenant.internet ? "tenant reaches the internet, src-NATed" : "tenant without internet is dropped",
      from: `${tenant.name}: ${vm.device} ${vmAddress(vm)}`,
      to: `internet ${host}`,
    };
    const source = await arrivingSource(
      { namespace: internet.name, interface: "lan" },
      { namespace: vm.name, destination: host },
    );
    const answered = await ping(vm.name, host);
    if (tenant.internet) {
      const translated = source !== undefined && uplinks.has(source);
      lines.push({
        ...line,
        passed: answered && translated,
        detail: translated
          ? `arrived from ${source} (${uplinks.get(source as string)})${answered ? ", answered" : ", no answer came back"}`
          : `${source ? `arrived from ${source}, not an uplink address` : "nothing arrived"}; path: ${await packetPath(plan, vm.name, host)}`,
      });
    } else {
      lines.push({
        ...line,
        passed: source === undefined && !answered,
        detail:
          source === undefined
            ? "nothing arrived"
            : `arrived from ${source}; path: ${await packetPath(plan, vm.name, host)}`,
      });
    }
  }
  return lines;
}

/**
 * Isolation from outside: the internet, given a route to every tenant and to the management
 * network through an uplink (as any host on the ISP's side can send), gets nothing through to the
 * tenants' VMs, the operators' devices, or the nodes and the poller on the management network,
 * because the forward chain drops what it did not allow. The target itself is watched, so a
 * request let through fails the check even when its reply is lost on another router's way back.
 * Without the route the check could not fail.
 */
export async function inboundChecks({ plan, config }: CheckContext): Promise<CheckLine[]> {
  const internet = internetOf(plan);
  const [uplink] = uplinkAddresses(plan);
  if (!internet || !uplink) return [];
  const [via, router] = uplink;
  const host = addressOf(internet.addresses[0].address);
  const targets = [
    ...networksWithDevices(plan, config).map(({ name, cidr, representative }) => ({
      check: "the internet does not reach into a tenant",
      cidr,
      name,
      vm: representative,
      port: "eth0",
      target: vmAddress(representative),
    })),
    // The management network's hosts besides the routers: each node's vmbr0 and the poller.
    ...[
      ...byRole(plan, "hypervisor").sort((a, b) => a.device.localeCompare(b.device)),
      ...byRole(plan, "poller"),
    ].flatMap((ns) =>
      ns.addresses
        .filter((a) => contains(config.management.cidr, addressOf(a.address)))
        .map((a) => ({
          check: "the internet does not reach the management network",
          cidr: config.management.cidr,
          name: "management",
          vm: ns,
          port: a.interface,
          target: addressOf(a.address),
        })),
    ),
  ];
  const routed = [...new Set(targets.map((t) => t.cidr))];
  for (const cidr of routed) run("ip", ["-n", internet.name, "route", "replace", cidr, "via", via]);
  try {
    const lines: CheckLine[] = [];
    for (const { check, name, vm, port, target } of targets) {
      const arrived = await arrivingSource(
        { namespace: vm.name, interface: port },
        { namespace: internet.name, destination: target },
      );
      lines.push({
        check,
        from: `internet ${host}`,
        to: `${name}: ${vm.device} ${target}`,
        passed: arrived === undefined,
        detail:
          arrived === undefined
            ? `routed in through ${router} ${via}: nothing arrived`
            : `routed in through ${router} ${via}: arrived from ${arrived}; path: ${await packetPath(plan, internet.name, target)}`,
      });
    }
    return lines;
  } finally {
    for (const cidr of routed) run("ip", ["-n", internet.name, "route", "del", cidr]);
  }
}
