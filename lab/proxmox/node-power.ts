import type { ClusterContext } from "./context";

/**
 * A node losing power and getting it back. The dead node leaves the corosync membership at once
 * (the lab skips corosync's token timeout), its guests and its running tasks die with it, and
 * pveproxy can no longer reach it. Coming back, it boots with none of its guests running (then
 * starts those marked onboot outside HA: `startOnBoot`).
 */

/** votequorum: the cluster is quorate while more than half of its votes (one per node) are present. */
function keepsQuorum(ctx: ClusterContext, dying: string): boolean {
  const alive = ctx.state.nodes.filter((node) => node !== dying && ctx.state.isOnline(node)).length;
  return alive > ctx.state.nodes.length / 2;
}

export function powerOff(ctx: ClusterContext, node: string): void {
  if (!ctx.state.hasNode(node)) throw new Error(`no node called ${node} in the lab`);
  if (node === ctx.localNode) throw new Error(`${node} serves the lab's API and runs the CRM; kill another node`);
  if (!ctx.state.isOnline(node)) throw new Error(`${node} is already dead`);
  if (!keepsQuorum(ctx, node)) {
    throw new Error(`without ${node} the cluster would lose quorum, which the lab does not model`);
  }
  ctx.state.deadSince.set(node, Date.now());
  for (const vm of ctx.state.vms.values()) {
    if (vm.node !== node) continue;
    vm.running = false;
    vm.startedAt = undefined;
  }
  ctx.tasks.abandon(node);
}

export function powerOn(ctx: ClusterContext, node: string): void {
  if (!ctx.state.hasNode(node)) throw new Error(`no node called ${node} in the lab`);
  if (ctx.state.isOnline(node)) throw new Error(`${node} is not dead`);
  ctx.state.deadSince.delete(node);
  ctx.state.bootedAt.set(node, Date.now());
}
