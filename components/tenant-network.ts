import * as pulumi from "@pulumi/pulumi";
import type { TenantPlan } from "../plan/cloud-plan";
import * as proxmox from "../providers/proxmox/resources";
import * as routeros from "../providers/routeros/resources";

export interface TenantNetworkArgs {
  plan: TenantPlan;
  /** What each gateway router's part waits for: the router's own ports, loopback and OSPF. */
  routers?: Record<string, pulumi.Resource>;
  /** Authenticates the VRRP gateways; VRRPv3 carries no authentication, so this means VRRPv2. */
  vrrpPassword?: pulumi.Input<string>;
  /** The SDN zone the tenant's vnet lives in; the Cloud applies SDN after the vnet. */
  zone?: pulumi.Resource;
}

/**
 * A tenant's network, like a VPC: a VXLAN segment between its gateway routers and the hypervisors,
 * bridged on each router with a VRRP gateway address the routers share, and a vnet on the
 * hypervisors that its VMs attach to.
 */
export class TenantNetwork extends pulumi.ComponentResource {
  readonly vni: pulumi.Output<number>;
  readonly cidr: pulumi.Output<string>;
  readonly gateway: pulumi.Output<string>;
  /** The tenant's vnet, when the stack has hypervisors. */
  readonly vnet?: pulumi.Resource;

  constructor(name: string, args: TenantNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:network:TenantNetwork", name, {}, opts);
    const tenant = args.plan;
    for (const { router, plan } of tenant.gateways) {
      // The tenant's part of each gateway router is one set of that router's items, each keyed by
      // what its item was named before sets (the resource name after the set's).
      const items: Record<string, routeros.SetItemArgs> = {
        vxlan: {
          menu: "Vxlan",
          name: plan.vxlan,
          vni: plan.vni,
          port: plan.port,
          mtu: plan.mtu,
          localAddress: plan.localAddress,
          comment: `tenant ${tenant.name}`,
        },
        ...Object.fromEntries(
          plan.vteps.map((remote): [string, routeros.SetItemArgs] => [
            `vtep-${remote}`,
            { menu: "VxlanVtep", interface: plan.vxlan, remoteIp: remote },
          ]),
        ),
        bridge: { menu: "Bridge", name: plan.bridge, comment: `tenant ${tenant.name}` },
        "bridge-vxlan": { menu: "BridgePort", bridge: plan.bridge, interface: plan.vxlan },
        address: { menu: "IpAddress", address: plan.address, interface: plan.bridge },
        // Tenants whose gateways differ, and the operators, reach the segment through OSPF.
        ospf: {
          menu: "OspfInterfaceTemplate",
          area: plan.ospfArea,
          interfaces: [plan.bridge],
          type: "broadcast",
          passive: true,
        },
        vrrp: {
          menu: "Vrrp",
          name: plan.vrrp.name,
          interface: plan.bridge,
          vrid: plan.vrrp.vrid,
          priority: plan.vrrp.priority,
          ...(args.vrrpPassword === undefined
            ? {}
            : { version: 2, authentication: "simple", password: args.vrrpPassword }),
          comment: `tenant ${tenant.name} gateway`,
        },
        gateway: {
          menu: "IpAddress",
          address: plan.vrrp.address,
          interface: plan.vrrp.name,
          comment: `tenant ${tenant.name} gateway`,
        },
      };
      const dependsOn = args.routers?.[router];
      new routeros.ItemSet(
        `${name}-${router}`,
        { router, concern: `tenant-${tenant.name}`, items },
        { parent: this, dependsOn: dependsOn ? [dependsOn] : [] },
      );
    }
    if (tenant.vnet) {
      this.vnet = new proxmox.SdnVnet(`${name}-vnet`, tenant.vnet, {
        parent: this,
        dependsOn: args.zone ? [args.zone] : [],
      });
    }
    this.vni = pulumi.output(tenant.vni);
    this.cidr = pulumi.output(tenant.cidr);
    this.gateway = pulumi.output(tenant.gateway);
    this.registerOutputs({ vni: this.vni, cidr: this.cidr, gateway: this.gateway });
  }
}
