import type { Menu } from "../menu";
import * as declarations from "./declarations";

export * from "./declarations";
export { firewallChainType } from "./firewall-filter";

/** Every declared menu, by resource type: the provider process finds a declaration by this name. */
export const menus: Record<string, Menu> = Object.fromEntries(
  Object.values(declarations).map((m): [string, Menu] => [m.type, m]),
);

/** Every path the declarations manage that every router has: what one read of a router takes in. */
export const managedPaths: readonly string[] = [
  ...new Set(
    Object.values(menus)
      .filter((m) => m.package === undefined)
      .map((m) => m.path),
  ),
];

/**
 * The order a router's items are made in when one resource holds several (an item set): each menu
 * after the menus its items may refer to (a bridge port after its bridge and its VXLAN, an address
 * after its interface, a template after its area); they are removed in the reverse order.
 */
export const creationOrder: readonly string[] = [
  "EthernetSettings",
  "ZeroTierInstance",
  "ZeroTierInterface",
  "Bridge",
  "Vxlan",
  "VxlanVtep",
  "BridgePort",
  "Vrrp",
  "IpAddress",
  "OspfInstance",
  "OspfArea",
  "OspfInterfaceTemplate",
  "FirewallAddressList",
  "NatRule",
  "SnmpCommunity",
  "SnmpSettings",
];
