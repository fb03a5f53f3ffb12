import type { OpType } from "@pulumi/pulumi/automation";
import type { Topology } from "../../plan/topology";
import { urnName } from "./urn";

/** What a preview does to an element of the topology. */
export type Mark = "added" | "changed" | "removed";

/** An element of the topology as the comment marks it: `router:MTK-1`, `tenant:web`, `vm:app-web-1`, `zerotier`. */
export type ElementKey = string;

/** The components that stand for elements, and how each names its element (after `<environment>-`). */
const components: Record<string, { kind: string; prefix: string }> = {
  "budgetcloud:network:Router": { kind: "router", prefix: "" },
  "budgetcloud:network:TenantNetwork": { kind: "tenant", prefix: "tenant-" },
  "budgetcloud:compute:LinuxVm": { kind: "vm", prefix: "vm-" },
  "budgetcloud:compute:WindowsVm": { kind: "vm", prefix: "vm-" },
  "budgetcloud:network:ZeroTierNetwork": { kind: "zerotier", prefix: "zerotier" },
};

const unchanging = new Set<OpType>(["same", "read", "refresh"]);

/** The types an URN names: its parents' and its own, outermost first. */
const typeChain = (urn: string) => (urn.split("::").at(-2) ?? "").split("$");

/** A component that stands for an element, by its resource name. */
interface Owner {
  kind: string;
  component: string;
  key: ElementKey;
}

/**
 * Which elements a preview adds, changes or removes, from its steps. A step of an element's own
 * component that creates or deletes it adds or removes the element; any other change under the
 * component (a child's name starts with the component's) changes it. Components are named after
 * their elements (`lab-tenant-web`, its children `lab-tenant-web-…`), the longest name winning
 * when one element's name starts with another's.
 */
export function topologyMarks(
  topology: Topology,
  steps: readonly { urn: string; op: OpType }[],
): Map<ElementKey, Mark> {
  const env = topology.environment;
  const owners: Owner[] = [
    ...topology.routers.map((r) => ({ kind: "router", component: `${env}-${r.name}`, key: `router:${r.name}` })),
    ...topology.tenants.map((t) => ({ kind: "tenant", component: `${env}-tenant-${t.name}`, key: `tenant:${t.name}` })),
    ...topology.vms.map((vm) => ({ kind: "vm", component: `${env}-vm-${vm.name}`, key: `vm:${vm.name}` })),
    ...(topology.zerotier ? [{ kind: "zerotier", component: `${env}-zerotier`, key: "zerotier" }] : []),
  ];
  // An element the preview removes is in no topology of the new config: its component's delete names it.
  for (const step of steps) {
    const own = components[typeChain(step.urn).at(-1) ?? ""];
    const component = urnName(step.urn);
    if (!own || step.op !== "delete" || owners.some((o) => o.kind === own.kind && o.component === component)) continue;
    const element = component.slice(`${env}-${own.prefix}`.length);
    owners.push({ kind: own.kind, component, key: own.kind === "zerotier" ? "zerotier" : `${own.kind}:${element}` });
  }
  const ownerOf = (kind: string, name: string) =>
    owners
      .filter((o) => o.kind === kind && (name === o.component || name.startsWith(`${o.component}-`)))
      .sort((a, b) => b.component.length - a.component.length)[0];

  const marks = new Map<ElementKey, Mark>();
  for (const step of steps) {
    if (unchanging.has(step.op)) continue;
    const chain = typeChain(step.urn);
    chain.forEach((type, depth) => {
      const owner = components[type] && ownerOf(components[type].kind, urnName(step.urn));
      if (!owner) return;
      const own = depth === chain.length - 1;
      const what: Mark = own && step.op === "create" ? "added" : own && step.op === "delete" ? "removed" : "changed";
      // Added or removed says more than changed.
      if (what !== "changed" || !marks.has(owner.key)) marks.set(owner.key, what);
    });
  }
  return marks;
}
