import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { declaredResource } from "../shared/declared-resource";
import { runtimeProvider } from "../shared/runtime-provider";
import type { Field } from "./fields";
import type { TypedPveObject } from "./object";
import { cephPool, rbdStorage, sdnApplyType, sdnFabricNode, sdnOspfFabric, sdnVnet, sdnVxlanZone } from "./objects";

const objectResource = <F extends Record<string, Field>>(object: TypedPveObject<F>) =>
  declaredResource<F>("proxmox", object);

/** A Ceph pool; `node` is the node the API reaches Ceph through. Never deleted while the stack protects storage. */
export const CephPool = objectResource(cephPool);
/** A storage entry for a Ceph RBD pool, usable by the nodes given (all when none are). */
export const RbdStorage = objectResource(rbdStorage);
/** A PVE 9 OSPF fabric (`pveId` its id): the nodes' routing, in an area over a prefix; applied by an SdnApply. */
export const SdnOspfFabric = objectResource(sdnOspfFabric);
/** A node of a fabric: its IP (the loopback) and its interfaces in the fabric; applied by an SdnApply. */
export const SdnFabricNode = objectResource(sdnFabricNode);
/** A VXLAN zone between the given peers (the nodes' loopbacks); applied by an SdnApply. */
export const SdnVxlanZone = objectResource(sdnVxlanZone);
/** A vnet: the bridge VMs attach to, with its VNI as `tag`; applied by an SdnApply. */
export const SdnVnet = objectResource(sdnVnet);

const sdnApplyProvider = runtimeProvider("proxmox", sdnApplyType);

export interface SdnApplyArgs {
  /** Changes whenever a fabric, zone or vnet definition does: `sdnRevision(definitions)`. */
  revision: pulumi.Input<string>;
}

/**
 * Applies the staged SDN configuration (`PUT /cluster/sdn`) once per run, after the fabrics, zones
 * and vnets it depends on: when created, when its revision changes, and when the run put back a
 * drifted one. Give it `dependsOn` every fabric, fabric node, zone and vnet.
 */
export class SdnApply extends pulumi.dynamic.Resource {
  declare readonly revision: pulumi.Output<string>;

  constructor(name: string, args: SdnApplyArgs, opts?: pulumi.CustomResourceOptions) {
    super(sdnApplyProvider, name, args, opts, "proxmox", sdnApplyType);
  }
}

/** A revision for SdnApply: a hash of the fabric, zone and vnet definitions, as plain data. */
export function sdnRevision(definitions: unknown): string {
  return createHash("sha256").update(JSON.stringify(definitions)).digest("hex");
}
