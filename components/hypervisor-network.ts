import * as pulumi from "@pulumi/pulumi";
import type { NicPlan, SdnPlan } from "../plan/proxmox-plan";
import * as proxmox from "../providers/proxmox/resources";

/**
 * The hypervisors' side of the fabric, through Proxmox: their NICs at their links' MTU; in SDN, the
 * OSPF fabric that routes their loopbacks with the routers', and the VXLAN zone over every loopback
 * that the tenants' vnets live in. Proxmox applies SDN for the whole cluster at once: the Cloud
 * does, after the tenants' vnets.
 */
export interface HypervisorNetworkArgs {
  plan: SdnPlan;
  /** The NICs the fabric's interfaces are on, each set before its node joins the fabric. */
  nics: readonly NicPlan[];
}

export class HypervisorNetwork extends pulumi.ComponentResource {
  /** The VXLAN zone of the tenants' vnets, when the stack has tenants. */
  readonly zone?: pulumi.Resource;
  /** Everything here that the SDN apply must follow. */
  readonly staged: pulumi.Resource[];
  /** The fabric's id and the zone's, when there is one. */
  readonly fabricId: pulumi.Output<string>;
  readonly zoneId?: pulumi.Output<string>;

  constructor(name: string, args: HypervisorNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:network:HypervisorNetwork", name, {}, opts);
    const { fabric, fabricNodes, zone } = args.plan;
    const nics = args.nics.map(
      (nic) => new proxmox.NodeNetworkInterface(`${name}-nic-${nic.node}-${nic.iface}`, nic, { parent: this }),
    );
    const fabricResource = new proxmox.SdnOspfFabric(
      `${name}-fabric-${fabric.id}`,
      { pveId: fabric.id, area: fabric.area, ipPrefix: fabric.ipPrefix },
      { parent: this },
    );
    const nodeResources = fabricNodes.map(
      (node) =>
        new proxmox.SdnFabricNode(`${name}-fabric-${node.fabricId}-${node.nodeId}`, node, {
          parent: this,
          // OSPF starts on a NIC once it has its link's MTU.
          dependsOn: [fabricResource, ...nics.filter((_, i) => args.nics[i].node === node.nodeId)],
        }),
    );
    const zoneResource = zone && new proxmox.SdnVxlanZone(`${name}-zone-${zone.zone}`, zone, { parent: this });
    this.zone = zoneResource;
    this.staged = [fabricResource, ...nodeResources, ...(zoneResource ? [zoneResource] : [])];
    this.fabricId = fabricResource.pveId;
    this.zoneId = zoneResource?.zone;
    this.registerOutputs({ fabricId: this.fabricId, zoneId: this.zoneId });
  }
}
