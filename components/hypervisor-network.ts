import * as pulumi from "@pulumi/pulumi";
import type { SdnPlan } from "../plan/proxmox-plan";
import * as proxmox from "../providers/proxmox/resources";

/**
 * The tenant networks on the hypervisors, through Proxmox SDN: a VXLAN zone over every loopback of
 * the fabric and a vnet per tenant, tagged with its VNI, applied once per run.
 */
export class HypervisorNetwork extends pulumi.ComponentResource {
  /** Done once the SDN configuration is applied on every node. */
  readonly applied: pulumi.Resource;

  constructor(name: string, args: { plan: SdnPlan }, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:network:HypervisorNetwork", name, {}, opts);
    const { zone, vnets } = args.plan;
    const zoneResource = new proxmox.SdnVxlanZone(`${name}-zone-${zone.zone}`, zone, { parent: this });
    const vnetResources = vnets.map(
      (vnet) => new proxmox.SdnVnet(`${name}-vnet-${vnet.vnet}`, vnet, { parent: this, dependsOn: zoneResource }),
    );
    this.applied = new proxmox.SdnApply(
      `${name}-apply`,
      { revision: proxmox.sdnRevision({ zones: [zone], vnets }) },
      { parent: this, dependsOn: [zoneResource, ...vnetResources] },
    );
    this.registerOutputs({});
  }
}
