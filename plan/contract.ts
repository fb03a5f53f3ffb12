import { addressOf } from "../config/addressing";
import type { CloudPlan } from "./cloud-plan";

/**
 * What a stack promises the projects that read its outputs. Bump `contractVersion` when a field
 * changes meaning or goes away; adding a field is not a new version.
 */
export interface CloudContract {
  contractVersion: 1;
  environment: string;
  routers: { name: string; loopback: string }[];
  tenants: { name: string; vni: number; cidr: string; gateway: string }[];
  vms: { name: string; fqdn: string; ip: string; node: string }[];
  storagePools: { name: string; size: number; application: string }[];
}

export function contractOf(plan: CloudPlan): CloudContract {
  return {
    contractVersion: 1,
    environment: plan.environment,
    routers: plan.routers.map((r) => ({ name: r.name, loopback: addressOf(r.loopback.address) })),
    tenants: plan.tenants.map(({ name, vni, cidr, gateway }) => ({ name, vni, cidr, gateway })),
    vms: plan.vms.map((vm) => ({ name: vm.name, fqdn: vm.fqdn, ip: addressOf(vm.address), node: vm.hypervisor })),
    storagePools: (plan.storage?.pools ?? []).map((p) => ({ name: p.name, size: p.size, application: p.application })),
  };
}
