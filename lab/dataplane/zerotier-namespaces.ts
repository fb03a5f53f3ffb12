import { contains, lengthOf } from "../../config/addressing";
import type { ZeroTierNetworkDump } from "./device-dump";
import { NotRealizableError } from "./device-rows";
import { emptyNamespace, type Namer, type NamespacePlan, type VethPlan } from "./model";
import type { ZeroTierPort } from "./router-namespace";

/** The ZeroTier network's switch: the bridge every member's veth is a port of. */
export const ZEROTIER_BRIDGE = "zt";

/** The interface of an operator's device on the network, as a ZeroTier client names none alike. */
export const OPERATOR_INTERFACE = "eth0";

/**
 * Each ZeroTier network a router joined, as the Ethernet it is: a namespace with a bridge; each
 * joined router's interface cabled to it, with the address its member was assigned (none while the
 * member is not authorized, as the controller then gives it nothing); and every other authorized
 * member with an address as a device of its own, holding the network's managed routes as a ZeroTier
 * client installs them. The routers' own copies of the managed routes are left out: a router takes
 * the tenants' prefixes from OSPF.
 */
export function planZeroTierNetworks(
  ports: readonly ZeroTierPort[],
  networks: readonly ZeroTierNetworkDump[],
  routers: ReadonlyMap<string, NamespacePlan>,
  namespaceOf: Namer,
): { namespaces: NamespacePlan[]; veths: VethPlan[] } {
  const namespaces: NamespacePlan[] = [];
  const veths: VethPlan[] = [];
  for (const network of networks) {
    const joined = ports.filter((p) => p.network === network.id);
    if (joined.length === 0) continue;
    const device = `zerotier-${network.name}`;
    const zt = emptyNamespace(device, "zerotier", namespaceOf(device));
    zt.bridges.push({ name: ZEROTIER_BRIDGE, mtu: network.mtu });
    const prefixed = (address: string) => {
      const subnet = network.routes.find((r) => r.via === null && contains(r.target, address));
      if (!subnet) {
        throw new NotRealizableError(
          device,
          "/network/{id}/member",
          network.id,
          "ipAssignments",
          `=${address} is in no route of the network without a gateway: its prefix length is unknown`,
        );
      }
      return `${address}/${lengthOf(subnet.target)}`;
    };
    const cable = (namespace: string, iface: string, mac?: string) => {
      const end = `port${zt.bridgePorts.length}`;
      zt.bridgePorts.push({ bridge: ZEROTIER_BRIDGE, interface: end });
      veths.push({
        a: { namespace, interface: iface, mtu: network.mtu, ...(mac ? { mac: mac.toLowerCase() } : {}) },
        b: { namespace: zt.name, interface: end, mtu: network.mtu },
      });
    };
    for (const [i, port] of joined.entries()) {
      // One Ethernet: two members with one MAC would take each other's frames as the switch learns.
      const twin = joined.slice(0, i).find((other) => other.mac && other.mac.toLowerCase() === port.mac?.toLowerCase());
      if (twin) {
        throw new NotRealizableError(
          port.device,
          "/zerotier/interface",
          port.interface,
          "mac-address",
          `=${port.mac} is ${twin.device}'s ${twin.interface} MAC too, on network ${network.id}: ZeroTier gives each member its own`,
        );
      }
      cable(namespaceOf(port.device), port.interface, port.mac);
      const member = network.members.find((m) => m.nodeId === port.nodeId);
      for (const address of member?.authorized ? member.ipAssignments : []) {
        routers.get(port.device)?.addresses.push({ interface: port.interface, address: prefixed(address) });
      }
    }
    const routerNodes = new Set(joined.map((p) => p.nodeId));
    for (const member of network.members) {
      if (routerNodes.has(member.nodeId) || !member.authorized || member.ipAssignments.length === 0) continue;
      const operator = emptyNamespace(member.name, "operator", namespaceOf(member.name));
      operator.addresses = member.ipAssignments.map((a) => ({ interface: OPERATOR_INTERFACE, address: prefixed(a) }));
      operator.routes = network.routes.flatMap((r) =>
        r.via && !member.ipAssignments.includes(r.via) ? [{ destination: r.target, via: r.via }] : [],
      );
      cable(operator.name, OPERATOR_INTERFACE);
      namespaces.push(operator);
    }
    namespaces.unshift(zt);
  }
  return { namespaces, veths };
}
