import { BUILT_IN_LOOPBACK_MENU } from "./menus";
import type { TreeSnapshot } from "./tree";
import { formatId } from "./value-syntax";

/** The name RouterOS 7 gives its built-in loopback. */
const LOOPBACK = "lo";

/**
 * A configuration saved by a lab older than its model of RouterOS 7's built-in `lo`, as a 7.24
 * router holds it: the bridge budgetcloud made in its place, named lo, is the built-in loopback
 * (with that bridge's id, which addresses and OSPF templates refer to, and nothing of a bridge's);
 * a configuration without one gets the built-in lo with an id of its own. One saved since is
 * taken as it is.
 */
export function withBuiltInLoopback(saved: TreeSnapshot): TreeSnapshot {
  if (saved.tables[BUILT_IN_LOOPBACK_MENU]) return saved;
  const snapshot = structuredClone(saved);
  const bridges = snapshot.tables["interface/bridge"] ?? [];
  const bridge = bridges.find((item) => item.fields.name === LOOPBACK);
  if (bridge) {
    snapshot.tables["interface/bridge"] = bridges.filter((item) => item !== bridge);
    snapshot.tables[BUILT_IN_LOOPBACK_MENU] = [{ id: bridge.id, fields: { name: LOOPBACK } }];
    return snapshot;
  }
  const next = (snapshot.lastIds.interface ?? 0) + 1;
  snapshot.lastIds.interface = next;
  snapshot.tables[BUILT_IN_LOOPBACK_MENU] = [{ id: formatId(next), fields: { name: LOOPBACK } }];
  return snapshot;
}
