import { engineOperations, type Operations } from "../shared/runtime-provider";
import type { ConfigSource } from "../shared/stack-config";
import { LibreNmsClient, type LibreNmsEndpoint } from "./client";
import { LibreNmsObjectEngine } from "./object-engine";
import { objects } from "./objects";
import { endpointFromConfig } from "./settings";

/** The provider process's side of every LibreNMS resource: loaded once per process. */
let endpoint: (() => LibreNmsEndpoint) | undefined;

const context = {
  client: () => {
    if (!endpoint) throw new Error("the LibreNMS provider was not configured with the stack config");
    return new LibreNmsClient(endpoint());
  },
};

export function configure(get: ConfigSource): void {
  endpoint = endpointFromConfig(get);
}

/** Pulumi's dynamic-provider operations for one resource type. */
export function operations(type: string): Operations {
  const object = objects[type];
  if (!object) throw new Error(`no LibreNMS object is declared for ${type}`);
  return engineOperations(new LibreNmsObjectEngine(object, context));
}
