import { z } from "zod";
import { stackConfigSchema } from "../../config/schema";
import { type ConfigSource, stackKeys } from "../shared/stack-config";
import { type CentralEndpoint, ZEROTIER_CENTRAL_URL } from "./client";

/** What the provider process needs of the stack config to reach ZeroTier Central and to guard the network. */
const zerotierAccess = z.object({
  zerotier: stackConfigSchema.shape.zerotier,
  environment: stackConfigSchema.shape.environment.optional(),
  protect: stackConfigSchema.shape.protect,
});

export interface ZeroTierSettings {
  /** Throws, naming the missing key, when the stack gives no token. */
  endpoint(): CentralEndpoint;
  /** The network is never deleted or replaced: `budgetcloud:protect`, true by default in prod. */
  protect: boolean;
}

/**
 * Central's address and the protection of the network, from the stack config handed to the provider
 * process. The token is read there, at run time, so it never sits in a resource's state.
 */
export function settingsFromConfig(get: ConfigSource): ZeroTierSettings {
  const access = zerotierAccess.parse(stackKeys(get, ["zerotier", "environment", "protect"]));
  const token = get("budgetcloud:zerotierToken");
  return {
    endpoint() {
      if (token === undefined) {
        throw new Error(
          "budgetcloud:zerotierToken is not set; set it with pulumi config set --secret budgetcloud:zerotierToken",
        );
      }
      return { url: access.zerotier?.endpoint ?? ZEROTIER_CENTRAL_URL, token };
    },
    protect: access.protect ?? access.environment === "prod",
  };
}
