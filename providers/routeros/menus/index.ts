import type { Menu } from "../menu";
import { bridge } from "./bridge";
import { bridgePort } from "./bridge-port";
import { ethernet } from "./ethernet";
import { firewallChainType, firewallFilter } from "./firewall-filter";
import { natRule } from "./firewall-nat";
import { ipAddress } from "./ip-address";
import { ospfArea } from "./ospf-area";
import { ospfInstance } from "./ospf-instance";
import { ospfInterfaceTemplate } from "./ospf-interface-template";
import { vrrp } from "./vrrp";
import { vxlan } from "./vxlan";
import { vxlanVtep } from "./vxlan-vtep";

export {
  bridge,
  bridgePort,
  ethernet,
  firewallChainType,
  firewallFilter,
  ipAddress,
  natRule,
  ospfArea,
  ospfInstance,
  ospfInterfaceTemplate,
  vrrp,
  vxlan,
  vxlanVtep,
};

/** Every declared menu, by resource type: the provider process finds a declaration by this name. */
export const menus: Record<string, Menu> = Object.fromEntries(
  [
    bridge,
    bridgePort,
    ethernet,
    firewallFilter,
    ipAddress,
    natRule,
    ospfArea,
    ospfInstance,
    ospfInterfaceTemplate,
    vrrp,
    vxlan,
    vxlanVtep,
  ].map((m): [string, Menu] => [m.type, m]),
);

/** Every path the declarations manage: what one read of a router takes in. */
export const managedPaths: readonly string[] = [...new Set(Object.values(menus).map((m) => m.path))];
