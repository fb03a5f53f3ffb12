import * as proxmoxve from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import type { LoadedConfig } from "../config/load";
import type { CloudPlan } from "../plan/cloud-plan";
import * as proxmox from "../providers/proxmox/resources";
import { CephStorage } from "./ceph-storage";
import { HypervisorNetwork } from "./hypervisor-network";
import { LinuxVm } from "./linux-vm";
import { Monitoring } from "./monitoring";
import { Router } from "./router";
import { TenantNetwork } from "./tenant-network";
import type { VirtualMachine } from "./virtual-machine";
import { WindowsVm } from "./windows-vm";
import { ZeroTierNetwork } from "./zerotier-network";

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
  /** The operators' VPN, when the stack has one. */
  readonly zerotier?: ZeroTierNetwork;
  /** The cloud in LibreNMS, when the stack monitors it. */
  readonly monitoring?: Monitoring;
  /** Each router's loopback, by router. */
  readonly loopbacks: pulumi.Output<Record<string, string>>;
  /** Each VM's id, by VM. */
  readonly vmids: pulumi.Output<Record<string, number>>;

  constructor(name: string, args: CloudArgs, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:cloud:Cloud", name, {}, opts);
    const { plan, secrets, takeOverVms = [] } = args;
    this.zerotier = plan.zerotier
      ? new ZeroTierNetwork(`${name}-zerotier`, { plan: plan.zerotier }, { parent: this })
      : undefined;
    const snmpPasswords =
      secrets.snmpAuthPassword && secrets.snmpPrivPassword
        ? { auth: secrets.snmpAuthPassword, priv: secrets.snmpPrivPassword }
        : undefined;
    if (plan.monitoring && !snmpPasswords)
      throw new Error(
        "budgetcloud:monitoring is set but its SNMPv3 passwords are not given (budgetcloud:snmpAuthPassword, budgetcloud:snmpPrivPassword)",
      );
    for (const routerPlan of plan.routers) {
      this.routers[routerPlan.name] = new Router(
        `${name}-${routerPlan.name}`,
        {
          plan: routerPlan,
          ospfAuthKey: secrets.ospfAuthKey,
          zerotierNetwork: this.zerotier?.networkId,
          snmpPasswords,
        },
        { parent: this },
      );
    }
    const network = plan.sdn
      ? new HypervisorNetwork(`${name}-sdn`, { plan: plan.sdn, nics: plan.nics }, { parent: this })
      : undefined;
    for (const tenant of plan.tenants) {
      this.tenants[tenant.name] = new TenantNetwork(
        `${name}-tenant-${tenant.name}`,
        { plan: tenant, routers: this.routers, vrrpPassword: secrets.vrrpPassword, zone: network?.zone },
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
    const storage = plan.storage
      ? new CephStorage(`${name}-ceph`, { plan: plan.storage }, { parent: this })
      : undefined;
    const jumpcloudKeys =
      secrets.jumpcloudApiKey && secrets.jumpcloudConnectKey
        ? { apiKey: secrets.jumpcloudApiKey, connectKey: secrets.jumpcloudConnectKey }
        : undefined;
    const before = [...(storage ? [storage] : []), ...(sdnApplied ? [sdnApplied] : [])];
    const api = plan.proxmoxApi;
    const provider =
      api && plan.vms.length > 0
        ? new proxmoxve.Provider(
            `${name}-proxmox`,
            {
              endpoint: api.endpoint,
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
      const args = { plan: vm, provider, takeOver, jumpcloudKeys, snmpPasswords, dependsOn: before };
      const Vm = vm.os === "windows" ? WindowsVm : LinuxVm;
      this.vms[vm.name] = new Vm(`${name}-vm-${vm.name}`, args, { parent: this });
    }
    if (plan.monitoring && snmpPasswords) {
      this.monitoring = new Monitoring(
        `${name}-monitoring`,
        {
          plan: plan.monitoring,
          snmpPasswords,
          dependsOn: Object.fromEntries(Object.entries(this.vms).map(([vm, resource]) => [vm, [resource]])),
        },
        { parent: this },
      );
    }
    const byName = <T, V>(parts: Record<string, T>, output: (part: T) => pulumi.Output<V>) =>
      pulumi.output(Object.fromEntries(Object.entries(parts).map(([key, part]) => [key, output(part)])));
    this.loopbacks = byName(this.routers, (r) => r.loopback);
    this.vmids = byName(this.vms, (vm) => vm.vmid);
    this.registerOutputs({
      loopbacks: this.loopbacks,
      vmids: this.vmids,
      pools: storage?.pools,
      zerotierNetwork: this.zerotier?.networkId,
    });
  }
}
