import * as pulumi from "@pulumi/pulumi";
import type { SdnPlan } from "../plan/proxmox-plan";
import * as proxmox from "../providers/proxmox/resources";

/**
 * The hypervisors' networks, through Proxmox SDN: the OSPF fabric that routes their loopbacks with
 * the routers, a VXLAN zone over every loopback and a vnet per tenant, tagged with its VNI, all
 * applied once per run.
 */
export class HypervisorNetwork extends pulumi.ComponentResource {
  /** Done once the SDN configuration is applied on every node. */
  readonly applied: pulumi.Resource;

  constructor(name: string, args: { plan: SdnPlan }, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:network:HypervisorNetwork", name, {}, opts);
    const { fabric, fabricNodes, zone, vnets } = args.plan;
    const fabricResource = new proxmox.SdnOspfFabric(
      `${name}-fabric-${fabric.id}`,
      { pveId: fabric.id, area: fabric.area, ipPrefix: fabric.ipPrefix },
      { parent: this },
    );
    const nodeResources = fabricNodes.map(
      (node) =>
        new proxmox.SdnFabricNode(`${name}-fabric-${node.fabricId}-${node.nodeId}`, node, {
          parent: this,
          dependsOn: fabricResource,
        }),
    );
    const zoneResource = zone && new proxmox.SdnVxlanZone(`${name}-zone-${zone.zone}`, zone, { parent: this });
    const vnetResources = vnets.map(
      (vnet) => new proxmox.SdnVnet(`${name}-vnet-${vnet.vnet}`, vnet, { parent: this, dependsOn: zoneResource }),
    );
    this.applied = new proxmox.SdnApply(
      `${name}-apply`,
      { revision: proxmox.sdnRevision(args.plan) },
      {
        parent: this,
        dependsOn: [fabricResource, ...nodeResources, ...(zoneResource ? [zoneResource] : []), ...vnetResources],
      },
    );
    this.registerOutputs({});
  }
}
