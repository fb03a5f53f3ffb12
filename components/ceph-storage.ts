import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/schema";
import * as proxmox from "../providers/proxmox/resources";

export interface CephStorageArgs {
  /** The node whose Ceph API creates the pools (any node of the cluster will do). */
  node: string;
  storage: StackConfig["storage"];
  /** Pools and storage entries are never deleted or replaced. */
  protect: boolean;
}

/** The cluster's Ceph pools and the RBD storage entries that put VM disks on them. */
export class CephStorage extends pulumi.ComponentResource {
  readonly storages: Record<string, pulumi.Resource> = {};

  constructor(name: string, args: CephStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:storage:CephStorage", name, {}, opts);
    const pools: Record<string, pulumi.Resource> = {};
    for (const pool of args.storage.pools) {
      pools[pool.name] = new proxmox.CephPool(
        `${name}-pool-${pool.name}`,
        {
          node: args.node,
          name: pool.name,
          size: pool.size,
          minSize: pool.minSize,
          pgAutoscaleMode: pool.pgAutoscaleMode,
          application: pool.application,
          ...(pool.targetSizeRatio === undefined ? {} : { targetSizeRatio: pool.targetSizeRatio }),
          ...(pool.targetSize === undefined ? {} : { targetSize: pool.targetSize }),
          ...(pool.crushRule === undefined ? {} : { crushRule: pool.crushRule }),
        },
        { parent: this, protect: args.protect },
      );
    }
    for (const rbd of args.storage.rbd) {
      this.storages[rbd.id] = new proxmox.RbdStorage(
        `${name}-rbd-${rbd.id}`,
        {
          storage: rbd.id,
          pool: rbd.pool,
          content: rbd.content,
          krbd: rbd.krbd,
          ...(rbd.nodes ? { nodes: rbd.nodes } : {}),
        },
        { parent: this, protect: args.protect, dependsOn: pools[rbd.pool] ? [pools[rbd.pool]] : [] },
      );
    }
    this.registerOutputs({});
  }
}
