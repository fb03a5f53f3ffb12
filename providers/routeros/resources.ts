import * as pulumi from "@pulumi/pulumi";
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
import { type PropertyName, propertyName } from "./naming";

type ValueOf<F> = F extends { kind: "int" }
  ? number
  : F extends { kind: "bool" }
    ? boolean
    : F extends { kind: "list" }
      ? string[]
      : string;
type RequiredKeys<F> = { [K in keyof F]: F[K] extends { required: true } ? K : never }[keyof F] & string;
type ComputedKeys<F> = { [K in keyof F]: F[K] extends { readOnly: true } ? K : never }[keyof F] & string;

/** A declaration's fields as resource arguments: required ones required, computed ones left out. */
export type FieldArgs<F> = { [K in RequiredKeys<F> as PropertyName<K>]: pulumi.Input<ValueOf<F[K]>> } & {
  [K in Exclude<keyof F & string, RequiredKeys<F> | ComputedKeys<F>> as PropertyName<K>]?: pulumi.Input<ValueOf<F[K]>>;
};

export type ItemArgs<F> = FieldArgs<F> & {
  /** The router's name in the stack config; its endpoint and credentials are looked up there. */
  router: pulumi.Input<string>;
  /** Take over an item the router already has with the same identity, instead of refusing. */
  adopt?: boolean;
};

export type ItemOutputs<F> = { readonly [K in keyof F & string as PropertyName<K>]: pulumi.Output<ValueOf<F[K]>> };

type ItemResource<F> = new (
  name: string,
  args: ItemArgs<F>,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.dynamic.Resource & ItemOutputs<F>;

const routerOsProvider = (type: string) => runtimeProvider("routeros", type);

const secretProperties = (fields: Record<string, Field>) =>
  Object.entries(fields)
    .filter(([, field]) => field.secret)
    .map(([name]) => propertyName(name));

/** A Pulumi resource class for a declared menu: nothing but the declaration makes it. */
function itemResource<F extends Record<string, Field>>(menu: TypedMenu<F>): ItemResource<F> {
  const provider = routerOsProvider(menu.type);
  const computed = Object.fromEntries(Object.keys(menu.fields).map((name) => [propertyName(name), undefined]));
  return class extends pulumi.dynamic.Resource {
    constructor(name: string, args: ItemArgs<F>, opts?: pulumi.CustomResourceOptions) {
      const secrets = secretProperties(menu.fields);
      super(
        provider,
        name,
        { ...computed, ...args },
        { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] },
        "routeros",
        menu.type,
      );
    }
  } as unknown as ItemResource<F>;
}

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

const firewallChainProvider = routerOsProvider(firewallChainType);

/** The filter rules budgetcloud owns in one chain, as one ordered set. */
export class FirewallChain extends pulumi.dynamic.Resource {
  declare readonly ruleIds: pulumi.Output<string[]>;
  declare readonly rules: pulumi.Output<FirewallRuleArgs[]>;

  constructor(name: string, args: FirewallChainArgs, opts?: pulumi.CustomResourceOptions) {
    super(firewallChainProvider, name, { ruleIds: undefined, ...args }, opts, "routeros", firewallChainType);
  }
}
