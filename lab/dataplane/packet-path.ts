import { addressOf } from "../../config/addressing";
import type { DataPlanePlan } from "./model";
import { routeTo } from "./probes";
import { run } from "./realize";

const holds = (namespace: string, address: string) =>
  run("ip", ["-n", namespace, "-o", "address", "show", "to", `${address}/32`]).trim() !== "";

/** Which namespace holds each address of the plan, the VRRP addresses with every router that may hold them. */
function addressOwners(plan: DataPlanePlan): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  const add = (address: string, device: string) => owners.set(address, [...(owners.get(address) ?? []), device]);
  for (const ns of plan.namespaces) {
    for (const a of ns.addresses) add(addressOf(a.address), ns.name);
    for (const vrrp of ns.vrrp) for (const a of vrrp.addresses) add(addressOf(a), ns.name);
  }
  return owners;
}

const deviceOf = (plan: DataPlanePlan, namespace: string) =>
  plan.namespaces.find((ns) => ns.name === namespace)?.device ?? namespace;

/**
 * The way a packet goes, hop by hop, as each namespace's routing table sends it: `MTK-1
 * (qsfp28-1-1) → MTK-4 (sfp28-1) → PVE-1`. Where a table has no route, the path says so.
 */
export async function packetPath(plan: DataPlanePlan, from: string, destination: string): Promise<string> {
  const owners = addressOwners(plan);
  const hops: string[] = [];
  let at = from;
  for (let hop = 0; hop < 12; hop++) {
    const route = await routeTo(at, destination);
    if (!route) return [...hops, `${deviceOf(plan, at)} (no route to ${destination})`].join(" → ");
    if (route.type === "local" || route.dev === "lo") return [...hops, deviceOf(plan, at)].join(" → ");
    hops.push(`${deviceOf(plan, at)} (${route.dev})`);
    const next = route.gateway ?? destination;
    const planned = (owners.get(next) ?? []).filter((ns) => ns !== at);
    // A VRRP address is planned on each of its routers; the path goes to the one that holds it now.
    const candidates = planned.length > 1 ? planned.filter((ns) => holds(ns, next)) : planned;
    if (candidates.length === 0) return [...hops, `${next} (no namespace holds it)`].join(" → ");
    if (candidates.length > 1)
      return [...hops, `${next} (held by ${candidates.map((c) => deviceOf(plan, c)).join(" or ")})`].join(" → ");
    at = candidates[0];
    if (next === destination) return [...hops, deviceOf(plan, at)].join(" → ");
  }
  return [...hops, "…"].join(" → ");
}
