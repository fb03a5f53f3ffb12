import { z } from "zod";
import { stackConfigSchema } from "../../config/schema";
import { type ConfigSource, stackKeys } from "../shared/stack-config";
import type { ProxmoxEndpoint } from "./client";

/** What the provider process needs of the stack config to reach Proxmox VE and to guard storage. */
const proxmoxAccess = z.object({
  proxmox: stackConfigSchema.shape.proxmox,
  environment: stackConfigSchema.shape.environment.optional(),
  protect: stackConfigSchema.shape.protect,
});

export interface ProxmoxSettings {
  /** Throws, naming the missing key, when the stack gives no endpoint or no token secret. */
  endpoint(): ProxmoxEndpoint;
  /** Storage is never deleted or replaced: `budgetcloud:protect`, true by default in prod. */
  protect: boolean;
}

/** A request's time limit, and a task's: a full clone of a large template takes minutes. */
const timeoutSeconds = 30;
const taskTimeoutSeconds = 1800;

/**
 * The endpoint and the protection of storage, from the stack config handed to the provider process.
 * The token secret is read there, at run time, so it never sits in a resource's state, and a changed
 * `protect` applies to the next run without touching any resource's inputs.
 */
export function settingsFromConfig(get: ConfigSource): ProxmoxSettings {
  const access = proxmoxAccess.parse(stackKeys(get, ["proxmox", "environment", "protect"]));
  const tokenSecret = get("budgetcloud:proxmoxTokenSecret");
  return {
    endpoint() {
      if (!access.proxmox) throw new Error("budgetcloud:proxmox is not set: no Proxmox VE endpoint to reach");
      if (tokenSecret === undefined) {
        throw new Error(
          "budgetcloud:proxmoxTokenSecret is not set; set it with pulumi config set --secret budgetcloud:proxmoxTokenSecret",
        );
      }
      const { endpoint: url, tokenId, tls } = access.proxmox;
      return { url, tokenId, tokenSecret, tls, timeoutSeconds, taskTimeoutSeconds };
    },
    protect: access.protect ?? access.environment === "prod",
  };
}
