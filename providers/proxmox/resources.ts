import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { declaredResources, providedResource } from "../shared/declared-resource";
import {
  cephPool,
  nodeNetworkInterface,
  rbdStorage,
  sdnApplyType,
  sdnFabricNode,
  sdnOspfFabric,
  sdnVnet,
  sdnVxlanZone,
} from "./objects";

export const { CephPool, RbdStorage, NodeNetworkInterface, SdnOspfFabric, SdnFabricNode, SdnVxlanZone, SdnVnet } =
  declaredResources("proxmox", {
    /** A Ceph pool; `node` is the node the API reaches Ceph through. Never deleted while the stack protects storage. */
    CephPool: cephPool,
    /** A storage entry for a Ceph RBD pool, usable by the nodes given (all when none are). */
    RbdStorage: rbdStorage,
    /** A node's NIC (`iface`), as budgetcloud sets it: its MTU; applied to the node by each write. */
    NodeNetworkInterface: nodeNetworkInterface,
    /** A PVE 9 OSPF fabric (`pveId` its id): the nodes' routing, in an area over a prefix; applied by an SdnApply. */
    SdnOspfFabric: sdnOspfFabric,
    /** A node of a fabric: its IP (the loopback) and its interfaces in the fabric; applied by an SdnApply. */
    SdnFabricNode: sdnFabricNode,
    /** A VXLAN zone between the given peers (the nodes' loopbacks); applied by an SdnApply. */
    SdnVxlanZone: sdnVxlanZone,
    /** A vnet: the bridge VMs attach to, with its VNI as `tag`; applied by an SdnApply. */
    SdnVnet: sdnVnet,
  });

export interface SdnApplyArgs {
  /** Changes whenever a fabric, zone or vnet definition does: `sdnRevision(definitions)`. */
  revision: pulumi.Input<string>;
}

/**
 * Applies the staged SDN configuration (`PUT /cluster/sdn`) once per run, after the fabrics, zones
 * and vnets it depends on: when created, when its revision changes, and when the run put back a
 * drifted one. Give it `dependsOn` every fabric, fabric node, zone and vnet.
 */
export const SdnApply = providedResource<SdnApplyArgs, { readonly revision: pulumi.Output<string> }>(
  "proxmox",
  sdnApplyType,
);

/** A revision for SdnApply: a hash of the fabric, zone and vnet definitions, as plain data. */
export function sdnRevision(definitions: unknown): string {
  return createHash("sha256").update(JSON.stringify(definitions)).digest("hex");
}
