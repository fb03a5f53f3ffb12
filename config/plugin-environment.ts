import type { StackConfig } from "./schema";

/** The variable the proxmoxve plugin reads its API token from when its configuration has none. */
export const PLUGIN_TOKEN_VARIABLE = "PROXMOX_VE_API_TOKEN";

/**
 * The proxmoxve plugin takes its API token from the run's environment, never from its
 * configuration: that would keep the token in the state, which every preview job decrypts, and
 * an up's write token there would reach them all. A run of a stack with VMs needs it set, as the
 * make targets set it (tools/plugin-env).
 */
export function pluginEnvironmentProblems(config: StackConfig, env: NodeJS.ProcessEnv): string[] {
  if (!config.proxmox || config.vms.length === 0 || env[PLUGIN_TOKEN_VARIABLE]) return [];
  return [
    `${PLUGIN_TOKEN_VARIABLE} is not set: the proxmoxve plugin takes the API token of budgetcloud:proxmox.tokenId from the run's environment; run through make (make up, make lab, make preview-comment), or set it first: eval "$(node -r sucrase/register/ts tools/plugin-env/main.ts --stack <stack>)"`,
  ];
}
