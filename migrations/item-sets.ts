/**
 * Migration of 2026-12-08: a router's items became sets, one resource per router and concern
 * (`providers/routeros/item-set-engine.ts`), where each item had been a resource of its own. The
 * state is rewritten, never the routers: each set takes its items' ids, inputs and outputs, keyed
 * by the name each item had after its set's, and whatever depended on an item depends on its set.
 * Proven on every recorded state fixture (test/migrations/item-sets.test.ts, and the state-fixture
 * test's up). Remove it once no stack written before this date is left to upgrade: it is a no-op on
 * any state that holds no item of the types below.
 */

import { itemSetType } from "../providers/routeros/item-set-engine";
import { providerSource } from "../providers/shared/runtime-provider";

/** A resource of a deployment, as `pulumi stack export` writes it. */
export interface StateResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  parent?: string;
  provider?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  [other: string]: unknown;
}

export interface Deployment {
  version: number;
  deployment: { resources?: StateResource[]; pending_operations?: unknown[]; [other: string]: unknown };
}

const ROUTEROS = "pulumi-nodejs:dynamic/routeros:";
const SET_TYPE = `${ROUTEROS}${itemSetType}`;
const SET_PROVIDER = providerSource("routeros", itemSetType);
const ROUTER = "budgetcloud:network:Router";
const TENANT = "budgetcloud:network:TenantNetwork";

/** The concern each item type of a Router is in; a TenantNetwork's items are all its tenant's. */
const routerConcerns: Record<string, string> = {
  EthernetSettings: "interfaces",
  Bridge: "interfaces",
  IpAddress: "interfaces",
  OspfInstance: "ospf",
  OspfArea: "ospf",
  OspfInterfaceTemplate: "ospf",
  SnmpCommunity: "snmp",
  SnmpSettings: "snmp",
  FirewallAddressList: "address-lists",
};
const tenantItems = new Set([
  "Vxlan",
  "VxlanVtep",
  "Bridge",
  "BridgePort",
  "IpAddress",
  "OspfInterfaceTemplate",
  "Vrrp",
]);

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** Where an item goes: its set's name and concern, and its key in the set. */
interface Placement {
  set: string;
  concern: string;
  key: string;
}

function placementOf(item: StateResource, parent: StateResource | undefined): Placement | undefined {
  if (!parent || !item.type.startsWith(ROUTEROS)) return undefined;
  const menu = item.type.slice(ROUTEROS.length);
  const component = nameOf(parent.urn);
  const name = nameOf(item.urn);
  if (parent.type === ROUTER && routerConcerns[menu]) {
    const concern = routerConcerns[menu];
    return { set: `${component}-${concern}`, concern, key: name.slice(component.length + 1) };
  }
  if (parent.type === TENANT && tenantItems.has(menu)) {
    const router = String(item.inputs?.router);
    const set = `${component}-${router}`;
    const tenant = component.slice(component.indexOf("-tenant-") + "-tenant-".length);
    return { set, concern: `tenant-${tenant}`, key: name.slice(set.length + 1) };
  }
  return undefined;
}

/** An item's properties as its set holds them: its menu, and its fields without what the set holds once. */
function asItem(menu: string, properties: Record<string, unknown> = {}): Record<string, unknown> {
  const { __provider: _, router: __, adopt: ___, ...fields } = properties;
  return { menu, ...fields };
}

/** A child's URN: its parent's type chain, its own type and its name. */
function childUrn(parent: string, type: string, name: string): string {
  const [urn, project, chain] = parent.split("::");
  return `${urn}::${project}::${chain}$${type}::${name}`;
}

/**
 * The deployment with every Router's and TenantNetwork's RouterOS items in sets; how many items
 * moved. A state with operations still pending is refused: `make recover` settles them first.
 */
export function intoItemSets(state: Deployment): { state: Deployment; moved: number } {
  const resources = state.deployment.resources ?? [];
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const sets = new Map<string, StateResource>();
  const renamed = new Map<string, string>();
  for (const item of resources) {
    const placement = placementOf(item, item.parent ? byUrn.get(item.parent) : undefined);
    if (!placement || item.id === undefined) continue;
    const parent = item.parent as string;
    const urn = childUrn(parent, SET_TYPE, placement.set);
    renamed.set(item.urn, urn);
    const menu = item.type.slice(ROUTEROS.length);
    const router = String(item.inputs?.router);
    // A set a plain up made of some of the items before it stopped at the rest is merged into.
    const made = byUrn.get(urn);
    const set = sets.get(urn) ??
      (made && structuredClone(made)) ?? {
        urn,
        custom: true,
        id: `${router}/${placement.concern}`,
        type: SET_TYPE,
        inputs: { __provider: SET_PROVIDER, router, concern: placement.concern, items: {} },
        outputs: { __provider: SET_PROVIDER, router, concern: placement.concern, items: {}, ids: {} },
        parent,
        provider: item.provider,
        dependencies: [],
      };
    const inputs = set.inputs ?? {};
    const outputs = set.outputs ?? {};
    inputs.items = { ...(inputs.items as object), [placement.key]: asItem(menu, item.inputs) };
    outputs.items = { ...(outputs.items as object), [placement.key]: asItem(menu, item.outputs) };
    outputs.ids = { ...(outputs.ids as object), [placement.key]: item.id };
    set.inputs = inputs;
    set.outputs = outputs;
    set.dependencies = [...new Set([...(set.dependencies ?? []), ...(item.dependencies ?? [])])];
    sets.set(urn, set);
  }
  if (renamed.size === 0) return { state, moved: 0 };
  if ((state.deployment.pending_operations ?? []).length > 0) {
    throw new Error(
      "the state has operations pending from a run that was stopped: bring the stack back first (make recover), then upgrade",
    );
  }
  const follow = (urns: string[] | undefined, self?: string) =>
    urns && [...new Set(urns.map((u) => renamed.get(u) ?? u))].filter((u) => u !== self);
  const placed = new Set<string>();
  const rewritten: StateResource[] = [];
  for (const resource of resources) {
    const into = renamed.get(resource.urn);
    if (into === undefined && sets.has(resource.urn)) continue;
    if (into === undefined) {
      rewritten.push({
        ...resource,
        ...(resource.dependencies ? { dependencies: follow(resource.dependencies) } : {}),
        ...(resource.propertyDependencies
          ? {
              propertyDependencies: Object.fromEntries(
                Object.entries(resource.propertyDependencies).map(([key, urns]) => [key, follow(urns) ?? []]),
              ),
            }
          : {}),
      });
    } else if (!placed.has(into)) {
      placed.add(into);
      const set = sets.get(into) as StateResource;
      rewritten.push(set);
    }
  }
  for (const set of sets.values()) set.dependencies = follow(set.dependencies, set.urn);
  return {
    state: { ...state, deployment: { ...state.deployment, resources: inDependencyOrder(rewritten) } },
    moved: renamed.size,
  };
}

/** The resources with each after its parent, provider and dependencies, otherwise in the given order. */
function inDependencyOrder(resources: StateResource[]): StateResource[] {
  const urns = new Set(resources.map((r) => r.urn));
  const done = new Set<string>();
  const ordered: StateResource[] = [];
  const providerUrn = (ref?: string) => ref?.slice(0, ref.lastIndexOf("::"));
  let left = resources;
  while (left.length > 0) {
    const ready = (r: StateResource) =>
      [r.parent, providerUrn(r.provider), ...(r.dependencies ?? [])].every((u) => !u || !urns.has(u) || done.has(u));
    const next = left.filter(ready);
    if (next.length === 0)
      throw new Error(`the state's dependencies go round in a circle: ${left.map((r) => r.urn).join(", ")}`);
    for (const r of next) {
      ordered.push(r);
      done.add(r.urn);
    }
    left = left.filter((r) => !done.has(r.urn));
  }
  return ordered;
}
