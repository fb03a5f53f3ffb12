import type { ClusterContext, Routes } from "./context";

/**
 * Applying SDN (`PUT /cluster/sdn`): the pending configuration of every staged collection becomes
 * the running one at once, and a `reloadnetworkall` task reloads each node's network.
 */

export function sdnRoutes(ctx: ClusterContext): Routes {
  return {
    "PUT /cluster/sdn": (call) => {
      ctx.state.commit((collection) => ctx.collections.isStaged(collection));
      return ctx.tasks.start({ node: ctx.localNode, type: "reloadnetworkall", id: "", user: call.user }, (log) => {
        for (const node of ctx.state.nodes) log.print(`${node}: reloading network config`);
      });
    },
  };
}
