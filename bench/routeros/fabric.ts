import type { ChainProps } from "../../providers/routeros/chain-engine";
import type { ItemProps } from "../../providers/routeros/item-engine";

export interface RouterFabric {
  router: string;
  /** Items by resource type, in creation order. */
  items: [type: string, props: ItemProps][];
  chain: ChainProps;
}

const tenants = [110, 111, 192];

/**
 * A router of a ring fabric the way budgetcloud builds it: ring and hypervisor ports, loopback,
 * OSPF, a VXLAN for Ceph and one per tenant with VTEPs to both ring neighbours, tenant bridges with
 * VRRP gateways, a forward chain and src-NAT. About 50 managed items a router.
 */
export function routerFabric(index: number, count: number): RouterFabric {
  const router = `MTK-${index + 1}`;
  const loopback = (i: number) => `10.254.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  const neighbours = [(index + count - 1) % count, (index + 1) % count];
  const items: [string, ItemProps][] = [];
  const add = (type: string, props: Omit<ItemProps, "router">) => items.push([type, { router, ...props }]);

  for (const [n, port] of ["qsfp28-1-1", "qsfp28-2-1"].entries()) {
    add("EthernetSettings", { defaultName: port, mtu: 9050, l2mtu: 9134, comment: "OSPF ring interface" });
    add("IpAddress", { address: `10.${100 + n}.${index}.${n + 1}/30`, interface: port });
  }
  for (const port of ["sfp28-1", "sfp28-2", "sfp28-3"]) {
    add("EthernetSettings", { defaultName: port, mtu: 9050, l2mtu: 9134, comment: `hypervisor ${port}` });
    add("IpAddress", { address: `10.131.${index}.${4 * Number(port.slice(-1)) + 1}/30`, interface: port });
  }
  add("Bridge", { name: "lo", comment: "loopback for OSPF" });
  add("IpAddress", { address: `${loopback(index)}/32`, interface: "lo" });
  add("OspfInstance", { name: "default-v2", routerId: loopback(index) });
  add("OspfArea", { name: "backbone-v2", instance: "default-v2" });
  for (const port of ["qsfp28-1-1", "qsfp28-2-1"]) {
    add("OspfInterfaceTemplate", { area: "backbone-v2", interfaces: [port], type: "ptp", auth: "md5", authKey: "k" });
  }
  for (const port of ["sfp28-1", "sfp28-2", "sfp28-3"]) {
    add("OspfInterfaceTemplate", { area: "backbone-v2", interfaces: [port], type: "broadcast" });
  }
  add("OspfInterfaceTemplate", { area: "backbone-v2", interfaces: ["lo"], passive: true });
  for (const vni of [100, ...tenants]) {
    add("Vxlan", { name: `vxlan${vni}`, vni, port: 4789, localAddress: loopback(index) });
    for (const peer of neighbours) add("VxlanVtep", { interface: `vxlan${vni}`, remoteIp: loopback(peer) });
  }
  for (const vni of tenants) {
    add("Bridge", { name: `br${vni}` });
    add("BridgePort", { bridge: `br${vni}`, interface: `vxlan${vni}` });
    add("Vrrp", { name: `vrrp${vni}`, interface: `br${vni}`, vrid: vni % 256, priority: 100 + index });
  }
  add("NatRule", { chain: "srcnat", action: "masquerade", srcAddress: "192.168.110.0/23", outInterface: "ether1" });
  add("NatRule", { chain: "srcnat", action: "masquerade", srcAddress: "192.168.143.1/32", outInterface: "ether1" });

  const rules = [
    { action: "accept", connectionState: ["established", "related"], comment: "established" },
    { action: "drop", connectionState: ["invalid"], comment: "invalid" },
    ...tenants.flatMap((a) =>
      tenants
        .filter((b) => b > a)
        .map((b) => ({ action: "accept", srcAddress: `192.168.${a}.0/24`, dstAddress: `192.168.${b}.0/24` })),
    ),
    { action: "accept", srcAddress: "192.168.1.0/24", comment: "operators" },
    { action: "accept", protocol: "icmp", comment: "icmp" },
    { action: "drop", comment: "drop all" },
  ];
  return { router, items, chain: { router, chain: "forward", rules } };
}
