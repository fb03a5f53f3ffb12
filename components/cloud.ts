import * as proxmoxve from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import type { LoadedConfig } from "../config/load";
import type { CloudPlan } from "../plan/cloud-plan";
import * as proxmox from "../providers/proxmox/resources";
import { CephStorage } from "./ceph-storage";
import { HypervisorNetwork } from "./hypervisor-network";
import { LinuxVm } from "./linux-vm";
import { Router } from "./router";
import { TenantNetwork } from "./tenant-network";
import type { VirtualMachine } from "./virtual-machine";
import { WindowsVm } from "./windows-vm";

export interface CloudArgs {
  plan: CloudPlan;
  secrets: LoadedConfig["secrets"];
  /** VMs an older budgetcloud made with its own provider, to take over instead of cloning. */
  takeOverVms?: string[];
}

/** The whole cloud of a stack: routers, tenant networks, Ceph storage, and the VMs on them. */
export class Cloud extends pulumi.ComponentResource {
  readonly routers: Record<string, Router> = {};
  readonly tenants: Record<string, TenantNetwork> = {};
  readonly vms: Record<string, VirtualMachine> = {};

  constructor(name: string, args: CloudArgs, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:cloud:Cloud", name, {}, opts);
    const { plan, secrets, takeOverVms = [] } = args;
    for (const routerPlan of plan.routers) {
      this.routers[routerPlan.name] = new Router(
        `${name}-${routerPlan.name}`,
        { plan: routerPlan, ospfAuthKey: secrets.ospfAuthKey },
        { parent: this },
      );
    }
    const network = plan.sdn ? new HypervisorNetwork(`${name}-sdn`, { plan: plan.sdn }, { parent: this }) : undefined;
    for (const tenant of plan.config.tenants) {
      const vnet = plan.sdn?.vnets.find((v) => v.alias === tenant.name);
      this.tenants[tenant.name] = new TenantNetwork(
        `${name}-tenant-${tenant.name}`,
        {
          name: tenant.name,
          vni: tenant.vni,
          cidr: tenant.cidr,
          gateway: tenant.gateway,
          vrrpPassword: secrets.vrrpPassword,
          gateways: plan.routers.flatMap((router) =>
            router.gateways
              .filter((g) => g.tenant === tenant.name)
              .map((g) => ({ router: router.name, plan: g, dependsOn: this.routers[router.name] })),
          ),
          ...(vnet ? { vnet: { plan: vnet, zone: network?.zone } } : {}),
        },
        { parent: this },
      );
    }
    // Proxmox applies SDN cluster-wide: once, after the fabric, the zone and every tenant's vnet.
    const sdnApplied =
      plan.sdn && network
        ? new proxmox.SdnApply(
            `${name}-sdn-apply`,
            { revision: proxmox.sdnRevision(plan.sdn) },
            {
              parent: this,
              dependsOn: [...network.staged, ...Object.values(this.tenants).flatMap((t) => (t.vnet ? [t.vnet] : []))],
            },
          )
        : undefined;
    const { config } = plan;
    const storage =
      config.storage.pools.length + config.storage.rbd.length > 0 && config.hypervisors.length > 0
        ? new CephStorage(
            `${name}-ceph`,
            {
              node: config.hypervisors[0].node ?? config.hypervisors[0].name,
              storage: config.storage,
              protect: plan.protectStorage,
            },
            { parent: this },
          )
        : undefined;
    const jumpcloud =
      config.jumpcloud && secrets.jumpcloudApiKey && secrets.jumpcloudConnectKey
        ? {
            apiKey: secrets.jumpcloudApiKey,
            connectKey: secrets.jumpcloudConnectKey,
            systemGroupId: config.jumpcloud.systemGroupId,
          }
        : undefined;
    const before = [...(storage ? [storage] : []), ...(sdnApplied ? [sdnApplied] : [])];
    const api = plan.proxmoxApi;
    const provider =
      api && plan.vms.length > 0
        ? new proxmoxve.Provider(
            `${name}-proxmox`,
            {
              endpoint: api.endpoint,
              apiToken: pulumi.interpolate`${api.tokenId}=${secrets.proxmoxTokenSecret}`,
              insecure: api.insecure,
            },
            { parent: this },
          )
        : undefined;
    const unknown = takeOverVms.filter((name) => !plan.vms.some((vm) => vm.name === name));
    if (unknown.length > 0) {
      throw new Error(
        `VMs ${unknown.join(", ")}: the state holds them but the stack config does not; ` +
          "put them back in budgetcloud:vms for the run that takes the VMs over, and remove them after",
      );
    }
    for (const vm of plan.vms) {
      if (!provider) throw new Error(`VM ${vm.name}: budgetcloud:proxmox is not set: no cluster to clone it on`);
      const takeOver = takeOverVms.includes(vm.name);
      const args = { plan: vm, provider, takeOver, timezone: config.timezone, jumpcloud, dependsOn: before };
      this.vms[vm.name] =
        vm.os === "windows"
          ? new WindowsVm(`${name}-vm-${vm.name}`, args, { parent: this })
          : new LinuxVm(`${name}-vm-${vm.name}`, { ...args, users: config.vmUsers }, { parent: this });
    }
    this.registerOutputs({});
  }
}
