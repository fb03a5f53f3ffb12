import { addressOf, contains, hostAddress, lengthOf, networkOf } from "../../config/addressing";
import type { StackConfig } from "../../config/schema";
import { planClusterNamespaces } from "./cluster-namespaces";
import type { DeviceDump } from "./device-dump";
import { NotRealizableError } from "./device-rows";
import {
  type DataPlanePlan,
  DEFAULT_PREFIX,
  emptyNamespace,
  INTERNET_DEVICE,
  type NamespacePlan,
  natsOutOfUplink,
  POLLER_DEVICE,
  type VethPlan,
} from "./model";
import { planRouterNamespace, type RouterPort } from "./router-namespace";
import { planZeroTierNetworks } from "./zerotier-namespaces";

const MAX_INTERFACE_NAME = 15;

/**
 * The whole data plane from a device dump: a namespace per router, hypervisor and VM; a veth pair
 * per cable of the stack's `links` (the only thing taken from the stack, since no device knows
 * its cabling); a LAN namespace per subnet that addressed, uncabled router ports share, with
 * a host of its own: the management network, and the internet behind the uplinks; and each ZeroTier
 * network the routers joined, with its other members, from what its controller holds.
 */
export function planDataPlane(dump: DeviceDump, links: StackConfig["links"], prefix = DEFAULT_PREFIX): DataPlanePlan {
  const namespaceOf = (device: string) => `${prefix}${device}`;
  const routers = dump.routers.map((router) => planRouterNamespace(router, namespaceOf));
  const cluster = planClusterNamespaces(dump.cluster, namespaceOf);
  const namespaces = new Map<string, NamespacePlan>(
    [...routers.map((r) => r.namespace), ...cluster.hypervisors].map((ns) => [ns.device, ns]),
  );
  const ports = new Map<string, Partial<RouterPort> & Omit<RouterPort, "mac">>(
    [...routers.flatMap((r) => r.ports), ...cluster.ports].map((p) => [`${p.device}:${p.interface}`, p]),
  );
  const portAt = (endpoint: string, link: number) => {
    const port = ports.get(endpoint);
    if (!port) {
      const [device, iface] = endpoint.split(":");
      const reason = namespaces.has(device)
        ? `: ${device} holds no port ${iface}`
        : `: ${device} is no device of the dump`;
      throw new NotRealizableError(device, "stack", `links[${link}]`, endpoint, reason);
    }
    return port;
  };

  const veths: VethPlan[] = [];
  const cabled = new Set<string>();
  links.forEach((link, index) => {
    const [a, b] = [portAt(link.a, index), portAt(link.b, index)];
    // Each end at its own device's MTU, as on a cable: ends that differ keep OSPF from forming.
    veths.push({
      a: {
        namespace: namespaceOf(a.device),
        interface: a.interface,
        mtu: a.mtu,
        ...(a.mac ? { mac: a.mac.toLowerCase() } : {}),
      },
      b: {
        namespace: namespaceOf(b.device),
        interface: b.interface,
        mtu: b.mtu,
        ...(b.mac ? { mac: b.mac.toLowerCase() } : {}),
      },
    });
    for (const port of [a, b]) {
      cabled.add(`${port.device}:${port.interface}`);
      for (const address of port.addresses) {
        namespaces.get(port.device)?.addresses.push({ interface: port.interface, address });
      }
    }
  });

  const uplinks = new Set(
    routers.flatMap((r) =>
      (r.namespace.firewall?.srcnat ?? [])
        .filter(natsOutOfUplink)
        .map((rule) => `${r.namespace.device}:${rule.outInterface}`),
    ),
  );
  const lans = new Map<string, LanMember[]>();
  for (const port of routers.flatMap((r) => r.ports)) {
    if (cabled.has(`${port.device}:${port.interface}`) || port.addresses.length === 0) continue;
    const networks = [...new Set(port.addresses.map(networkOf))];
    if (networks.length > 1) {
      throw new NotRealizableError(
        port.device,
        "/ip/address",
        port.interface,
        "address",
        `puts one uncabled port on ${networks.join(" and ")}: the data plane gives a port one LAN`,
      );
    }
    lans.set(networks[0], [...(lans.get(networks[0]) ?? []), port]);
  }
  // Hosts the routers' LANs have besides the routers: each node's management bridge, as the
  // installer left it, and the SNMP poller the routers answer (LibreNMS's host).
  const poller = pollerOf(dump);
  const hosts: LanMember[] = [
    ...Object.entries(dump.cluster.networks).flatMap(([node, interfaces]) =>
      interfaces.flatMap((iface) =>
        iface.type === "bridge" && typeof iface.cidr === "string" && namespaces.get(node)?.role === "hypervisor"
          ? [{ device: node, interface: String(iface.iface), mtu: HOST_MTU, addresses: [iface.cidr] }]
          : [],
      ),
    ),
    ...(poller ? [poller] : []),
  ];
  for (const host of hosts) {
    const network = [...lans.keys()].find((lan) => contains(lan, addressOf(host.addresses[0])));
    if (!network) continue;
    const address = `${addressOf(host.addresses[0])}/${lengthOf(network)}`;
    lans.get(network)?.push({ ...host, addresses: [address] });
    if (host === poller) {
      const ns = emptyNamespace(POLLER_DEVICE, "poller", namespaceOf(POLLER_DEVICE));
      ns.forwarding = false;
      namespaces.set(POLLER_DEVICE, ns);
    }
  }
  const lanNamespaces: NamespacePlan[] = [];
  for (const [network, members] of lans) {
    const isUplink = members.some((m) => uplinks.has(`${m.device}:${m.interface}`));
    const device = isUplink ? INTERNET_DEVICE : `lan-${addressOf(network)}`;
    const name = namespaceOf(device);
    const lan = emptyNamespace(device, "lan", name);
    lan.forwarding = false;
    lan.bridges.push({ name: "lan" });
    lan.addresses.push({ interface: "lan", address: `${lanHost(network, members)}/${lengthOf(network)}` });
    members.forEach((member, index) => {
      const candidate = `${member.device}-${member.interface}`;
      const end = candidate.length <= MAX_INTERFACE_NAME ? candidate : `port${index}`;
      lan.bridgePorts.push({ bridge: "lan", interface: end });
      veths.push({
        a: {
          namespace: namespaceOf(member.device),
          interface: member.interface,
          mtu: member.mtu,
          ...(member.mac ? { mac: member.mac.toLowerCase() } : {}),
        },
        b: { namespace: name, interface: end, mtu: member.mtu },
      });
      for (const address of member.addresses)
        namespaces.get(member.device)?.addresses.push({ interface: member.interface, address });
    });
    lanNamespaces.push(lan);
  }

  const zerotier = planZeroTierNetworks(
    routers.flatMap((r) => r.zerotier),
    dump.zerotier,
    namespaces,
    namespaceOf,
  );

  return {
    prefix,
    namespaces: [...namespaces.values(), ...lanNamespaces, ...zerotier.namespaces, ...cluster.vms],
    veths: [...veths, ...zerotier.veths, ...cluster.vmLinks],
  };
}

/** A port on a LAN: a router's, whose MAC the router says, or a host's. */
type LanMember = Omit<RouterPort, "mac"> & { mac?: string };

/** A host's port on a LAN: PVE's and Linux's default MTU. */
const HOST_MTU = 1500;

/**
 * The SNMP poller, where the routers say it is: the one address every router's SNMP community
 * is limited to. Undefined when the routers answer no poller, or disagree.
 */
function pollerOf(dump: DeviceDump): LanMember | undefined {
  const addresses = new Set(
    dump.routers.flatMap((r) =>
      (r.menus["/snmp/community"] ?? []).flatMap((row) =>
        String(row.addresses ?? "")
          .split(",")
          .filter((a) => a.endsWith("/32")),
      ),
    ),
  );
  if (addresses.size !== 1) return undefined;
  return { device: POLLER_DEVICE, interface: "eth0", mtu: HOST_MTU, addresses: [...addresses] };
}

/** The LAN's own host: its highest address that no port on it holds. */
function lanHost(network: string, members: LanMember[]): string {
  const taken = new Set(members.map((m) => addressOf(m.addresses[0])));
  for (let n = 2 ** (32 - lengthOf(network)) - 2; n > 0; n--) {
    const address = hostAddress(network, n);
    if (!taken.has(address)) return address;
  }
  throw new NotRealizableError(
    members[0].device,
    "/ip/address",
    network,
    "address",
    "leaves no address for the LAN's host",
  );
}
