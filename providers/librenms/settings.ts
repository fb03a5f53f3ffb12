import { z } from "zod";
import { stackConfigSchema } from "../../config/schema";
import { type ConfigSource, stackKeys } from "../shared/stack-config";
import type { LibreNmsEndpoint } from "./client";

const monitoringAccess = z.object({ monitoring: stackConfigSchema.shape.monitoring });

/**
 * LibreNMS's address and token, from the stack config handed to the provider process: read there,
 * at run time, so the token never sits in a resource's state. Throws, naming the key, when the
 * stack gives neither.
 */
export function endpointFromConfig(get: ConfigSource): () => LibreNmsEndpoint {
  const { monitoring } = monitoringAccess.parse(stackKeys(get, ["monitoring"]));
  const token = get("budgetcloud:librenmsToken");
  return () => {
    if (!monitoring) throw new Error("budgetcloud:monitoring is not set: no LibreNMS to register devices in");
    if (token === undefined) {
      throw new Error(
        "budgetcloud:librenmsToken is not set; set it with pulumi config set --secret budgetcloud:librenmsToken",
      );
    }
    return { url: monitoring.endpoint, token, tls: monitoring.tls };
  };
}
