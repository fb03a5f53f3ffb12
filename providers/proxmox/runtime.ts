import { engineOperations, type Operations } from "../shared/runtime-provider";
import type { ConfigSource } from "../shared/stack-config";
import { ApplyEngine, type ApplyProps } from "./apply-engine";
import { clientFor } from "./client";
import type { ProxmoxContext } from "./context";
import { ObjectEngine } from "./object-engine";
import { haNodeAffinityRule, haResource, objects, sdnApplyRequest, sdnApplyType } from "./objects";
import { ReadCache } from "./read-cache";
import { RetiredVmEngine, retiredVmType, takingOver } from "./retired-vm";
import { type ProxmoxSettings, settingsFromConfig } from "./settings";

/**
 * The provider process's side of every Proxmox VE resource: one client and one read cache, shared
 * by all resources of the run because this module is loaded once per process.
 */
let settings: ProxmoxSettings | undefined;

const configured = () => {
  if (!settings) throw new Error("the Proxmox VE provider was not configured with the stack config");
  return settings;
};

const environment: ProxmoxContext = {
  client: () => clientFor(configured().endpoint()),
  cache: new ReadCache(),
  protect: () => configured().protect,
  staged: new Set(),
};

export function configure(get: ConfigSource): void {
  settings = settingsFromConfig(get);
}

/** Pulumi's dynamic-provider operations for one resource type. */
export function operations(type: string): Operations {
  if (type === retiredVmType) {
    const engine = new RetiredVmEngine(environment);
    return {
      diff: async () => engine.diff(),
      create: async (inputs) => engine.create(inputs),
      read: (id, props) => engine.read(id, props ?? {}),
      update: async (id, olds, news) => engine.update(id, olds, news),
      delete: (id) => engine.delete(id),
    };
  }
  if (type === sdnApplyType) {
    const engine = new ApplyEngine(sdnApplyRequest, environment);
    return {
      diff: async (_id, olds, news) => engine.diff(olds as ApplyProps, news as ApplyProps),
      create: (inputs) => engine.create(inputs as ApplyProps),
      read: (id, props) => engine.read(id, props as ApplyProps),
      update: (_id, _olds, news) => engine.update(news as ApplyProps),
      delete: () => engine.delete(),
    };
  }
  const object = objects[type];
  if (!object) throw new Error(`no Proxmox VE object is declared for ${type}`);
  const engine = new ObjectEngine(object, environment);
  return {
    ...engineOperations(engine),
    delete: async (id, props) => {
      if (retiredObjectTypes.includes(object.type) && takingOver()) return;
      await engine.delete(id, props);
    },
  };
}

/** The HA objects of stacks from before proxmoxve's Haresource and Harule took their place. */
const retiredObjectTypes = [haResource.type, haNodeAffinityRule.type];
