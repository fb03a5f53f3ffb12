import { RunReads } from "../shared/run-reads";
import { engineOperations, type Operations } from "../shared/runtime-provider";
import type { ConfigSource } from "../shared/stack-config";
import { CentralClient } from "./client";
import { CentralObjectEngine, type ZeroTierContext } from "./object-engine";
import { objects } from "./objects";
import { settingsFromConfig, type ZeroTierSettings } from "./settings";

/** The provider process's side of every ZeroTier resource: loaded once per process. */
let settings: ZeroTierSettings | undefined;

const configured = () => {
  if (!settings) throw new Error("the ZeroTier provider was not configured with the stack config");
  return settings;
};

const context: ZeroTierContext = {
  client: () => new CentralClient(configured().endpoint()),
  reads: new RunReads(),
  protect: () => configured().protect,
};

export function configure(get: ConfigSource): void {
  settings = settingsFromConfig(get);
}

/** Pulumi's dynamic-provider operations for one resource type. */
export function operations(type: string): Operations {
  const object = objects[type];
  if (!object) throw new Error(`no ZeroTier Central object is declared for ${type}`);
  return engineOperations(new CentralObjectEngine(object, context));
}
