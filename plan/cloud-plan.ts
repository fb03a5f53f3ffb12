import { ConfigError } from "../config/load";
import type { StackConfig } from "../config/schema";
import { crossCheck } from "./checks";
import { type MonitoringPlan, planMonitoring } from "./monitoring-plan";
import {
  type CephPlan,
  isProtected,
  type NicPlan,
  type ProxmoxApiPlan,
  planCephStorage,
  planNics,
  planProxmoxApi,
  planSdn,
  planVm,
  type SdnPlan,
  type VmPlan,
  type VnetPlan,
} from "./proxmox-plan";
import { type GatewayPlan, planRouter, type RouterPlan } from "./router-plan";
import { planZeroTier, type ZeroTierPlan } from "./zerotier-plan";

/** A tenant's network: its gateway on each of its routers and, with hypervisors, its vnet. */
export interface TenantPlan {
  name: string;
  vni: number;
  cidr: string;
  gateway: string;
  gateways: { router: string; plan: GatewayPlan }[];
  vnet?: VnetPlan;
}

export interface CloudPlan {
  environment: StackConfig["environment"];
  routers: RouterPlan[];
  tenants: TenantPlan[];
  sdn?: SdnPlan;
  /** The hypervisors' NICs, set beside the SDN that uses them. */
  nics: NicPlan[];
  storage?: CephPlan;
  vms: VmPlan[];
  proxmoxApi?: ProxmoxApiPlan;
  /** The operators' VPN. */
  zerotier?: ZeroTierPlan;
  /** LibreNMS's devices and groups. */
  monitoring?: MonitoringPlan;
}

/** The whole cloud as data, or a ConfigError naming every key a cross-check refuses. */
export function planCloud(config: StackConfig): CloudPlan {
  const problems = crossCheck(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const routers = config.routers.map((router) => planRouter(config, router));
  const sdn = planSdn(config);
  const proxmoxApi = planProxmoxApi(config);
  const storage = planCephStorage(config, isProtected(config));
  const zerotier = planZeroTier(config);
  const monitoring = planMonitoring(config);
  return {
    environment: config.environment,
    routers,
    tenants: config.tenants.map(({ name, vni, cidr, gateway }) => {
      const vnet = sdn?.vnets.find((v) => v.alias === name);
      return {
        name,
        vni,
        cidr,
        gateway,
        gateways: routers.flatMap((r) =>
          r.gateways.filter((g) => g.tenant === name).map((plan) => ({ router: r.name, plan })),
        ),
        ...(vnet ? { vnet } : {}),
      };
    }),
    ...(sdn ? { sdn } : {}),
    nics: planNics(config),
    ...(storage ? { storage } : {}),
    vms: config.vms.map((vm) => planVm(config, vm)),
    ...(proxmoxApi ? { proxmoxApi } : {}),
    ...(zerotier ? { zerotier } : {}),
    ...(monitoring ? { monitoring } : {}),
  };
}
