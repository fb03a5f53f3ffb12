import { addressOf } from "../config/addressing";
import type { StackConfig } from "../config/schema";
import type { CloudPlan } from "./cloud-plan";

/**
 * What a stack promises the projects that read its outputs. Bump `contractVersion` when a field
 * changes meaning or goes away; adding a field is not a new version, so a field added later is
 * optional here: a stack last updated before it does not export it.
 */
export interface CloudContract {
  contractVersion: 1;
  environment: string;
  /** `management`: the address the RouterOS API and SSH listen on. */
  routers: { name: string; loopback: string; management?: string }[];
  tenants: { name: string; vni: number; cidr: string; gateway: string }[];
  /** `node` is the hypervisor the VM runs on. */
  vms: { name: string; fqdn: string; ip: string; node: string; tenant?: string; os?: "linux" | "windows" }[];
  storagePools: { name: string; size: number; application: string }[];
  /** `node`: the Proxmox node name; `management`: the address its API and SSH listen on. */
  hypervisors?: { name: string; node: string; loopback: string; management: string }[];
  /** The users cloud-init puts on every Linux VM (names only), and which of them may sudo. */
  vmUsers?: { name: string; sudo: boolean }[];
}

export function contractOf(config: StackConfig, plan: CloudPlan): Required<CloudContract> {
  const hostOf = (name: string) => config.routers.find((r) => r.name === name)?.host ?? "";
  const tenantOf = (name: string) => config.vms.find((vm) => vm.name === name)?.tenant ?? "";
  return {
    contractVersion: 1,
    environment: plan.environment,
    routers: plan.routers.map((r) => ({
      name: r.name,
      loopback: addressOf(r.loopback.address),
      management: hostOf(r.name),
    })),
    tenants: plan.tenants.map(({ name, vni, cidr, gateway }) => ({ name, vni, cidr, gateway })),
    vms: plan.vms.map((vm) => ({
      name: vm.name,
      fqdn: vm.fqdn,
      ip: addressOf(vm.address),
      node: vm.hypervisor,
      tenant: tenantOf(vm.name),
      os: vm.os,
    })),
    storagePools: (plan.storage?.pools ?? []).map((p) => ({ name: p.name, size: p.size, application: p.application })),
    hypervisors: config.hypervisors.map((h) => ({
      name: h.name,
      node: h.node ?? h.name,
      loopback: addressOf(h.loopback),
      management: h.host,
    })),
    vmUsers: config.vmUsers.map(({ name, sudo }) => ({ name, sudo })),
  };
}
