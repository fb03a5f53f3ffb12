import * as pulumi from "@pulumi/pulumi";
import type { CephPlan } from "../plan/proxmox-plan";
import * as proxmox from "../providers/proxmox/resources";

/** The cluster's Ceph pools and the RBD storage entries that put VM disks on them. */
export class CephStorage extends pulumi.ComponentResource {
  readonly storages: Record<string, InstanceType<typeof proxmox.RbdStorage>> = {};
  /** The pools' names, as the cluster holds them. */
  readonly pools: pulumi.Output<string[]>;
  /** The storage entries' ids. */
  readonly storageIds: pulumi.Output<string[]>;

  constructor(name: string, args: { plan: CephPlan }, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:storage:CephStorage", name, {}, opts);
    const { node, protect } = args.plan;
    const pools: Record<string, InstanceType<typeof proxmox.CephPool>> = {};
    for (const pool of args.plan.pools) {
      pools[pool.name] = new proxmox.CephPool(
        `${name}-pool-${pool.name}`,
        {
          node,
          name: pool.name,
          size: pool.size,
          minSize: pool.minSize,
          pgAutoscaleMode: pool.pgAutoscaleMode,
          application: pool.application,
          ...(pool.targetSizeRatio === undefined ? {} : { targetSizeRatio: pool.targetSizeRatio }),
          ...(pool.targetSize === undefined ? {} : { targetSize: pool.targetSize }),
          ...(pool.crushRule === undefined ? {} : { crushRule: pool.crushRule }),
        },
        { parent: this, protect },
      );
    }
    for (const rbd of args.plan.rbd) {
      this.storages[rbd.id] = new proxmox.RbdStorage(
        `${name}-rbd-${rbd.id}`,
        {
          storage: rbd.id,
          pool: rbd.pool,
          content: rbd.content,
          krbd: rbd.krbd,
          ...(rbd.nodes ? { nodes: rbd.nodes } : {}),
        },
        { parent: this, protect, dependsOn: pools[rbd.pool] ? [pools[rbd.pool]] : [] },
      );
    }
    this.pools = pulumi.all(Object.values(pools).map((p) => p.name));
    this.storageIds = pulumi.all(Object.values(this.storages).map((s) => s.storage));
    this.registerOutputs({ pools: this.pools, storageIds: this.storageIds });
  }
}
