import * as pulumi from "@pulumi/pulumi";
import { declaredResources, type FieldArgs, providedResource } from "../shared/declared-resource";
import { propertyName } from "../shared/naming";
import { itemSetType } from "./item-set-engine";
import {
  bridge,
  bridgePort,
  ethernet,
  firewallAddressList,
  firewallChainType,
  type firewallFilter,
  ipAddress,
  natRule,
  ospfArea,
  ospfInstance,
  ospfInterfaceTemplate,
  snmp,
  snmpCommunity,
  vrrp,
  vxlan,
  vxlanVtep,
  zerotierInstance,
  zerotierInterface,
} from "./menus";

/** What every RouterOS item takes besides its fields. */
interface ItemTarget {
  /** The router's name in the stack config; its endpoint and credentials are looked up there. */
  router: pulumi.Input<string>;
  /** Take over an item the router already has with the same identity, instead of refusing. */
  adopt?: boolean;
}

/** The items a router holds, by the resource class each is managed as, which is also its menu's type. */
const declarations = {
  /** An ethernet port's settings (MTU, L2MTU): a port the router has from the factory, never added or removed. */
  EthernetSettings: ethernet,
  /** A bridge; budgetcloud's loopbacks and VXLAN bridges are bridges. */
  Bridge: bridge,
  /** A port of a bridge, as a VXLAN interface in its tenant's bridge. */
  BridgePort: bridgePort,
  /** An address on an interface: a loopback /32, a link's /30, a tenant gateway. */
  IpAddress: ipAddress,
  /** An OSPF instance: the router id and what it redistributes. */
  OspfInstance: ospfInstance,
  /** An OSPF area of an instance. */
  OspfArea: ospfArea,
  /** Interfaces in an OSPF area, with their timers, passivity and MD5 key. */
  OspfInterfaceTemplate: ospfInterfaceTemplate,
  /** A VXLAN interface with its VNI, sourced from the loopback. */
  Vxlan: vxlan,
  /** A VXLAN interface's remote peer: another router's loopback. */
  VxlanVtep: vxlanVtep,
  /** A VRRP interface: a tenant gateway shared by routers, with this router's priority. */
  Vrrp: vrrp,
  /** An address of a firewall address list, as each loopback of the underlay list the forward chain accepts. */
  FirewallAddressList: firewallAddressList,
  /** A rule of the NAT table, as a src-NAT out of the uplink. */
  NatRule: natRule,
  /** The SNMP agent's settings: on, who to call, where the router is, where its traps go. */
  SnmpSettings: snmp,
  /** An SNMP community: with security private, an SNMPv3 user that only the poller may use. */
  SnmpCommunity: snmpCommunity,
  /** The ZeroTier package's instance (ARM routers): turned on; its public identity is the router's ZeroTier address. */
  ZeroTierInstance: zerotierInstance,
  /** A ZeroTier interface of an instance, joined to a network: the router's side of the operators' VPN. */
  ZeroTierInterface: zerotierInterface,
};

export const {
  EthernetSettings,
  Bridge,
  BridgePort,
  IpAddress,
  OspfInstance,
  OspfArea,
  OspfInterfaceTemplate,
  Vxlan,
  VxlanVtep,
  Vrrp,
  FirewallAddressList,
  NatRule,
  SnmpSettings,
  SnmpCommunity,
  ZeroTierInstance,
  ZeroTierInterface,
} = declaredResources<typeof declarations, ItemTarget>("routeros", declarations);

type RuleFields = Omit<(typeof firewallFilter)["fields"], "chain">;
export type FirewallRuleArgs = FieldArgs<RuleFields>;

export interface FirewallChainArgs {
  router: pulumi.Input<string>;
  /** The chain, as `forward`; the rules are managed in the order given, other rules left in place. */
  chain: pulumi.Input<string>;
  rules: pulumi.Input<pulumi.Input<FirewallRuleArgs>[]>;
  adopt?: boolean;
}

/** The filter rules budgetcloud owns in one chain, as one ordered set. */
export const FirewallChain = providedResource<
  FirewallChainArgs,
  { readonly ruleIds: pulumi.Output<string[]>; readonly rules: pulumi.Output<FirewallRuleArgs[]> }
>("routeros", firewallChainType, { computed: ["ruleIds"] });

/** An item of an ItemSet: the resource type of its menu, as `IpAddress`, and that menu's fields. */
export type SetItemArgs = {
  [K in keyof typeof declarations]: { menu: K } & FieldArgs<(typeof declarations)[K]["fields"]>;
}[keyof typeof declarations];

export interface ItemSetArgs {
  router: pulumi.Input<string>;
  /** What the items are for, as `interfaces`: the router has one set of each concern. */
  concern: string;
  /** The items by a key of the set's own, which names the item in a preview. */
  items: Record<string, SetItemArgs>;
  adopt?: boolean;
}

const ItemSetResource = providedResource<
  ItemSetArgs,
  { readonly ids: pulumi.Output<Record<string, string>>; readonly items: pulumi.Output<Record<string, SetItemArgs>> }
>("routeros", itemSetType, { computed: ["ids"] });

/**
 * A router's items of one concern as one resource (`providers/routeros/item-set-engine.ts`). A
 * secret field stays encrypted in the state wherever it sits in the set, whatever it is given as.
 */
export class ItemSet extends ItemSetResource {
  constructor(name: string, args: ItemSetArgs, opts?: pulumi.CustomResourceOptions) {
    const items = Object.fromEntries(
      Object.entries(args.items).map(([key, item]) => {
        const { fields } = declarations[item.menu];
        const hidden = Object.entries(fields)
          .filter(([field, { secret }]) => secret && propertyName(field) in item)
          .map(([field]) => [
            propertyName(field),
            pulumi.secret((item as Record<string, unknown>)[propertyName(field)]),
          ]);
        return [key, { ...item, ...Object.fromEntries(hidden) }];
      }),
    ) as Record<string, SetItemArgs>;
    super(name, { ...args, items }, opts);
  }
}
