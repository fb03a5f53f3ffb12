import type { NodeAffinity, ServiceConfig } from "./ha-config";
import type { ServiceStatus } from "./ha-files";

/**
 * Where the CRM puts a resource: Manager.pm's select_service_node with PVE's default `basic`
 * scheduler (src/PVE/HA/Usage/Basic.pm), which scores a node by how many resources use it.
 * Resource-affinity rules and the maintenance fallback are not modelled.
 */

/** `none` stays put when it may, `best-score` picks the best node, `try-next` avoids failed nodes. */
export type NodePreference = "none" | "best-score" | "try-next";

export interface ClusterUsage {
  onlineNodes: readonly string[];
  services: Readonly<Record<string, ServiceStatus>>;
  /** Guests outside HA that are running, by node: pve-ha-manager counts them too since 5.1.2. */
  otherRunning: ReadonlyMap<string, number>;
}

/** Usage.pm's get_used_service_nodes: the online nodes a resource puts load on. */
function usedNodes(sd: ServiceStatus, online: ReadonlySet<string>): string[] {
  const used: string[] = [];
  const onCurrent = ["started", "request_stop", "fence", "freeze", "error", "recovery", "migrate", "relocate"];
  if (onCurrent.includes(sd.state) && online.has(sd.node)) used.push(sd.node);
  const onTarget = ["migrate", "relocate", "request_start_balance"];
  if (onTarget.includes(sd.state) && sd.target !== undefined && online.has(sd.target)) used.push(sd.target);
  return used;
}

/** Basic.pm's score_nodes_to_start_service: the number of resources on each online node. */
function scores(usage: ClusterUsage): Map<string, number> {
  const online = new Set(usage.onlineNodes);
  const counts = new Map(usage.onlineNodes.map((node) => [node, usage.otherRunning.get(node) ?? 0]));
  for (const sd of Object.values(usage.services)) {
    for (const node of usedNodes(sd, online)) counts.set(node, (counts.get(node) ?? 0) + 1);
  }
  return counts;
}

/**
 * NodeAffinity.pm's get_node_affinity: the online nodes the resource may use, and among them the
 * ones of the highest priority. Without a rule every online node is both.
 */
function nodeAffinity(affinity: NodeAffinity | undefined, online: readonly string[]) {
  if (!affinity) return { allowed: new Set(online), preferred: new Set(online) };
  const allowed = new Set(online.filter((node) => affinity.has(node)));
  const highest = Math.max(...[...allowed].map((node) => affinity.get(node) ?? 0));
  return { allowed, preferred: new Set([...allowed].filter((node) => affinity.get(node) === highest)) };
}

/** Perl's `cmp`: plain string order. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function selectServiceNode(
  sid: string,
  cd: ServiceConfig,
  usage: ClusterUsage,
  affinity: NodeAffinity | undefined,
  preference: NodePreference,
): string | undefined {
  const sd = usage.services[sid];
  const current = sd.node;
  const { allowed, preferred } = nodeAffinity(affinity, usage.onlineNodes);
  if (preferred.size === 0) return undefined;
  // Staying avoids needless migrations, unless failback asks to follow the best priority.
  if (preference === "none" && !cd.failback && allowed.has(current)) return current;
  if (preference === "try-next") for (const node of sd.failed_nodes ?? []) preferred.delete(node);
  if (preference === "none" && preferred.has(current)) return current;
  const score = scores(usage);
  const nodes = [...preferred].sort((a, b) => (score.get(a) ?? 0) - (score.get(b) ?? 0) || cmp(a, b));
  const found = nodes.indexOf(current);
  if (preference === "try-next" && found !== -1 && found < nodes.length - 1) return nodes[found + 1];
  return nodes[0];
}
