import * as pulumi from "@pulumi/pulumi";
import { declaredResource, type FieldArgs } from "../shared/declared-resource";
import { runtimeProvider } from "../shared/runtime-provider";
import type { Field } from "./fields";
import type { TypedMenu } from "./menu";
import {
  bridge,
  bridgePort,
  ethernet,
  firewallChainType,
  type firewallFilter,
  ipAddress,
  natRule,
  ospfArea,
  ospfInstance,
  ospfInterfaceTemplate,
  vrrp,
  vxlan,
  vxlanVtep,
} from "./menus";

/** What every RouterOS item takes besides its fields. */
interface ItemTarget {
  /** The router's name in the stack config; its endpoint and credentials are looked up there. */
  router: pulumi.Input<string>;
  /** Take over an item the router already has with the same identity, instead of refusing. */
  adopt?: boolean;
}

const itemResource = <F extends Record<string, Field>>(menu: TypedMenu<F>) =>
  declaredResource<F, ItemTarget>("routeros", menu);

export const EthernetSettings = itemResource(ethernet);
export const Bridge = itemResource(bridge);
export const BridgePort = itemResource(bridgePort);
export const IpAddress = itemResource(ipAddress);
export const OspfInstance = itemResource(ospfInstance);
export const OspfArea = itemResource(ospfArea);
export const OspfInterfaceTemplate = itemResource(ospfInterfaceTemplate);
export const Vxlan = itemResource(vxlan);
export const VxlanVtep = itemResource(vxlanVtep);
export const Vrrp = itemResource(vrrp);
export const NatRule = itemResource(natRule);

type RuleFields = Omit<(typeof firewallFilter)["fields"], "chain">;
export type FirewallRuleArgs = FieldArgs<RuleFields>;

export interface FirewallChainArgs {
  router: pulumi.Input<string>;
  /** The chain, as `forward`; the rules are managed in the order given, other rules left in place. */
  chain: pulumi.Input<string>;
  rules: pulumi.Input<pulumi.Input<FirewallRuleArgs>[]>;
  adopt?: boolean;
}

const firewallChainProvider = runtimeProvider("routeros", firewallChainType);

/** The filter rules budgetcloud owns in one chain, as one ordered set. */
export class FirewallChain extends pulumi.dynamic.Resource {
  declare readonly ruleIds: pulumi.Output<string[]>;
  declare readonly rules: pulumi.Output<FirewallRuleArgs[]>;

  constructor(name: string, args: FirewallChainArgs, opts?: pulumi.CustomResourceOptions) {
    super(firewallChainProvider, name, { ruleIds: undefined, ...args }, opts, "routeros", firewallChainType);
  }
}
