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
  const { config } = plan;
  return {
    contractVersion: 1,
    environment: config.environment,
    routers: plan.routers.map((r) => ({ name: r.name, loopback: addressOf(r.loopback.address) })),
    tenants: config.tenants.map(({ name, vni, cidr, gateway }) => ({ name, vni, cidr, gateway })),
    vms: config.vms.map((vm) => ({ name: vm.name, fqdn: `${vm.name}.${config.domain}`, ip: vm.ip, node: vm.node })),
    storagePools: config.storage.pools.map((p) => ({ name: p.name, size: p.size, application: p.application })),
  };
}
