import type { PveObject } from "../object";
import { cephPool } from "./ceph-pool";
import { haNodeAffinityRule } from "./ha-node-affinity-rule";
import { haResource } from "./ha-resource";
import { nodeNetworkInterface } from "./node-network-interface";
import { rbdStorage } from "./rbd-storage";
import { sdnApplyRequest, sdnApplyType } from "./sdn-apply";
import { sdnFabricNode } from "./sdn-fabric-node";
import { sdnOspfFabric } from "./sdn-ospf-fabric";
import { sdnVnet } from "./sdn-vnet";
import { sdnVxlanZone } from "./sdn-vxlan-zone";

export {
  cephPool,
  haNodeAffinityRule,
  haResource,
  nodeNetworkInterface,
  rbdStorage,
  sdnApplyRequest,
  sdnApplyType,
  sdnFabricNode,
  sdnOspfFabric,
  sdnVnet,
  sdnVxlanZone,
};

/**
 * Every declared object, by resource type: the provider process finds a declaration by this name.
 * The HA resource and rule only serve stacks from before the proxmoxve package's Haresource and
 * Harule took their place: they refresh and destroy as before until a run takes them over.
 */
export const objects: Record<string, PveObject> = Object.fromEntries(
  [
    cephPool,
    rbdStorage,
    nodeNetworkInterface,
    sdnOspfFabric,
    sdnFabricNode,
    sdnVxlanZone,
    sdnVnet,
    haResource,
    haNodeAffinityRule,
  ].map((o): [string, PveObject] => [o.type, o]),
);
