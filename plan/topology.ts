import { addressOf, networkOf } from "../config/addressing";
import type { StackConfig } from "../config/schema";
import { linkEndInterface } from "./checks";
import { planCloud } from "./cloud-plan";

/** One end of a point-to-point link: the device, its interface, and its address there. */
export interface LinkEnd {
  device: string;
  interface: string;
  address: string;
}

/** A tenant's VRRP gateway on one router; the master is the router of the highest priority. */
export interface GatewayRole {
  router: string;
  priority: number;
  role: "master" | "backup";
}

/**
 * The cloud as a picture shows it: who is wired to whom, with which addresses. Every fact comes
 * from the checked plan (or the config the plan was checked from), never from a device.
 */
export interface Topology {
  environment: string;
  routers: { name: string; loopback: string; management: string; uplink?: string; srcNat: string[] }[];
  hypervisors: { name: string; node: string; loopback: string; management: string }[];
  /** The /30 point-to-point links of the fabric: router to router, router to hypervisor. */
  links: { a: LinkEnd; b: LinkEnd; subnet: string }[];
  tenants: { name: string; vni: number; cidr: string; gateway: string; vrid: number; gateways: GatewayRole[] }[];
  vms: { name: string; tenant: string; node: string; address: string; os: "linux" | "windows" }[];
  /** The operators' ZeroTier network, and the routers that join it at their addresses. */
  zerotier?: { name: string; cidr: string; routers: { router: string; address: string }[] };
}

/** The topology of a stack's config; a config the cross-checks refuse throws their ConfigError. */
export function topologyOf(config: StackConfig): Topology {
  const plan = planCloud(config);
  const end = (text: string): LinkEnd => {
    const [device, name] = text.split(":");
    return { device, interface: name, address: linkEndInterface(config, text)?.address ?? "" };
  };
  return {
    environment: plan.environment,
    routers: plan.routers.map((router) => {
      const given = config.routers.find((r) => r.name === router.name);
      return {
        name: router.name,
        loopback: router.loopback.address,
        management: given?.host ?? "",
        ...(given?.uplink ? { uplink: given.uplink } : {}),
        srcNat: router.nat.flatMap(({ rule }) =>
          rule.srcAddress && rule.outInterface === given?.uplink ? [rule.srcAddress] : [],
        ),
      };
    }),
    hypervisors: config.hypervisors.map((h) => ({
      name: h.name,
      node: h.node ?? h.name,
      loopback: h.loopback,
      management: h.host,
    })),
    links: config.links.map((link) => {
      const [a, b] = [end(link.a), end(link.b)];
      return { a, b, subnet: a.address ? networkOf(a.address) : "" };
    }),
    tenants: plan.tenants.map((tenant) => {
      const top = Math.max(...tenant.gateways.map((g) => g.plan.vrrp.priority));
      return {
        name: tenant.name,
        vni: tenant.vni,
        cidr: tenant.cidr,
        gateway: tenant.gateway,
        vrid: tenant.gateways[0]?.plan.vrrp.vrid ?? 0,
        gateways: tenant.gateways.map(({ router, plan: gateway }) => ({
          router,
          priority: gateway.vrrp.priority,
          role: gateway.vrrp.priority === top ? ("master" as const) : ("backup" as const),
        })),
      };
    }),
    vms: config.vms.map((vm) => ({
      name: vm.name,
      tenant: vm.tenant,
      node: plan.vms.find((v) => v.name === vm.name)?.node ?? vm.node,
      address: addressOf(vm.ip),
      os: vm.os,
    })),
    ...(config.zerotier
      ? {
          zerotier: {
            name: config.zerotier.network.name,
            cidr: config.zerotier.network.cidr,
            routers: config.zerotier.routers.map(({ router, ip }) => ({ router, address: ip })),
          },
        }
      : {}),
  };
}
