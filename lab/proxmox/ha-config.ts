import { splitList } from "./formats";
import type { ClusterState } from "./state";

/**
 * The HA configuration as the CRM reads it each round: the resources with their defaults filled
 * in and the node each guest is on, and the node-affinity rules compiled to each resource's
 * allowed nodes with their priorities.
 */

export interface ServiceConfig {
  type: string;
  /** The requested state: started, stopped, disabled or ignored. */
  state: string;
  failback: number;
  max_restart: number;
  max_relocate: number;
  /** Where the guest's config is; undefined when the guest no longer exists. */
  node?: string;
  group?: string;
  comment?: string;
}

/** PVE::HA::Config::read_and_check_resources_config (src/PVE/HA/Config.pm). */
export function readResourcesConfig(state: ClusterState): Map<string, ServiceConfig> {
  const services = new Map<string, ServiceConfig>();
  for (const [sid, section] of state.config("/cluster/ha/resources").entries()) {
    const requested = String(section.state ?? "started");
    const vmid = Number(sid.split(":")[1]);
    const service: ServiceConfig = {
      type: String(section.type),
      // `enabled` is kept as an alias of `started` for backward compatibility.
      state: requested === "enabled" ? "started" : requested,
      failback: Number(section.failback ?? 1),
      max_restart: Number(section.max_restart ?? 1),
      max_relocate: Number(section.max_relocate ?? 1),
      node: state.vms.get(vmid)?.node,
    };
    if (section.group !== undefined) service.group = String(section.group);
    if (section.comment !== undefined) service.comment = String(section.comment);
    services.set(sid, service);
  }
  return services;
}

/** The nodes a resource may run on, each with its priority (higher is preferred). */
export type NodeAffinity = ReadonlyMap<string, number>;

/**
 * PVE::HA::Rules::NodeAffinity::plugin_compile: each enabled node-affinity rule gives its
 * resources its nodes (priority 0 when none is written); a non-strict rule adds every other
 * cluster node at priority -1, so the resource may still run anywhere when none of its nodes can.
 */
export function compileNodeAffinity(state: ClusterState): Map<string, NodeAffinity> {
  const affinity = new Map<string, NodeAffinity>();
  for (const [, rule] of state.config("/cluster/ha/rules").entries()) {
    if (rule.type !== "node-affinity" || Number(rule.disable ?? 0)) continue;
    const nodes = new Map<string, number>();
    for (const entry of splitList(String(rule.nodes ?? ""))) {
      const [node, priority] = entry.split(":");
      nodes.set(node, Number(priority ?? 0));
    }
    if (!Number(rule.strict ?? 0)) {
      for (const node of state.nodes) if (!nodes.has(node)) nodes.set(node, -1);
    }
    for (const sid of splitList(String(rule.resources ?? ""))) affinity.set(sid, nodes);
  }
  return affinity;
}
