import { ConfigError } from "../config/load";
import type { StackConfig } from "../config/schema";
import { crossCheck } from "./checks";
import { planRouter, type RouterPlan } from "./router-plan";

export interface CloudPlan {
  config: StackConfig;
  routers: RouterPlan[];
}

/** The whole cloud as data, or a ConfigError naming every key a cross-check refuses. */
export function planCloud(config: StackConfig): CloudPlan {
  const problems = crossCheck(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return { config, routers: config.routers.map((router) => planRouter(config, router)) };
}
