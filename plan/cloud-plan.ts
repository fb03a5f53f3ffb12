import { ConfigError } from "../config/load";
import type { StackConfig } from "../config/schema";
import { crossCheck } from "./checks";
import { type ProxmoxApiPlan, planProxmoxApi, planSdn, planVm, type SdnPlan, type VmPlan } from "./proxmox-plan";
import { planRouter, type RouterPlan } from "./router-plan";

export interface CloudPlan {
  config: StackConfig;
  routers: RouterPlan[];
  sdn?: SdnPlan;
  vms: VmPlan[];
  proxmoxApi?: ProxmoxApiPlan;
  /** Storage is never deleted or replaced while this holds: prod unless the stack says otherwise. */
  protectStorage: boolean;
}

/** The whole cloud as data, or a ConfigError naming every key a cross-check refuses. */
export function planCloud(config: StackConfig): CloudPlan {
  const problems = crossCheck(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    config,
    routers: config.routers.map((router) => planRouter(config, router)),
    sdn: planSdn(config),
    vms: config.vms.map((vm) => planVm(config, vm)),
    proxmoxApi: planProxmoxApi(config),
    protectStorage: config.protect ?? config.environment === "prod",
  };
}
